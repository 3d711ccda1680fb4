/// The OntoNotes entity labels that spaCy and most NER tools share.
public enum EntityType: String, Sendable, CaseIterable, Hashable, Comparable {
    case person = "PERSON"
    case norp = "NORP"
    case fac = "FAC"
    case org = "ORG"
    case gpe = "GPE"
    case loc = "LOC"
    case product = "PRODUCT"
    case event = "EVENT"
    case workOfArt = "WORK_OF_ART"
    case law = "LAW"
    case language = "LANGUAGE"
    case date = "DATE"
    case time = "TIME"
    case percent = "PERCENT"
    case money = "MONEY"
    case quantity = "QUANTITY"
    case ordinal = "ORDINAL"
    case cardinal = "CARDINAL"

    /// Dates, times and amounts: found by rules, never joined with names.
    var isNumeric: Bool {
        switch self {
        case .date, .time, .percent, .money, .quantity, .ordinal, .cardinal: return true
        default: return false
        }
    }

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A half-open range `[start, end)` of Unicode scalar offsets into the article text
/// (what Python's `str` indexes).
public struct Mention: Sendable, Hashable, Comparable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public static func < (lhs: Mention, rhs: Mention) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

/// One thing an article names: every mention of it, under one canonical name.
public struct Entity: Sendable, Hashable {
    public var type: EntityType
    /// The surface form of the first mention.
    public var text: String
    /// The name that joins the different names of this thing in this article.
    public var canonical: String
    /// Mentions in order of their start offset. Mentions in site chrome or in teasers for other stories
    /// are not the article's and are left out, and so is an entity that has no other.
    public var mentions: [Mention]

    public init(type: EntityType, text: String, canonical: String, mentions: [Mention]) {
        self.type = type
        self.text = text
        self.canonical = canonical
        self.mentions = mentions
    }
}

/// What the extractor finds in one article.
public struct Article: Sendable, Hashable {
    public var title: String?
    /// ISO 8601 date (`yyyy-mm-dd`) when the article states when it was published.
    public var published: String?
    public var dateline: String?
    public var authors: [String]
    public var source: String?
    /// Whitespace-separated words in the text.
    public var words: Int
    public var entities: [Entity]

    public init(
        title: String? = nil, published: String? = nil, dateline: String? = nil, authors: [String] = [],
        source: String? = nil, words: Int = 0, entities: [Entity] = []
    ) {
        self.title = title
        self.published = published
        self.dateline = dateline
        self.authors = authors
        self.source = source
        self.words = words
        self.entities = entities
    }
}
