import Extraction
import Logging
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Turns inbox paths into stored records, exactly once per file version.
///
/// Owns the store appender and the ledger; used by one task at a time.
public final class Ingestor {
    public let inbox: FilePath
    /// Replaced between articles when the daemon reloads (SIGHUP).
    public var processor: ArticleProcessor
    private let appender: StoreAppender
    private let encoder = RecordEncoder()
    private let logger: Logger
    public private(set) var ledger: Ledger
    /// The store's sidecar index, so the next start need not parse every line.
    private let index: LedgerIndex
    /// The `lstat` state of each path at the time its current version was recorded, so a
    /// rescan (after an overflow, say) does not read and hash again what it has seen.
    private var seen: [PathName: FileState] = [:]

    /// What became of one path.
    public enum Outcome: Equatable, Sendable {
        case recorded(Record.Status)
        /// This version already has a record.
        case alreadyRecorded
        /// The path does not exist (any more) and never had a record to make.
        case gone
    }

    public init(inbox: FilePath, store: FilePath, processor: ArticleProcessor, logger: Logger) throws {
        self.inbox = inbox
        self.processor = processor
        self.logger = logger
        self.appender = try StoreAppender(path: store)
        self.index = LedgerIndex(path: FilePath(store.string + ".ledger"))
        self.ledger = try Ledger.load(from: store, index: index)
    }

    /// What `prepare` found for one path.
    public enum Prepared: Sendable {
        /// Nothing to append.
        case skip(Outcome)
        /// The record is decided and only needs appending.
        case ready(Record)
        /// The content is new: it needs extracting (`Pending.record(with:)`), then appending.
        case extract(Pending)
    }

    /// A new file version's bytes, read and hashed, waiting for extraction. Extraction is the
    /// only costly step and needs nothing from the ingestor, so several can run in parallel.
    public struct Pending: Sendable {
        public let path: PathName
        let bytes: [UInt8]
        let sha256: String
        let time: String

        public func record(with processor: ArticleProcessor) -> Record {
            processor.record(for: bytes, sha256: sha256, relativePath: path, at: time)
        }
    }

    /// Reads, extracts and appends the record for `path` unless this version has one already.
    /// The record is durable only after `sync()`. Throws only when the store cannot take it.
    public func ingest(_ path: PathName) throws -> Outcome {
        switch prepare(path) {
        case .skip(let outcome): return outcome
        case .ready(let record): return try commit(record)
        case .extract(let pending): return try commit(pending.record(with: processor))
        }
    }

    /// Reads `path` and decides what it needs, against the ledger as it stands.
    public func prepare(_ path: PathName) -> Prepared {
        let absolute = InboxPath.absolute(path, in: inbox)
        let state = FileState(absolute)
        if let state, seen[path] == state { return .skip(.alreadyRecorded) }
        let now = Timestamp.now()
        switch processor.load(absolute) {
        case .unreadable(let reason, let identity):
            if reason == ArticleProcessor.openFailure(.noSuchFileOrDirectory) {
                // Deleted before it could be read: nothing to record, nothing lost.
                return .skip(.gone)
            }
            let rejected = processor.rejected(path, reason: reason, identity: identity, at: now)
            if ledger.contains(id: rejected.id) { return .skip(.alreadyRecorded) }
            return .ready(rejected)
        case .content(let bytes, let sha256):
            let id = FileVersion.id(path: path, sha256: sha256)
            seen[path] = state
            if ledger.contains(id: id) { return .skip(.alreadyRecorded) }
            if let first = ledger.extraction(ofContent: sha256) {
                return .ready(Record(id: id, path: path, ingestedAt: now, status: .duplicate, duplicateOf: first))
            }
            return .extract(Pending(path: path, bytes: bytes, sha256: sha256, time: now))
        }
    }

    /// Appends `record` (prepared earlier) unless the ledger has moved on since: the same
    /// version recorded, or the same content extracted under another name in the meantime.
    public func commit(_ record: Record) throws -> Outcome {
        if ledger.contains(id: record.id) { return .alreadyRecorded }
        var record = record
        if record.status == .ok, let sha = record.sha256, let first = ledger.extraction(ofContent: sha) {
            record = Record(
                id: record.id, path: record.path, ingestedAt: record.ingestedAt, status: .duplicate,
                duplicateOf: first)
        }
        let start = appender.size
        try appender.append(encoder.encode(record))
        ledger.insert(record)
        if let entry = LedgerIndex.Entry(record, start: start, end: appender.size) { index.append([entry]) }
        log(record)
        return .recorded(record.status)
    }

    /// Makes every appended record durable.
    public func sync() throws { try appender.sync() }

    public var needsSync: Bool { appender.needsSync }

    private func log(_ record: Record) {
        var metadata: Logger.Metadata = [
            "article.path": "\(record.path)",
            "article.id": "\(record.id)",
        ]
        switch record.status {
        case .ok:
            metadata["entity.count"] = "\(record.entities.count)"
            logger.info("article ingested", metadata: metadata)
        case .duplicate:
            metadata["duplicate.of"] = "\(record.duplicateOf ?? "")"
            logger.info("article is a duplicate", metadata: metadata)
        case .rejected:
            metadata["reason"] = "\(record.error ?? "")"
            logger.warning("article rejected", metadata: metadata)
        }
    }
}

/// What `lstat` says about a file, enough to tell that it has not changed.
struct FileState: Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var modifiedNanoseconds: Int64
    var changed: Int64
    var changedNanoseconds: Int64

    init?(_ path: FilePath) {
        var info = stat()
        guard path.withPlatformString({ lstat($0, &info) }) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec)
        changedNanoseconds = Int64(info.st_ctim.tv_nsec)
    }
}
