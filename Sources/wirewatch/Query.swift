import ArgumentParser
import Store

#if canImport(Glibc)
    import Glibc
#endif

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "List the records that match every filter given.",
        discussion: """
            Filters combine (all must hold). --entity matches a whole word or run of words of an \
            entity's text or canonical name, ignoring case: --entity Pashinyan finds Nikol \
            Pashinyan, --entity aliyev every Aliyev, but --entity Ali does not find Aliyev. Names \
            the extractor knows for the same thing count too: --entity OIC also finds articles \
            that only say "Organization of Islamic Cooperation". --exact matches whole names only. \
            With --type too, that entity must be of that type. --since and --until compare the \
            article's published date when known, else when it was ingested; they take 2023, \
            2023-09, 2023-09-11 or a full timestamp, and both ends are inclusive. --path takes a \
            shell glob over the path relative to the inbox (* also matches /).

            Output (--format): a table on a terminal (path, published, title, leading entities), \
            the same fields tab-separated when piped (tsv), CSV with a header for a spreadsheet \
            (path, published, title, source, authors, entities, ingested_at, status, error), or the \
            records' exact bytes as JSON lines (json, also --json); --count prints a number.

            Examples:
              wirewatch query --entity OIC
              wirewatch query --entity Pashinyan --format csv > pashinyan.csv
              wirewatch query --entity "Mumtaz Zahra Baloch" --json | jq -r .path
              wirewatch query --type PERSON --since 2023-01-01 --until 2023-12-31
              wirewatch query --status rejected --count
              wirewatch query --path 'reuters/*.txt' --entity Azerbaijan
              wirewatch query --db postgresql://wirewatch@db.example.org/wirewatch --entity OIC
            """)

    @OptionGroup var store: StoreOptions

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var index: IndexOptions

    @Option(
        help: ArgumentHelp(
            "Articles naming this entity: a word or run of words of its name, or an alias.", valueName: "NAME"))
    var entity: String?

    @Flag(help: "Match --entity against whole names only (text, canonical name, aliases).")
    var exact = false

    @Option(
        help: ArgumentHelp("Articles with an entity of this type (PERSON, ORG, GPE, ...).", valueName: "TYPE"),
        completion: .list(entityTypes))
    var type: String?

    @Option(help: ArgumentHelp("Published (else ingested) on or after DATE.", valueName: "DATE"))
    var since: String?

    @Option(help: ArgumentHelp("Published (else ingested) on or before DATE.", valueName: "DATE"))
    var until: String?

    @Option(help: ArgumentHelp("Paths (relative to the inbox) matching this glob.", valueName: "GLOB"))
    var path: String?

    @Option(help: ArgumentHelp("Records with this status.", valueName: "ok|rejected|duplicate"))
    var status: Record.Status?

    @Option(help: OutputFormat.help)
    var format: OutputFormat?

    @Flag(help: "Print the matching records as they are in the store (JSON lines); the same as --format json.")
    var json = false

    @Flag(help: "Print only the number of matching records.")
    var count = false

    func validate() throws {
        if json && count { throw ValidationError("--json and --count cannot be used together") }
        if format != nil && count { throw ValidationError("--format and --count cannot be used together") }
        if json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) cannot be used together")
        }
        if exact && entity == nil { throw ValidationError("--exact needs --entity NAME") }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, !DateBound.isValid(value) {
                throw ValidationError(
                    "\(flag) \(value): use a date like 2023, 2023-09, 2023-09-11 or 2023-09-11T08:00:00Z")
            }
        }
    }

    func run() throws {
        let names = entity.map { nameQuery($0, exact: exact) }
        let filter = RecordFilter(
            names: names, type: try type.map(entityType), since: since, until: until, glob: path, status: status)
        let address = try database.address(store)
        // With --entity, the index answers for the lines it covers; the rest are scanned.
        let snapshot = names != nil && address == nil ? index.snapshot(for: store.resolved.path) : nil
        let prefilter = names?.prefilter()
        let out = Output.standard
        let format = json ? .json : OutputFormat.resolve(self.format, for: out)
        let raw = count || format == .json
        // With --entity alone, a line the byte search is sure of matches without decoding.
        let rawIsEnough = prefilter != nil && filter.onlyNames && raw
        let sheet = raw ? nil : Sheet(columns: RecordSheet.columns(format), format: format, output: out)
        var matched = 0
        func consider(_ line: UnsafeBufferPointer<UInt8>, sure: Bool, _ record: () -> Record?) {
            // A line that is not even shaped like an object is decoded, so it is reported.
            if !(rawIsEnough && sure) || line.first != UInt8(ascii: "{") || line.last != UInt8(ascii: "}") {
                guard let record = record(), filter.matches(record) else { return }
                sheet?.row(RecordSheet.cells(record, format))
            }
            matched += 1
            if raw && !count {
                out.write(line)
                out.byte(0x0A)
            }
        }
        if let address {
            // The same filters and output over the records shipped into PostgreSQL.
            try DatabaseScan(address, origin: database.origin).forEach(names: names, status: status) { line, record in
                consider(line, sure: false) { record }
            }
            sheet?.finish()
            if count { out.line(String(matched)) }
            try found(matched > 0)
            return
        }
        let reader = try store.open(
            offset: snapshot?.coveredEnd ?? 0, firstLineNumber: (snapshot?.coveredLines ?? 0) + 1)
        var scan = StoreScan(reader: reader)
        if let snapshot, let names, let prefilter, let lines = StoreLines(path: store.resolved.path) {
            defer { lines.close() }
            // The index's matches are exact for names, type and status; dates and paths need
            // the record. The lines it could not decode go through the scan's steps, in order.
            let needsRecord = !raw || since != nil || until != nil || path != nil
            var corrupt = snapshot.corruptLines[...]
            func flushCorrupt(before offset: Int64) {
                while let bad = corrupt.first, bad.offset < offset {
                    corrupt.removeFirst()
                    guard let line = lines.line(IndexedRecord(offset: bad.offset, length: bad.length, status: nil))
                    else { continue }
                    scan.visit(line, number: bad.line, prefilter: prefilter) { line, sure, record in
                        consider(line, sure: sure, record)
                    }
                }
            }
            // A count of names alone needs no record entry: the index's matches are counted.
            let countOnly = count && !needsRecord && filter.status == nil
            if countOnly { matched += snapshot.countRecords(matching: names, type: filter.type) }
            for hit in countOnly ? [] : snapshot.records(matching: names, type: filter.type) {
                flushCorrupt(before: hit.offset)
                if let status = filter.status, hit.status != status { continue }
                var line: [UInt8]?
                if needsRecord || !count {
                    guard let bytes = lines.line(hit) else { continue }
                    line = bytes
                }
                if needsRecord {
                    guard let record = try? scan.decoder.decode(line!), filter.matches(record) else { continue }
                    sheet?.row(RecordSheet.cells(record, format))
                }
                matched += 1
                if raw && !count, let line {
                    out.write(line)
                    out.byte(0x0A)
                }
            }
            flushCorrupt(before: .max)
        }
        try scan.forEach(prefilter: prefilter) { _, line, sure, record in
            consider(line, sure: sure, record)
            return true
        }
        sheet?.finish()
        if count { out.line(String(matched)) }
        try found(matched > 0)
    }
}

