// Byte-level tokenizer: works on the UTF-8 bytes of the text and tracks Unicode scalar offsets,
// so no String or Character is created per token.

/// Token flags (bit set).
enum TF {
    static let lineStart: UInt16 = 1
    static let cap: UInt16 = 2  // first scalar uppercase
    static let allCaps: UInt16 = 4  // has letters, none lowercase
    static let digit: UInt16 = 8  // contains a digit
    static let punct: UInt16 = 16  // punctuation token
    static let sentStart: UInt16 = 32
    static let lower: UInt16 = 64  // first scalar lowercase
    static let alpha: UInt16 = 128  // contains a letter
    static let paraStart: UInt16 = 256  // first token after a blank line (or of the text)
    static let lineAllCaps: UInt16 = 512  // the line has no lowercase word
    static let allDigit: UInt16 = 1024  // digits only (and , . connectors)
}

struct Token {
    var b0: Int32
    var b1: Int32
    var s0: Int32
    var s1: Int32
    var flags: UInt16
    var line: Int32

    @inline(__always) func has(_ f: UInt16) -> Bool { flags & f != 0 }
    var byteCount: Int { Int(b1 - b0) }
}

enum CharClass { case space, word, punct }

@inline(__always)
func decodeScalar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
    let c = p[i]
    if c < 0x80 { return (UInt32(c), 1) }
    let n = p.count
    if c < 0xE0 {
        guard i + 1 < n else { return (0xFFFD, 1) }
        return ((UInt32(c & 0x1F) << 6) | UInt32(p[i + 1] & 0x3F), 2)
    }
    if c < 0xF0 {
        guard i + 2 < n else { return (0xFFFD, 1) }
        return ((UInt32(c & 0x0F) << 12) | (UInt32(p[i + 1] & 0x3F) << 6) | UInt32(p[i + 2] & 0x3F), 3)
    }
    guard i + 3 < n else { return (0xFFFD, 1) }
    return (
        (UInt32(c & 0x07) << 18) | (UInt32(p[i + 1] & 0x3F) << 12) | (UInt32(p[i + 2] & 0x3F) << 6)
            | UInt32(p[i + 3] & 0x3F), 4
    )
}

@inline(__always)
func classOf(scalar v: UInt32) -> CharClass {
    if v < 0x80 {
        let c = UInt8(v)
        if c == 32 || (c >= 9 && c <= 13) { return .space }
        if (c >= 48 && c <= 57) || (c | 0x20 >= 97 && c | 0x20 <= 122) { return .word }
        if c < 32 || c == 127 { return .space }
        return .punct
    }
    switch v {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
        return .space
    case 0x80...0x9F: return .space
    case 0xA1...0xA9, 0xAB...0xB1, 0xB4, 0xB6...0xB8, 0xBB, 0xBF, 0xD7, 0xF7: return .punct
    case 0x2010...0x2027, 0x2030...0x205E, 0x3001...0x3003, 0x3008...0x3011, 0x20A0...0x20CF:
        return .punct
    default: return .word
    }
}

@inline(__always)
func isUpperScalar(_ v: UInt32) -> Bool {
    if v < 0x80 { return v >= 65 && v <= 90 }
    guard let u = Unicode.Scalar(v) else { return false }
    return u.properties.isUppercase
}

@inline(__always)
func isLowerScalar(_ v: UInt32) -> Bool {
    if v < 0x80 { return v >= 97 && v <= 122 }
    guard let u = Unicode.Scalar(v) else { return false }
    return u.properties.isLowercase
}

