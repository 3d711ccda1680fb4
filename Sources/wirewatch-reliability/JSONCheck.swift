import Store

/// A JSON value, as far as the audit needs one.
indirect enum JSONValue {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    /// A string: its text (lossy) and its bytes, where each lone `\udcXX` escape is the raw byte
    /// `XX` (the store's convention for file names that are not UTF-8).
    case string(String, [UInt8])
    case number(Double)
    case bool(Bool)
    case null

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let text, _) = self { return text }
        return nil
    }

    var bytes: [UInt8]? {
        if case .string(_, let bytes) = self { return bytes }
        return nil
    }
}

/// Why a line is not valid JSON.
struct JSONError: Error, CustomStringConvertible {
    var offset: Int
    var reason: String
    var description: String { "\(reason) at byte \(offset)" }
}

/// A strict RFC 8259 parser over one line's bytes (independent of the code under test).
struct StrictJSON {
    private let bytes: [UInt8]
    private var i = 0

    static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw JSONError(offset: 0, reason: "the line is not valid UTF-8")
        }
        var parser = StrictJSON(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == bytes.count else { throw parser.fail("trailing bytes after the value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ reason: String) -> JSONError { JSONError(offset: i, reason: reason) }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        guard depth < 64 else { throw fail("nested too deeply") }
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""):
            let (text, raw) = try string()
            return .string(text, raw)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected byte \(bytes[i])")
        }
    }

    private mutating func literal(_ word: String, _ result: JSONValue) throws(JSONError) -> JSONValue {
        let w = Array(word.utf8)
        guard bytes.count - i >= w.count, Array(bytes[i..<(i + w.count)]) == w else { throw fail("bad literal") }
        i += w.count
        return result
    }

    private mutating func object(depth: Int) throws(JSONError) -> JSONValue {
        i += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let (key, _) = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard i < bytes.count else { throw fail("unterminated object") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object(members)
            }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func array(depth: Int) throws(JSONError) -> JSONValue {
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard i < bytes.count else { throw fail("unterminated array") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array(items)
            }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard bytes.count - i >= 4 else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("bad hex digit in \\u escape")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    private mutating func string() throws(JSONError) -> (String, [UInt8]) {
        i += 1
        var raw: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return (String(decoding: raw, as: UTF8.self), raw)
            }
            if c < 0x20 { throw fail("raw control byte \(c) in a string") }
            if c != UInt8(ascii: "\\") {
                raw.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): raw.append(e)
            case UInt8(ascii: "b"): raw.append(0x08)
            case UInt8(ascii: "f"): raw.append(0x0C)
            case UInt8(ascii: "n"): raw.append(0x0A)
            case UInt8(ascii: "r"): raw.append(0x0D)
            case UInt8(ascii: "t"): raw.append(0x09)
            case UInt8(ascii: "u"):
                let unit = try hex4()
                var scalarValue = unit
                if (0xD800...0xDBFF).contains(unit) {
                    guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("high surrogate without its low half")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("high surrogate without its low half") }
                    scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    guard (0xDC80...0xDCFF).contains(unit) else {
                        throw fail("lone low surrogate outside \\udc80-\\udcff")
                    }
                    raw.append(UInt8(unit & 0xFF))
                    continue
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { throw fail("bad scalar") }
                raw.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw fail("bad escape")
            }
        }
    }

    private mutating func number() throws(JSONError) -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw fail("bad number") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("bad fraction") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("bad exponent") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        return .number(Double(String(decoding: bytes[start..<i], as: UTF8.self)) ?? 0)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}

/// One store line, checked against schema v1.
struct AuditedRecord {
    var id: String
    var path: [UInt8]
    var status: String
    var sha256: String?
    var error: String?
}

/// Checks one line (without its newline) as a schema v1 record.
func auditLine(_ line: [UInt8]) throws(JSONError) -> AuditedRecord {
    let value = try StrictJSON.parse(line)
    guard case .object(let members) = value else { throw JSONError(offset: 0, reason: "not an object") }
    let head = members.prefix(5).map(\.key)
    guard head == ["v", "id", "path", "ingested_at", "status"] else {
        throw JSONError(offset: 0, reason: "keys do not start v,id,path,ingested_at,status: \(head)")
    }
    guard case .number(1) = members[0].value else { throw JSONError(offset: 0, reason: "v is not 1") }
    guard let id = value["id"]?.string, isHex64(id) else {
        throw JSONError(offset: 0, reason: "id is not 64 hex digits")
    }
    guard let path = value["path"]?.bytes else { throw JSONError(offset: 0, reason: "path is not a string") }
    guard let status = value["status"]?.string else { throw JSONError(offset: 0, reason: "status is not a string") }
    let sha = value["sha256"]?.string
    let error = value["error"]?.string
    switch status {
    case "ok":
        guard let sha, isHex64(sha) else { throw JSONError(offset: 0, reason: "ok record without sha256") }
        guard case .array = value["entities"] else { throw JSONError(offset: 0, reason: "ok record without entities") }
    case "rejected":
        guard let error, !error.isEmpty else { throw JSONError(offset: 0, reason: "rejected record without a reason") }
    case "duplicate":
        guard let first = value["duplicate_of"]?.string, isHex64(first) else {
            throw JSONError(offset: 0, reason: "duplicate record without duplicate_of")
        }
    default:
        throw JSONError(offset: 0, reason: "unknown status \(status)")
    }
    for member in members where member.key != "path" {
        if case .null = member.value { throw JSONError(offset: 0, reason: "\(member.key) is null") }
    }
    return AuditedRecord(id: id, path: path, status: status, sha256: sha, error: error)
}

func isHex64(_ s: String) -> Bool {
    s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
}

/// The record id of the version of `path` whose bytes are `content` (the daemon's `FileVersion.id`,
/// recomputed here from its documented definition).
func versionID(path: [UInt8], content: [UInt8]) -> String {
    var hasher = SHA256()
    hasher.update(path)
    hasher.update([0])
    hasher.update(SHA256.hex(content).utf8)
    return hasher.finalizeHex()
}
