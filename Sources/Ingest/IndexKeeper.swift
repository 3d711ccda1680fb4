import Dispatch
import Store
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the store's entity index (`<store>.entities/`) up to date behind the daemon, on a
/// low-priority thread of its own: only ever with records that are durable, a megabyte of them
/// at a time, handed over already decoded (the store is read only at start, for whatever the
/// index is missing). Readers scan what it has not reached yet.
final class IndexKeeper: Sendable {
    private let store: FilePath
    private let queue = DispatchQueue(label: "wirewatch.entity-index", qos: .utility)
    private struct State {
        var running = false
        var stopping = false
        /// Records committed, in store order, not handed to an update yet.
        var pending: [EntityIndex.Entry] = []
        var pendingBytes: Int64 = 0
    }
    private let state = Mutex(State())
    /// Durable bytes of new records that make an update worth starting.
    static let threshold: Int64 = 1 << 20
    /// Bytes of records held for the index at most; past it they are read from the store later.
    static let pendingLimit: Int64 = 16 << 20
    /// Records per segment when the keeper reads the store itself (at start).
    static let chunk = 8192

    init(store: FilePath) { self.store = store }

    /// At start: brings the index up to date with the store (or builds it), in the background.
    func catchUp(to end: Int64) { run(upTo: end, records: []) }

    /// A record committed at `offset..<end` (`line` is its encoded line).
    func add(_ record: Record, line: [UInt8], offset: Int64, end: Int64) {
        let entry = EntityIndex.Entry(record: record, offset: offset, end: end, head: line)
        state.withLock { state in
            state.pending.append(entry)
            state.pendingBytes += end - offset
            if state.pendingBytes > Self.pendingLimit {
                // An update has been running long (a build at start): the next one reads these
                // records from the store instead of holding them here.
                state.pending.removeAll()
                state.pendingBytes = 0
            }
        }
    }

    /// Records past `end` were dropped before being written.
    func discard(from end: Int64) {
        state.withLock { state in state.pending.removeAll { $0.end > end } }
    }

    /// The store is durable up to `end`: when enough of the records committed before it are
    /// waiting (or `force`) and no update is running, they go to the index in the background.
    func durable(upTo end: Int64, force: Bool = false) {
        let batch = state.withLock { state -> [EntityIndex.Entry]? in
            guard !state.running, !state.stopping, force || state.pendingBytes >= Self.threshold else { return nil }
            let count = state.pending.prefix { $0.end <= end }.count
            guard count > 0 else { return nil }
            let batch = Array(state.pending[..<count])
            state.pending.removeFirst(count)
            state.pendingBytes = state.pending.reduce(0) { $0 + $1.end - $1.offset }
            state.running = true
            return batch
        }
        guard let batch else { return }
        run(upTo: batch.last!.end, records: batch, claimed: true)
    }

    private func run(upTo end: Int64, records: [EntityIndex.Entry], claimed: Bool = false) {
        if !claimed {
            let start = state.withLock { state -> Bool in
                guard !state.running, !state.stopping else { return false }
                state.running = true
                return true
            }
            guard start else { return }
        }
        let store = store
        queue.async { [self] in
            // The index is a convenience: it yields the CPU to ingestion.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(indexKeeperThreadID()), 10)
            _ = EntityIndex.update(store: store, upTo: end, records: records, chunk: Self.chunk) {
                self.state.withLock { $0.stopping }
            }
            state.withLock { $0.running = false }
            _ = indexKeeperMallocTrim(0)
        }
    }

    /// Hands over the durable records waiting (unless an update is running), then stops a
    /// running update at its next chunk and waits for it.
    func stop(durableEnd: Int64) {
        durable(upTo: durableEnd, force: true)
        state.withLock { $0.stopping = true }
        queue.sync {}
    }
}

/// glibc's `gettid(2)` wrapper (2.30 and later), which the Glibc module does not export.
@_silgen_name("gettid")
private func indexKeeperThreadID() -> Int32

@_silgen_name("malloc_trim")
private func indexKeeperMallocTrim(_ pad: Int) -> Int32
