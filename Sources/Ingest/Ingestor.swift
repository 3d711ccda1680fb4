import Articles
import Extraction
import Logging
import Store
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Turns inbox paths into stored records, exactly once per file version.
///
/// The work per path is split in two. `Planner.work(for:processor:)` reads, hashes, checks
/// the ledger and extracts; it is thread-safe, so several paths are worked on in parallel.
/// `commit(_:)` takes the records one at a time and in order, and is where exactly-once is
/// decided: it checks the ledger again under the same lock the planner reads. Committed
/// records are staged and written together (`flush`), then made durable (`sync`, or
/// `syncInBackground` under a burst).
public final class Ingestor {
    public let inbox: FilePath
    /// Replaced between articles when the daemon reloads (SIGHUP).
    public var processor: ArticleProcessor
    /// The shared, thread-safe half: reading, hashing, ledger look-ups, extraction.
    public let planner: Planner
    private let appender: StoreAppender
    private let encoder = RecordEncoder()
    private let logger: Logger
    /// Keeps the entity index up to date with the durable records.
    private let indexKeeper: IndexKeeper

    /// What became of one path.
    public enum Outcome: Equatable, Sendable {
        case recorded(Record.Status)
        /// This version already has a record.
        case alreadyRecorded
        /// The path does not exist (any more) and never had a record to make.
        case gone
    }

    /// What the planner made of one path.
    public enum Work: Sendable {
        /// Nothing to append.
        case skip(Outcome)
        /// A record to append, already encoded.
        case record(Record, line: [UInt8])
    }

    /// `ledgerProgress`: hears how a long read of the store into its ledger is going (a first
    /// start on a large store, a ledger rebuilt), before anything else happens.
    public init(
        inbox: FilePath, store: FilePath, processor: ArticleProcessor, logger: Logger,
        ledgerProgress: Ledger.Progress? = nil
    ) throws {
        self.inbox = inbox
        self.processor = processor
        self.logger = logger
        self.appender = try StoreAppender(path: store)
        self.planner = Planner(inbox: inbox, ledger: try Ledger.load(from: store, progress: ledgerProgress))
        self.indexKeeper = IndexKeeper(store: store)
        indexKeeper.catchUp(to: appender.size)
    }

    /// Records in the store by status.
    public var counts: [Record.Status: Int] { planner.counts }

    /// Reads, extracts and appends the record for `path` unless this version has one already.
    /// The record is durable only after `sync()`. Throws only when the store cannot take it.
    public func ingest(_ path: PathName) throws -> Outcome {
        let outcome = commit(planner.work(for: path, processor: processor))
        try flush()
        return outcome
    }

    /// Stages the planned record for the store unless the ledger has moved on since: the same
    /// version recorded, or the same content extracted under another name in the meantime.
    /// From here on the ledger counts it; `flush()` writes it, `sync()` makes it durable.
    ///
    /// Each record gets a log line at `info` (a rejection at `warning`); in a burst (`quiet`)
    /// ok and duplicate records log at `debug` and the caller logs one line for the lot, so
    /// the journal stays readable and its rate limit is not spent on routine lines.
    public func commit(_ work: Work, quiet: Bool = false) -> Outcome {
        guard case .record(var record, var line) = work else {
            if case .skip(let outcome) = work { return outcome }
            return .alreadyRecorded
        }
        // The digests are parsed once here for the look-up, the ledger and the index.
        guard let id = Digest(hex: record.id) else { return .alreadyRecorded }
        var sha = record.status == .ok ? record.sha256.flatMap(Digest.init(hex:)) : nil
        switch planner.recheck(id: id, sha256: sha) {
        case .some(nil): return .alreadyRecorded
        case .some(.some(let first)):
            record = Record(
                id: record.id, path: record.path, ingestedAt: record.ingestedAt, status: .duplicate,
                duplicateOf: first.hex)
            line = encoder.encode(record)
            sha = nil
        case nil: break
        }
        let start = appender.stagedEnd
        appender.stage(line)
        planner.insert(id: id, status: record.status, sha256: sha, start: start, end: appender.stagedEnd)
        log(record, level: quiet ? .debug : .info)
        return .recorded(record.status)
    }

    /// How far the store is durable, as far as background syncs have told.
    private let durable = DurableEnd()

