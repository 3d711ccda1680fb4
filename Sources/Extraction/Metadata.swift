// Article metadata (title, published date, dateline, authors, source) and boilerplate regions.
// Rules written for this project (MIT licence).

struct ArticleInfo {
    var title: String?
    var published: String?
    var dateline: String?
    var authors: [String] = []
    var source: String?
    /// Scalar ranges of site chrome and teasers for other stories.
    var boilerplate: [(Int, Int)] = []
}

struct TextLine {
    var b0: Int
    var b1: Int
    var s0: Int
    var s1: Int
}

enum MetaLex {
    static let chrome: [String] = [
        "connect with us", "share this article", "share this", "share", "share this story", "share on facebook",
        "share on twitter", "hi, what are you looking for?", "what are you looking for?", "follow us",
        "follow us on", "subscribe", "subscribe now", "advertisement", "sponsored", "leave a reply",
        "leave a comment", "print", "email", "tweet", "facebook", "twitter", "whatsapp", "linkedin", "telegram",
        "menu", "home", "search", "skip to content", "sign in", "log in", "login", "newsletter", "comments",
        "tags", "previous article", "next article", "previous post", "next post", "click here", "back to top",
        "all rights reserved", "accept", "cookies", "loading...", "read more", "continue reading", "show more",
        "load more", "close", "toggle navigation", "main menu", "categories", "archives", "popular posts",
    ]
    static let teasers: [String] = [
        "you may also like", "you might also like", "also read", "read also", "related", "related articles",
        "related posts", "related news", "related stories", "related content", "more from", "more stories",
        "recommended", "recommended for you", "most read", "most popular", "latest news", "trending",
        "see also", "more news", "don't miss", "read next", "further reading", "also see",
    ]
    static let chromeHashes = FastSet(chrome.map { fnv(Array($0.utf8)) })
    /// Words of a row of share buttons: "Facebook Twitter WhatsApp", "Share | Email | Print".
    static let shareWords = FastSet(
        [
            "facebook", "twitter", "x", "whatsapp", "linkedin", "telegram", "email", "e-mail", "print", "reddit",
            "pinterest", "messenger", "copy", "link", "share", "tweet", "flipboard", "threads", "bluesky",
        ].map { fnv(Array($0.utf8)) })
    /// Line openings of photo credits and sign-offs: "Photo: Getty Images", "Our Standards: ...".
    static let credits: [[UInt8]] = [
        "photo:", "photos:", "image:", "images:", "picture:", "photograph:", "file photo:", "credit:",
        "image credit:", "photo credit:", "our standards:", "tags:", "topics:", "keywords:", "filed under:",
        "categories:", "follow us", "subscribe to", "sign up for", "copyright", "©", "all rights reserved",
        "read more:", "see more:", "watch:", "listen:",
    ].map { Array($0.utf8) }

    /// A line of two or more share-button words and separators, nothing else (`line` lowercased).
    static func isShareButtons(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var words = 0
        var start = -1
        for i in 0...line.count {
            let c = i < line.count ? line[i] : 32
            let separator = c == 32 || c == 124 || c == 44 || c == 47 || c == 9
            if separator {
                if start >= 0 {
                    guard shareWords.contains(fnv(UnsafeBufferPointer(rebasing: line[start..<i]))) else { return false }
                    words += 1
                    start = -1
                }
            } else if start < 0 {
                start = i
            }
        }
        return words >= 2
    }

    /// "Follow Trend on Telegram", "Follow us on X": a short line (lowercased) that starts with "follow"
    /// and names a social network.
    static func isFollowUs(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.first == UInt8(ascii: "f") else { return false }
        let follow = Array("follow ".utf8)
        guard line.count > follow.count, line.count <= 60, zip(follow, line).allSatisfy({ $0 == $1 }) else {
            return false
        }
        let text = Array(line)
        return networks.contains { name in
            name.count <= text.count
                && (0...(text.count - name.count)).contains { at in
                    text[at..<(at + name.count)].elementsEqual(name)
                }
        }
    }
    static let networks: [[UInt8]] = [
        "telegram", "twitter", " on x", "facebook", "instagram", "whatsapp", "youtube", "linkedin",
        "google news", "tiktok", "threads",
    ].map { Array($0.utf8) }

    /// Whether the (lowercased) line opens with a photo credit or sign-off label.
    static func isCredit(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        return creditsByFirstByte[Int(first)].contains { label in
            label.count <= line.count && zip(label, line).allSatisfy { $0 == $1 }
        }
    }
    /// `credits` by their first byte (most lines start with a byte no label starts with).
    static let creditsByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for label in credits { table[Int(label[0])].append(label) }
        return table
    }()
    static let teaserBytes: [[UInt8]] = teasers.map { Array($0.utf8) }.sorted { $0.count > $1.count }
    /// `teaserBytes` by their first byte, longest first as there (a line starting with a byte no marker
    /// starts with is compared with none).
    static let teasersByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for marker in teaserBytes { table[Int(marker[0])].append(marker) }
        return table
    }()
    /// Month names and their numbers (pairs, not a `Dictionary`: its type was looked up by the runtime at
    /// every start, ~0.5 M instructions, for 24 names).
    static let months: [(String, Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12), ("jan", 1),
        ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9), ("sept", 9),
        ("oct", 10), ("nov", 11), ("dec", 12),
    ]
    /// The number of the month `name` (lowercase), if it is one.
    static func month(_ name: String) -> Int? { months.first { $0.0 == name }?.1 }
    /// `months` as bytes.
    static let monthBytes: [([UInt8], Int)] = months.map { (Array($0.0.utf8), $0.1) }
    /// (An array: a `Set<String>` costs the runtime a scan of every protocol conformance when first made.)
    static let nameTitles: [String] = [
        "lieutenant", "colonel", "lt", "col", "dr", "prof", "professor", "mr", "mrs", "ms", "general", "gen",
        "major", "maj", "captain", "capt", "brigadier", "retd", "ambassador", "sir", "dame", "rev", "senator",
        "admiral", "commander", "air", "marshal", "vice", "chief", "eng", "engr", "barrister", "justice",
    ]
}

