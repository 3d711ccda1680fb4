/// Writes a `Record` as one line of schema v1 JSON, keys in the documented order,
/// ending in a newline.
///
/// The bytes are written through a raw, growable buffer (`JSONWriter`) and copied into the returned
/// array once: appending to an `[UInt8]` checks uniqueness and capacity on every byte, which was
/// most of the encoder's cost (about 2,900 instructions per entity).
public struct RecordEncoder: Sendable {
    public init() {}

    /// The record as UTF-8 bytes, newline-terminated, ready for a single `write`.
    public func encode(_ record: Record) -> [UInt8] {
        var out = JSONWriter(capacity: 256 + record.entities.count * 96)
        defer { out.free() }
        out.append(#"{"v":"#)
        out.appendInt(Record.version)
        out.append(#","id":"#)
        out.appendString(record.id)
        out.append(#","path":"#)
        appendPath(record.path, to: &out)
        out.append(#","ingested_at":"#)
        out.appendString(record.ingestedAt)
        out.append(#","status":"#)
        out.appendString(record.status.rawValue)
        if let error = record.error {
            out.append(#","error":"#)
            out.appendString(error)
        }
        if let duplicateOf = record.duplicateOf {
            out.append(#","duplicate_of":"#)
            out.appendString(duplicateOf)
        }
        if let sha = record.sha256 {
            out.append(#","sha256":"#)
            out.appendString(sha)
        }
        if let bytes = record.bytes {
            out.append(#","bytes":"#)
            out.appendInt(bytes)
        }
        if let format = record.format {
            out.append(#","format":"#)
            out.appendString(format)
        }
        if let words = record.words {
            out.append(#","words":"#)
            out.appendInt(words)
        }
        if let title = record.title {
            out.append(#","title":"#)
            out.appendString(title)
        }
        if let published = record.published {
            out.append(#","published":"#)
            out.appendString(published)
        }
        if let dateline = record.dateline {
            out.append(#","dateline":"#)
            out.appendString(dateline)
        }
        if !record.authors.isEmpty {
            out.append(#","authors":"#)
            out.append(UInt8(ascii: "["))
            for (i, author) in record.authors.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.appendString(author)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let source = record.source {
            out.append(#","source":"#)
            out.appendString(source)
        }
        if let url = record.url {
            out.append(#","url":"#)
            out.appendString(url)
        }
        if record.status == .ok {
            out.append(#","entities":"#)
            out.append(UInt8(ascii: "["))
            for (i, entity) in record.entities.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendEntity(entity, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append("}\n")
        return out.bytes()
    }

    private func appendEntity(_ entity: Record.Entity, to out: inout JSONWriter) {
        out.append(#"{"type":"#)
        out.appendString(entity.type)
        out.append(#","text":"#)
        out.appendString(entity.text)
        out.append(#","canonical":"#)
        out.appendString(entity.canonical)
        out.append(#","mentions":["#)
        for (i, span) in entity.mentions.enumerated() {
            // "[start,end]" with its separator: at most 1 + 1 + 20 + 1 + 20 + 1 bytes
            out.reserve(44)
            if i > 0 { out.appendUnchecked(UInt8(ascii: ",")) }
            out.appendUnchecked(UInt8(ascii: "["))
            out.appendIntUnchecked(span.start)
            out.appendUnchecked(UInt8(ascii: ","))
            out.appendIntUnchecked(span.end)
            out.appendUnchecked(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
        if entity.boilerplate {
            out.append(#","boilerplate":true"#)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// `string` as it appears between the quotes of a JSON string this encoder writes.
    func escaped(_ string: String) -> [UInt8] {
        var out = JSONWriter(capacity: string.utf8.count + 16)
        defer { out.free() }
        var string = string
        string.withUTF8 { out.appendEscaped($0) }
        return out.bytes()
    }

    /// Valid UTF-8 sequences are copied; each byte outside one becomes `\udcXX`.
    func appendPath(_ path: PathName, to out: inout JSONWriter) {
        out.append(UInt8(ascii: "\""))
        let bytes = path.bytes
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // All ASCII, so all valid: only the escapes to make.
            bytes.withUnsafeBufferPointer { out.appendEscaped($0) }
            out.append(UInt8(ascii: "\""))
            return
        }
        var i = 0
        while i < bytes.count {
            let length = UTF8Validation.sequenceLength(bytes, at: i)
            if length == 0 {
                out.append(#"\udc"#)
                out.appendHex(bytes[i])
                i += 1
            } else {
                for j in i..<(i + length) { out.appendEscaped(bytes[j]) }
                i += length
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A growable byte buffer written through a raw pointer, for the encoder: one capacity check per
/// piece instead of one per byte. Not copyable in spirit: one owner, which calls `free()`.
struct JSONWriter {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    func free() { base.deallocate() }

    /// The bytes written, as an array (one copy).
    func bytes() -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        appendUnchecked(byte)
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: from, count: bytes.count)
        count += bytes.count
    }

    /// Appends a literal (a key with its separator, `,"name":`) in one copy.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `value` in decimal, as `String(value)` writes it.
    @inline(__always)
    mutating func appendInt(_ value: Int) {
        reserve(20)
        appendIntUnchecked(value)
    }

    /// `appendInt` with room for 20 bytes already reserved.
    @inline(__always)
    mutating func appendIntUnchecked(_ value: Int) {
        if value >= 0 && value < 10 {
            appendUnchecked(UInt8(truncatingIfNeeded: value) &+ UInt8(ascii: "0"))
            return
        }
        if value < 0 { appendUnchecked(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 0
        var m = magnitude
        repeat {
            digits += 1
            m /= 10
        } while m > 0
        var at = count + digits
        count = at
        repeat {
            at -= 1
            base[at] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
            magnitude /= 10
        } while magnitude > 0
    }

    mutating func appendHex(_ byte: UInt8) {
        reserve(2)
        appendUnchecked(Hex.digit(byte >> 4))
        appendUnchecked(Hex.digit(byte & 0xF))
    }

    /// `"string"`, escaped as JSON needs.
    mutating func appendString(_ string: String) {
        append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { appendEscaped($0) }
        append(UInt8(ascii: "\""))
    }

    /// Copies `bytes`, escaping those JSON needs escaped; the runs between them are copied whole. Eight
    /// bytes are tested at a time (`mayNeedEscape`), one at a time only where that finds one.
    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        let n = bytes.count
        var run = 0
        var i = 0
        while i < n {
            while i + 8 <= n && !Self.mayNeedEscape(UnsafeRawPointer(from + i).loadUnaligned(as: UInt64.self)) {
                i += 8
            }
            let stop = min(n, i + 8)
            while i < stop {
                let byte = from[i]
                if Self.needsEscape(byte) {
                    if i > run { append(UnsafeBufferPointer(start: from + run, count: i - run)) }
                    appendEscaped(byte)
                    run = i + 1
                }
                i += 1
            }
        }
        if n > run { append(UnsafeBufferPointer(start: from + run, count: n - run)) }
    }

    /// Whether one of the eight bytes of `x` may need escaping: a byte below 0x20, a quote, a backslash
    /// or DEL. Exact for the first such byte (a borrow runs on only from a hit), so false means none.
    @inline(__always)
    private static func mayNeedEscape(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func zeroIn(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        let control = (x &- 0x20 &* ones) & ~x & high  // a byte below 0x20 (bytes >= 0x80 have ~x's bit clear)
        return control | zeroIn(x ^ (0x22 &* ones)) | zeroIn(x ^ (0x5C &* ones)) | zeroIn(x ^ (0x7F &* ones)) != 0
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F
    }

    mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append(#"\""#)
        case UInt8(ascii: "\\"): append(#"\\"#)
        case UInt8(ascii: "\n"): append(#"\n"#)
        case UInt8(ascii: "\r"): append(#"\r"#)
        case UInt8(ascii: "\t"): append(#"\t"#)
        case 0..<0x20, 0x7F:
            append(#"\u00"#)
            appendHex(byte)
        default: append(byte)
        }
    }
}

/// Strict UTF-8 validation, one sequence at a time (no overlongs, no surrogates, <= U+10FFFF).
enum UTF8Validation {
    /// The length of the valid sequence starting at `i`, or 0 when the byte there starts none.
    static func sequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let b0 = b[i]
        if b0 < 0x80 { return 1 }
        func cont(_ k: Int) -> Bool { k < b.count && b[k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(i + 1) ? 2 : 0
        case 0xE0...0xEF:
            guard cont(i + 1), cont(i + 2) else { return 0 }
            let b1 = b[i + 1]
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }
            if b0 == 0xED && b1 >= 0xA0 { return 0 }
            return 3
        case 0xF0...0xF4:
            guard cont(i + 1), cont(i + 2), cont(i + 3) else { return 0 }
            let b1 = b[i + 1]
            if b0 == 0xF0 && b1 < 0x90 { return 0 }
            if b0 == 0xF4 && b1 >= 0x90 { return 0 }
            return 4
        default:
            return 0
        }
    }
}
