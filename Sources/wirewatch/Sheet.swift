import ArgumentParser
import Store

/// How a command writes its answer (`--format`).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns with a header (the default on a terminal).
    case table
    /// Tab-separated fields, no header, no padding (the default when piped).
    case tsv
    /// RFC 4180 CSV with a header row.
    case csv
    /// One JSON object per line.
    case json

    /// The format asked for, else the default for where the output goes.
    static func resolve(_ format: OutputFormat?, for output: Output) -> OutputFormat {
        format ?? (output.isTerminal ? .table : .tsv)
    }

    static let help = ArgumentHelp(
        "table (aligned, the default on a terminal), tsv (the default when piped), csv or json (JSON lines).",
        valueName: "table|tsv|csv|json")
}

/// One column of a `Sheet`.
struct Column {
    /// The CSV header and JSON key (lowercase, `_` between words); upper-cased in a table.
    var name: String
    /// Right-aligned in a table.
    var numeric = false
    /// May be cut (ending in "…") to fit a table in the terminal's width.
    var flexible = false
}

/// One value of a row.
enum Cell {
    case text(String)
    case number(Int)
    /// Several values: a JSON array, joined with "; " in the other formats.
    case list([String])
    /// Unknown: empty in a table or CSV, left out of a JSON object.
    case none

    var flat: String {
        switch self {
        case .text(let text): return text
        case .number(let n): return String(n)
        case .list(let items): return items.joined(separator: "; ")
        case .none: return ""
        }
    }
}

/// Writes rows in any `OutputFormat`: the one renderer of `query`, `entities`, `related` and
/// `timeline`, whatever the rows come from.
///
/// A table takes its column widths from the header and the first `lookahead` rows (so a long
/// answer streams out in constant memory after them), and on a terminal cuts the flexible
/// columns to fit its width; later rows are cut to those widths.
final class Sheet {
    let columns: [Column]
    let format: OutputFormat
    let output: Output
    private let lookahead: Int
    private var pending: [[String]] = []
    private var widths: [Int]?
    private var started = false

    init(columns: [Column], format: OutputFormat, output: Output, lookahead: Int = 1000) {
        self.columns = columns
        self.format = format
        self.output = output
        self.lookahead = lookahead
    }

    func row(_ cells: [Cell]) {
        precondition(cells.count == columns.count)
        switch format {
        case .table:
            let texts = cells.map { Render.field($0.flat) }
            if widths == nil {
                pending.append(texts)
                if pending.count >= lookahead { flushPending() }
            } else {
                tableLine(texts)
            }
        case .tsv:
            output.line(cells.map { Render.field($0.flat) }.joined(separator: "\t"))
        case .csv:
            if !started {
                started = true
                csvLine(columns.map(\.name))
            }
            csvLine(cells.map(\.flat))
        case .json:
            jsonLine(cells)
        }
    }

    /// Writes what is still held back (a table's rows; a CSV's header when there were no rows).
    /// A table with no rows prints nothing.
    func finish() {
        switch format {
        case .table: if widths == nil && !pending.isEmpty { flushPending() }
        case .csv:
            if !started {
                started = true
                csvLine(columns.map(\.name))
            }
        case .tsv, .json: break
        }
    }

    // MARK: table

    private func flushPending() {
        var widths = columns.map { $0.name.count }
        for row in pending {
            for (k, text) in row.enumerated() { widths[k] = max(widths[k], text.count) }
        }
        if output.isTerminal {
            let available = output.columns - 2 * (columns.count - 1)
            var excess = widths.reduce(0, +) - available
            // Narrow the widest flexible column, one character at a time, down to 12 or its header.
            while excess > 0 {
                guard
                    let k = widths.indices.filter({
                        columns[$0].flexible && widths[$0] > max(12, columns[$0].name.count)
                    }).max(by: { widths[$0] < widths[$1] })
                else { break }
                widths[k] -= 1
                excess -= 1
            }
        }
        self.widths = widths
        tableLine(columns.map { $0.name.uppercased() })
        for row in pending { tableLine(row) }
        pending = []
    }

    private func tableLine(_ texts: [String]) {
        let widths = self.widths!
        var cells: [String] = []
        for (k, text) in texts.enumerated() {
            let last = k == texts.count - 1
            if columns[k].numeric {
                let fitted = Render.fit(text, widths[k], pad: false)
                cells.append(String(repeating: " ", count: max(0, widths[k] - fitted.count)) + fitted)
            } else {
                cells.append(Render.fit(text, widths[k], pad: !last))
            }
        }
        output.line(cells.joined(separator: "  "))
    }

    // MARK: CSV (RFC 4180)

    private func csvLine(_ fields: [String]) {
        output.write(fields.map(Self.csvField).joined(separator: ","))
        output.write("\r\n")
    }

    /// A field quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func csvField(_ text: String) -> String {
        guard
            text.utf8.contains(where: {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
            })
        else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    // MARK: JSON lines

    private func jsonLine(_ cells: [Cell]) {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        for (column, cell) in zip(columns, cells) {
            if case .none = cell { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            Self.appendString(column.name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            switch cell {
            case .text(let text): Self.appendString(text, to: &bytes)
            case .number(let n): bytes += Array(String(n).utf8)
            case .list(let items):
                bytes.append(UInt8(ascii: "["))
                for (k, item) in items.enumerated() {
                    if k > 0 { bytes.append(UInt8(ascii: ",")) }
                    Self.appendString(item, to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            case .none: break
            }
        }
        bytes.append(UInt8(ascii: "}"))
        output.write(bytes)
        output.byte(0x0A)
    }

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        bytes += JSONText.escaped(text)
        bytes.append(UInt8(ascii: "\""))
    }
}
