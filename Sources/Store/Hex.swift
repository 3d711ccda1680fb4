/// Lowercase hexadecimal digits, without a lookup table to allocate.
public enum Hex {
    /// The ASCII digit for a value 0...15.
    @inline(__always)
    public static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ 48 : nibble &+ 87
    }

    /// Appends the two digits of `byte`.
    @inline(__always)
    public static func append(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(digit(byte >> 4))
        out.append(digit(byte & 0xF))
    }
}
