internal import CLibXML2

/// The page's character set, from its byte-order mark or its `<meta>` declaration, and bytes
/// libxml2 can parse under it.
enum Charset {
    /// ASCII-compatible bytes of the page and the encoding libxml2 is told they are in (`nil`:
    /// UTF-8). A UTF-16 page (byte-order mark) is turned into UTF-8 first.
    static func prepare(_ bytes: [UInt8]) -> (bytes: [UInt8], encoding: String?) {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            return (Array(bytes[3...]), nil)
        }
        if bytes.count >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return (utf16ToUTF8(bytes, littleEndian: bytes[0] == 0xFF), nil)
        }
        if let declared = declared(in: bytes) {
            let name = canonical(declared)
            if name == "utf-8" { return (bytes, nil) }
            if name.hasPrefix("utf-16") {
                // A UTF-16 declaration in bytes that read as ASCII is wrong: the bytes are not UTF-16.
                return (bytes, isUTF8(bytes) ? nil : "windows-1252")
            }
            // An iconv handler is allocated for the asking: closed again here (the parser opens its own).
            if let xml = wirewatch_xml()?.pointee, let handler = xml.xmlFindCharEncodingHandler(name) {
                _ = xml.xmlCharEncCloseFunc(handler)
                return (bytes, name)
            }
        }
        return (bytes, isUTF8(bytes) ? nil : "windows-1252")
    }

    /// WHATWG maps ISO-8859-1 and ASCII labels to windows-1252; browsers decode them so.
    static func canonical(_ label: String) -> String {
        switch label {
        case "utf8", "utf-8", "unicode-1-1-utf-8": return "utf-8"
        case "iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "iso_8859-1", "cp1252", "x-cp1252":
            return "windows-1252"
        default: return label
        }
    }

    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
    }

    /// The `charset` of the first `<meta charset=...>` or `<meta http-equiv content="...; charset=...">`
    /// in the first 16 KiB, lower-cased.
    static func declared(in bytes: [UInt8]) -> String? {
        let limit = min(bytes.count, 16384)
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            var i = 0
            while i + 5 < limit {
                guard buffer[i] == UInt8(ascii: "<"), lower(buffer[i + 1]) == UInt8(ascii: "m"),
                    lower(buffer[i + 2]) == UInt8(ascii: "e"), lower(buffer[i + 3]) == UInt8(ascii: "t"),
                    lower(buffer[i + 4]) == UInt8(ascii: "a")
                else {
                    i += 1
                    continue
                }
                var j = i + 5
                while j < limit && buffer[j] != UInt8(ascii: ">") { j += 1 }
                if let value = charsetValue(buffer, i + 5, j) { return value }
                i = j
            }
            return nil
        }
    }

    private static func charsetValue(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        let word = Array("charset".utf8)
        var i = start
        while i + word.count < end {
            var matches = true
            for k in 0..<word.count where lower(buffer[i + k]) != word[k] {
                matches = false
                break
            }
            if !matches {
                i += 1
                continue
            }
            var j = i + word.count
            while j < end && (buffer[j] == 0x20 || buffer[j] == 0x09 || buffer[j] == 0x0A || buffer[j] == 0x0D) {
                j += 1
            }
            guard j < end, buffer[j] == UInt8(ascii: "=") else {
                i = j
                continue
            }
            j += 1
            while j < end && (buffer[j] == 0x20 || buffer[j] == UInt8(ascii: "\"") || buffer[j] == UInt8(ascii: "'")) {
                j += 1
            }
            var value: [UInt8] = []
            while j < end && value.count < 40 {
                let c = lower(buffer[j])
                let ok =
                    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
                    || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
                    || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
                    || c == UInt8(ascii: ":")
                if !ok { break }
                value.append(c)
                j += 1
            }
            return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 {
        c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c
    }

    static func utf16ToUTF8(_ bytes: [UInt8], littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i])
            let b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
