// Lazily decodes the embedded model (base64 in a generated source file) once per process.

enum EmbeddedModel {
    /// The tagger model; nil when no model is embedded (then only rules run).
    static let shared: PackedModel? = {
        let bytes = decodeBase64(modelBase64)
        guard !bytes.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { PackedModel.deserialize($0) }
    }()
}

func decodeBase64(_ s: StaticString) -> [UInt8] {
    s.withUTF8Buffer { decodeBase64(bytes: $0) }
}

func decodeBase64(bytes src: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var table = [UInt8](repeating: 255, count: 256)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
    var out = [UInt8]()
    out.reserveCapacity(src.count / 4 * 3)
    var acc: UInt32 = 0
    var bits = 0
    table.withUnsafeBufferPointer { t in
        for c in src {
            let v = t[Int(c)]
            if v == 255 { continue }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
    }
    return out
}

/// Base64 encoding (used by the training command to embed the model).
@_spi(Training)
public func encodeBase64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out = [UInt8]()
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i + 2 < bytes.count {
        let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
        out.append(alphabet[Int(v >> 18 & 63)])
        out.append(alphabet[Int(v >> 12 & 63)])
        out.append(alphabet[Int(v >> 6 & 63)])
        out.append(alphabet[Int(v & 63)])
        i += 3
    }
    let rest = bytes.count - i
    if rest == 1 {
        let v = UInt32(bytes[i]) << 16
        out.append(alphabet[Int(v >> 18 & 63)])
        out.append(alphabet[Int(v >> 12 & 63)])
        out.append(61)
        out.append(61)
    } else if rest == 2 {
        let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
        out.append(alphabet[Int(v >> 18 & 63)])
        out.append(alphabet[Int(v >> 12 & 63)])
        out.append(alphabet[Int(v >> 6 & 63)])
        out.append(61)
    }
    return String(decoding: out, as: UTF8.self)
}
