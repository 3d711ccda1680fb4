#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a line of the store is not a schema v1 record.
public struct RecordDecodingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Byte offset in the line where decoding stopped.
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset + 1)" }
}

/// Reads one line of the store (schema v1 JSON, without its newline) back into a `Record`.
///
/// A small, strict JSON reader made for the store: it accepts any key order and skips keys it
/// does not know (so later minor additions still read), decodes `\uXXXX` escapes including
/// surrogate pairs, and in `path` turns each lone `\udcXX` escape back into the raw byte
/// `XX` (the encoder's `surrogateescape` convention), so `PathName` round-trips exactly.
public struct RecordDecoder: Sendable {
    public init() {}

    public func decode(_ line: [UInt8]) throws(RecordDecodingError) -> Record {
        try line.withUnsafeBufferPointer { buffer throws(RecordDecodingError) in try decode(buffer) }
    }

    public func decode(_ line: ArraySlice<UInt8>) throws(RecordDecodingError) -> Record {
        try line.withUnsafeBufferPointer { buffer throws(RecordDecodingError) in try decode(buffer) }
    }

    public func decode(_ line: UnsafeBufferPointer<UInt8>) throws(RecordDecodingError) -> Record {
        var parser = JSONCursor(line)
        return try parser.record()
    }
}