func isCapitalized(_ w: Substring) -> Bool {
    guard let f = w.unicodeScalars.first else { return false }
    return f.properties.isUppercase
}

/// Whether the bytes hold four digits in a row (every date form parsed here has a year).
func hasYearDigits<C: Collection>(_ u: C) -> Bool where C.Element == UInt8 {
    var run = 0
    for b in u {
        if b >= 48 && b <= 57 {
            run += 1
            if run >= 4 { return true }
        } else {
            run = 0
        }
    }
    return false
}

/// Whether the bytes contain "By " or "by ".
func containsBy(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    while i + 2 < u.count {
        if (u[i] == 66 || u[i] == 98) && u[i + 1] == 121 && u[i + 2] == 32 && (i == 0 || u[i - 1] == 32) { return true }
        i += 1
    }
    return false
}

/// `hasYearDigits(u) || containsBy(u)` in one pass over the bytes.
func hasYearDigitsOrBy(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
    var run = 0
    let n = u.count
    for i in 0..<n {
        let b = u[i]
        if b &- 48 < 10 {
            run += 1
            if run >= 4 { return true }
            continue
        }
        run = 0
        // "By " / "by " at the start or after a space: found at its "y"
        if b == 121 && i >= 1 && i + 1 < n && u[i + 1] == 32 && (u[i - 1] == 66 || u[i - 1] == 98)
            && (i == 1 || u[i - 2] == 32)
        {
            return true
        }
    }
    return false
}

/// Whether "By" or "by" stands in the bytes as a word of its own between spaces (or the ends).
func hasWordBy(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = u.count
    var j = 1
    while j < n {
        if u[j] == 121 && (u[j - 1] == 66 || u[j - 1] == 98) && (j == 1 || u[j - 2] == 32)
            && (j + 1 == n || u[j + 1] == 32)
        {
            return true
        }
        j += 1
    }
    return false
}

/// Finds a calendar date in a string; returns yyyy-mm-dd.
func findDate(_ s: String) -> String? {
    guard hasYearDigits(s.utf8) else { return nil }
    // ASCII text (nearly every header line) is read byte by byte; other text by Characters
    let ascii: String?? = withUTF8Bytes(s) { u in u.allSatisfy { $0 < 0x80 } ? .some(findDateASCII(u)) : .none }
    if let found = ascii { return found }
    return findDateCharacters(s)
}

/// `findDate` by Characters (any text).
func findDateCharacters(_ s: String) -> String? {
    let words = s.split(whereSeparator: { " ,\t()[]|:;".contains($0) }).map { Substring($0) }
    func day(_ w: Substring) -> Int? {
        let u = Array(w.utf8)
        guard let f = u.first, f >= 48 && f <= 57 else { return nil }
        var v = 0
        var k = 0
        while k < u.count && k < 3 && u[k] >= 48 && u[k] <= 57 {
            v = v * 10 + Int(u[k] - 48)
            k += 1
        }
        guard k <= 2, v >= 1, v <= 31 else { return nil }
        let rest = u[k...].map { asciiLower($0) }
        if rest.isEmpty || rest == [46] || rest == [115, 116] || rest == [110, 100] || rest == [114, 100]
            || rest == [116, 104]
        {
            return v
        }
        return nil
    }
    func year(_ w: Substring) -> Int? {
        var u = Array(w.utf8)
        if u.last == 46 { u.removeLast() }
        guard u.count == 4, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let v = u.reduce(0) { $0 * 10 + Int($1 - 48) }
        return v >= 1900 && v <= 2199 ? v : nil
    }
    func month(_ w: Substring) -> Int? {
        guard let f = w.utf8.first, f >= 65 && f <= 122, w.utf8.count >= 3, w.utf8.count <= 10 else { return nil }
        var x = w.lowercased()
        if x.hasSuffix(".") { x.removeLast() }
        return MetaLex.month(x)
    }
    for (i, w) in words.enumerated() {
        // ISO yyyy-mm-dd
        guard let f = w.utf8.first, (f >= 48 && f <= 57) || (f >= 65 && f <= 90) else { continue }
        let parts = f <= 57 && w.utf8.count == 10 ? w.split(separator: "-") : []
        if parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            y >= 1900, y <= 2199, (1...12).contains(m), (1...31).contains(d)
        {
            return isoDate(y, m, d)
        }
        // d month yyyy
        if let d = day(w), i + 2 < words.count, let m = month(words[i + 1]), let y = year(words[i + 2]) {
            return isoDate(y, m, d)
        }
        if let d = day(w), i + 3 < words.count, words[i + 1].lowercased() == "of", let m = month(words[i + 2]),
            let y = year(words[i + 3])
        {
            return isoDate(y, m, d)
        }
        // month d yyyy
        if let m = month(w), isCapitalized(w), i + 2 < words.count, let d = day(words[i + 1]),
            let y = year(words[i + 2])
        {
            return isoDate(y, m, d)
        }
    }
    return nil
}

func isoDate(_ y: Int, _ m: Int, _ d: Int) -> String {
    let mm = m < 10 ? "0\(m)" : "\(m)"
    let dd = d < 10 ? "0\(d)" : "\(d)"
    return "\(y)-\(mm)-\(dd)"
}

