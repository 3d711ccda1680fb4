import Dispatch
import Store
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the store's entity index (`<store>.entities/`) up to date behind the daemon, on a
/// low-priority thread of its own: only ever with records that are durable, a megabyte of them
/// at a time (or at start, whatever is missing). Readers scan what it has not reached yet.
final class IndexKeeper: Sendable {
    private let store: FilePath
    private let queue = DispatchQueue(label: "wirewatch.entity-index", qos: .utility)
    private struct State {
        var running = false
        var stopping = false
        var indexedTo: Int64 = 0
    }
    private let state = Mutex(State())
    /// New durable bytes that make an update worth starting.
    static let threshold: Int64 = 1 << 20
    /// Records per segment the keeper writes (what it reads between looks at `stop()`).
    static let chunk = 8192

    init(store: FilePath) { self.store = store }

    /// The store is durable up to `end`: updates the index in the background when enough is
    /// new since the last update (or `force`) and none is running.
    func request(upTo end: Int64, force: Bool = false) {
        let start = state.withLock { state -> Bool in
            guard !state.running, !state.stopping, force || end - state.indexedTo >= Self.threshold else {
                return false
            }
            state.running = true
            return true
        }
        guard start else { return }
        let store = store
        queue.async { [self] in
            // The index is a convenience: it yields the CPU to ingestion.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(indexKeeperThreadID()), 10)
            _ = EntityIndex.update(store: store, upTo: end, chunk: Self.chunk) {
                self.state.withLock { $0.stopping }
            }
            state.withLock { state in
                state.running = false
                state.indexedTo = end
            }
            _ = indexKeeperMallocTrim(0)
        }
    }

    /// Stops a running update at its next chunk and waits for it.
    func stop() {
        state.withLock { $0.stopping = true }
        queue.sync {}
    }
}

/// glibc's `gettid(2)` wrapper (2.30 and later), which the Glibc module does not export.
@_silgen_name("gettid")
private func indexKeeperThreadID() -> Int32

@_silgen_name("malloc_trim")
private func indexKeeperMallocTrim(_ pad: Int) -> Int32
