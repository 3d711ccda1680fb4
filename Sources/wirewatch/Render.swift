import Store

/// Text layout helpers for tables and readable records.
enum Render {
    /// `text` cut to `width` characters (ending in "…" when cut), padded to `width` when `pad`.
    static func fit(_ text: String, _ width: Int, pad: Bool = true) -> String {
        guard width > 0 else { return "" }
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // ASCII: one byte, one column.
            let count = text.utf8.count
            if count > width { return String(decoding: text.utf8.prefix(width - 1), as: UTF8.self) + "…" }
            return pad ? text + String(repeating: " ", count: width - count) : text
        }
        let flat = field(text)
        let count = flat.count
        if count > width { return String(flat.prefix(width - 1)) + "…" }
        return pad ? flat + String(repeating: " ", count: width - count) : flat
    }

    /// A field for tab-separated output: tabs and newlines become spaces.
    static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return text.replacing("\t", with: " ").replacing("\n", with: " ").replacing("\r", with: " ")
    }

    /// The article's leading named entities: by mentions, boilerplate and quantities left out.
    static func leadingEntities(_ record: Record, count: Int = 3) -> [String] {
        let named = record.entities.filter { !$0.boilerplate && !quantityTypes.contains($0.type) }
        var seen = Set<String>()
        var result: [String] = []
        for entity in named.enumerated().sorted(by: {
            $0.element.mentions.count != $1.element.mentions.count
                ? $0.element.mentions.count > $1.element.mentions.count : $0.offset < $1.offset
        }).map(\.element) where seen.insert(entity.canonical).inserted {
            result.append(entity.canonical)
            if result.count == count { break }
        }
        return result
    }

    /// What the title column shows: the title, or why there is none.
    static func headline(_ record: Record) -> String {
        switch record.status {
        case .ok: return record.title ?? "(no title)"
        case .rejected: return "[rejected] " + (record.error ?? "")
        case .duplicate: return "[duplicate of \(record.duplicateOf.map { String($0.prefix(12)) } ?? "?")]"
        }
    }

    /// `2026-11-23T04:10:00.123Z` as `2026-11-23 04:10:00`.
    static func time(_ stamp: String) -> String {
        String(stamp.prefix(19)).replacing("T", with: " ")
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(count) bytes" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit]) (\(count) bytes)"
    }
}

/// One row per record: a fixed-width table on a terminal, tab-separated fields otherwise.
/// Widths are fixed up front so rows stream out as they are found.
struct RecordRows {
    let output: Output
    let withIngested: Bool
    private let table: Bool
    private let widths: (ingested: Int, path: Int, published: Int, title: Int, entities: Int)

    init(output: Output, withIngested: Bool = false) {
        self.output = output
        self.withIngested = withIngested
        self.table = output.isTerminal
        let total = max(output.columns, 60)
        let ingested = withIngested ? 19 : 0
        let fixed = ingested + 10 + (withIngested ? 4 * 2 : 3 * 2)
        let rest = total - fixed
        let path = max(12, min(32, rest / 4))
        let title = max(16, (rest - path) * 3 / 5)
        let entities = max(10, rest - path - title)
        widths = (ingested, path, 10, title, entities)
    }

    func header() {
        guard table else { return }
        var cells: [String] = []
        if withIngested { cells.append(Render.fit("INGESTED", widths.ingested)) }
        cells += [
            Render.fit("PATH", widths.path), Render.fit("PUBLISHED", widths.published),
            Render.fit("TITLE", widths.title), "ENTITIES",
        ]
        output.line(cells.joined(separator: "  "))
    }

    func row(_ record: Record) {
        let entities = Render.leadingEntities(record).joined(separator: ", ")
        if table {
            var cells: [String] = []
            if withIngested { cells.append(Render.fit(Render.time(record.ingestedAt), widths.ingested)) }
            cells += [
                Render.fit(record.path.description, widths.path),
                Render.fit(record.published ?? "-", widths.published),
                Render.fit(Render.headline(record), widths.title),
                Render.fit(entities, widths.entities, pad: false),
            ]
            output.line(cells.joined(separator: "  "))
        } else {
            var cells: [String] = []
            if withIngested { cells.append(record.ingestedAt) }
            cells += [
                Render.field(record.path.description), record.published ?? "", Render.field(Render.headline(record)),
                Render.field(entities),
            ]
            output.line(cells.joined(separator: "\t"))
        }
    }
}