/// `findDateCharacters` for ASCII bytes, without building Strings: in ASCII text every Character is
/// one byte (but CR LF, which is never a separator here and never part of a number or month name).
func findDateASCII(_ u: UnsafeBufferPointer<UInt8>) -> String? {
    // words: runs of bytes between the separators " ,\t()[]|:;"
    var words: [Range<Int>] = []
    var i = 0
    while i < u.count {
        while i < u.count && isDateSeparator(u[i]) { i += 1 }
        let a = i
        while i < u.count && !isDateSeparator(u[i]) { i += 1 }
        if i > a { words.append(a..<i) }
    }
    func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    func day(_ w: Range<Int>) -> Int? {
        guard isDigit(u[w.lowerBound]) else { return nil }
        var v = 0
        var k = w.lowerBound
        while k < w.upperBound && k < w.lowerBound + 3 && isDigit(u[k]) {
            v = v * 10 + Int(u[k] - 48)
            k += 1
        }
        guard k - w.lowerBound <= 2, v >= 1, v <= 31 else { return nil }
        let rest = w.upperBound - k
        if rest == 0 || (rest == 1 && u[k] == 46) { return v }
        if rest == 2 {
            let a = asciiLower(u[k])
            let b = asciiLower(u[k + 1])
            if (a == 115 && b == 116) || (a == 110 && b == 100) || (a == 114 && b == 100) || (a == 116 && b == 104) {
                return v
            }
        }
        return nil
    }
    func year(_ w: Range<Int>) -> Int? {
        var e = w.upperBound
        if u[e - 1] == 46 { e -= 1 }
        guard e - w.lowerBound == 4 else { return nil }
        var v = 0
        for k in w.lowerBound..<e {
            guard isDigit(u[k]) else { return nil }
            v = v * 10 + Int(u[k] - 48)
        }
        return v >= 1900 && v <= 2199 ? v : nil
    }
    func month(_ w: Range<Int>) -> Int? {
        let f = u[w.lowerBound]
        guard f >= 65 && f <= 122, w.count >= 3, w.count <= 10 else { return nil }
        var e = w.upperBound
        if u[e - 1] == 46 { e -= 1 }
        for (name, m) in MetaLex.monthBytes where name.count == e - w.lowerBound {
            var same = true
            for k in 0..<name.count where asciiLower(u[w.lowerBound + k]) != name[k] {
                same = false
                break
            }
            if same { return m }
        }
        return nil
    }
    /// `Int(_:)` of the bytes: an optional "+" (a "-" never gets here), then decimal digits.
    func integer(_ a: Int, _ b: Int) -> Int? {
        var k = a
        if k < b && u[k] == 43 { k += 1 }
        guard k < b else { return nil }
        var v = 0
        while k < b {
            guard isDigit(u[k]) else { return nil }
            v = v * 10 + Int(u[k] - 48)
            k += 1
        }
        return v
    }
    for (i, w) in words.enumerated() {
        let f = u[w.lowerBound]
        guard isDigit(f) || (f >= 65 && f <= 90) else { continue }
        // ISO yyyy-mm-dd
        if f <= 57 && w.count == 10 {
            var parts: [(Int, Int)] = []
            var k = w.lowerBound
            while k < w.upperBound {
                while k < w.upperBound && u[k] == 45 { k += 1 }
                let a = k
                while k < w.upperBound && u[k] != 45 { k += 1 }
                if k > a { parts.append((a, k)) }
            }
            if parts.count == 3, parts[0].1 - parts[0].0 == 4, let y = integer(parts[0].0, parts[0].1),
                let m = integer(parts[1].0, parts[1].1), let d = integer(parts[2].0, parts[2].1),
                y >= 1900, y <= 2199, (1...12).contains(m), (1...31).contains(d)
            {
                return isoDate(y, m, d)
            }
        }
        // d month yyyy
        if let d = day(w), i + 2 < words.count, let m = month(words[i + 1]), let y = year(words[i + 2]) {
            return isoDate(y, m, d)
        }
        if let d = day(w), i + 3 < words.count, words[i + 1].count == 2,
            asciiLower(u[words[i + 1].lowerBound]) == 111, asciiLower(u[words[i + 1].lowerBound + 1]) == 102,
            let m = month(words[i + 2]), let y = year(words[i + 3])
        {
            return isoDate(y, m, d)
        }
        // month d yyyy
        if f >= 65 && f <= 90, let m = month(w), i + 2 < words.count, let d = day(words[i + 1]),
            let y = year(words[i + 2])
        {
            return isoDate(y, m, d)
        }
    }
    return nil
}

/// Runs `body` on the UTF-8 bytes of `s` (in place when the string is contiguous, as native ones are).
@inline(__always)
func withUTF8Bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(body)
}

/// `s.split(separator: " ")`, found on the UTF-8 bytes when every space has ASCII on both sides (then
/// each space is a Character of its own: only non-ASCII scalars combine with a neighbour).
func spaceSeparatedWords(_ s: String) -> [Substring] { splitOnASCII(s, 32) }

/// The first `n` of `spaceSeparatedWords(s)` (all of them when there are no more), without
/// splitting the rest of a long line: the first words of a prefix cut at a space after `n + 2` runs of
/// non-space bytes (the whole line when a space and a combining mark after it made one Character there).
func leadingWords(_ s: String, _ n: Int) -> [Substring] {
    let cut: Int? = withUTF8Bytes(s) { u in
        var runs = 0
        var i = 0
        while i < u.count {
            while i < u.count && u[i] == 32 { i += 1 }
            guard i < u.count else { return nil }
            runs += 1
            while i < u.count && u[i] != 32 { i += 1 }
            if runs == n + 2 && i < u.count { return i }
        }
        return nil
    }
    guard let cut else { return Array(spaceSeparatedWords(s).prefix(n)) }
    let prefix = String(s.utf8.prefix(cut))!
    let words = spaceSeparatedWords(prefix)
    // fewer words than runs: a space joined a combining mark after it into one Character somewhere
    guard words.count == n + 2 else { return Array(spaceSeparatedWords(s).prefix(n)) }
    return Array(words.prefix(n))
}

