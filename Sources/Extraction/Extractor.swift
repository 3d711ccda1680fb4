/// Turns an article's text into its metadata and entities.
///
/// Pure and deterministic: no I/O, no global state; safe to share between tasks.
public struct Extractor: Sendable {
    let dictionary: DictionaryMatcher?

    public init() { dictionary = nil }

    /// An extractor whose user dictionary entries are always recognised, overriding the tagger.
    public init(dictionary: UserDictionary) {
        self.dictionary = dictionary.entries.isEmpty ? nil : DictionaryMatcher(dictionary)
    }

    /// Extracts metadata and entities from `text`. Offsets are in Unicode scalars of `text`.
    public func extract(_ text: String) -> Article {
        var utf8 = Array(text.utf8)
        // keep offsets in Int32 range (the daemon caps articles far below this)
        if utf8.count > 1 << 30 {
            utf8.removeLast(utf8.count - (1 << 30))
            while let l = utf8.last, l & 0xC0 == 0x80 { utf8.removeLast() }
            if let l = utf8.last, l >= 0xC0 { utf8.removeLast() }
        }
        return utf8.withUnsafeBufferPointer { p in
            if p.count <= Extractor.chunkBytes { return Pipeline(p: p, dictionary: dictionary).run() }
            return extractInChunks(p)
        }
    }

    /// Articles up to this many UTF-8 bytes are processed in one piece (every real article is far
    /// smaller); longer texts are cut into pieces of about this size so that the per-token arrays stay
    /// bounded (~40 MB instead of ~400 MB for a 10 MiB single line).
    static let chunkBytes = 1 << 20

    /// Where to cut `p` at or before `limit` (> start): a blank line, else a line break, else a space,
    /// searched in the last 64 KiB; else the last scalar boundary.
    static func cut(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ limit: Int) -> Int {
        let lo = max(start + 1, limit - (1 << 16))
        var i = limit - 1
        while i > lo {
            if p[i] == 10 && p[i - 1] == 10 { return i + 1 }
            i -= 1
        }
        for c: UInt8 in [10, 32] {
            i = limit - 1
            while i >= lo {
                if p[i] == c { return i + 1 }
                i -= 1
            }
        }
        i = limit
        while i > start + 1 && p[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }

    /// Extracts each piece on its own and merges: entities by (canonical, type) in order of first
    /// mention, offsets shifted to the whole text; metadata from the first piece that has it.
    func extractInChunks(_ p: UnsafeBufferPointer<UInt8>) -> Article {
        var out = Article()
        var groups: [String: Int] = [:]
        var start = 0
        var scalarBase = 0
        while start < p.count {
            let end =
                p.count - start <= Extractor.chunkBytes
                ? p.count : Extractor.cut(p, start, start + Extractor.chunkBytes)
            let piece = UnsafeBufferPointer(rebasing: p[start..<end])
            let a = Pipeline(p: piece, dictionary: dictionary).run()
            out.words += a.words
            if out.title == nil { out.title = a.title }
            if out.published == nil { out.published = a.published }
            if out.dateline == nil { out.dateline = a.dateline }
            if out.source == nil { out.source = a.source }
            for name in a.authors where !out.authors.contains(name) { out.authors.append(name) }
            for var e in a.entities {
                for k in 0..<e.mentions.count {
                    e.mentions[k].start += scalarBase
                    e.mentions[k].end += scalarBase
                }
                let key = e.type.rawValue + "\u{0}" + e.canonical
                if let g = groups[key] {
                    out.entities[g].mentions.append(contentsOf: e.mentions)
                } else {
                    groups[key] = out.entities.count
                    out.entities.append(e)
                }
            }
            for b in piece where b & 0xC0 != 0x80 { scalarBase += 1 }
            start = end
        }
        return out
    }
}
