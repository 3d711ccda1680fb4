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
            Pipeline(p: p, dictionary: dictionary).run()
        }
    }
}
