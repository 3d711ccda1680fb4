import Store

/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format: fields separated by a tab, rows
/// ended by a newline, `\N` for NULL, and a backslash, tab, newline or carriage return inside
/// a field written as `\\`, `\t`, `\n`, `\r`.
struct CopyText {
    var bytes: [UInt8] = []

    init(reserving capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// A field's raw bytes, escaped. NUL bytes become U+FFFD (PostgreSQL's text refuses NUL).
    mutating func field(_ value: UnsafeBufferPointer<UInt8>) {
        guard let base = value.baseAddress else { return }
        var run = 0
        var i = 0
        let count = value.count
        while i < count {
            // Eight bytes at a time while none is a backslash or below 0x0E (tab, newline,
            // carriage return and NUL are; the rest of those need no care but are rare).
            if i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let slash = word ^ (ones &* 0x5C)
                let hasSlash = (slash &- ones) & ~slash & high
                let hasLow = (word &- ones &* 0x0E) & ~word & high
                if hasSlash | hasLow == 0 {
                    i += 8
                    continue
                }
            }
            let byte = base[i]
            guard byte == 0x5C || (byte < 0x0E && (byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0)) else {
                i += 1
                continue
            }
            if run < i { bytes.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i - run)) }
            switch byte {
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            default: bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
            i += 1
            run = i
        }
        if run < count { bytes.append(contentsOf: UnsafeBufferPointer(start: base + run, count: count - run)) }
    }

    mutating func field(_ value: [UInt8]) {
        value.withUnsafeBufferPointer { field($0) }
    }

    mutating func field(_ value: String) {
        var value = value
        value.withUTF8 { field($0) }
    }

    mutating func field(_ value: String?) {
        if let value { field(value) } else { null() }
    }

    mutating func field(_ value: Int) {
        var value = String(value)
        value.withUTF8 { field($0) }
    }

    mutating func field(_ value: Bool) { bytes.append(value ? 0x74 : 0x66) }

    mutating func null() { bytes.append(contentsOf: [0x5C, 0x4E]) }

    /// A `text[]` field: `{"a","b"}`, each element quoted (so `NULL` stays a word) and its `"`
    /// and `\` escaped for the array, then the whole escaped for COPY.
    mutating func array(_ values: [String]) {
        var literal: [UInt8] = [0x7B]
        for (k, value) in values.enumerated() {
            if k > 0 { literal.append(0x2C) }
            literal.append(0x22)
            var value = value
            value.withUTF8 { utf8 in
                if utf8.contains(where: { $0 == 0x22 || $0 == 0x5C }) {
                    for byte in utf8 {
                        if byte == 0x22 || byte == 0x5C { literal.append(0x5C) }
                        literal.append(byte)
                    }
                } else {
                    literal.append(contentsOf: utf8)
                }
            }
            literal.append(0x22)
        }
        literal.append(0x7D)
        field(literal)
    }

    mutating func tab() { bytes.append(0x09) }
    mutating func end() { bytes.append(0x0A) }
}

/// One store record as the rows `COPY` puts into `wirewatch.article_rows` and `wirewatch.entities`.
enum ShipRows {
    /// `article_rows` columns the shipper writes, in the order of `article(…)`'s fields.
    static let articleColumns = [
        "id", "origin", "path", "ingested_at", "status", "published", "title", "source", "authors", "line", "safe",
        "name_words",
    ]
    static let entityColumns = ["article_id", "ordinal", "type", "canonical", "text", "mentions", "boilerplate"]

    /// The `article_rows` row: the record's columns, the line byte for byte, the line made fit
    /// for `jsonb` when it is not (`safe`), and the entity-name words. Words that are not
    /// already in NFC for sure (a scalar from U+0300 up) go NULL here and are returned, for the
    /// server to normalise (`normalize(…, NFC)`, as `--db` lookups do).
    static func article(
        _ record: Record, line: UnsafeBufferPointer<UInt8>, origin: String, into out: inout CopyText
    ) -> String? {
        out.field(record.id)
        out.tab()
        out.field(origin)
        out.tab()
        out.field(record.path.description)
        out.tab()
        if isTimestamp(record.ingestedAt) { out.field(record.ingestedAt) } else { out.null() }
        out.tab()
        out.field(record.status.rawValue)
        out.tab()
        out.field(record.published)
        out.tab()
        out.field(record.title)
        out.tab()
        out.field(record.source)
        out.tab()
        out.array(record.authors)
        out.tab()
        // The line as text: invalid UTF-8 becomes U+FFFD (the decoder accepted it, the column must).
        if line.allSatisfy({ $0 < 0x80 }) {
            out.field(line)
        } else {
            out.field(String(decoding: line, as: UTF8.self))
        }
        out.tab()
        if let safe = JSONB.sanitized(line) { out.field(safe) } else { out.null() }
        out.tab()
        let words = StoreCursor.words(of: record)
        var deferred: String?
        // A scalar from U+0300 up is a UTF-8 lead byte from 0xCC up.
        if words.contains(where: { $0.utf8.contains { $0 >= 0xCC } }) {
            out.null()
            deferred = words.joined(separator: " ")
        } else {
            out.array(words)
        }
        out.end()
        return deferred
    }

    /// The `entities` rows of the record: ordinal from 1, in the record's order.
    static func entities(_ record: Record, into out: inout CopyText) {
        for (k, entity) in record.entities.enumerated() {
            out.field(record.id)
            out.tab()
            out.field(k + 1)
            out.tab()
            out.field(entity.type)
            out.tab()
            out.field(entity.canonical)
            out.tab()
            out.field(entity.text)
            out.tab()
            out.field(entity.mentions.count)
            out.tab()
            out.field(entity.boilerplate)
            out.end()
        }
    }

    /// `2026-11-23T04:10:00.123Z` (RFC 3339 UTC, fraction optional): what goes into
    /// `ingested_at`; anything else leaves it NULL.
    static func isTimestamp(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z") else { return false }
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { b[$0] >= 0x30 && b[$0] <= 0x39 } }
        guard digits(0..<4), b[4] == 0x2D, digits(5..<7), b[7] == 0x2D, digits(8..<10), b[10] == 0x54,
            digits(11..<13), b[13] == 0x3A, digits(14..<16), b[16] == 0x3A, digits(17..<19)
        else { return false }
        if b.count == 20 { return true }
        return b[19] == 0x2E && b.count > 21 && digits(20..<(b.count - 1))
    }
}