/// The columns `query` shows for a record.
enum RecordSheet {
    /// A table and tab-separated rows keep today's four fields; CSV has all a spreadsheet needs.
    static func columns(_ format: OutputFormat) -> [Column] {
        switch format {
        case .table, .tsv:
            return [
                Column(name: "path", flexible: true), Column(name: "published"), Column(name: "title", flexible: true),
                Column(name: "entities", flexible: true),
            ]
        case .csv, .json:
            return [
                Column(name: "path"), Column(name: "published"), Column(name: "title"), Column(name: "source"),
                Column(name: "authors"), Column(name: "entities"), Column(name: "ingested_at"), Column(name: "status"),
                Column(name: "error"),
            ]
        }
    }

    static func cells(_ record: Record, _ format: OutputFormat) -> [Cell] {
        switch format {
        case .table, .tsv:
            return [
                .text(record.path.description), .text(record.published ?? (format == .table ? "-" : "")),
                .text(Render.headline(record)), .text(Render.leadingEntities(record).joined(separator: ", ")),
            ]
        case .csv, .json:
            return [
                .text(record.path.description), record.published.map(Cell.text) ?? .none,
                record.title.map(Cell.text) ?? .none, record.source.map(Cell.text) ?? .none, .list(record.authors),
                .list(Render.leadingEntities(record, count: .max)), .text(record.ingestedAt),
                .text(record.status.rawValue), record.error.map(Cell.text) ?? .none,
            ]
        }
    }
}

extension Record.Status: ExpressibleByArgument {}

/// The filters of `query`, on decoded records.
struct RecordFilter {
    var names: NameQuery?
    var type: String?
    var since: String?
    var until: String?
    var glob: String?
    var status: Record.Status?

    var onlyNames: Bool { type == nil && since == nil && until == nil && glob == nil && status == nil }

    func matches(_ record: Record) -> Bool {
        if let status, record.status != status { return false }
        if names != nil || type != nil {
            guard
                record.entities.contains(where: { entity in
                    (type == nil || entity.type == type) && (names?.matches(entity) ?? true)
                })
            else { return false }
        }
        if since != nil || until != nil {
            let date = record.published ?? record.ingestedAt
            if let since, !DateBound.compare(date, since, atLeast: true) { return false }
            if let until, !DateBound.compare(date, until, atLeast: false) { return false }
        }
        if let glob {
            let matched = glob.withCString { pattern in
                (record.path.bytes + [0]).withUnsafeBufferPointer { path in
                    path.withMemoryRebound(to: CChar.self) { fnmatch(pattern, $0.baseAddress!, 0) == 0 }
                }
            }
            if !matched { return false }
        }
        return true
    }
}

/// Dates as the store writes them (`2023-09-11`, `2026-11-23T04:10:00.123Z`), compared as
/// text over the precision both sides have.
enum DateBound {
    static func isValid(_ value: String) -> Bool {
        let b = Array(value.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= b.count && b[range].allSatisfy { $0 >= 48 && $0 <= 57 }
        }
        guard digits(0..<4) else { return false }
        if b.count == 4 { return true }
        guard b.count >= 7, b[4] == UInt8(ascii: "-"), digits(5..<7) else { return false }
        if b.count == 7 { return true }
        guard b.count >= 10, b[7] == UInt8(ascii: "-"), digits(8..<10) else { return false }
        if b.count == 10 { return true }
        return b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ")
    }

    /// Whether `date` is at or after `bound` (`atLeast`) or at or before it.
    static func compare(_ date: String, _ bound: String, atLeast: Bool) -> Bool {
        let d = Array(date.utf8)
        let b = Array(bound.utf8.map { $0 == UInt8(ascii: " ") ? UInt8(ascii: "T") : $0 })
        let n = min(d.count, b.count)
        let lhs = d[0..<n]
        let rhs = b[0..<n]
        if lhs == rhs { return true }
        return atLeast ? rhs.lexicographicallyPrecedes(lhs) : lhs.lexicographicallyPrecedes(rhs)
    }
}