@inline(__always)
func isDigitByte(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

/// Abbreviations that keep their trailing period (lowercased, without the period).
let abbreviationHashes: FastSet = {
    let list =
        "mr mrs ms dr st jr sr inc corp co ltd gen lt col sgt capt gov sen rep prof mt ft vs no messrs bros "
        + "jan feb mar apr jun jul aug sep sept oct nov dec adm cmdr maj rev hon pres supt det insp ave blvd"
    return FastSet(hashedWords(list, 32))
}()

/// The words of the text as `len(text.split())` counts them (a word: a run of scalars that are not white
/// space: ASCII 9-13 and 32, and from U+00A0 on what `classOf` calls space). Eight ASCII bytes at a time:
/// each byte's "is space" flag in its top bit, a word starting wherever a non-space byte follows a space.
func wordCount(_ p: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = p.baseAddress else { return 0 }
    let n = p.count
    let high: UInt64 = 0x8080_8080_8080_8080
    var words = 0
    var inWord = false
    var i = 0
    while i < n {
        while i + 8 <= n {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if x & high != 0 { break }
            // bytes are < 0x80 here, so no per-byte sum below carries into the next byte
            let y = x ^ 0x2020_2020_2020_2020
            let is32 = ~(((y & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | y) & high
            let from9 = (x &+ 0x7777_7777_7777_7777) & high  // byte >= 9
            let from14 = (x &+ 0x7272_7272_7272_7272) & high  // byte >= 14
            let space = is32 | (from9 & ~from14)
            let nonSpace = ~space & high
            let spaceBefore = (space << 8) | (inWord ? 0 : 0x80)
            words &+= (nonSpace & spaceBefore).nonzeroBitCount
            inWord = nonSpace >> 63 != 0
            i += 8
        }
        guard i < n else { break }
        let c = base[i]
        var space: Bool
        if c < 0x80 {
            space = c == 32 || (c >= 9 && c <= 13)
            i += 1
        } else {
            let (v, l) = decodeScalar(p, i)
            space = classOf(scalar: v) == .space && v >= 0xA0
            i += l
        }
        if !space && !inWord { words += 1 }
        inWord = !space
    }
    return words
}

/// Splits text bytes into tokens.
func tokenize(_ p: UnsafeBufferPointer<UInt8>) -> [Token] {
    var tokens = TokenBuffer(capacity: p.count / 5 + 4)
    defer { tokens.free() }
    let n = p.count
    var i = 0
    var s: Int32 = 0
    var newlines = 2  // start of text counts as paragraph start
    var line: Int32 = 0

    // (the state goes in and out as arguments: a nested function capturing these vars would check
    // exclusive access to them at run time on every token)
    @inline(__always) func push(
        _ tokens: inout TokenBuffer, _ newlines: inout Int, _ line: Int32,
        _ b0: Int, _ b1: Int, _ s0: Int32, _ s1: Int32, _ punct: Bool
    ) {
        var f: UInt16 = punct ? TF.punct : 0
        if newlines > 0 { f |= TF.lineStart }
        if newlines > 1 { f |= TF.paraStart }
        newlines = 0
        tokens.append(Token(b0: Int32(b0), b1: Int32(b1), s0: s0, s1: s1, flags: f, line: line))
    }

    while i < n {
        let c = p[i]
        var v: UInt32
        var len: Int
        if c < 0x80 {
            v = UInt32(c)
            len = 1
        } else {
            (v, len) = decodeScalar(p, i)
        }
        let cls = classOf(scalar: v)
        if cls == .space {
            if c == 10 {
                newlines += 1
                line += 1
            } else if c == 13 {
                if !(i + 1 < n && p[i + 1] == 10) {
                    newlines += 1
                    line += 1
                }
            } else if v == 0x2028 || v == 0x2029 || v == 0x85 {
                newlines += 1
                line += 1
            }
            i += len
            s += 1
            continue
        }
        if cls == .punct {
            // "'s" / "’s" possessive token
            if c == 39 || v == 0x2019 {
                let j = i + len
                if j < n, p[j] == 115 || p[j] == 83 {
                    let k = j + 1
                    var endOK = k >= n
                    if !endOK {
                        let (v2, _) = decodeScalar(p, k)
                        endOK = classOf(scalar: v2) != .word
                    }
                    if endOK {
                        push(&tokens, &newlines, line, i, k, s, s + 2, false)
                        i = k
                        s += 2
                        continue
                    }
                }
            }
            // runs of '.' or '-' are one token
            if c == 46 || c == 45 {
                var j = i + 1
                while j < n, p[j] == c { j += 1 }
                push(&tokens, &newlines, line, i, j, s, s + Int32(j - i), true)
                s += Int32(j - i)
                i = j
                continue
            }
            push(&tokens, &newlines, line, i, i + len, s, s + 1, true)
            i += len
            s += 1
            continue
        }
        // word token
        let b0 = i
        let s0 = s
        var hasDot = false
        var lastDigit = isDigitByte(c)
        var lastLetter = !lastDigit
        i += len
        s += 1
        while i < n {
            let c2 = p[i]
            if c2 < 0x80 {
                if isDigitByte(c2) || (c2 | 0x20 >= 97 && c2 | 0x20 <= 122) {
                    lastDigit = isDigitByte(c2)
                    lastLetter = !lastDigit
                    i += 1
                    s += 1
                    continue
                }
                // connectors
                guard i + 1 < n else { break }
                let nx = p[i + 1]
                let (nv, nl) = nx < 0x80 ? (UInt32(nx), 1) : decodeScalar(p, i + 1)
                let nextWord = classOf(scalar: nv) == .word
                if !nextWord { break }
                let nextDigit = isDigitByte(nx)
                var join = false
                switch c2 {
                case 45, 38, 47: join = true  // - & /
                case 46: join = true; hasDot = true  // .
                case 44, 58: join = lastDigit && nextDigit  // , :
                case 39:
                    // possessive 's ends the word; O'Neill joins
                    if (nx == 115 || nx == 83) && lastLetter {
                        let k = i + 2
                        var endOK = k >= n
                        if !endOK {
                            let (v3, _) = decodeScalar(p, k)
                            endOK = classOf(scalar: v3) != .word
                        }
                        join = !endOK
                    } else {
                        join = lastLetter && !nextDigit
                    }
                default: join = false
                }
                if !join { break }
                i += 1 + nl
                s += 2
                lastDigit = nextDigit
                lastLetter = !nextDigit
                continue
            }
            let (v2, l2) = decodeScalar(p, i)
            let cl2 = classOf(scalar: v2)
            if cl2 == .word {
                lastDigit = false
                lastLetter = true
                i += l2
                s += 1
                continue
            }
            if v2 == 0x2019, i + l2 < n {
                // ’ inside a word: same rule as '
                let nx = p[i + l2]
                let (nv, nl) = nx < 0x80 ? (UInt32(nx), 1) : decodeScalar(p, i + l2)
                guard classOf(scalar: nv) == .word, lastLetter else { break }
                if nx == 115 || nx == 83 {
                    let k = i + l2 + 1
                    var endOK = k >= n
                    if !endOK {
                        let (v3, _) = decodeScalar(p, k)
                        endOK = classOf(scalar: v3) != .word
                    }
                    if endOK { break }
                }
                i += l2 + nl
                s += 2
                continue
            }
            break
        }
        // absorb a trailing period for abbreviations and initials
        if i < n, p[i] == 46, !(i + 1 < n && p[i + 1] == 46) {
            let wlen = i - b0
            var absorb = false
            if hasDot && wlen <= 8 {
                absorb = true
            } else if wlen == 1 && p[b0] >= 65 && p[b0] <= 90 {
                absorb = true
            } else if wlen <= 5 {
                absorb = abbreviationHashes.contains(fnvLower(UnsafeBufferPointer(rebasing: p[b0..<i])))
            }
            if absorb {
                i += 1
                s += 1
            }
        }
        push(&tokens, &newlines, line, b0, i, s0, s, false)
    }
    let found = UnsafeMutableBufferPointer(start: tokens.base, count: tokens.count)
    computeFlags(p, found)
    return Array(found)
}

/// Tokens as the tokenizer finds them, in plain growable memory (appending to an array called two
/// functions per token).
struct TokenBuffer {
    private(set) var base: UnsafeMutablePointer<Token>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ t: Token) {
        if count == capacity { grow() }
        (base + count).initialize(to: t)
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Token>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    func free() { base.deallocate() }
}

/// The case and digit flags of a word of `count` (1...8) ASCII bytes, the first `count` bytes of `x`
/// (little-endian), eight at a time; nil when one of them is not ASCII. The same as `computeFlags`'
/// byte loop: cap/lower from the first byte, alpha, allCaps, digit, allDigit (digits and , . only).
@inline(__always)
func asciiWordFlags(_ x: UInt64, _ count: Int) -> UInt16? {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    let valid = count >= 8 ? high : high & ((1 << UInt64(8 * count)) &- 1)
    if x & valid != 0 { return nil }
    // bytes < 0x80: byte + (128 - lo) has its top bit set when byte >= lo, and carries into no other
    let y = x & 0x7F7F_7F7F_7F7F_7F7F
    let upper = (y &+ 63 &* ones) & ~(y &+ 37 &* ones) & valid  // >= 65 ('A'), not >= 91
    let lower = (y &+ 31 &* ones) & ~(y &+ 5 &* ones) & valid  // >= 97 ('a'), not >= 123
    let digit = (y &+ 80 &* ones) & ~(y &+ 70 &* ones) & valid  // >= 48 ('0'), not >= 58
    let comma = y ^ (44 &* ones)
    let dot = y ^ (46 &* ones)
    let zeroByte = ~((comma &+ 0x7F7F_7F7F_7F7F_7F7F) | comma) | ~((dot &+ 0x7F7F_7F7F_7F7F_7F7F) | dot)
    let digitOrMark = digit | (zeroByte & valid)
    var f: UInt16 = 0
    if upper & 0x80 != 0 { f |= TF.cap }
    if lower & 0x80 != 0 { f |= TF.lower }
    if upper | lower != 0 { f |= TF.alpha }
    if upper != 0 && lower == 0 { f |= TF.allCaps }
    if digit != 0 {
        f |= TF.digit
        if digitOrMark == valid { f |= TF.allDigit }
    }
    return f
}

/// Fills case/digit/sentence flags.
func computeFlags(_ p: UnsafeBufferPointer<UInt8>, _ tokenArray: inout [Token]) {
    // through a buffer pointer: an array element written back checks uniqueness each time
    tokenArray.withUnsafeMutableBufferPointer { computeFlags(p, $0) }
}

func computeFlags(_ p: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeMutableBufferPointer<Token>) {
    let count = tokens.count
    var lineFirst = 0
    var lineHasLower = false
    var prevEndsSentence = true
    for t in 0..<count {
        var tok = tokens[t]
        if tok.has(TF.lineStart) {
            if t > 0 && !lineHasLower {
                for k in lineFirst..<t { tokens[k].flags |= TF.lineAllCaps }
            }
            lineFirst = t
            lineHasLower = false
        }
        let b0 = Int(tok.b0)
        let b1 = Int(tok.b1)
        if !tok.has(TF.punct), b1 - b0 <= 8, b0 + 8 <= p.count,
            let f = asciiWordFlags(UnsafeRawPointer(p.baseAddress! + b0).loadUnaligned(as: UInt64.self), b1 - b0)
        {
            tok.flags |= f
            // a lowercase letter somewhere: a letter, and not all capitals
            if f & TF.alpha != 0 && f & TF.allCaps == 0 && tok.byteCount > 1 { lineHasLower = true }
        } else if !tok.has(TF.punct) {
            var hasUpper = false
            var hasLower = false
            var hasDigit = false
            var allDigit = true
            var first = true
            var i = b0
            while i < b1 {
                let c = p[i]
                var v = UInt32(c)
                var l = 1
                if c >= 0x80 { (v, l) = decodeScalar(p, i) }
                let up = isUpperScalar(v)
                let lo = !up && isLowerScalar(v)
                if first {
                    if up { tok.flags |= TF.cap }
                    if lo { tok.flags |= TF.lower }
                    first = false
                }
                if up { hasUpper = true }
                if lo { hasLower = true }
                if c >= 48 && c <= 57 {
                    hasDigit = true
                } else if c != 44 && c != 46 {
                    allDigit = false
                }
                i += l
            }
            if hasUpper || hasLower { tok.flags |= TF.alpha }
            if hasUpper && !hasLower { tok.flags |= TF.allCaps }
            if hasDigit { tok.flags |= TF.digit }
            if hasDigit && allDigit { tok.flags |= TF.allDigit }
            if hasLower && tok.byteCount > 1 { lineHasLower = true }
        }
        if prevEndsSentence || tok.has(TF.lineStart) { tok.flags |= TF.sentStart }
        // sentence end: . ! ? (possibly followed by closing quotes)
        if tok.has(TF.punct) {
            let c = p[b0]
            if c == 46 || c == 33 || c == 63 {
                prevEndsSentence = true
            } else if c == 34 || c == 39 || (c == 0xE2 && b1 - b0 == 3) || c == 41 {
                // keep previous state for quotes and closing brackets
                if !prevEndsSentence { prevEndsSentence = false }
            } else {
                prevEndsSentence = false
            }
        } else {
            prevEndsSentence = false
        }
        tokens[t] = tok
    }
    if count > 0 && !lineHasLower {
        for k in lineFirst..<count { tokens[k].flags |= TF.lineAllCaps }
    }
}