    /// Writes the staged records to the store (one `write`) when they are more than
    /// `threshold` bytes. On a full disk they stay staged (`StoreError.noSpace`): call again.
    public func flush(over threshold: Int = 0) throws {
        if appender.stagedBytes > threshold {
            try appender.flush()
            planner.written(upTo: appender.size)
        }
    }

    /// Bytes of records staged and not written yet.
    public var stagedBytes: Int { appender.stagedBytes }

    /// Writes and makes every committed record durable, after any background sync.
    public func sync() throws {
        try appender.sync()
        planner.written(upTo: appender.size)
        planner.checkpoint(durableEnd: appender.size)
        indexKeeper.durable(upTo: appender.size)
    }

    /// The daemon has nothing waiting: a good moment to bring the entity index up to date.
    public func idle() {
        planner.releaseLedgerMemory()
        if appender.isDurable { indexKeeper.idle() }
    }

    /// Records in the ledger's table that every durable record is in it, whatever the time
    /// since the last checkpoint (when stopping), so the next start reads nothing again.
    public func checkpoint() {
        guard appender.isDurable else { return }
        planner.checkpoint(durableEnd: appender.size, force: true)
    }

    /// Stops keeping the entity index (an update running stops at its next chunk; readers scan
    /// what it did not reach).
    public func stopIndexing() { indexKeeper.stop() }

    /// Writes every committed record and starts making them durable on the store's sync queue;
    /// `then` runs there once they are. Returns at once.
    public func syncInBackground(then: @escaping @Sendable () -> Void) throws {
        planner.checkpoint(durableEnd: durable.end)
        indexKeeper.durable(upTo: durable.end)
        let end = appender.stagedEnd
        let durable = durable
        try appender.syncInBackground {
            durable.advance(to: end)
            then()
        }
        planner.written(upTo: appender.size)
    }

    /// Forgets the records staged and not written (stopping while the disk is full: their
    /// files are still in the inbox and are read again at the next start).
    public func discardStaged() {
        appender.discardStaged()
        planner.discard(from: appender.size)
    }

    /// Whether records were committed since the last sync was started.
    public var needsSync: Bool { appender.needsSync }

    /// Whether every committed record is durable (written, fsynced, no sync running).
    public var isDurable: Bool { appender.isDurable }

    private func log(_ record: Record, level: Logger.Level) {
        guard logger.logLevel <= level || record.status == .rejected else { return }
        var metadata: Logger.Metadata = [
            "article.path": "\(record.path)",
            "article.id": "\(record.id)",
        ]
        // The message says what happened in words (journalctl shows only it); the fields
        // carry the same facts for machines.
        switch record.status {
        case .ok:
            metadata["entity.count"] = "\(record.entities.count)"
            logger.log(level: level, "\(Self.ingestedMessage(record))", metadata: metadata)
        case .duplicate:
            metadata["duplicate.of"] = "\(record.duplicateOf ?? "")"
            logger.log(level: level, "\(Self.duplicateMessage(record))", metadata: metadata)
        case .rejected:
            metadata["reason"] = "\(record.error ?? "")"
            logger.warning("\(Self.rejectedMessage(record))", metadata: metadata)
        }
    }

    /// `ingested desk-a/x.txt: 29 entities`
    static func ingestedMessage(_ record: Record) -> String {
        let n = record.entities.count
        return "ingested \(record.path): \(n) \(n == 1 ? "entity" : "entities")"
    }

    /// `duplicate b.txt: same content as record 3f2a9c41e0b7`
    static func duplicateMessage(_ record: Record) -> String {
        "duplicate \(record.path): same content as record \((record.duplicateOf ?? "?").prefix(12)), not extracted again"
    }

    /// `rejected y.bin: the file contains a NUL byte at offset 9; ...`
    static func rejectedMessage(_ record: Record) -> String {
        "rejected \(record.path): \(record.error ?? "no reason given")"
    }
}

/// The store's end up to which every record is durable, as background syncs report it.
final class DurableEnd: Sendable {
    private let value = Mutex<Int64>(0)
    var end: Int64 { value.withLock { $0 } }
    func advance(to end: Int64) { value.withLock { $0 = max($0, end) } }
}

