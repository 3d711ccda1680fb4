import Articles
import Extraction
import Logging
import ServiceLifecycle
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's main loop as a `Service`: watch the inbox, ingest what arrives, keep systemd
/// informed, and on graceful shutdown finish the article in flight and make it durable.
public struct InboxService: Service {
    public struct Configuration: Sendable {
        public var inbox: FilePath
        public var store: FilePath
        public var maxBytes: Int
        /// Records appended before an `fsync` under a burst; a lone article is synced at once.
        public var syncBatch: Int = 256

        public init(inbox: FilePath, store: FilePath, maxBytes: Int) {
            self.inbox = inbox
            self.store = store
            self.maxBytes = maxBytes
        }
    }

    private let configuration: Configuration
    private let extractor: Extractor
    private let logger: Logger
    private let notifier: SystemdNotifier
    private let heartbeat: Heartbeat
    /// When set, each article is processed with its current processor (SIGHUP reload).
    private let reloadable: ReloadableProcessor?

    public init(
        configuration: Configuration, extractor: Extractor, logger: Logger, notifier: SystemdNotifier,
        heartbeat: Heartbeat, reloadable: ReloadableProcessor? = nil
    ) {
        self.configuration = configuration
        self.extractor = extractor
        self.logger = logger
        self.notifier = notifier
        self.heartbeat = heartbeat
        self.reloadable = reloadable
    }

    /// Opens the store and loads its ledger. Separate from `run()` so start-up errors reach
    /// the user before anything is announced.
    public func makeIngestor() throws -> Ingestor {
        // A first start on a large store (or one whose ledger was deleted) reads the whole store
        // before it can watch: say so, and keep systemd's start timeout moving while it does.
        let store = configuration.store
        let (notifier, logger) = (self.notifier, self.logger)
        @Sendable func gigabytes(_ bytes: Int64) -> String {
            if bytes < 1_000_000_000 { return "\((bytes + 500_000) / 1_000_000) MB" }
            let tenths = (bytes + 50_000_000) / 100_000_000
            return "\(tenths / 10).\(tenths % 10) GB"
        }
        @Sendable func progress(_ read: Int64, _ total: Int64, _ elapsed: Duration) {
            if read == 0 {
                logger.notice(
                    "reading \(gigabytes(total)) of \(store) into its ledger (\(store).ledger) before watching",
                    metadata: ["store.path": "\(store)", "ledger.bytes": "\(total)"])
            }
            let percent = total > 0 ? read * 100 / total : 100
            notifier.extendTimeout(
                seconds: 60, status: "reading the store into its ledger: \(percent) % of \(gigabytes(total))")
            if read == total {
                let tenths = elapsed.components.seconds * 10 + elapsed.components.attoseconds / 100_000_000_000_000_000
                logger.notice(
                    "ledger ready: read \(gigabytes(total)) of \(store) in \(tenths / 10).\(tenths % 10) s",
                    metadata: ["store.path": "\(store)", "ledger.bytes": "\(total)"])
            }
        }
        return try Ingestor(
            inbox: configuration.inbox, store: configuration.store,
            processor: reloadable?.current ?? ArticleProcessor(extractor: extractor, maxBytes: configuration.maxBytes),
            logger: logger, ledgerProgress: progress)
    }

    /// Ingests everything waiting in the inbox, then returns (`--once`).
    public func runOnce() async throws -> Counts {
        let ingestor = try makeIngestor()
        var counts = Counts()
        let paths = DirectoryWalker.articles(in: configuration.inbox, under: PathName(bytes: []))
        try await ingest(paths, with: ingestor, counts: &counts, queue: nil)
        try finalSync(ingestor)
        return counts
    }

    /// The last sync before the daemon stops. Records still staged because the disk is full
    /// are dropped: their files are still in the inbox and are read again at the next start.
    private func finalSync(_ ingestor: Ingestor) throws {
        do {
            try ingestor.sync()
        } catch StoreError.noSpace {
            ingestor.discardStaged()
            try ingestor.sync()
        }
        ingestor.checkpoint()
        ingestor.stopIndexing()
    }

