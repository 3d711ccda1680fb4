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
    var byFirst: [UInt64: [Pattern]] = [:]
    /// The keys of `byFirst`, for a cheap first test on every token.
    var firsts = FastSet([])
    var entries: [UserDictionary.Entry] = []

    init(_ d: UserDictionary) {
        entries = d.entries
        for (i, e) in d.entries.enumerated() {
            for name in [e.canonical] + e.aliases {
                let bytes = Array(name.utf8)
                let (lower, exact): ([UInt64], [UInt64]) = bytes.withUnsafeBufferPointer { p in
                    let toks = tokenize(p)
                    return (
                        toks.map { fnvLower(UnsafeBufferPointer(rebasing: p[Int($0.b0)..<Int($0.b1)])) },
                        toks.map { fnv(UnsafeBufferPointer(rebasing: p[Int($0.b0)..<Int($0.b1)])) }
                    )
                }
                guard !lower.isEmpty else { continue }
                let caseSensitive = isShortAllCaps(name)
                byFirst[lower[0], default: []].append(
                    Pattern(lower: lower, exact: caseSensitive ? exact : nil, entry: i))
            }
        }
        for k in byFirst.keys { byFirst[k]!.sort { $0.lower.count > $1.lower.count } }
        firsts = FastSet(byFirst.keys)
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
        guard firsts.contains(hashes[i].lower), let cands = byFirst[hashes[i].lower] else { return nil }
        for c in cands where i + c.lower.count <= hashes.count {  // longest first
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
