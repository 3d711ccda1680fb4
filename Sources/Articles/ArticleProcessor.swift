import Extraction
import HTML
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// One file's path from the inbox to its record: open safely, read, decode, extract.
///
/// The daemon and `wirewatch extract` both go through this type, so they agree on every
/// record. It never modifies the file it reads.
public struct ArticleProcessor: Sendable {
    public static let defaultMaxBytes = 16 * 1024 * 1024

    public let extractor: Extractor
    public let maxBytes: Int

    public init(extractor: Extractor, maxBytes: Int = ArticleProcessor.defaultMaxBytes) {
        self.extractor = extractor
        self.maxBytes = maxBytes
    }

    /// What reading a file gave.
    public enum Loaded: Sendable {
        /// The file's bytes and their SHA-256.
        case content(bytes: [UInt8], sha256: String)
        /// The file could not be read; `identity` names this state of it (from `fstat`) so the
        /// same state is recorded once.
        case unreadable(reason: String, identity: String)
    }

    /// Opens `path` with `O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC` (a symlink is refused, a FIFO never
    /// blocks) and reads it whole if it is a regular file within the size limit.
    public func load(_ path: FilePath) -> Loaded {
        switch read(path, unless: nil) {
        case .loaded(let loaded, _): return loaded
        case .unchanged: fatalError("no state was tested")
        }
    }

    /// What `read(_:unless:)` gave.
    package enum Read {
        /// As `load` tells it, with the file's state when it is a regular file.
        case loaded(Loaded, FileState?)
        /// `unchanged` said yes to the file's state: it was not read.
        case unchanged
    }

