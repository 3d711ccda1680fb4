/// Strict decoding of article bytes, with reasons a person can act on.
enum TextDecoding {
    static func utf8(_ bytes: [UInt8]) -> Result<String, DecodeFailure> {
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(
                DecodeFailure("contains a NUL byte at offset \(nul); it looks like a binary file, not an article"))
        }
        if let string = String(validating: bytes, as: UTF8.self) {
            return .success(string)
        }
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: break loop
            case .error: break loop
            }
        }
        return .failure(
            DecodeFailure(
                "is not valid UTF-8 (first bad byte near offset \(offset)) and has no UTF-16 byte-order mark; convert it, e.g. iconv -f LATIN1 -t UTF-8"
            ))
    }

    static func utf16(_ bytes: [UInt8], littleEndian: Bool) -> Result<String, DecodeFailure> {
        guard bytes.count % 2 == 0 else {
            return .failure(
                DecodeFailure("is UTF-16 (it starts with a byte-order mark) but has an odd number of bytes"))
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i < bytes.count {
            let a = UInt16(bytes[i])
            let b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        if units.contains(0) {
            return .failure(DecodeFailure("contains a NUL character; it looks like a binary file, not an article"))
        }
        guard let string = String(validating: units, as: UTF16.self) else {
            return .failure(
                DecodeFailure("is UTF-16 (it starts with a byte-order mark) but holds an unpaired surrogate"))
        }
        return .success(string)
    }
}
