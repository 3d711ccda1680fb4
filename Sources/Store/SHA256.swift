internal import Crypto

/// SHA-256 (FIPS 180-4), the digest that names file versions: swift-crypto's, which on Linux is
/// BoringSSL's and uses the CPU's SHA extensions where it has them.
///
/// A thin value type over `Crypto.SHA256` that keeps the calls the rest of wirewatch makes:
/// `hex` for a whole buffer, `update` in pieces, and the digest as bytes or lowercase hex. Not
/// `Sendable` (swift-crypto's hasher is not): a hasher lives on one task, as every caller uses it.
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        hasher.update(bufferPointer: bytes)
    }

    /// The 32 bytes of the digest; the hasher is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// The digest as 64 lowercase hex digits; the hasher is spent afterwards.
    public mutating func finalizeHex() -> String {
        hasher.finalize().withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: 64) { out in
                for i in 0..<32 {
                    let byte = digest[i]
                    out[2 * i] = Hex.digit(byte >> 4)
                    out[2 * i + 1] = Hex.digit(byte & 0xF)
                }
                return 64
            }
        }
    }
}