    /// `load`, except that a regular file whose `fstat` state `unchanged` accepts is not read.
    /// The state comes from the open descriptor, so it is the state of the bytes read.
    package func read(_ path: FilePath, unless unchanged: ((FileState) -> Bool)?) -> Read {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, .readOnly, options: [.noFollow, .nonBlocking, .closeOnExec])
        } catch let errno as Errno {
            return .loaded(.unreadable(reason: Self.openFailure(errno), identity: "open:\(errno.rawValue)"), nil)
        } catch {
            return .loaded(.unreadable(reason: "cannot be opened: \(error)", identity: "open"), nil)
        }
        defer { try? fd.close() }
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0 else {
            let error = Errno(rawValue: errno)
            return .loaded(.unreadable(reason: "cannot be examined (fstat failed: \(error))", identity: "fstat"), nil)
        }
        var identity: String {
            "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .loaded(.unreadable(reason: Self.notRegular(Stat(rawValue: info).type), identity: identity), nil)
        }
        let state = FileState(info)
        if let unchanged, unchanged(state) { return .unchanged }
        if info.st_size > maxBytes {
            return .loaded(
                .unreadable(
                    reason:
                        "is \(info.st_size) bytes, over the \(maxBytes)-byte limit; split the article or raise --max-bytes",
                    identity: identity), state)
        }
        return .loaded(read(fd, size: Int(info.st_size), identity: identity), state)
    }

    /// Reads the open regular file whole (it may have grown since `fstat`, up to `maxBytes`).
    private func read(_ fd: FileDescriptor, size: Int, identity: @autoclosure () -> String) -> Loaded {
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                if bytes.count > maxBytes {
                    return .unreadable(
                        reason:
                            "grew past the \(maxBytes)-byte limit while it was read; split the article or raise --max-bytes",
                        identity: identity())
                }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, maxBytes + 1 - bytes.count)))
            }
            let n: Int
            let asked = bytes.count - filled
            do {
                n = try bytes.withUnsafeMutableBytes { raw in
                    try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                }
            } catch let errno as Errno {
                return .unreadable(reason: "could not be read: \(errno)", identity: identity())
            } catch {
                return .unreadable(reason: "could not be read: \(error)", identity: identity())
            }
            if n == 0 { break }
            filled += n
            // all of fstat's size, and a read short of the byte more the buffer holds: the file has not
            // grown, so no second read to be told so (a file whose size says nothing, as in /proc, or
            // read short before its size, is read on to its end)
            if filled == size && n < asked { break }
        }
        bytes.removeSubrange(filled...)
        return .content(bytes: bytes, sha256: SHA256.hex(bytes))
    }

    /// The file's text, or why it is not text wirewatch can read. UTF-8 (with or without a
    /// BOM) and UTF-16 with a BOM are accepted; line ends are kept so offsets stay true.
    public func decode(_ bytes: [UInt8]) -> Result<String, DecodeFailure> {
        if bytes.isEmpty { return .failure(.init("is empty; there is no article to read")) }
        if bytes.count >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return TextDecoding.utf16(bytes, littleEndian: bytes[0] == 0xFF)
        }
        return TextDecoding.utf8(bytes)
    }

    /// The full record for the file at `path`, named `relativePath` in the store.
    public func record(forFileAt path: FilePath, relativePath: PathName, at time: String = Timestamp.now()) -> Record {
        switch load(path) {
        case .unreadable(let reason, let identity):
            return rejected(relativePath, reason: reason, identity: identity, at: time)
        case .content(let bytes, let sha256):
            return record(for: bytes, sha256: sha256, relativePath: relativePath, at: time)
        }
    }

    /// The text the extractor reads in a file, and where it came from.
    public struct ArticleText: Sendable {
        /// The decoded file, or a web page's main text: what mention offsets index.
        public var text: String
        /// The record's `format`: nil for text, `html` for a web page.
        public var format: String?
        /// What a web page's markup says about the article.
        public var page: WebPage?
    }

    /// Whether the file is read as a web page: by its content (`WebPage.isHTML`) or by its name
    /// (`.html`, `.htm`, `.xhtml`).
    public static func isHTML(_ bytes: [UInt8], name: PathName?) -> Bool {
        if WebPage.isHTML(bytes) { return true }
        guard let name, let dot = name.bytes.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let ext = String(decoding: name.bytes[(dot + 1)...].map { $0 | 0x20 }, as: UTF8.self)
        return ext == "html" || ext == "htm" || ext == "xhtml"
    }

    /// The text of the file's bytes: a web page's main text (any charset), or the decoded text.
    public func articleText(_ bytes: [UInt8], name: PathName?) -> Result<ArticleText, DecodeFailure> {
        if !bytes.isEmpty && Self.isHTML(bytes, name: name) {
            if let problem = WebPage.parserUnavailable {
                return .failure(
                    .init(
                        "is a web page, and web pages are read with libxml2, which could not be loaded "
                            + "(\(problem)); install it (apt-get install libxml2) and drop the page in again"))
            }
            let page = WebPage(bytes)
            return .success(ArticleText(text: page.text, format: "html", page: page))
        }
        return decode(bytes).map { ArticleText(text: $0, format: nil, page: nil) }
    }

    /// The record for content already read.
    public func record(for bytes: [UInt8], sha256: String, relativePath: PathName, at time: String) -> Record {
        let id = FileVersion.id(path: relativePath, sha256: sha256)
        switch articleText(bytes, name: relativePath) {
        case .failure(let failure):
            return Record(
                id: id, sha256: sha256, path: relativePath, ingestedAt: time, status: .rejected,
                bytes: bytes.count, error: "the file \(failure.reason)")
        case .success(let read):
            let article = extractor.extract(read.text)
            let page = read.page
            // A page's own markup says better than the text's first lines what the article is.
            return Record(
                id: id, sha256: sha256, path: relativePath, ingestedAt: time, status: .ok, bytes: bytes.count,
                format: read.format, words: article.words, title: page?.title ?? article.title,
                published: page?.published ?? article.published, dateline: article.dateline,
                authors: page.map { $0.authors.isEmpty ? article.authors : $0.authors } ?? article.authors,
                source: page?.source ?? article.source, url: page?.url,
                entities: article.entities.map(Self.recordEntity))
        }
    }

    /// A rejection of a file that was not read.
    public func rejected(_ relativePath: PathName, reason: String, identity: String, at time: String) -> Record {
        Record(
            id: FileVersion.id(path: relativePath, state: identity), path: relativePath, ingestedAt: time,
            status: .rejected, error: "the file \(reason)")
    }

    static func recordEntity(_ entity: Entity) -> Record.Entity {
        Record.Entity(
            type: entity.type.rawValue, text: entity.text, canonical: entity.canonical,
            mentions: entity.mentions.map { Record.Span($0.start, $0.end) })
    }

    package static func openFailure(_ errno: Errno) -> String {
        switch errno {
        case .tooManySymbolicLinkLevels:
            return
                "is a symbolic link; wirewatch reads only regular files, so copy the article into the inbox instead of linking to it"
        case .noSuchFileOrDirectory:
            return "was deleted before it could be read"
        case .permissionDenied:
            return
                "cannot be read (permission denied); let the daemon's user read it, e.g. chmod a+r or group wirewatch"
        default:
            return "cannot be opened: \(errno)"
        }
    }

    static func notRegular(_ type: FileType) -> String {
        switch type {
        case .fifo: return "is a FIFO (named pipe), not a regular file; write the article to a regular file"
        case .socket: return "is a socket, not a regular file; write the article to a regular file"
        case .characterSpecial, .blockSpecial: return "is a device, not a regular file"
        case .directory: return "is a folder"
        default: return "is not a regular file"
        }
    }
}

/// Why bytes are not text wirewatch can read.
public struct DecodeFailure: Error, Sendable {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// How records name file versions.
public enum FileVersion {
    /// The id of the version of `path` whose content hashes to `sha256`: SHA-256 over the path,
    /// a NUL byte and the content hash. One id per (path, content), so the ledger is a set of
    /// ids and distinct versions never share one.
    public static func id(path: PathName, sha256: String) -> String {
        var hasher = SHA256()
        hasher.update(path.bytes)
        hasher.update([0])
        hasher.update(sha256.utf8)
        return hasher.finalizeHex()
    }

    /// The id of a file that was not read, named by its `fstat` state.
    public static func id(path: PathName, state: String) -> String {
        var hasher = SHA256()
        hasher.update(path.bytes)
        hasher.update([0, 0])
        hasher.update(state.utf8)
        return hasher.finalizeHex()
    }
}
