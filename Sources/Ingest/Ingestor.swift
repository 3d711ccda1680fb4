import Extraction
import Logging
import Store
import SystemPackage

/// Turns inbox paths into stored records, exactly once per file version.
///
/// Owns the store appender and the ledger; used by one task at a time.
public final class Ingestor {
    public let inbox: FilePath
    public let processor: ArticleProcessor
    private let appender: StoreAppender
    private let encoder = RecordEncoder()
    private let logger: Logger
    public private(set) var ledger: Ledger

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
        self.ledger = try Ledger.load(from: store)
    }

    /// Reads, extracts and appends the record for `path` unless this version has one already.
    /// The record is durable only after `sync()`. Throws only when the store cannot take it.
    public func ingest(_ path: PathName) throws -> Outcome {
        let absolute = InboxPath.absolute(path, in: inbox)
        let now = Timestamp.now()
        let record: Record
        switch processor.load(absolute) {
        case .unreadable(let reason, let identity):
            if reason == ArticleProcessor.openFailure(.noSuchFileOrDirectory) {
                // Deleted before it could be read: nothing to record, nothing lost.
                return .gone
            }
            let rejected = processor.rejected(path, reason: reason, identity: identity, at: now)
            if ledger.contains(id: rejected.id) { return .alreadyRecorded }
            record = rejected
        case .content(let bytes, let sha256):
            let id = FileVersion.id(path: path, sha256: sha256)
            if ledger.contains(id: id) { return .alreadyRecorded }
            if let first = ledger.extraction(ofContent: sha256) {
                record = Record(
                    id: id, path: path, ingestedAt: now, status: .duplicate, duplicateOf: first)
            } else {
                record = processor.record(for: bytes, sha256: sha256, relativePath: path, at: now)
            }
        }
        try appender.append(encoder.encode(record))
        ledger.insert(record)
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
