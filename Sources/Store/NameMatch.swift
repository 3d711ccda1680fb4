/// How a name a person types (`--entity Pashinyan`, `related aliyev`) matches the names of an
/// entity in a record. The one definition every reader uses: the store scan of `wirewatch`,
/// and any index built beside the store, whose answers must equal a scan's.
///
/// ## Words
///
/// `NameMatch.words(_:)` turns a name into its normalised word sequence:
///
/// - A **word** is a maximal run of characters (grapheme clusters) that are letters or
///   numbers (`Character.isLetter || Character.isNumber`, so accented letters and their
///   combining marks belong to the word). Everything else separates words: spaces,
///   hyphens, apostrophes, periods, `&`, `/`, `_`, quotes. So `al-Assad` is `al assad`,
///   `Nagorno-Karabakh` is `nagorno karabakh`, `O'Brien` is `o brien` and `U.S.` is `u s`.
///   The KELVIN SIGN (U+212A) is a symbol here, not a letter.
/// - **Case** is folded with Unicode's lowercase mapping (`String.lowercased()`).
/// - **Diacritics are kept**: `Əliyev` is not `Aliyev`, `Müller` is not `Muller`. (The
///   extractor's alias table is the place to join such spellings.) Because of this, every
///   word is, lowercased, a contiguous piece of its name's text, which is what lets a byte
///   search over the store rule lines out (`EntityPrefilter(wordsOf:)`).
/// - Words compare as Swift strings do: by canonical equivalence, so a precomposed `é` and
///   `e` + U+0301 are the same letter.
///
/// ## Matching (`NameQuery`)
///
/// A query is the name typed plus the names the extractor treats as the same thing
/// (`KnownNames.equivalents(of:)`, supplied by the caller: this target does not depend on the
/// extractor). An entity matches when its `text` or its `canonical` name matches one of them:
///
/// - `.words` (the default): the query name's words occur as a contiguous run of the entity
///   name's words. `Pashinyan` matches `Nikol Pashinyan`, `aliyev` matches `Ilham Aliyev` and
///   `Heydar Aliyev`, `Nikol Pashinyan` matches `Prime Minister Nikol Pashinyan`; `Ali` does
///   not match `Aliyev`, and `Pashinyan Nikol` does not match `Nikol Pashinyan`. A query name
///   with no words at all (only punctuation) matches as `.exact` does.
/// - `.exact` (`--exact`): the whole name, ignoring case (`lowercased()` equality).
///
/// ## For an index
///
/// Index each entity name (text and canonical) under each of `words(name)`; to answer a
/// query, look up the postings of one word of each `NameQuery.names` entry's `runs` (e.g. the
/// rarest), then confirm each candidate with `NameQuery.matches(name:)`. For `.exact`, index
/// `exactKey(name)`.
public enum NameMatch {
    /// The normalised words of `name`, in order (see the type's documentation).
    public static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in name {
            if isWordCharacter(character) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    /// Whether `character` belongs to a word.
    @inline(__always)
    public static func isWordCharacter(_ character: Character) -> Bool {
        if let ascii = character.asciiValue {
            return (ascii >= 0x30 && ascii <= 0x39) || ((ascii | 0x20) >= 0x61 && (ascii | 0x20) <= 0x7A)
        }
        if character == "\u{212A}" { return false }
        return character.isLetter || character.isNumber
    }

    /// Whether `run` (normalised words, not empty) occurs as a contiguous run in `words`.
    public static func containsRun(_ run: [String], in words: [String]) -> Bool {
        guard !run.isEmpty, run.count <= words.count else { return false }
        for start in 0...(words.count - run.count) where words[start] == run[0] {
            var k = 1
            while k < run.count && words[start + k] == run[k] { k += 1 }
            if k == run.count { return true }
        }
        return false
    }

    /// The key of a whole name for `.exact` matching.
    public static func exactKey(_ name: String) -> String {
        name.lowercased()
    }
}

/// A name to look for, with its equivalents, and how to match it (see `NameMatch`).
public struct NameQuery: Sendable {
    public enum Mode: Sendable {
        /// A whole word or run of words of a name.
        case words
        /// The whole name.
        case exact
    }

    /// The names to look for: the name typed and its equivalents, without repeats.
    public let names: [String]
    public let mode: Mode
    /// For each of `names`, its normalised words (empty: matched as `.exact`).
    public let runs: [[String]]
    private let exactKeys: Set<String>

    /// `names`: the name typed, then the names the extractor treats as the same thing.
    public init(names: [String], mode: Mode = .words) {
        var seen = Set<String>()
        self.names = names.filter { !$0.isEmpty && seen.insert(NameMatch.exactKey($0)).inserted }
        self.mode = mode
        self.runs = mode == .words ? self.names.map(NameMatch.words) : self.names.map { _ in [] }
        var keys = Set<String>()
        for (name, run) in zip(self.names, runs) where run.isEmpty { keys.insert(NameMatch.exactKey(name)) }
        self.exactKeys = keys
    }

    /// Whether one name of an entity (its text or its canonical name) matches.
    public func matches(name: String) -> Bool {
        if !exactKeys.isEmpty && exactKeys.contains(NameMatch.exactKey(name)) { return true }
        guard mode == .words else { return false }
        var words: [String]?
        for run in runs where !run.isEmpty {
            if words == nil { words = NameMatch.words(name) }
            if NameMatch.containsRun(run, in: words!) { return true }
        }
        return false
    }

    /// Whether the entity's text or canonical name matches.
    public func matches(_ entity: Record.Entity) -> Bool {
        matches(name: entity.text) || (entity.canonical != entity.text && matches(name: entity.canonical))
    }

    /// The byte search that rules out the store lines that cannot hold a match.
    public func prefilter() -> EntityPrefilter {
        mode == .exact ? EntityPrefilter(names: names) : EntityPrefilter(wordsOf: names)
    }
}
