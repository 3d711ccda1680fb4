// The embedded model (Sources/CKnowledge/data/model.bin, written by `wirewatch-train train`), used
// where it lies in the binary: the first extraction maps it, nothing is decoded.

import CKnowledge

enum EmbeddedModel {
    /// The serialised model's bytes in the binary's read-only data.
    static var bytes: UnsafeBufferPointer<UInt8> {
        var n = 0
        guard let base = wk_model(&n) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base, count: n)
    }

    /// The tagger model; nil when no model is embedded (then only rules run). A model in another
    /// format is a build mistake (a model.bin written by an older `wirewatch-train`): stop and say so
    /// rather than extract without it.
    static let shared: PackedModel? = {
        let b = bytes
        guard !b.isEmpty else { return nil }
        if let problem = PackedModel.formatProblem(b) {
            fatalError("the embedded model (Sources/CKnowledge/data/model.bin) is \(problem)")
        }
        return PackedModel.deserialize(b, inPlace: true)
    }()
}

func decodeBase64(_ s: StaticString) -> [UInt8] {
    s.withUTF8Buffer { decodeBase64(bytes: $0) }
}

func decodeBase64(bytes src: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var table = [UInt8](repeating: 255, count: 256)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
    // the embedded text is plain base64 without line breaks; '=' padding only at the end
    var n = src.count
    while n > 0 && src[n - 1] == 61 { n -= 1 }
    let full = n / 4
    let rest = n % 4
    let outCount = full * 3 + (rest == 0 ? 0 : rest - 1)
    return table.withUnsafeBufferPointer { t in
        [UInt8](unsafeUninitializedCapacity: outCount) { out, count in
            var o = 0
            var i = 0
            for _ in 0..<full {
                let v =
                    UInt32(t[Int(src[i])]) << 18 | UInt32(t[Int(src[i + 1])]) << 12 | UInt32(t[Int(src[i + 2])]) << 6
                    | UInt32(t[Int(src[i + 3])])
                out[o] = UInt8(truncatingIfNeeded: v >> 16)
                out[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                out[o + 2] = UInt8(truncatingIfNeeded: v)
                o += 3
                i += 4
            }
            if rest >= 2 {
                var v = UInt32(t[Int(src[i])]) << 18 | UInt32(t[Int(src[i + 1])]) << 12
                if rest == 3 { v |= UInt32(t[Int(src[i + 2])]) << 6 }
                out[o] = UInt8(truncatingIfNeeded: v >> 16)
                o += 1
                if rest == 3 {
                    out[o] = UInt8(truncatingIfNeeded: v >> 8)
                    o += 1
                }
            }
            count = o
        }
    }
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