/// `s.split(separator: Character(Unicode.Scalar(separator)))` for an ASCII separator other than CR and
/// LF, found on the UTF-8 bytes when every separator has ASCII on both sides (then each is a Character of
/// its own); by Characters otherwise.
func splitOnASCII(_ s: String, _ separator: UInt8) -> [Substring] {
    // each word's start and end, side by side in one [Int] (an array of `Range<Int>` costs the runtime
    // a scan of every protocol conformance in the binary the first time one is made)
    let bounds: [Int]? = withUTF8Bytes(s) { u in
        var out: [Int] = []
        var i = 0
        while i < u.count {
            if u[i] == separator {
                if (i > 0 && u[i - 1] >= 0x80) || (i + 1 < u.count && u[i + 1] >= 0x80) { return nil }
                i += 1
                continue
            }
            let a = i
            while i < u.count && u[i] != separator { i += 1 }
            out.append(a)
            out.append(i)
        }
        return out
    }
    guard let bounds else { return s.split(separator: Character(Unicode.Scalar(separator))) }
    let base = s.utf8.startIndex
    var words: [Substring] = []
    words.reserveCapacity(bounds.count / 2)
    for k in stride(from: 0, to: bounds.count, by: 2) {
        words.append(s[s.utf8.index(base, offsetBy: bounds[k])..<s.utf8.index(base, offsetBy: bounds[k + 1])])
    }
    return words
}

/// `words.joined(separator: " ")`, without the generic `joined` (which the runtime resolves, a scan of
/// every protocol conformance in the binary, the first time).
func spaceJoined(_ words: [Substring]) -> String {
    var out = ""
    for (k, w) in words.enumerated() {
        if k > 0 { out.append(" ") }
        out.append(contentsOf: w)
    }
    return out
}

/// `splitOnASCII(s, separator).map { fnvLower(String($0)) }`: each word's lowercased hash, taken on the
/// bytes without making the words when every separator has ASCII on both sides (the lexicons built at
/// every start-up).
func hashedWords(_ s: String, _ separator: UInt8) -> [UInt64] {
    let direct: [UInt64]? = withUTF8Bytes(s) { u in
        var out: [UInt64] = []
        var i = 0
        while i < u.count {
            if u[i] == separator {
                if (i > 0 && u[i - 1] >= 0x80) || (i + 1 < u.count && u[i + 1] >= 0x80) { return nil }
                i += 1
                continue
            }
            var h = fnvOffset
            while i < u.count && u[i] != separator {
                h = (h ^ UInt64(asciiLower(u[i]))) &* fnvPrime
                i += 1
            }
            out.append(h)
        }
        return out
    }
    return direct ?? splitOnASCII(s, separator).map { fnvLower(String($0)) }
}

/// `w.count > 1 && w.allSatisfy { $0.isUppercase || $0 == "-" || $0 == "." }`, on the bytes when they are
/// ASCII (where only A-Z are uppercase Characters, and CR LF, the one two-byte Character, fails anyway).
func isCapsWord(_ w: Substring) -> Bool {
    var ascii = true
    var caps = true
    for b in w.utf8 {
        if b >= 0x80 {
            ascii = false
            break
        }
        if !((b >= 65 && b <= 90) || b == 45 || b == 46) { caps = false }
    }
    if ascii { return caps && w.utf8.count > 1 }
    return w.count > 1 && w.allSatisfy({ $0.isUppercase || $0 == "-" || $0 == "." })
}