/// The thread-safe half of ingestion: what is recorded (the ledger) and what each path looked
/// like when its version was recorded, behind one lock, and the per-path work that needs only
/// a look at them.
public final class Planner: Sendable {
    public let inbox: FilePath
    private struct State {
        var ledger: Ledger
        /// The `lstat` state of each path when its current version was seen, so a rescan (after
        /// an overflow, say) does not read and hash again what it has seen.
        /// Keyed by a hash of the path: no allocation per entry (a collision would need the same
        /// device, inode, size and times to skip anything).
        var seen: [Int: FileState] = [:]
    }
    private let state: Mutex<State>
    private let encoder = RecordEncoder()
    static let seenLimit = 100_000

    init(inbox: FilePath, ledger: sending Ledger) {
        self.inbox = inbox
        self.state = Mutex(State(ledger: ledger))
    }

    var counts: [Record.Status: Int] { state.withLock { $0.ledger.counts } }

    /// Reads `path`, decides what it needs against the ledger as it stands, and extracts new
    /// content. Safe to call from several tasks at once for different paths.
    public func work(for path: PathName, processor: ArticleProcessor) -> Ingestor.Work {
        let absolute = InboxPath.absolute(path, in: inbox)
        let key = path.hashValue
        // The state is taken from the opened file (no separate lstat); a version seen already
        // is not read again.
        let loaded: ArticleProcessor.Loaded
        let fileState: FileState?
        switch processor.read(absolute, unless: { fileState in self.state.withLock { $0.seen[key] == fileState } }) {
        case .unchanged: return .skip(.alreadyRecorded)
        case .loaded(let result, let resultState):
            loaded = result
            fileState = resultState
        }
        let now = Timestamp.now()
        let record: Record
        switch loaded {
        case .unreadable(let reason, let identity):
            if reason == ArticleProcessor.openFailure(.noSuchFileOrDirectory) {
                // Deleted before it could be read: nothing to record, nothing lost.
                return .skip(.gone)
            }
            record = processor.rejected(path, reason: reason, identity: identity, at: now)
            if state.withLock({ $0.ledger.contains(id: record.id) }) { return .skip(.alreadyRecorded) }
        case .content(let bytes, let sha256):
            let id = FileVersion.id(path: path, sha256: sha256)
            let idDigest = Digest(hex: id)
            let shaDigest = Digest(hex: sha256)
            let (known, first) = state.withLock { state -> (Bool, Digest?) in
                // Only a shortcut for rescans: dropped wholesale rather than grown without bound.
                if state.seen.count >= Self.seenLimit { state.seen.removeAll() }
                state.seen[key] = fileState
                if let idDigest, state.ledger.contains(idDigest) { return (true, nil) }
                return (false, shaDigest.flatMap { state.ledger.extraction(of: $0) })
            }
            if known { return .skip(.alreadyRecorded) }
            if let first {
                record = Record(id: id, path: path, ingestedAt: now, status: .duplicate, duplicateOf: first.hex)
            } else {
                record = processor.record(for: bytes, sha256: sha256, relativePath: path, at: now)
            }
        }
        return .record(record, line: encoder.encode(record))
    }

    /// nil when `record` can be appended as it is; `.some(nil)` when its version is recorded
    /// already; `.some(id)` when its content was extracted meanwhile under another name.
    /// `sha256` is the content digest of an ok record, nil for the others.
    func recheck(id: Digest, sha256: Digest?) -> Digest?? {
        state.withLock { state in
            if state.ledger.contains(id) { return .some(nil) }
            if let sha256, let first = state.ledger.extraction(of: sha256) { return .some(first) }
            return nil
        }
    }

    func insert(id: Digest, status: Record.Status, sha256: Digest?, start: Int64, end: Int64) {
        state.withLock { $0.ledger.insert(id: id, status: status, sha256: sha256, start: start, end: end) }
    }

    func written(upTo end: Int64) { state.withLock { $0.ledger.written(upTo: end) } }

    func releaseLedgerMemory() { state.withLock { $0.ledger.releaseMemory() } }

    func discard(from end: Int64) { state.withLock { $0.ledger.discard(from: end) } }

    func checkpoint(durableEnd: Int64, force: Bool = false) {
        state.withLock { $0.ledger.checkpoint(durableEnd: durableEnd, force: force) }
    }
}
