/// A user dictionary: entries always recognised in text with their canonical name and type.
///
/// Format: one entry a line, `TYPE<TAB>canonical name[<TAB>alias...]`; `#` at the start of a
/// line (or after whitespace) starts a comment; blank lines are ignored.
public struct UserDictionary: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var type: EntityType
        public var canonical: String
        public var aliases: [String]

        public init(type: EntityType, canonical: String, aliases: [String] = []) {
            self.type = type
            self.canonical = canonical
            self.aliases = aliases
        }
    }

    /// Why a dictionary file could not be parsed.
    public struct ParseError: Error, CustomStringConvertible, Sendable, Hashable {
        public var line: Int
        public var reason: String
        public var description: String { "user dictionary line \(line): \(reason)" }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    public init(parsing text: String) throws {
        var entries: [Entry] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            // strip comments: '#' at the start or after whitespace
            var cut = line.endIndex
            var prevSpace = true
            for i in line.indices {
                let c = line[i]
                if c == "#" && prevSpace {
                    cut = i
                    break
                }
                prevSpace = c == " " || c == "\t"
            }
            line = line[..<cut]
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingSpaces()
            }
            guard fields.count >= 2 else {
                throw ParseError(
                    line: lineNo, reason: "expected TYPE<TAB>canonical name[<TAB>alias...], found no tab")
            }
            guard let type = EntityType(rawValue: fields[0].uppercased()) else {
                throw ParseError(
                    line: lineNo,
                    reason: "unknown entity type '\(fields[0])' (expected one of "
                        + EntityType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            guard !fields[1].isEmpty else {
                throw ParseError(line: lineNo, reason: "empty canonical name")
            }
            let aliases = fields.dropFirst(2).filter { !$0.isEmpty }
            entries.append(Entry(type: type, canonical: fields[1], aliases: Array(aliases)))
        }
        self.entries = entries
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// Whether a name has letters, none of them lowercase, and at most six ("UN", "U.S.", "NATO"): such an
/// alias matches only in the same case. ASCII names are read as bytes (there the letters are A-Z and
/// a-z, and the lowercase ones a-z); others by Unicode properties.
func isShortAllCaps(_ name: String) -> Bool {
    if name.utf8.allSatisfy({ $0 < 0x80 }) {
        var letters = 0
        for b in name.utf8 where b | 0x20 >= 97 && b | 0x20 <= 122 {
            if b >= 97 { return false }
            letters += 1
        }
        return letters > 0 && letters <= 6
    }
    return isShortAllCapsByProperties(name)
}

func isShortAllCapsByProperties(_ name: String) -> Bool {
    let letters = name.unicodeScalars.filter { $0.properties.isAlphabetic }
    let allCaps = !letters.isEmpty && letters.allSatisfy { !$0.properties.isLowercase }
    return allCaps && letters.count <= 6
}

/// Compiled form of a user dictionary: token-hash phrase matcher.
struct DictionaryMatcher: Sendable {
    struct Pattern: Sendable {
        var lower: [UInt64]
        var exact: [UInt64]?  // case-sensitive match (short all-caps aliases)
        var entry: Int
    }
    /// Every pattern, grouped by its first word's hash, each group longest first (and in the order
    /// the entries give them among patterns of one length). A flat array and an `IndexMap` rather than
    /// a dictionary of arrays: nothing for the runtime to instantiate when the first article is read.
    private var patterns: [Pattern] = []
    /// First word's hash -> index in `patterns` of its group's first pattern.
    private var groups = IndexMap()
    /// The keys of `groups`, for a cheap first test on every token.
    private var firsts = FastSet([])
    var entries: [UserDictionary.Entry] = []

    init(_ d: UserDictionary) {
        entries = d.entries
        var all: [Pattern] = []
        for (i, e) in d.entries.enumerated() {
            for name in [e.canonical] + e.aliases {
                let bytes = Array(name.utf8)
                var lower: [UInt64] = []
                var exact: [UInt64] = []
                bytes.withUnsafeBufferPointer { p in
                    for t in tokenize(p) {
                        let word = UnsafeBufferPointer(rebasing: p[Int(t.b0)..<Int(t.b1)])
                        lower.append(fnvLower(word))
                        exact.append(fnv(word))
                    }
                }
                guard !lower.isEmpty else { continue }
                let caseSensitive = isShortAllCaps(name)
                all.append(Pattern(lower: lower, exact: caseSensitive ? exact : nil, entry: i))
            }
        }
        // by first word, longest first, then in the entries' order: indices sorted, not (index, pattern)
        // tuples (whose sort the runtime instantiates by name at the first start-up, ~30 µs)
        let first = all.map { $0.lower[0] }
        let length = all.map { $0.lower.count }
        var order = Array(all.indices)
        order.sort { a, b in
            if first[a] != first[b] { return first[a] < first[b] }
            if length[a] != length[b] { return length[a] > length[b] }
            return a < b
        }
        patterns = []
        patterns.reserveCapacity(order.count)
        for k in order { patterns.append(all[k]) }
        var keys: [UInt64] = []
        for (k, pattern) in patterns.enumerated() where k == 0 || patterns[k - 1].lower[0] != pattern.lower[0] {
            groups.set(pattern.lower[0], k)
            keys.append(pattern.lower[0])
        }
        firsts = FastSet(keys)
    }

    /// Longest matches, left to right: (first token, last token, entry index).
    func matches(_ hashes: [TokHash]) -> [(Int, Int, Int)] {
        var out: [(Int, Int, Int)] = []
        var i = 0
        while i < hashes.count {
            if let (length, entry) = longestMatch(at: i, hashes) {
                out.append((i, i + length - 1, entry))
                i += length
            } else {
                i += 1
            }
        }
        return out
    }

    /// The longest pattern starting at token `i`: (its length in tokens, its entry index).
    @inline(__always) func longestMatch(at i: Int, _ hashes: [TokHash]) -> (Int, Int)? {
        let first = hashes[i].lower
        guard firsts.contains(first), var k = groups[first] else { return nil }
        while k < patterns.count && patterns[k].lower[0] == first {  // longest first
            let c = patterns[k]
            k += 1
            guard i + c.lower.count <= hashes.count else { continue }
            var ok = true
            for k in 0..<c.lower.count {
                if hashes[i + k].lower != c.lower[k] || (c.exact != nil && hashes[i + k].exact != c.exact![k]) {
                    ok = false
                    break
                }
            }
            if ok { return (c.lower.count, c.entry) }
        }
        return nil
    }
}