/// Whether one of the eight bytes of `x` is zero (exact: a borrow only runs on from a zero byte).
@inline(__always) func hasZeroByte(_ x: UInt64) -> Bool {
    (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
}

/// `w.hasSuffix(String(UnicodeScalar(c)))` for an ASCII byte `c` that combines with nothing after it:
/// false at once when the last byte is not `c` (then the last Character cannot be `c`), else asked of
/// the Characters (a Prepend scalar before it makes one Character of the two).
@inline(__always) func endsWithASCII(_ w: Substring, _ c: UInt8) -> Bool {
    guard w.utf8.last == c else { return false }
    return w.hasSuffix(String(UnicodeScalar(c)))
}

@inline(__always) func isDateSeparator(_ c: UInt8) -> Bool {
    c == 32 || c == 44 || c == 9 || c == 40 || c == 41 || c == 91 || c == 93 || c == 124 || c == 58 || c == 59
}

/// `s.firstIndex(of: Character(c))` for an ASCII byte `c` in a logical line (no line breaks), when
/// a match after the first `within` Characters is of no use (then nil may be returned instead). Read
/// by bytes while they are ASCII: there a byte is a Character (and the match is one when the byte
/// after it is ASCII too); by Characters otherwise.
func firstIndexInLine(of c: UInt8, in s: String, within: Int = Int.max) -> String.Index? {
    let k: Int?? = withUTF8Bytes(s) { u in
        var i = 0
        while i < u.count && i < within {
            if u[i] >= 0x80 { return .none }
            if u[i] == c { return i + 1 < u.count && u[i + 1] >= 0x80 ? .none : .some(i) }
            i += 1
        }
        return .some(nil)
    }
    guard let k else { return s.firstIndex(of: Character(Unicode.Scalar(c))) }
    return k.map { s.utf8.index(s.utf8.startIndex, offsetBy: $0) }
}

struct Metadata {
    let p: UnsafeBufferPointer<UInt8>
    let tokens: [Token]

    func lines() -> [TextLine] {
        var out: [TextLine] = []
        let n = p.count
        guard let base = p.baseAddress, n > 0 else { return [TextLine(b0: 0, b1: 0, s0: 0, s1: 0)] }
        var start = 0
        var sStart = 0
        while true {
            // the next line break, and the line's scalars: its bytes less its continuation bytes (10xxxxxx),
            // eight bytes at a time while none of them is a line break
            var end = start
            var continuation = 0
            while end + 8 <= n {
                let x = UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self)
                if hasZeroByte(x ^ 0x0A0A_0A0A_0A0A_0A0A) { break }
                continuation &+= (x & ~(x << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                end += 8
            }
            while end < n && base[end] != 10 {
                continuation &+= base[end] & 0xC0 == 0x80 ? 1 : 0
                end += 1
            }
            let s = sStart + (end - start) - continuation
            // trim
            var a = start
            var sa = sStart
            var b = end
            var sb = s
            while a < b, base[a] == 32 || base[a] == 9 || base[a] == 13 {
                a += 1
                sa += 1
            }
            while b > a, base[b - 1] == 32 || base[b - 1] == 9 || base[b - 1] == 13 {
                b -= 1
                sb -= 1
            }
            out.append(TextLine(b0: a, b1: b, s0: sa, s1: sb))
            if end == n { break }
            start = end + 1
            sStart = s + 1
        }
        return out
    }

    func str(_ l: TextLine) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[l.b0..<l.b1]), as: UTF8.self)
    }

    /// Lowercased text without markdown emphasis, trailing colon and spaces.
    func cleaned(_ s: String) -> String {
        var t = s.filter { $0 != "*" && $0 != "#" && $0 != "_" }.lowercased()
        while let l = t.last, l == ":" || l == " " || l == "\u{00A0}" { t.removeLast() }
        while let f = t.first, f == " " || f == "\u{00A0}" { t.removeFirst() }
        return t
    }

    /// Cheap byte test for "Author:"/"Written by" at the start or "writes " inside a line.
    func hasAuthorCue(_ l: TextLine) -> Bool {
        var a = l.b0
        while a < l.b1 && (p[a] == 42 || p[a] == 32) { a += 1 }
        if l.b1 - a >= 7 {
            let w = (asciiLower(p[a]), asciiLower(p[a + 1]), asciiLower(p[a + 2]))
            if w == (97, 117, 116) || w == (119, 114, 105) || w == (114, 101, 112) || w == (40, 114, 101) {
                return true  // aut, wri, rep, (re
            }
        }
        // "writes " anywhere in the line: eight bytes at a time past those with no "w" (most lines are
        // prose with no such word)
        guard let base = p.baseAddress else { return false }
        var i = l.b0
        while i + 7 <= l.b1 {
            if i + 8 <= l.b1 {
                let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if !hasZeroByte(x ^ 0x7777_7777_7777_7777) {
                    i += 8
                    continue
                }
            }
            if p[i] == 119 && p[i + 1] == 114 && p[i + 2] == 105 && p[i + 3] == 116 && p[i + 4] == 101
                && p[i + 5] == 115 && p[i + 6] == 32
            {
                return true
            }
            i += 1
        }
        return false
    }

    func personName(after words: ArraySlice<Substring>) -> [String] {
        var names: [String] = []
        var cur: [Substring] = []
        var started = false
        for raw in words {
            var w = raw
            var stop = false
            if w.hasPrefix("(") { break }
            if w.hasSuffix(",") || w.hasSuffix(";") || w.hasSuffix("|") {
                w = w.dropLast()
                stop = true
            }
            let bare = w.lowercased().filter { $0 != "." && $0 != "(" && $0 != ")" }
            if !started && MetaLex.nameTitles.contains(bare) {
                if stop { break }
                continue
            }
            if w == "and" || w == "&" {
                if !cur.isEmpty { names.append(spaceJoined(cur)) }
                cur = []
                continue
            }
            guard isCapitalized(w) else { break }
            started = true
            cur.append(w)
            if stop || cur.count >= 4 { break }
        }
        if !cur.isEmpty { names.append(spaceJoined(cur)) }
        return names
    }

    /// After "CITY," of an agency dateline: up to four words (a region or a date), then "(Agency)" and a
    /// dash, or the dash alone: "Brazil (AP) —", "March 3 (Xinhua) --", "Oct 5 —". nil when the words
    /// are not a dateline's; else the agency, "" when there is none.
    func agencyAfterComma(_ rest: ArraySlice<Substring>) -> String? {
        for (n, w) in rest.enumerated() where n < 5 {
            if isDash(w) { return n > 0 ? "" : nil }
            // Trend's and APA's "BAKU, Azerbaijan, August 22." (the date ends the dateline)
            if n > 0, w.count > 1, w.hasSuffix("."), w.dropLast().allSatisfy({ $0.isNumber }),
                MetaLex.month(rest[rest.startIndex + n - 1].lowercased()) != nil
            {
                return ""
            }
            guard w.hasPrefix("(") else {
                if !(w.first?.isUppercase ?? false) && !(w.first?.isNumber ?? false) { return nil }
                continue
            }
            // "(APP):" ends the dateline itself; "(AP)" needs a dash after it
            if w.hasSuffix("):") && w.count > 3 { return String(w.dropFirst().dropLast(2)) }
            guard w.hasSuffix(")"), w.count > 2, rest.count > n + 1, isDash(rest[rest.startIndex + n + 1]) else {
                return nil
            }
            return String(w.dropFirst().dropLast())
        }
        return nil
    }

    /// A site's menu: three or more short items between "|", "•" or "·" ("Home | World | Politics").
    func isMenu(_ l: TextLine) -> Bool {
        // a menu has separators ("|", "•" = E2 80 A2, "·" = C2 B7) between its items: a line with none of
        // their first bytes is no menu (most lines: eight bytes at a time)
        guard let base = p.baseAddress else { return false }
        var scan = l.b0
        var separatorByte = false
        while scan + 8 <= l.b1 {
            let x = UnsafeRawPointer(base + scan).loadUnaligned(as: UInt64.self)
            if hasZeroByte(x ^ 0x7C7C_7C7C_7C7C_7C7C) || hasZeroByte(x ^ 0xE2E2_E2E2_E2E2_E2E2)
                || hasZeroByte(x ^ 0xC2C2_C2C2_C2C2_C2C2)
            {
                separatorByte = true
                break
            }
            scan += 8
        }
        if !separatorByte {
            while scan < l.b1 {
                let c = base[scan]
                if c == 0x7C || c == 0xE2 || c == 0xC2 {
                    separatorByte = true
                    break
                }
                scan += 1
            }
        }
        guard separatorByte else { return false }
        var items = 0
        var words = 0
        var inWord = false
        var i = l.b0
        while i <= l.b1 {
            var separator = i == l.b1
            var width = 1
            if !separator {
                let c = p[i]
                if c == 124 {
                    separator = true
                } else if c == 0xE2 && i + 2 < l.b1 && p[i + 1] == 0x80 && p[i + 2] == 0xA2 {
                    separator = true
                    width = 3
                } else if c == 0xC2 && i + 1 < l.b1 && p[i + 1] == 0xB7 {
                    separator = true
                    width = 2
                } else if c == 46 || c == 44 || c == 58 || c == 59 || c == 33 || c == 63 {
                    return false  // sentence punctuation: not a menu
                } else if c == 32 || c == 9 {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                }
            }
            if separator {
                if words == 0 && i < l.b1 { return false }
                if words > 3 { return false }
                if words > 0 { items += 1 }
                words = 0
                inWord = false
            }
            i += width
        }
        return items >= 3
    }

    func isDash(_ w: Substring) -> Bool { w == "—" || w == "--" || w == "-" || w == "–" }

    /// Whether the words after a dash start a sentence: "SEATTLE — Microsoft said" is a dateline, but
    /// "RUGBY UNION - CUTTITTA BACK" is a headline in capitals and "RTRS - Cricket - Play restarts" a
    /// kicker (another dash soon after).
    func startsSentence(_ rest: ArraySlice<Substring>) -> Bool {
        guard let w = rest.first, w.contains(where: { $0.isLowercase }) else { return false }
        return !rest.prefix(4).contains { isDash($0) }
    }

    /// A line of an article's own prose, not a teaser: twelve words or more ending a sentence
    /// (. ! ? or a closing quote), and not cut short with "..." or "…" as teasers' summaries are.
    func isProse(_ l: TextLine) -> Bool {
        var end = l.b1
        while end > l.b0 && (p[end - 1] == 32 || p[end - 1] == 9 || p[end - 1] == 13) { end -= 1 }
        guard end - l.b0 >= 24 else { return false }
        let last = p[end - 1]
        var closes = last == 46 || last == 33 || last == 63 || last == 34
        if end - l.b0 >= 3 && p[end - 3] == 0xE2 && p[end - 2] == 0x80 {
            if last == 0xA6 { return false }  // …
            closes = closes || last == 0x9D || last == 0x99  // ” ’
        }
        guard closes else { return false }
        if last == 46 && end - l.b0 >= 2 && p[end - 2] == 46 { return false }  // ...
        var words = 0
        var inWord = false
        for i in l.b0..<end {
            let space = p[i] == 32 || p[i] == 9
            if !space && !inWord { words += 1 }
            inWord = !space
        }
        return words >= 12
    }

    func analyse() -> ArticleInfo {
        var info = ArticleInfo()
        let all = lines()
        let totalScalars = all.last.map { $0.s1 } ?? 0
        var boilerLine = [Bool](repeating: false, count: all.count)
        // boilerplate: chrome lines and teaser blocks
        var teaserMarkers: [Int] = []
        let chromeHashes = MetaLex.chromeHashes
        let teasersByFirstByte = MetaLex.teasersByFirstByte
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buf in
            for (k, l) in all.enumerated() where l.b1 > l.b0 {
                // cleaned, lowercased first bytes of the line (no String built)
                var n = 0
                var i = l.b0
                while i < l.b1 && n < 64 {
                    let c = p[i]
                    i += 1
                    if c == 42 || c == 35 || c == 95 || (n == 0 && (c == 91 || c == 62)) { continue }  // * # _ [ >
                    if n == 0 && c == 32 { continue }
                    buf[n] = asciiLower(c)
                    n += 1
                }
                let whole = i >= l.b1
                var m = n
                while m > 0 && (buf[m - 1] == 58 || buf[m - 1] == 32) { m -= 1 }
                if whole && chromeHashes.contains(fnv(UnsafeBufferPointer(start: buf.baseAddress, count: m))) {
                    boilerLine[k] = true
                    continue
                }
                if whole
                    && (MetaLex.isShareButtons(UnsafeBufferPointer(start: buf.baseAddress, count: m))
                        || MetaLex.isFollowUs(UnsafeBufferPointer(start: buf.baseAddress, count: m)))
                {
                    boilerLine[k] = true
                    continue
                }
                if MetaLex.isCredit(UnsafeBufferPointer(start: buf.baseAddress, count: n)) || isMenu(l) {
                    boilerLine[k] = true
                    continue
                }
                guard n > 0 else { continue }
                for marker in teasersByFirstByte[Int(buf[0])] where marker.count <= n {
                    var same = true
                    for j in 0..<marker.count where buf[j] != marker[j] {
                        same = false
                        break
                    }
                    guard same else { continue }
                    if whole && marker.count == m {
                        if k > 0 { teaserMarkers.append(k) }
                        boilerLine[k] = true
                    } else if marker.count < n
                        && (buf[marker.count] == 58 || (buf[marker.count] == 32 && marker.count > 8))
                    {
                        boilerLine[k] = true
                    }
                    break
                }
            }
        }
        // A teaser marker alone on its line starts a block of other stories that runs to the end of
        // the article, unless the article's own prose comes back: two prose lines in a row (a site
        // that puts "DON'T MISS" and its links in the middle of the story). The next marker after
        // that starts a block of its own.
        var blockEnd = 0
        for start in teaserMarkers where start >= blockEnd {
            blockEnd = all.count
            var previousProse = -1
            for k in (start + 1)..<all.count where all[k].b1 > all[k].b0 {
                if isProse(all[k]) {
                    if previousProse >= 0 {
                        blockEnd = previousProse
                        break
                    }
                    previousProse = k
                } else {
                    previousProse = -1
                }
            }
            for k in start..<blockEnd { boilerLine[k] = true }
        }
        // logical lines for the header: non-empty, bold spans joined
        var logical: [(String, Int)] = []  // text, first physical line
        var k = 0
        while k < all.count && logical.count < 15 {
            let l = all[k]
            if l.b1 == l.b0 {
                k += 1
                continue
            }
            var s = str(l)
            let first = k
            if s.hasPrefix("**") && s.dropFirst(2).range(of: "**") == nil {
                var j = k + 1
                while j < all.count && j < k + 4 {
                    let t = str(all[j])
                    s += " " + t
                    if t.contains("**") { break }
                    j += 1
                }
                if j < all.count && j < k + 4 { k = j }
            }
            let star = withUTF8Bytes(s) { $0.contains(42) }
            logical.append((star ? s.replacingOccurrences("**", with: "") : s, first))
            k += 1
        }
        // authors, source, dateline, published
        var bylineIndex = -1
        var dashDateline: String?
        for (idx, (s, first)) in logical.enumerated() where idx < 15 && !boilerLine[first] {
            let interesting = withUTF8Bytes(s) { all in
                let u = UnsafeBufferPointer(rebasing: all.prefix(400))
                let capsStart = u.count > 1 && u[0] >= 65 && u[0] <= 90 && u[1] >= 65 && u[1] <= 90
                return capsStart || hasYearDigitsOrBy(u)
            }
            if !interesting { continue }
            // words are needed for a byline (short lines) and for a dateline (first lines)
            // (a line with no word "By"/"by" in its bytes has none among its words)
            let byline = s.utf8.count < 200 && withUTF8Bytes(s) { hasWordBy($0) }
            let needWords = (info.dateline == nil && idx < 6) || byline
            // (a dateline reads at most its first dozen words: a long paragraph is not split whole)
            let words = needWords ? (byline ? spaceSeparatedWords(s) : leadingWords(s, 12)) : []
            // "By Name", or a short line with a date: "January 18, 2023 | by Name" (not "a delegation led by")
            if s.utf8.count < 200,
                let b = words.firstIndex(where: { $0.utf8.count == 2 && ($0 == "By" || $0 == "by") }),
                b == 0 || (findDate(s) != nil && words.count <= 14)
            {
                let names = personName(after: words[(b + 1)...])
                for nm in names {
                    if nm.split(separator: " ").count >= 2 {
                        if !info.authors.contains(nm) { info.authors.append(nm) }
                    } else if info.source == nil {
                        info.source = nm
                    }
                }
                if bylineIndex < 0 && !names.isEmpty { bylineIndex = idx }
            }
            // (no date without four digits in a row: most lines are passed over on their bytes)
            if info.published == nil, s.utf8.count < 400, withUTF8Bytes(s, { hasYearDigits($0.prefix(120)) }) {
                let head = String(decoding: s.utf8.prefix(120), as: UTF8.self)
                let lower = String(decoding: s.utf8.prefix(12).map { asciiLower($0) }, as: UTF8.self)
                let labelled = ["published", "posted", "date", "updated"].contains { lower.hasPrefix($0) }
                if idx < 6 || labelled, let d = findDate(head) {
                    info.published = d
                    // Dawn's sign-off: "Published in Dawn, June 5th, 2024"
                    // (the comma after the name: "Published in, 2020" has none, and no source)
                    if info.source == nil && lower.hasPrefix("published in"),
                        let comma = firstIndexInLine(of: 44, in: s, within: 60),
                        s.distance(from: s.startIndex, to: comma) >= 13
                    {
                        let name = s[s.index(s.startIndex, offsetBy: 13)..<comma]
                        if let f = name.first, f.isUppercase, name.split(separator: " ").count <= 4 {
                            info.source = String(name)
                        }
                    }
                    if info.dateline == nil, let comma = firstIndexInLine(of: 44, in: s, within: 40),
                        s.distance(from: s.startIndex, to: comma) < 40
                    {
                        let city = s[..<comma]
                        let cw = city.split(separator: " ")
                        if !cw.isEmpty && cw.count <= 3 && cw.allSatisfy({ isCapitalized($0) }) && !labelled {
                            info.dateline = String(city)
                        }
                    }
                    if info.source == nil, let open = firstIndexInLine(of: 40, in: s),
                        let close = firstIndexInLine(of: 41, in: s),
                        open < close, s.distance(from: open, to: close) < 30
                    {
                        let src = s[s.index(after: open)..<close]
                        if !src.isEmpty && src.first!.isUppercase { info.source = String(src) }
                    }
                }
            }
            // CoNLL/agency style: "LONDON 1996-08-30", "ISLAMABAD:", "LONDON (Reuters) -",
            // "PORTO ALEGRE, Brazil (AP) —", "LONDON, March 3 (Xinhua) --"
            if info.dateline == nil && idx < 6 && words.count >= 1 {
                var cityWords: [Substring] = []
                var comma = false
                for w in words {
                    let colon = endsWithASCII(w, 58)
                    let commaEnd = !colon && endsWithASCII(w, 44)
                    let bare = colon || commaEnd ? w.dropLast() : w
                    if isCapsWord(bare) && bare.contains(where: { $0.isUppercase }) {
                        cityWords.append(bare)
                        if colon { break }
                        if commaEnd {
                            comma = true
                            break
                        }
                    } else {
                        break
                    }
                }
                if !cityWords.isEmpty && cityWords.count <= 3 && cityWords.count < words.count {
                    let next = words[cityWords.count]
                    if !comma && isDash(next) && startsSentence(words.dropFirst(cityWords.count + 1)) {
                        // "SEATTLE — Microsoft said": unless a "CITY date" line follows ("RTRS - ..." kickers)
                        if dashDateline == nil { dashDateline = spaceJoined(cityWords) }
                    } else if !comma
                        && (findDate(String(next)) != nil || next.hasPrefix("(")
                            || words[cityWords.count - 1].hasSuffix(":"))
                    {
                        info.dateline = spaceJoined(cityWords)
                        if info.published == nil { info.published = findDate(String(next)) }
                        if info.source == nil && next.count > 2 && next.hasPrefix("(") && next.hasSuffix(")") {
                            info.source = String(next.dropFirst().dropLast())
                        }
                    } else if comma, let agency = agencyAfterComma(words[cityWords.count...]) {
                        info.dateline = spaceJoined(cityWords)
                        if info.source == nil && !agency.isEmpty { info.source = agency }
                    }
                }
            }
        }
        if info.dateline == nil { info.dateline = dashDateline }
        // "Author: Name" and "writes Name" anywhere
        for (k, l) in all.enumerated() where !boilerLine[k] && l.b1 > l.b0 && hasAuthorCue(l) {
            let s = str(l).replacingOccurrences("**", with: "")
            let words = spaceSeparatedWords(s)
            if let f = words.first, f.lowercased() == "author:" || f.lowercased() == "written" {
                let start = f.lowercased() == "written" ? 2 : 1
                if words.count > start {
                    for nm in personName(after: words[start...]) where nm.split(separator: " ").count >= 2 {
                        if !info.authors.contains(nm) { info.authors.append(nm) }
                    }
                }
            }
            // Reuters' sign-off: "Reporting by Jarrett Renshaw; Editing by Mary Milliken"
            if words.count > 2, ["reporting", "(reporting"].contains(words[0].lowercased()), words[1] == "by" {
                for nm in personName(after: words[2...]) where nm.split(separator: " ").count >= 2 {
                    if !info.authors.contains(nm) { info.authors.append(nm) }
                }
            }
            if let w = words.firstIndex(of: "writes"), w + 1 < words.count, w > 0,
                words[w - 1] == "–" || words[w - 1] == "-"
            {
                for nm in personName(after: words[(w + 1)...]) where nm.split(separator: " ").count >= 2 {
                    if !info.authors.contains(nm) { info.authors.append(nm) }
                }
            }
        }
        // title
        var candidates: [Int] = []
        for (idx, (s, first)) in logical.enumerated() where idx < 12 {
            let wc = withUTF8Bytes(s) { u in u.reduce(1) { $1 == 32 ? $0 + 1 : $0 } }
            if wc > 35 { break }
            if boilerLine[first] { continue }
            if wc > 15, let last = s.last, ".!?\u{201D}\"".contains(last) { break }
            if wc < 4 || wc > 30 { continue }
            let lower = s.lowercased()
            if lower.hasPrefix("by ") || lower.hasPrefix("published") || lower.hasPrefix("date ")
                || lower.hasPrefix("posted") || lower.hasPrefix("author")
            {
                continue
            }
            if let last = s.last, last == "." && wc > 15 { continue }
            candidates.append(idx)
        }
        if let heading = candidates.first(where: { logical[$0].0.hasPrefix("# ") }) {
            info.title = logical[heading].0  // a markdown page's first-level heading is its title
        } else if bylineIndex > 0, candidates.contains(bylineIndex - 1) {
            info.title = logical[bylineIndex - 1].0
        } else if let c = candidates.first {
            info.title = logical[c].0
        }
        if let t = info.title {
            // a markdown heading's "# " is markup, not title
            info.title = collapseSpaces(String(t.drop { $0 == "#" || $0 == " " }))
        }
        // boilerplate ranges in scalars
        var start = -1
        for (k, l) in all.enumerated() {
            if boilerLine[k] {
                if start < 0 { start = l.s0 }
            } else if start >= 0 && l.b1 > l.b0 {
                info.boilerplate.append((start, all[k - 1].s1))
                start = -1
            }
        }
        if start >= 0 { info.boilerplate.append((start, totalScalars)) }
        return info
    }
}

