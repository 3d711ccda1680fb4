import Dispatch
import Store
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the store's entity index (`<store>.entities/`) up to date behind the daemon, on a
/// low-priority thread of its own: only ever with records that are durable, when the daemon is
/// idle and a megabyte of them is new (at start, whatever is missing; at stop, the rest).
/// Readers scan what it has not reached yet.
final class IndexKeeper: Sendable {
    private let store: FilePath
    private let queue = DispatchQueue(label: "wirewatch.entity-index", qos: .utility)
    private struct State {
        var running = false
        var stopping = false
        /// How far the store is durable, and how far the last update went.
        var durable: Int64 = 0
        var indexed: Int64 = 0
        /// Bumped by every `durable` call: a check scheduled by `idle` that finds it changed
        /// knows the daemon was busy meanwhile.
        var activity = 0
        var checkScheduled = false
    }
    private let state = Mutex(State())
    /// Durable bytes of new records that make an update worth starting.
    static let threshold: Int64 = 1 << 20
    /// Records per segment (what an update reads between looks at `stop`).
    static let chunk = 4096

    init(store: FilePath) { self.store = store }

    /// At start: brings the index up to date with the store (or builds it), in the background.
    func catchUp(to end: Int64) {
        state.withLock { $0.durable = end }
        start(force: true)
    }

    /// The store is durable up to `end`.
    func durable(upTo end: Int64) {
        state.withLock { state in
            state.durable = max(state.durable, end)
            state.activity &+= 1
        }
    }

    /// How long the daemon must stay quiet before an update starts: indexing waits for a
    /// burst to end rather than adding its memory and CPU to the burst's.
    static let quiet = DispatchTimeInterval.seconds(2)

    /// The daemon has nothing to do: when it is still quiet after `quiet` and a megabyte of
    /// durable records is not indexed yet, an update starts in the background.
    func idle() {
        let activity = state.withLock { state -> Int? in
            guard !state.checkScheduled, !state.running, state.durable - state.indexed >= Self.threshold else {
                return nil
            }
            state.checkScheduled = true
            return state.activity
        }
        guard let activity else { return }
        queue.asyncAfter(deadline: .now() + Self.quiet) { [self] in
            let quiet = state.withLock { state -> Bool in
                state.checkScheduled = false
                return state.activity == activity
            }
            if quiet { start(force: false) }
        }
    }

    private func start(force: Bool) {
        let end = state.withLock { state -> Int64? in
            guard !state.running, !state.stopping, force || state.durable - state.indexed >= Self.threshold else {
                return nil
            }
            state.running = true
            return state.durable
        }
        guard let end else { return }
        let store = store
        queue.async { [self] in
            _ = indexKeeperMallocTrim(0)
            // The index is a convenience: it yields the CPU to ingestion.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(indexKeeperThreadID()), 10)
            let outcome = EntityIndex.update(store: store, upTo: end, chunk: Self.chunk) {
                self.state.withLock { $0.stopping }
            }
            state.withLock { state in
                state.running = false
                // Stopped half-way, the rest is for the next start; otherwise (done, or the
                // index cannot be written here) nothing is tried again before a megabyte more.
                if outcome != .stopped { state.indexed = end }
            }
            _ = indexKeeperMallocTrim(0)
        }
    }

    /// Stops a running update at its next chunk and waits for it; then indexes what is left
    /// (the records since the last update: a megabyte at most, unless the update was stopped).
    func stop() {
        state.withLock { $0.stopping = true }
        queue.sync {}
        let (end, indexed) = state.withLock { ($0.durable, $0.indexed) }
        if end - indexed <= Self.threshold * 4 {
            _ = EntityIndex.update(store: store, upTo: end, chunk: Self.chunk)
        }
    }
}

/// glibc's `gettid(2)` wrapper (2.30 and later), which the Glibc module does not export.
@_silgen_name("gettid")
private func indexKeeperThreadID() -> Int32

@_silgen_name("malloc_trim")
private func indexKeeperMallocTrim(_ pad: Int) -> Int32