    public func run() async throws {
        let ingestor = try makeIngestor()
        let queue = EventQueue()
        let watcher = try Watcher(inbox: configuration.inbox, queue: queue, logger: logger)
        watcher.start()
        defer { watcher.stop() }
        var counts = Counts()
        counts.add(ingestor.counts)
        notifier.ready(status: status(counts, pending: 0))
        logger.notice(
            "watching \(configuration.inbox), appending to \(configuration.store)",
            metadata: ["inbox.path": "\(configuration.inbox)", "store.path": "\(configuration.store)"])
        // The watches exist already; this scan finds what arrived before them.
        queue.push(.rescan(PathName(bytes: [])))

        try await withGracefulShutdownHandler {
            // Files a scan finds that were modified within `settleTime` may still be open in a
            // writer; their close will be reported, so they wait here until they settle.
            var unsettled = Set<PathName>()
            while let batch = await queue.next() {
                var seen = Set<PathName>()
                var paths: [PathName] = []
                for event in batch {
                    switch event {
                    case .file(let path):
                        unsettled.remove(path)
                        if seen.insert(path).inserted { paths.append(path) }
                    case .rescan(let folder):
                        for path in DirectoryWalker.articles(in: configuration.inbox, under: folder) {
                            unsettled.insert(path)
                        }
                    case .inboxMissing:
                        notifier.status("waiting for the inbox \(configuration.inbox) to come back")
                    case .tick:
                        break
                    }
                }
                for path in unsettled.sorted() where isSettled(path) {
                    unsettled.remove(path)
                    if seen.insert(path).inserted { paths.append(path) }
                }
                if !unsettled.isEmpty { watcher.requestTick() }
                try await ingest(paths, with: ingestor, counts: &counts, queue: queue)
                if ingestor.isDurable {
                    notifier.status(status(counts, pending: queue.count + unsettled.count))
                    if queue.count == 0 && unsettled.isEmpty { ingestor.idle() }
                }
                if Task.isShuttingDownGracefully { break }
            }
        } onGracefulShutdown: {
            notifier.stopping(status: "stopping: finishing the article in flight")
            queue.finish()
        }
        try finalSync(ingestor)
        logger.notice("stopped watching \(configuration.inbox)", metadata: ["inbox.path": "\(configuration.inbox)"])
    }

    /// How long a file found by a scan must go unmodified before it is read.
    static let settleTime: Int64 = 1

