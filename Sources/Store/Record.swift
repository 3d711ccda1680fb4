/// One line of the store (schema v1): what became of one version of one file in the inbox.
///
/// Optional fields are omitted from the line when unknown, never written as `null`.
public struct Record: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case ok
        case rejected
        case duplicate
    }

    /// One entity of the article, as the record carries it.
    public struct Entity: Sendable, Hashable {
        public var type: String
        public var text: String
        public var canonical: String
        /// `[start, end)` offsets in Unicode scalars of the article's text (see `Record.format`).
        public var mentions: [Span]
        public var boilerplate: Bool

        public init(type: String, text: String, canonical: String, mentions: [Span], boilerplate: Bool = false) {
            self.type = type
            self.text = text
            self.canonical = canonical
            self.mentions = mentions
            self.boilerplate = boilerplate
        }
    }

    /// A `[start, end)` range of Unicode scalar offsets.
    public struct Span: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public init(_ start: Int, _ end: Int) {
            self.start = start
            self.end = end
        }
    }

    public static let version = 1

    /// Identifies the file version: SHA-256 over the path, a NUL byte and the content
    /// (see `FileVersion`). Unique per record, so the ledger is a set of ids.
    public var id: String
    /// SHA-256 of the file's bytes, when they were read.
    public var sha256: String?
    /// The path relative to the inbox, as bytes (file names need not be UTF-8).
    public var path: PathName
    /// UTC, RFC 3339 with milliseconds: `2026-11-23T04:10:00.123Z`.
    public var ingestedAt: String
    public var status: Status
    public var bytes: Int?
    /// What the article's text is, and so what `mentions` offsets index: nil for a text file (the
    /// decoded file), `html` for a web page (the main text read from it, which
    /// `wirewatch extract --format text` prints).
    public var format: String?
    public var words: Int?
    public var title: String?
    public var published: String?
    public var dateline: String?
    public var authors: [String]
    public var source: String?
    /// The page's canonical URL (`<link rel=canonical>`, `og:url`), for web pages.
    public var url: String?
    public var entities: [Entity]
    /// Why the file was rejected, in words a person can act on.
    public var error: String?
    /// The id of the record that holds the same content's extraction.
    public var duplicateOf: String?

    public init(
        id: String, sha256: String? = nil, path: PathName, ingestedAt: String, status: Status,
        bytes: Int? = nil, format: String? = nil, words: Int? = nil, title: String? = nil,
        published: String? = nil, dateline: String? = nil, authors: [String] = [], source: String? = nil,
        url: String? = nil, entities: [Entity] = [], error: String? = nil, duplicateOf: String? = nil
    ) {
        self.id = id
        self.sha256 = sha256
        self.path = path
        self.ingestedAt = ingestedAt
        self.status = status
        self.bytes = bytes
        self.format = format
        self.words = words
        self.title = title
        self.published = published
        self.dateline = dateline
        self.authors = authors
        self.source = source
        self.url = url
        self.entities = entities
        self.error = error
        self.duplicateOf = duplicateOf
    }
}

/// A file name relative to the inbox, kept as the bytes the kernel gave.
///
/// Linux names are bytes, not text. In JSON a name that is not valid UTF-8 is written with
/// each stray byte as a lone surrogate escape `\udcXX` (Python's `surrogateescape`), so the
/// line stays valid JSON and the exact name round-trips (`os.fsencode(record["path"])`).
public struct PathName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    /// The name for display: invalid bytes become U+FFFD.
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public static func < (lhs: PathName, rhs: PathName) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
