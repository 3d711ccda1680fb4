import ArgumentParser
import Store

struct Related: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "related",
        abstract: "Rank the entities that share articles with NAME.",
        discussion: """
            Finds the articles that name NAME (a word or run of words of an entity's text or \
            canonical name, or any alias the extractor knows, ignoring case; with --exact whole \
            names only) and ranks the other entities in them by the number \
            of those articles they appear in, then by their mentions there. Boilerplate \
            entities are left out, and so are dates, times and numbers unless --type asks for \
            them or --all-types is given. Exit status 1 when no article names NAME.

            Examples:
              wirewatch related OIC
              wirewatch related Pashinyan --format csv
              wirewatch related "Mumtaz Zahra Baloch" --type GPE --top 3
            """)

    @OptionGroup var store: StoreOptions

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var index: IndexOptions

    @Argument(help: ArgumentHelp("The entity whose company to rank.", valueName: "NAME"))
    var name: String

    @Option(
        help: ArgumentHelp("Only related entities of this type.", valueName: "TYPE"), completion: .list(entityTypes))
    var type: String?

    @Option(help: "How many to show (0: all).")
    var top = 10

    @Flag(help: "Include dates, times, money, quantities and numbers.")
    var allTypes = false

    @Flag(help: "Match NAME against whole names only (text, canonical name, aliases).")
    var exact = false

    @Option(help: OutputFormat.help)
    var format: OutputFormat?

    func run() throws {
        let type = try self.type.map(entityType)
        let names = nameQuery(name, exact: exact)
        var tally = Tally()
        var articles = 0
        func add(_ record: Record) {
            guard record.status == .ok, record.entities.contains(where: names.matches) else { return }
            articles += 1
            let own = Set(record.entities.filter(names.matches).map { $0.canonical.lowercased() })
            tally.add(
                record.entities.filter {
                    rankable($0, type: type, allTypes: allTypes) && !names.matches($0)
                        && !own.contains($0.canonical.lowercased())
                })
        }
        if let address = try database.address(store) {
            // The same ranking over the records shipped into PostgreSQL.
            try DatabaseScan(address, origin: database.origin).forEach(names: names, status: .ok) { _, record in
                add(record)
            }
            if articles == 0 {
                Diagnostics.warn("no article names \(name)")
                try found(false)
            }
            Tally.write(tally.ranked(top: top), firstColumn: "shared", format: format, to: Output.standard)
            try found(true)
            return
        }
        // The index finds the articles among the lines it covers; the rest are scanned.
        let snapshot = index.snapshot(for: store.resolved.path)
        let reader = try store.open(
            offset: snapshot?.coveredEnd ?? 0, firstLineNumber: (snapshot?.coveredLines ?? 0) + 1)
        let prefilter = names.prefilter()
        var scan = StoreScan(reader: reader)
        if let snapshot, let lines = StoreLines(path: store.resolved.path) {
            defer { lines.close() }
            for hit in snapshot.records(matching: names, type: nil) where hit.status == .ok {
                if let line = lines.line(hit), let record = try? scan.decoder.decode(line) { add(record) }
            }
            // Lines the index could not decode are reported as the scan reports them.
            for bad in snapshot.corruptLines {
                guard let line = lines.line(IndexedRecord(offset: bad.offset, length: bad.length, status: nil)) else {
                    continue
                }
                scan.visit(line, number: bad.line, prefilter: prefilter) { _, _, record in _ = record() }
            }
        }
        try scan.forEach(prefilter: prefilter) { _, _, _, record in
            if let record = record() { add(record) }
            return true
        }
        if articles == 0 {
            Diagnostics.warn("no article names \(name)")
            try found(false)
        }
        Tally.write(tally.ranked(top: top), firstColumn: "shared", format: format, to: Output.standard)
        try found(true)
    }
}
