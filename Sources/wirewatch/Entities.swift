import ArgumentParser
import Store

struct Entities: ParsableCommand {
    static let configuration = CommandConfiguration(
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
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Only entities of this type.", valueName: "TYPE"), completion: .list(entityTypes))
    var type: String?

    @Option(help: "How many to show (0: all).")
    var top = 20

    @Flag(help: "Include dates, times, money, quantities and numbers.")
    var allTypes = false

    func run() throws {
        let type = try self.type.map(entityType)
        let reader = try store.open()
        var scan = StoreScan(reader: reader)
        var tally = Tally()
        try scan.forEach(prefilter: nil) { _, _, record in
            guard let record = record(), record.status == .ok else { return true }
            tally.add(record.entities.filter { rankable($0, type: type, allTypes: allTypes) })
            return true
        }
        let ranked = tally.ranked(top: top)
        Tally.print(ranked, firstColumn: "ARTICLES", to: Output.standard)
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

    func ranked(top: Int) -> [Count] {
        let sorted = counts.values.sorted {
            ($0.mentions, $0.articles) != ($1.mentions, $1.articles)
                ? ($0.mentions, $0.articles) > ($1.mentions, $1.articles)
                : ($0.name, $0.type) < ($1.name, $1.type)
        }
        return top > 0 ? Array(sorted.prefix(top)) : sorted
    }

    static func print(_ counts: [Count], firstColumn: String, to out: Output) {
        if out.isTerminal {
            guard !counts.isEmpty else { return }
            out.line("\(Render.fit(firstColumn, 9)) \(Render.fit("MENTIONS", 9)) \(Render.fit("TYPE", 11)) ENTITY")
            for c in counts {
                out.line(
                    "\(pad(c.articles, 8))  \(pad(c.mentions, 8))  \(Render.fit(c.type, 11)) \(c.name)")
            }
        } else {
            for c in counts { out.line("\(c.articles)\t\(c.mentions)\t\(c.type)\t\(Render.field(c.name))") }
        }
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
