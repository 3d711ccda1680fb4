#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds, in raw store bytes, the lines that can name one of a set of entities, before any JSON
/// is decoded.
///
/// The encoder writes every entity as `{"type":"T","text":"X","canonical":"Y",...}` and a raw
/// `"` never occurs inside a JSON string (it is escaped), so `"text":"x"` and `"canonical":"x"`
/// occur in a line exactly when one of its entities has that text or canonical name. The
/// search folds ASCII case, so for names that are ASCII it is exact, and a line that passes needs
/// no decoding to answer `--entity`. For a name with non-ASCII letters (whose case the byte
/// search cannot fold) it falls back to the longest ASCII run of the name, and `isExact` is
/// false: lines that pass must be decoded and checked.
public final class EntityPrefilter {
    /// Lowercased, JSON-escaped needles.
    public let needles: [[UInt8]]
    /// Which needles are `":"name"` values that must follow the key `text` or `canonical`.
    private var keyed: [Bool]
    /// Which needles start (end) a word of a name: a hit right after (before) an ASCII letter
    /// or digit is then inside a longer word and does not count.
    private var wordStart: [Bool]
    private var wordEnd: [Bool]
    /// For each needle of a name whose words are all ASCII, those words: a hit inside an
    /// entity's `text` or `canonical` value that is all ASCII and holds the words as a run is
    /// then a sure match.
    private var asciiRun: [[[UInt8]]?]
    /// Whether a line passes exactly when an entity's text or canonical name equals a name,
    /// ignoring ASCII case.
    public let isExact: Bool
    /// When no byte search can narrow the lines (every line must be decoded).
    public let passesEverything: Bool
    private var folded: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var hits: [(start: Int, sure: Bool)] = []