    /// Whether `path` was last modified at least `settleTime` ago (or is not a regular file).
    private func isSettled(_ path: PathName) -> Bool {
        var info = stat()
        let rc = InboxPath.absolute(path, in: configuration.inbox).withPlatformString { lstat($0, &info) }
        guard rc == 0, (info.st_mode & S_IFMT) == S_IFREG else { return true }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) - Int64(info.st_mtim.tv_sec) > InboxService.settleTime
    }

    /// Ingests `paths` in order, syncing every `syncBatch` records and at the end.
    ///
    /// The planner's work (read, hash, extract) runs in parallel, a few paths ahead; records
    /// are committed in path order as their work completes, so committing overlaps extraction.
    private func ingest(
        _ paths: [PathName], with ingestor: Ingestor, counts: inout Counts, queue: EventQueue?
    ) async throws {
        if !paths.isEmpty {
            guard try await plan(paths, with: ingestor, counts: &counts, queue: queue) else { return }
        }
        // Group commit: while more events wait, the next batch's records share this fsync
        // (up to `syncBatch` records or `syncDelay`), which runs in the background meanwhile;
        // a lone article (nothing waiting) is written and made durable at once.
        let more = (queue?.count ?? 0) > 0
        if !more {
            guard try await withSpace(pending: 0, { try ingestor.sync() }) else { return }
            counts.sinceSync = 0
            counts.lastSync = .now
        } else if ingestor.needsSync
            && (counts.sinceSync >= configuration.syncBatch || ContinuousClock.now - counts.lastSync >= Self.syncDelay)
        {
            guard try await syncInBackground(ingestor, counts: &counts, pending: queue?.count ?? 0) else { return }
        }
        // A burst leaves freed buffers spread over the worker threads' malloc arenas; hand
        // them back so the daemon's resident size returns to what it holds.
        if paths.count >= 256 { _ = glibcMallocTrim(0) }
    }

    /// Starts a background sync of every committed record; once they are durable the sync
    /// queue announces the counts as they are now. False when shutdown came while the disk
    /// was full.
    private func syncInBackground(_ ingestor: Ingestor, counts: inout Counts, pending: Int) async throws -> Bool {
        let announce = status(counts, pending: pending)
        let notifier = notifier
        guard
            try await withSpace(
                pending: pending, { try ingestor.syncInBackground { notifier.status(announce) } })
        else { return false }
        counts.sinceSync = 0
        counts.lastSync = .now
        return true
    }

    /// Works on `paths` in parallel and commits their records in order; false when shutdown
    /// came while the disk was full (what is not written stays in the inbox).
    private func plan(
        _ paths: [PathName], with ingestor: Ingestor, counts: inout Counts, queue: EventQueue?
    ) async throws -> Bool {
        if let reloadable { ingestor.processor = reloadable.current }
        let planner = ingestor.planner
        let processor = ingestor.processor
        let window = Self.cores * 2
        let quiet = paths.count > Self.burst
        let before = counts
        heartbeat.begin()
        defer { heartbeat.end() }
        let finished = try await withThrowingTaskGroup(of: (Int, Ingestor.Work).self) { group in
            var launched = 0
            func launch() {
                let position = launched
                let path = paths[position]
                group.addTask { (position, planner.work(for: path, processor: processor)) }
                launched += 1
            }
            while launched < min(window, paths.count) { launch() }
            var done: [Int: Ingestor.Work] = [:]
            var next = 0
            while let (position, work) = try await group.next() {
                done[position] = work
                if launched < paths.count && !Task.isShuttingDownGracefully { launch() }
                while let work = done.removeValue(forKey: next) {
                    if case .recorded(let status) = ingestor.commit(work, quiet: quiet) { counts.add(status) }
                    next += 1
                    heartbeat.begin()
                    let pending = paths.count - next + (queue?.count ?? 0)
                    var written = true
                    if ingestor.needsSync && counts.sinceSync >= configuration.syncBatch {
                        written = try await syncInBackground(ingestor, counts: &counts, pending: pending)
                    } else if ingestor.stagedBytes > Self.writeBytes {
                        written = try await withSpace(pending: pending, { try ingestor.flush() })
                    }
                    if !written {
                        // Shutdown while the disk is full: what is not written stays in the
                        // inbox and is picked up at the next start.
                        group.cancelAll()
                        return false
                    }
                    // A long burst frees as much as it allocates; return it as it goes.
                    if next % 4096 == 0 { _ = glibcMallocTrim(0) }
                }
            }
            return true
        }
        if finished {
            // The batch's last records are written (visible) at once; syncing is the caller's.
            guard try await withSpace(pending: queue?.count ?? 0, { try ingestor.flush() }) else {
                return false
            }
        }
        if quiet {
            let ok = counts.ok - before.ok
            let duplicate = counts.duplicate - before.duplicate
            let rejected = counts.rejected - before.rejected
            logger.info(
                "burst of \(paths.count) files: \(ok) ingested, \(duplicate) \(duplicate == 1 ? "duplicate" : "duplicates"), \(rejected) rejected",
                metadata: [
                    "inbox.path": "\(configuration.inbox)", "paths": "\(paths.count)",
                    "ok": "\(ok)", "duplicate": "\(duplicate)", "rejected": "\(rejected)",
                ])
        }
        return finished
    }

    /// Records committed in a burst are written to the store together once they are this
    /// many bytes (or at a sync, or at the end of the batch): one `write` for several.
    static let writeBytes = 64 * 1024

    /// More paths than this in one batch make a burst: one log line for the batch.
    static let burst = 16

    /// The longest a record waits for its fsync under a burst.
    static let syncDelay = Duration.milliseconds(20)

    static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Runs `write` (a flush or sync of the store), waiting out a full disk: it is tried again
    /// every second until it goes through. False when shutdown came while waiting (what is
    /// not written is still in the inbox and is picked up at the next start).
    private func withSpace(pending: Int, _ write: () throws -> Void) async throws -> Bool {
        var paused = false
        while true {
            do {
                try write()
                if paused {
                    logger.notice(
                        "space is back on the disk of \(configuration.store); ingestion resumed",
                        metadata: ["store.path": "\(configuration.store)"])
                }
                return true
            } catch let error as StoreError {
                guard case .noSpace = error else { throw error }
                if Task.isShuttingDownGracefully { return false }
                if !paused {
                    logger.warning(
                        "the disk of \(configuration.store) is full; ingestion paused until space returns",
                        metadata: ["store.path": "\(configuration.store)", "errno": "\(Errno.noSpace.rawValue)"])
                    paused = true
                }
                notifier.status("paused: the store's disk is full (\(pending) waiting); free up space to resume")
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func status(_ counts: Counts, pending: Int) -> String {
        "watching \(configuration.inbox): \(counts.ok) articles, \(pending) pending, \(counts.rejected) rejected, \(counts.duplicate) duplicates"
    }

    public struct Counts: Sendable {
        public var ok = 0
        public var rejected = 0
        public var duplicate = 0
        var sinceSync = 0
        var lastSync = ContinuousClock.now

        mutating func add(_ status: Record.Status) {
            sinceSync += 1
            switch status {
            case .ok: ok += 1
            case .rejected: rejected += 1
            case .duplicate: duplicate += 1
            }
        }

        mutating func add(_ stored: [Record.Status: Int]) {
            ok += stored[.ok, default: 0]
            rejected += stored[.rejected, default: 0]
            duplicate += stored[.duplicate, default: 0]
        }
    }
}

/// Pings the systemd watchdog at half its interval while the pipeline is healthy.
public struct WatchdogService: Service {
    private let interval: Duration
    private let notifier: SystemdNotifier
    private let heartbeat: Heartbeat

    public init(interval: Duration, notifier: SystemdNotifier, heartbeat: Heartbeat) {
        self.interval = interval
        self.notifier = notifier
        self.heartbeat = heartbeat
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // A single article stuck for a whole watchdog period means the daemon is wedged;
                // stop pinging and let systemd restart it.
                if heartbeat.isHealthy(limit: interval * 2) { notifier.watchdog() }
                try await Task.sleep(for: interval)
            }
        }
    }
}

/// glibc's `malloc_trim(3)`, which the Glibc module does not export.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
