import ArgumentParser
import Store

struct Entities: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Rank the most mentioned entities across the store.",
        discussion: """
            Counts, for each canonical entity, the articles that name it and its mentions in \
            them, over the records with status ok; ranked by mentions, then articles. Entities \
            that only appear in site chrome (boilerplate) are left out, and so are dates, times \
            and numbers unless --type asks for them or --all-types is given.

            Examples:
              wirewatch entities
              wirewatch entities --type PERSON --top 5
              wirewatch entities --top 0 | sort -t$'\\t' -k2 -n   # all of them
              wirewatch entities --type PERSON --top 0 --format csv > people.csv
            """)

    @OptionGroup var store: StoreOptions

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var index: IndexOptions

    @Option(help: ArgumentHelp("Only entities of this type.", valueName: "TYPE"), completion: .list(entityTypes))
    var type: String?

    @Option(help: "How many to show (0: all).")
    var top = 20

    @Flag(help: "Include dates, times, money, quantities and numbers.")
    var allTypes = false

    @Option(help: OutputFormat.help)
    var format: OutputFormat?

    func run() throws {
        let type = try self.type.map(entityType)
        var tally = Tally()
        if let address = try database.address(store) {
            // The same count, summed by the database; read from the records shipped into it, in
            // the order shipped, only when it cannot key a name as this count does.
            if let summed = try DatabaseTally.entities(
                address, origin: database.origin, type: type, allTypes: allTypes, top: top)
            {
                tally = summed
            } else {
                try DatabaseScan(address, origin: database.origin).forEach(names: nil, status: .ok) { _, record in
                    tally.add(record.entities.filter { rankable($0, type: type, allTypes: allTypes) })
                }
            }
            let ranked = tally.ranked(top: top)
            Tally.write(ranked, firstColumn: "articles", format: format, to: Output.standard)
            try found(!ranked.isEmpty)
            return
        }
        // The index holds each (type, name)'s counts for the lines it covers; the rest are scanned.
        let snapshot = index.snapshot(for: store.resolved.path)
        snapshot?.forEachTally { entityType, lowered, display, articles, mentions in
            let kept = type.map { $0 == entityType } ?? (allTypes || !quantityTypes.contains(entityType))
            if kept {
                tally.add(type: entityType, lowered: lowered, display: display, articles: articles, mentions: mentions)
            }
        }
        let reader = try store.open(
            offset: snapshot?.coveredEnd ?? 0, firstLineNumber: (snapshot?.coveredLines ?? 0) + 1)
        var scan = StoreScan(reader: reader)
        // Lines the index could not decode are reported as the scan reports them.
        if let snapshot, let lines = StoreLines(path: store.resolved.path) {
            defer { lines.close() }
            for bad in snapshot.corruptLines {
                guard let line = lines.line(IndexedRecord(offset: bad.offset, length: bad.length, status: nil)) else {
                    continue
                }
                scan.visit(line, number: bad.line, prefilter: nil) { _, _, record in _ = record() }
            }
        }
        try scan.forEach(prefilter: nil) { _, _, _, record in
            guard let record = record(), record.status == .ok else { return true }
            tally.add(record.entities.filter { rankable($0, type: type, allTypes: allTypes) })
            return true
        }
        let ranked = tally.ranked(top: top)
        Tally.write(ranked, firstColumn: "articles", format: format, to: Output.standard)
        try found(!ranked.isEmpty)
    }
}

/// Article and mention counts per (type, canonical name).
struct Tally {
    struct Key: Hashable {
        var type: String
        var name: String
    }

    struct Count {
        var articles = 0
        var mentions = 0
        var name: String
        var type: String
    }

    private var counts: [Key: Count] = [:]

    /// Counts one article's entities (each entity once per article for the article count).
    mutating func add(_ entities: [Record.Entity]) {
        var seen = Set<Key>()
        for entity in entities {
            let key = Key(type: entity.type, name: entity.canonical.lowercased())
            counts[key, default: Count(name: entity.canonical, type: entity.type)].mentions += entity.mentions.count
            if seen.insert(key).inserted { counts[key]!.articles += 1 }
        }
    }

    /// Adds counts already summed over articles (the entity index's).
    mutating func add(type: String, lowered: String, display: String, articles: Int, mentions: Int) {
        let key = Key(type: type, name: lowered)
        counts[key, default: Count(name: display, type: type)].articles += articles
        counts[key]!.mentions += mentions
    }

    func ranked(top: Int) -> [Count] {
        let sorted = counts.values.sorted {
            ($0.mentions, $0.articles) != ($1.mentions, $1.articles)
                ? ($0.mentions, $0.articles) > ($1.mentions, $1.articles)
                : ($0.name, $0.type) < ($1.name, $1.type)
        }
        return top > 0 ? Array(sorted.prefix(top)) : sorted
    }

    /// The ranking as rows: the article count (`firstColumn`), mentions, type and name.
    static func write(_ counts: [Count], firstColumn: String, format: OutputFormat?, to out: Output) {
        let format = OutputFormat.resolve(format, for: out)
        let sheet = Sheet(
            columns: [
                Column(name: firstColumn, numeric: true), Column(name: "mentions", numeric: true),
                Column(name: "type"), Column(name: "entity", flexible: true),
            ], format: format, output: out)
        for c in counts { sheet.row([.number(c.articles), .number(c.mentions), .text(c.type), .text(c.name)]) }
        sheet.finish()
    }
}
