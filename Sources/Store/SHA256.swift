internal import CSHA256

/// SHA-256 (FIPS 180-4), the digest that names file versions: Sources/CSHA256, which uses the x86-64
/// SHA extensions where the CPU has them (1.4 GB/s here) and portable C elsewhere (0.27 GB/s).
/// (swift-crypto did the same, but brought Foundation into every binary that hashes: its relocations
/// and start-up cost `wirewatch extract` ~1.7 ms a run.)
///
/// A value type with the calls the rest of wirewatch makes: `hex` for a whole buffer, `update` in
/// pieces, and the digest as bytes or lowercase hex.
public struct SHA256 {
    private var context = ww_sha256_ctx()

    public init() { ww_sha256_init(&context) }

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
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        ww_sha256_update(&context, base, bytes.count)
    }

    /// The 32 bytes of the digest; the hasher is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            ww_sha256_final(&context, out.baseAddress!)
            count = 32
        }
    }

    /// The digest as 64 lowercase hex digits; the hasher is spent afterwards.
    public mutating func finalizeHex() -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            ww_sha256_final(&context, digest.baseAddress!)
            return String(unsafeUninitializedCapacity: 64) { out in
                for i in 0..<32 {
                    let byte = digest[i]
                    out[2 * i] = Hex.digit(byte >> 4)
                    out[2 * i + 1] = Hex.digit(byte & 0xF)
                }
                return 64
            }
        }
    }

    /// Whether this machine's hashing uses the SHA extensions (tests, benchmarks).
    public static var usesExtensions: Bool { ww_sha256_uses_extensions() != 0 }

    /// Makes every later hash use the portable code, or not (tests: both ways on one machine).
    public static func forcePortable(_ portable: Bool) { ww_sha256_force_portable(portable ? 1 : 0) }
}
