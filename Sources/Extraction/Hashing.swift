// Allocation-free hashing of byte slices into 64-bit feature keys.

let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

@inline(__always)
func asciiLower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

@inline(__always)
func fnv<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
    var h = fnvOffset
    for b in bytes { h = (h ^ UInt64(b)) &* fnvPrime }
    return h
}

@inline(__always)
func fnvLower<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
    var h = fnvOffset
    for b in bytes { h = (h ^ UInt64(asciiLower(b))) &* fnvPrime }
    return h
}

/// Lowercased hash of a string (ASCII case folding, as the tokenizer does).
func fnvLower(_ s: String) -> UInt64 {
    var h = fnvOffset
    for b in s.utf8 { h = (h ^ UInt64(asciiLower(b))) &* fnvPrime }
    return h
}

/// Final mixer (splitmix64).
@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
}

@inline(__always)
func feat(_ template: UInt64, _ a: UInt64) -> UInt64 {
    mix64(a ^ (template &* 0x9E37_79B9_7F4A_7C15))
}

@inline(__always)
func feat(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
    mix64((a &* 31) ^ (b &* 0xff51_afd7_ed55_8ccd) ^ (template &* 0x9E37_79B9_7F4A_7C15))
}

@inline(__always)
func feat(_ template: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
    mix64(
        (a &* 31) ^ (b &* 0xff51_afd7_ed55_8ccd) ^ (c &* 0xc4ce_b9fe_1a85_ec53)
            ^ (template &* 0x9E37_79B9_7F4A_7C15))
}

/// Combines token hashes into a sequence hash (for gazetteer phrases).
@inline(__always)
func seqHash(_ h: UInt64, _ next: UInt64) -> UInt64 { mix64(h &* 0x100_0000_01b3 ^ next) }
