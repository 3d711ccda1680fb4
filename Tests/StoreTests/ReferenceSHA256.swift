@testable import Store

/// wirewatch's own SHA-256 (FIPS 180-4) from before it used swift-crypto, kept as the reference
/// the swift-crypto one is checked against: every id in a store written before the change came
/// from this code, so the two must agree byte for byte.
struct ReferenceSHA256 {
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19
    /// A partial block (`buffered` bytes of it), kept inline.
    private var buffer = Block()
    private var buffered = 0
    private var length: UInt64 = 0

    private struct Block {
        var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    init() {}

    /// The digest of `bytes` as 64 lowercase hex digits.
    static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = ReferenceSHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var from = bytes.baseAddress, !bytes.isEmpty else { return }
        var count = bytes.count
        length &+= UInt64(count)
        if buffered > 0 {
            let take = min(64 - buffered, count)
            let filled = buffered
            withUnsafeMutableBytes(of: &buffer.bytes) { raw in
                raw.baseAddress!.advanced(by: filled).copyMemory(from: from, byteCount: take)
            }
            buffered += take
            from += take
            count -= take
            guard buffered == 64 else { return }
            let block = buffer
            withUnsafeBytes(of: block.bytes) { compress($0.baseAddress!, blocks: 1) }
            buffered = 0
        }
        let whole = count / 64
        if whole > 0 {
            compress(from, blocks: whole)
            from += whole * 64
            count -= whole * 64
        }
        if count > 0 {
            withUnsafeMutableBytes(of: &buffer.bytes) { raw in
                raw.baseAddress!.copyMemory(from: from, byteCount: count)
            }
            buffered = count
        }
    }

    mutating func finalize() -> [UInt8] {
        var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0)
        finish(into: &words)
        return withUnsafeBytes(of: words) { Array($0) }
    }

    mutating func finalizeHex() -> String {
        var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0)
        finish(into: &words)
        return withUnsafeBytes(of: words) { digest in
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

    /// Pads, compresses the last block(s) and stores the state big-endian (byte order of the
    /// digest) in `words`; the hasher is spent afterwards.
    private mutating func finish(into words: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)) {
        let bitLength = length &* 8
        var tail = (Block(), Block())
        let used = buffered
        let blocks = used < 56 ? 1 : 2
        withUnsafeMutableBytes(of: &tail) { raw in
            withUnsafeBytes(of: buffer.bytes) { raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<used])) }
            raw[used] = 0x80
            let end = blocks * 64
            for i in 0..<8 { raw[end - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * i)) }
        }
        withUnsafeBytes(of: tail) { compress($0.baseAddress!, blocks: blocks) }
        buffered = 0
        words = (
            h0.bigEndian, h1.bigEndian, h2.bigEndian, h3.bigEndian, h4.bigEndian, h5.bigEndian, h6.bigEndian,
            h7.bigEndian
        )
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses `blocks` consecutive 64-byte blocks at `data` into the state.
    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        var (s0, s1, s2, s3, s4, s5, s6, s7) = (h0, h1, h2, h3, h4, h5, h6, h7)
        ReferenceSHA256.k.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for block in 0..<blocks {
                    let base = data + block * 64
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15]
                        let y = w[t - 2]
                        let sigma0 = x.rotatedRight(7) ^ x.rotatedRight(18) ^ (x >> 3)
                        let sigma1 = y.rotatedRight(17) ^ y.rotatedRight(19) ^ (y >> 10)
                        w[t] = w[t - 16] &+ sigma0 &+ w[t - 7] &+ sigma1
                    }
                    var (a, b, c, d, e, f, g, h) = (s0, s1, s2, s3, s4, s5, s6, s7)
                    for t in 0..<64 {
                        let sum1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = h &+ sum1 &+ ch &+ k[t] &+ w[t]
                        let sum0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        h = g
                        g = f
                        f = e
                        e = d &+ t1
                        d = c
                        c = b
                        b = a
                        a = t1 &+ sum0 &+ maj
                    }
                    s0 &+= a
                    s1 &+= b
                    s2 &+= c
                    s3 &+= d
                    s4 &+= e
                    s5 &+= f
                    s6 &+= g
                    s7 &+= h
                }
            }
        }
        (h0, h1, h2, h3, h4, h5, h6, h7) = (s0, s1, s2, s3, s4, s5, s6, s7)
    }
}

extension UInt32 {
    @inline(__always) fileprivate func rotatedRight(_ n: UInt32) -> UInt32 { (self >> n) | (self << (32 - n)) }
}