extension String {
    func replacingOccurrences(_ target: String, with rep: String) -> String {
        // A String holds `target` only if its bytes do (Characters are whole runs of bytes): most lines
        // are passed over on a byte scan, not on the standard library's generic `contains`.
        let t = Array(target.utf8)
        guard
            !t.isEmpty,
            withUTF8Bytes(
                self,
                { u in
                    guard u.count >= t.count else { return false }
                    for i in 0...(u.count - t.count) where u[i] == t[0] {
                        var k = 1
                        while k < t.count && u[i + k] == t[k] { k += 1 }
                        if k == t.count { return true }
                    }
                    return false
                })
        else { return self }
        // An ASCII target between ASCII bytes is a run of whole Characters wherever its bytes are (only a
        // non-ASCII scalar, a combining mark or a joiner, can join a neighbour): replaced on the bytes.
        if t.allSatisfy({ $0 < 0x80 }) {
            let bytes: [UInt8]? = withUTF8Bytes(self) { u in
                var out: [UInt8] = []
                out.reserveCapacity(u.count)
                let r = Array(rep.utf8)
                var i = 0
                while i < u.count {
                    var k = 0
                    while k < t.count && i + k < u.count && u[i + k] == t[k] { k += 1 }
                    if k == t.count {
                        if (i > 0 && u[i - 1] >= 0x80) || (i + k < u.count && u[i + k] >= 0x80) { return nil }
                        out.append(contentsOf: r)
                        i += k
                    } else {
                        out.append(u[i])
                        i += 1
                    }
                }
                return out
            }
            if let bytes { return String(decoding: bytes, as: UTF8.self) }
        }
        guard self.contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += rep
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        guard !target.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