    public convenience init(names: [String]) {
        var needles: [[UInt8]] = []
        var keyed: [Bool] = []
        var exact = true
        var everything = false
        for name in Set(names) where !name.isEmpty {
            let escaped = JSONText.escaped(name)
            if escaped.allSatisfy({ $0 < 0x80 }) {
                let lower = escaped.map(JSONText.lowerASCII)
                // `":"name"`, then the key before it is checked: one search for both keys.
                needles.append(Array(#"":""#.utf8) + lower + [UInt8(ascii: "\"")])
                keyed.append(true)
            } else {
                exact = false
                let run = JSONText.longestASCIIRun(escaped)
                if run.count >= 3 {
                    needles.append(run.map(JSONText.lowerASCII))
                    keyed.append(false)
                } else {
                    everything = true
                }
            }
        }
        let none = keyed.map { _ in false }
        self.init(
            needles: needles, keyed: keyed, wordStart: none, wordEnd: none, asciiRun: none.map { _ in nil },
            exact: exact && !everything, everything: everything)
    }

    /// The lines that can hold an entity whose text or canonical name has one of `names`'
    /// words as a run of its words (`NameQuery.Mode.words`; `NameMatch` defines words).
    ///
    /// Each name is looked for by one of its words: the longest that is all ASCII, searched
    /// with ASCII case folded and with word boundaries checked on both sides; else the longest
    /// ASCII run (3 bytes or more) inside a word. (A run just before a non-ASCII byte loses its
    /// last letter, which may carry a combining accent in the store's spelling.) A name with no
    /// words is looked for whole, as by `init(names:)`. Lines that pass must be decoded and
    /// checked with `NameQuery.matches` (`isExact` is false), except those `matchingLines`
    /// marks sure: a one-word ASCII name found whole inside an entity's text or canonical name.
    public convenience init(wordsOf names: [String]) {
        var needles: [[UInt8]] = []
        var keyed: [Bool] = []
        var starts: [Bool] = []
        var ends: [Bool] = []
        var runs: [[[UInt8]]?] = []
        var everything = false
        for name in Set(names) where !name.isEmpty {
            let words = NameMatch.words(name)
            if words.isEmpty {
                let escaped = JSONText.escaped(name)
                if escaped.allSatisfy({ $0 < 0x80 }) {
                    needles.append(Array(#"":""#.utf8) + escaped.map(JSONText.lowerASCII) + [UInt8(ascii: "\"")])
                    keyed.append(true)
                    starts.append(false)
                    ends.append(false)
                    runs.append(nil)
                } else {
                    everything = true
                }
                continue
            }
            var best: (run: [UInt8], start: Bool, end: Bool)?
            func better(_ candidate: (run: [UInt8], start: Bool, end: Bool)) -> Bool {
                guard let best else { return true }
                let whole = candidate.start && candidate.end
                let bestWhole = best.start && best.end
                return whole != bestWhole ? whole : candidate.run.count > best.run.count
            }
            for word in words {
                let bytes = Array(word.utf8)
                var k = 0
                while k < bytes.count {
                    guard bytes[k] < 0x80 else {
                        k += 1
                        continue
                    }
                    var end = k
                    while end < bytes.count && bytes[end] < 0x80 { end += 1 }
                    let endsWord = end == bytes.count
                    // Before a non-ASCII byte the last ASCII letter may be precomposed in the store.
                    let run = Array(bytes[k..<(endsWord ? end : end - 1)])
                    let candidate = (run: run, start: k == 0, end: endsWord)
                    if (candidate.start && candidate.end) || run.count >= 3, better(candidate) { best = candidate }
                    k = end
                }
            }
            guard let best, !best.run.isEmpty else {
                everything = true
                continue
            }
            needles.append(best.run)
            keyed.append(false)
            starts.append(best.start)
            ends.append(best.end)
            let wordBytes = words.map { Array($0.utf8) }
            runs.append(wordBytes.allSatisfy { $0.allSatisfy { $0 < 0x80 } } ? wordBytes : nil)
        }
        self.init(
            needles: needles, keyed: keyed, wordStart: starts, wordEnd: ends, asciiRun: runs, exact: false,
            everything: everything)
    }

    private init(
        needles: [[UInt8]], keyed: [Bool], wordStart: [Bool], wordEnd: [Bool], asciiRun: [[[UInt8]]?], exact: Bool,
        everything: Bool
    ) {
        self.needles = needles
        self.keyed = keyed
        self.wordStart = wordStart
        self.wordEnd = wordEnd
        self.asciiRun = asciiRun
        self.isExact = exact
        self.passesEverything = everything
        self.capacity = 1 << 20
        self.folded = .allocate(capacity: capacity)
    }

    deinit { folded.deallocate() }

    /// The start offsets (in `bytes`, which holds whole lines each ending in `\n`) of the lines
    /// that contain a needle, in order, each once.
    public func matchingLineStarts(in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        matchingLines(in: bytes).map(\.start)
    }

    /// The lines that contain a needle, in order, each once; `sure` when the line is known to
    /// hold a matching entity without decoding it: a whole-name hit (`init(names:)`, ASCII), or a
    /// one-word ASCII name found as a whole word inside an entity's `text` or `canonical`.
    public func matchingLines(in bytes: UnsafeBufferPointer<UInt8>) -> [(start: Int, sure: Bool)] {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return [] }
        if passesEverything {
            var lines: [(start: Int, sure: Bool)] = []
            var s = 0
            while s < bytes.count {
                lines.append((s, false))
                s = JSONText.next(base, 0x0A, from: s, count: bytes.count) + 1
            }
            return lines
        }
        if bytes.count > capacity {
            folded.deallocate()
            capacity = bytes.count
            folded = .allocate(capacity: capacity)
        }
        JSONText.foldASCII(base, into: folded, count: bytes.count)
        hits.removeAll(keepingCapacity: true)
        let text = Array(#""text"#.utf8)
        let canonical = Array(#""canonical"#.utf8)
        for (index, needle) in needles.enumerated() {
            var from = 0
            while from < bytes.count {
                let found = needle.withUnsafeBytes { n in
                    cMemmem(folded + from, bytes.count - from, n.baseAddress!, n.count)
                }
                guard let found else { break }
                let at = UnsafeRawPointer(folded).distance(to: UnsafeRawPointer(found))
                if keyed[index] && !(Self.follows(text, base, at) || Self.follows(canonical, base, at)) {
                    from = at + 1
                    continue
                }
                let after = at + needle.count
                if (wordStart[index] && !Self.wordStarts(base, at))
                    || (wordEnd[index] && after < bytes.count && Self.isAlphanumeric(base[after]))
                {
                    from = at + 1
                    continue
                }
                let start = LineBlock.lineStart(base, before: at)
                let sure =
                    keyed[index] || asciiRun[index].map { Self.inNameWithRun($0, base, at, bytes.count) } ?? false
                if let last = hits.last, last.start == start {
                    if sure { hits[hits.count - 1].sure = true }
                } else {
                    hits.append((start, sure))
                }
                // A hit that is not sure may be followed by a sure one on the same line.
                from =
                    sure || asciiRun[index] == nil
                    ? JSONText.next(base, 0x0A, from: at, count: bytes.count) + 1 : at + 1
            }
        }
        if needles.count > 1 {
            hits.sort { $0.start < $1.start }
            var unique: [(start: Int, sure: Bool)] = []
            unique.reserveCapacity(hits.count)
            for h in hits {
                if let last = unique.last, last.start == h.start {
                    if h.sure { unique[unique.count - 1].sure = true }
                } else {
                    unique.append(h)
                }
            }
            return unique
        }
        return hits
    }
}

extension EntityPrefilter {
    fileprivate static let textKey = Array(#""text":"#.utf8)
    fileprivate static let canonicalKey = Array(#""canonical":"#.utf8)

    /// Whether `at` lies inside the string value of a `text` or `canonical` key that is all
    /// ASCII, without escapes, and whose words (`NameMatch.words`, which for ASCII text are the
    /// runs of letters and digits, lowercased) hold `run`. The line is JSON as the encoder
    /// writes it: a `"` inside a string is always escaped.
    fileprivate static func inNameWithRun(
        _ run: [[UInt8]], _ base: UnsafePointer<UInt8>, _ at: Int, _ count: Int
    ) -> Bool {
        // Back to the opening quote: an escape or a non-ASCII byte on the way gives up.
        var open = at - 1
        while open >= 0 {
            let b = base[open]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") || b >= 0x80 || b == 0x0A { return false }
            open -= 1
        }
        guard open >= 0, follows(textKey, base, open) || follows(canonicalKey, base, open) else { return false }
        // On to the closing quote, collecting the words.
        var words: [ArraySlice<UInt8>] = []
        var k = open + 1
        var wordStart = -1
        var value: [UInt8] = []
        while k < count {
            let b = base[k]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") || b >= 0x80 || b == 0x0A { return false }
            value.append(lowerASCII(b))
            k += 1
        }
        guard k < count else { return false }
        for (i, b) in value.enumerated() {
            if isAlphanumeric(b) {
                if wordStart < 0 { wordStart = i }
            } else if wordStart >= 0 {
                words.append(value[wordStart..<i])
                wordStart = -1
            }
        }
        if wordStart >= 0 { words.append(value[wordStart...]) }
        guard run.count <= words.count else { return false }
        for first in 0...(words.count - run.count) {
            var j = 0
            while j < run.count && words[first + j].elementsEqual(run[j]) { j += 1 }
            if j == run.count { return true }
        }
        return false
    }

    @inline(__always) fileprivate static func lowerASCII(_ b: UInt8) -> UInt8 {
        b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
    }

    @inline(__always) fileprivate static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b &- 0x30) < 10 || ((b | 0x20) &- 0x61) < 26
    }

    /// Whether a word can start at `at`: the byte before is not an ASCII letter or digit, or it
    /// ends a JSON escape (`\n`, `\u00a0`), which stands for a character that is not one.
    fileprivate static func wordStarts(_ base: UnsafePointer<UInt8>, _ at: Int) -> Bool {
        guard at > 0, isAlphanumeric(base[at - 1]) else { return true }
        func escapeAt(_ k: Int) -> Bool {
            // An odd number of backslashes ending at k starts an escape.
            var n = 0
            var j = k
            while j >= 0 && base[j] == UInt8(ascii: "\\") {
                n += 1
                j -= 1
            }
            return n % 2 == 1
        }
        if at >= 2, "bfnrt".utf8.contains(base[at - 1]), escapeAt(at - 2) { return true }
        if at >= 6, base[at - 5] == UInt8(ascii: "u"), escapeAt(at - 6) { return true }
        return false
    }

    /// Whether `key` ends just before `at` (keys are lowercase, so the raw bytes do).
    fileprivate static func follows(_ key: [UInt8], _ base: UnsafePointer<UInt8>, _ at: Int) -> Bool {
        guard at >= key.count else { return false }
        return key.withUnsafeBytes { memcmp(base + at - key.count, $0.baseAddress!, key.count) == 0 }
    }
}

/// Byte-level helpers for JSON text as the encoder writes it.
public enum JSONText {
    /// `text` as it appears between the quotes of a JSON string written by `RecordEncoder`.
    public static func escaped(_ text: String) -> [UInt8] {
        RecordEncoder().escaped(text)
    }

    @inline(__always) public static func lowerASCII(_ b: UInt8) -> UInt8 {
        b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
    }

    static func longestASCIIRun(_ bytes: [UInt8]) -> [UInt8] {
        var best: ArraySlice<UInt8> = []
        var start = 0
        for (k, b) in bytes.enumerated() where b >= 0x80 {
            if k - start > best.count { best = bytes[start..<k] }
            start = k + 1
        }
        if bytes.count - start > best.count { best = bytes[start...] }
        return Array(best)
    }

    static func foldASCII(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>, count: Int) {
        for k in 0..<count {
            let b = source[k]
            target[k] = b &- 65 < 26 ? b | 0x20 : b
        }
    }

    static func next(_ base: UnsafePointer<UInt8>, _ byte: UInt8, from start: Int, count: Int) -> Int {
        guard start < count, let hit = memchr(base + start, Int32(byte), count - start) else { return count }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The start offsets of the lines in `bytes` that contain `needle` byte for byte.
    public static func linesContaining(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = bytes.baseAddress, !needle.isEmpty else { return [] }
        var starts: [Int] = []
        var from = 0
        while from < bytes.count {
            let found = needle.withUnsafeBytes { n in cMemmem(base + from, bytes.count - from, n.baseAddress!, n.count)
            }
            guard let found else { break }
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            starts.append(LineBlock.lineStart(base, before: at))
            from = next(base, 0x0A, from: at, count: bytes.count) + 1
        }
        return starts
    }
}

/// glibc's `memmem` (a GNU extension the Glibc module does not export).
@_silgen_name("memmem")
private func cMemmem(
    _ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int
) -> UnsafeMutableRawPointer?
