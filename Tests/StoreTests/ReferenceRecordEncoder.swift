// The record encoder as it was before it wrote through a raw buffer (2026-12-05), kept to hold the
// new one to the same bytes (EncoderTests.matchesTheReferenceEncoderOnRandomRecords).

import Store

/// Wrote a `Record` as one line of schema v1 JSON, keys in the documented order,
/// ending in a newline.
struct ReferenceRecordEncoder: Sendable {
    init() {}

    /// The record as UTF-8 bytes, newline-terminated, ready for a single `write`.
    func encode(_ record: Record) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + record.entities.count * 96)
        out.append(contentsOf: #"{"v":"#.utf8)
        appendInt(Record.version, to: &out)
        key(#","id":"#, &out)
        appendString(record.id, to: &out)
        key(#","path":"#, &out)
        appendPath(record.path, to: &out)
        key(#","ingested_at":"#, &out)
        appendString(record.ingestedAt, to: &out)
        key(#","status":"#, &out)
        appendString(record.status.rawValue, to: &out)
        if let error = record.error {
            key(#","error":"#, &out)
            appendString(error, to: &out)
        }
        if let duplicateOf = record.duplicateOf {
            key(#","duplicate_of":"#, &out)
            appendString(duplicateOf, to: &out)
        }
        if let sha = record.sha256 {
            key(#","sha256":"#, &out)
            appendString(sha, to: &out)
        }
        if let bytes = record.bytes {
            key(#","bytes":"#, &out)
            appendInt(bytes, to: &out)
        }
        if let format = record.format {
            key(#","format":"#, &out)
            appendString(format, to: &out)
        }
        if let words = record.words {
            key(#","words":"#, &out)
            appendInt(words, to: &out)
        }
        if let title = record.title {
            key(#","title":"#, &out)
            appendString(title, to: &out)
        }
        if let published = record.published {
            key(#","published":"#, &out)
            appendString(published, to: &out)
        }
        if let dateline = record.dateline {
            key(#","dateline":"#, &out)
            appendString(dateline, to: &out)
        }
        if !record.authors.isEmpty {
            key(#","authors":"#, &out)
            out.append(UInt8(ascii: "["))
            for (i, author) in record.authors.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(author, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let source = record.source {
            key(#","source":"#, &out)
            appendString(source, to: &out)
        }
        if let url = record.url {
            key(#","url":"#, &out)
            appendString(url, to: &out)
        }
        if record.status == .ok {
            key(#","entities":"#, &out)
            out.append(UInt8(ascii: "["))
            for (i, entity) in record.entities.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendEntity(entity, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    private func appendEntity(_ entity: Record.Entity, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"type":"#.utf8)
        appendString(entity.type, to: &out)
        key(#","text":"#, &out)
        appendString(entity.text, to: &out)
        key(#","canonical":"#, &out)
        appendString(entity.canonical, to: &out)
        key(#","mentions":"#, &out)
        out.append(UInt8(ascii: "["))
        for (i, span) in entity.mentions.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            appendInt(span.start, to: &out)
            out.append(UInt8(ascii: ","))
            appendInt(span.end, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
        if entity.boilerplate {
            out.append(contentsOf: #","boilerplate":true"#.utf8)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `separatorAndKey`, a whole `,"name":` literal, in one copy.
    private func key(_ separatorAndKey: StaticString, _ out: inout [UInt8]) {
        out.append(
            contentsOf: UnsafeBufferPointer(start: separatorAndKey.utf8Start, count: separatorAndKey.utf8CodeUnitCount))
    }

    /// `value` in decimal, as `String(value)` writes it.
    private func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value >= 0 && value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) &+ UInt8(ascii: "0"))
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// `string` as it appears between the quotes of a JSON string this encoder writes.
    func escaped(_ string: String) -> [UInt8] {
        var out: [UInt8] = []
        var string = string
        string.withUTF8 { appendEscaped($0, to: &out) }
        return out
    }

    func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Copies `bytes`, escaping those JSON needs escaped; the runs between them are copied whole.
    private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var run = 0
        for (i, byte) in bytes.enumerated() where Self.needsEscape(byte) {
            if i > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
            appendEscaped(byte, to: &out)
            run = i + 1
        }
        if bytes.count > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F
    }

    /// Valid UTF-8 sequences are copied; each byte outside one becomes `\udcXX`.
    func appendPath(_ path: PathName, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let bytes = path.bytes
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // All ASCII, so all valid: only the escapes to make.
            bytes.withUnsafeBufferPointer { appendEscaped($0, to: &out) }
            out.append(UInt8(ascii: "\""))
            return
        }
        var i = 0
        while i < bytes.count {
            let length = ReferenceUTF8Validation.sequenceLength(bytes, at: i)
            if length == 0 {
                out.append(contentsOf: #"\udc"#.utf8)
                appendHex(bytes[i], to: &out)
                i += 1
            } else {
                for j in i..<(i + length) { appendEscaped(bytes[j], to: &out) }
                i += length
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
        case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
        case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
        case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
        case 0..<0x20, 0x7F:
            out.append(contentsOf: #"\u00"#.utf8)
            appendHex(byte, to: &out)
        default: out.append(byte)
        }
    }

    private func appendHex(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(Hex.digit(byte >> 4))
        out.append(Hex.digit(byte & 0xF))
    }
}

/// Strict UTF-8 validation, one sequence at a time (no overlongs, no surrogates, <= U+10FFFF).
enum ReferenceUTF8Validation {
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