/// A cursor over the bytes of one JSON line.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    func fail(_ reason: String) -> RecordDecodingError { RecordDecodingError(offset: i, reason: reason) }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(RecordDecodingError) {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else {
            throw fail(i < bytes.count ? "expected \(what)" : "line ends early, expected \(what)")
        }
        i += 1
    }

    /// Consumes `byte` if it is next (after spaces).
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        if i < bytes.count && bytes[i] == byte {
            i += 1
            return true
        }
        return false
    }

    mutating func record() throws(RecordDecodingError) -> Record {
        var version: Int?
        var id: String?
        var path: PathName?
        var ingestedAt: String?
        var status: Record.Status?
        var record = Record(id: "", path: PathName(bytes: []), ingestedAt: "", status: .ok)
        try expect(UInt8(ascii: "{"), "a JSON object")
        if !take(UInt8(ascii: "}")) {
            repeat {
                let keyStart = i
                let key = try rawString()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipSpace()
                switch key {
                case "v": version = try int()
                case "id": id = try string()
                case "path": path = try pathName()
                case "ingested_at": ingestedAt = try string()
                case "status":
                    let raw = try string()
                    guard let value = Record.Status(rawValue: raw) else {
                        throw RecordDecodingError(offset: keyStart, reason: "unknown status \"\(raw)\"")
                    }
                    status = value
                case "error": record.error = try string()
                case "duplicate_of": record.duplicateOf = try string()
                case "sha256": record.sha256 = try string()
                case "bytes": record.bytes = try int()
                case "words": record.words = try int()
                case "title": record.title = try string()
                case "published": record.published = try string()
                case "dateline": record.dateline = try string()
                case "source": record.source = try string()
                case "format": record.format = try string()
                case "url": record.url = try string()
                case "authors": record.authors = try stringArray()
                case "entities": record.entities = try entities()
                default: try skipValue()
                }
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}' in the record")
        }
        skipSpace()
        guard i == bytes.count else { throw fail("unexpected bytes after the record") }
        guard let version else { throw fail("no \"v\" (schema version)") }
        guard version == Record.version else { throw fail("schema version \(version) is not 1") }
        guard let id else { throw fail("no \"id\"") }
        guard let path else { throw fail("no \"path\"") }
        guard let ingestedAt else { throw fail("no \"ingested_at\"") }
        guard let status else { throw fail("no \"status\"") }
        record.id = id
        record.path = path
        record.ingestedAt = ingestedAt
        record.status = status
        return record
    }

    mutating func entities() throws(RecordDecodingError) -> [Record.Entity] {
        var result: [Record.Entity] = []
        try expect(UInt8(ascii: "["), "'[' (entities)")
        if take(UInt8(ascii: "]")) { return result }
        repeat {
            result.append(try entity())
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "',' or ']' in entities")
        return result
    }

    mutating func entity() throws(RecordDecodingError) -> Record.Entity {
        var entity = Record.Entity(type: "", text: "", canonical: "", mentions: [])
        var seen = 0
        try expect(UInt8(ascii: "{"), "an entity object")
        if !take(UInt8(ascii: "}")) {
            repeat {
                let key = try rawString()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipSpace()
                switch key {
                case "type":
                    entity.type = try string()
                    seen |= 1
                case "text":
                    entity.text = try string()
                    seen |= 2
                case "canonical":
                    entity.canonical = try string()
                    seen |= 4
                case "mentions": entity.mentions = try spans()
                case "boilerplate": entity.boilerplate = try bool()
                default: try skipValue()
                }
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}' in an entity")
        }
        guard seen == 7 else { throw fail("an entity lacks type, text or canonical") }
        return entity
    }

    mutating func spans() throws(RecordDecodingError) -> [Record.Span] {
        var result: [Record.Span] = []
        try expect(UInt8(ascii: "["), "'[' (mentions)")
        if take(UInt8(ascii: "]")) { return result }
        repeat {
            try expect(UInt8(ascii: "["), "a [start, end] pair")
            skipSpace()
            let start = try int()
            try expect(UInt8(ascii: ","), "',' in a [start, end] pair")
            skipSpace()
            let end = try int()
            try expect(UInt8(ascii: "]"), "']' closing a [start, end] pair")
            result.append(Record.Span(start, end))
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "',' or ']' in mentions")
        return result
    }

    mutating func stringArray() throws(RecordDecodingError) -> [String] {
        var result: [String] = []
        try expect(UInt8(ascii: "["), "'[' (a list of strings)")
        if take(UInt8(ascii: "]")) { return result }
        repeat {
            skipSpace()
            result.append(try string())
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "',' or ']' in a list")
        return result
    }

    mutating func int() throws(RecordDecodingError) -> Int {
        var negative = false
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        let start = i
        var value = 0
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(bytes[i] &- UInt8(ascii: "0")))
            if o1 || o2 { throw fail("number too large") }
            value = sum
            i += 1
        }
        if i == start { throw fail("expected a whole number") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e") {
            throw fail("expected a whole number")
        }
        return negative ? -value : value
    }

    mutating func bool() throws(RecordDecodingError) -> Bool {
        if literal("true") { return true }
        if literal("false") { return false }
        throw fail("expected true or false")
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
        i += n
        return true
    }

    /// Skips any JSON value (for keys this version does not know).
    mutating func skipValue() throws(RecordDecodingError) {
        skipSpace()
        guard i < bytes.count else { throw fail("line ends early, expected a value") }
        switch bytes[i] {
        case Self.quote: _ = try rawString()
        case UInt8(ascii: "{"):
            i += 1
            if take(UInt8(ascii: "}")) { return }
            repeat {
                skipSpace()
                _ = try rawString()
                try expect(UInt8(ascii: ":"), "':' after a key")
                try skipValue()
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}'")
        case UInt8(ascii: "["):
            i += 1
            if take(UInt8(ascii: "]")) { return }
            repeat { try skipValue() } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"), "',' or ']'")
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"):
            if !literal("null") { throw fail("expected a value") }
        default:
            let start = i
            while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
            if i == start { throw fail("expected a value") }
        }
    }

    static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// A key, compared by its bytes (the schema's keys have no escapes).
    mutating func rawString() throws(RecordDecodingError) -> Key {
        skipSpace()
        let (start, end, _) = try stringBounds()
        return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]))
    }

    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>

        static func ~= (pattern: StaticString, key: Key) -> Bool {
            let n = pattern.utf8CodeUnitCount
            guard n == key.bytes.count else { return false }
            for k in 0..<n where key.bytes[k] != pattern.utf8Start[k] { return false }
            return true
        }
    }

    /// A JSON string as text; a lone surrogate becomes U+FFFD.
    mutating func string() throws(RecordDecodingError) -> String {
        let (start, end, escaped) = try stringBounds()
        if !escaped { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
        var out: [UInt8] = []
        try unescape(start, end, into: &out, rawBytes: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// A path: like `string()`, but a lone `\udcXX` escape is the raw byte `XX`.
    mutating func pathName() throws(RecordDecodingError) -> PathName {
        let (start, end, escaped) = try stringBounds()
        if !escaped { return PathName(bytes: Array(bytes[start..<end])) }
        var out: [UInt8] = []
        try unescape(start, end, into: &out, rawBytes: true)
        return PathName(bytes: out)
    }

    /// Moves past a string; returns where its contents start and end and whether it has escapes.
    private mutating func stringBounds() throws(RecordDecodingError) -> (Int, Int, Bool) {
        guard i < bytes.count, bytes[i] == Self.quote else { throw fail("expected a string") }
        i += 1
        let start = i
        // Fast path: memchr to the next quote; if no backslash comes before it, that is the end.
        if let base = bytes.baseAddress, let hit = memchr(base + start, Int32(Self.quote), bytes.count - start) {
            let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memchr(base + start, Int32(Self.backslash), end - start) == nil {
                i = end + 1
                return (start, end, false)
            }
        }
        var escaped = false
        while i < bytes.count {
            let b = bytes[i]
            if b == Self.quote {
                i += 1
                return (start, i - 1, escaped)
            }
            if b == Self.backslash {
                escaped = true
                i += 2
                continue
            }
            if b < 0x20 { throw fail("a control character inside a string") }
            i += 1
        }
        throw RecordDecodingError(offset: start - 1, reason: "a string is not closed")
    }

    private func unescape(_ start: Int, _ end: Int, into out: inout [UInt8], rawBytes: Bool) throws(RecordDecodingError)
    {
        out.reserveCapacity(end - start)
        var k = start
        while k < end {
            let b = bytes[k]
            if b != Self.backslash {
                out.append(b)
                k += 1
                continue
            }
            guard k + 1 < end else { throw RecordDecodingError(offset: k, reason: "a bad escape") }
            let e = bytes[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "\""): out.append(Self.quote)
            case UInt8(ascii: "\\"): out.append(Self.backslash)
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: k, end: end) else {
                    throw RecordDecodingError(offset: k - 2, reason: "a bad \\u escape")
                }
                k += 4
                var scalarValue: UInt32 = unit
                if (0xD800..<0xDC00).contains(unit) {
                    // A high surrogate: a pair when a low one follows.
                    if k + 6 <= end, bytes[k] == Self.backslash, bytes[k + 1] == UInt8(ascii: "u"),
                        let low = hex4(at: k + 2, end: end), (0xDC00..<0xE000).contains(low)
                    {
                        scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        k += 6
                    } else {
                        scalarValue = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(unit) {
                    if rawBytes && unit >= 0xDC80 && unit <= 0xDCFF {
                        out.append(UInt8(unit & 0xFF))
                        continue
                    }
                    scalarValue = 0xFFFD
                }
                let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                Unicode.UTF8.encode(scalar) { out.append($0) }
            default:
                throw RecordDecodingError(offset: k - 2, reason: "a bad escape")
            }
        }
    }

    private func hex4(at k: Int, end: Int) -> UInt32? {
        guard k + 4 <= end else { return nil }
        var value: UInt32 = 0
        for j in k..<(k + 4) {
            let c = bytes[j]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
