import Dispatch
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Why the store could not take a record.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, errno: Errno)
    case locked(path: String)
    case noSpace(path: String)
    case writeFailed(path: String, errno: Errno)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let errno):
            return
                "cannot open the store \(path): \(errno). Check that its folder exists and is writable, or pass --store FILE."
        case .locked(let path):
            return
                "the store \(path) is in use by another wirewatchd; stop it first, or give this one its own --store FILE."
        case .noSpace(let path):
            return "the file system holding \(path) is full; free some space and ingestion resumes by itself."
        case .writeFailed(let path, let errno):
            return "writing to the store \(path) failed: \(errno)."
        }
    }
}

/// Appends records to the store with `write` on an `O_APPEND` descriptor: one line at a time
/// (`append`), or lines staged in memory and written together in one `write` (`stage`, `flush`).
///
/// A record counts as stored only after `sync()` (or once `syncInBackground`'s fsync is done).
/// On open, a torn last line (left by a crash between `write` and its end) is cut off, so
/// readers only ever see whole lines. A failed or short write (a full disk) is rolled back with
/// `ftruncate`, so no half record stays; staged lines stay staged, to be written again.
public final class StoreAppender {
    public let path: FilePath
    private let fd: FileDescriptor
    /// The size of the file up to the last whole line this appender knows of.
    public private(set) var size: Int64
    /// Records written since the last sync was started.
    private var unsynced = 0
    /// Whole lines not written yet, and where each of them ends in `staged`.
    private var staged: [UInt8] = []
    private var stagedEnds: [Int] = []
    private var stagedRecords: Int { stagedEnds.count }
    /// Where fsyncs run: those started by `syncInBackground`, and `sync()`'s after them.
    private let syncQueue = DispatchQueue(label: "wirewatch.store.sync")
    private let background = BackgroundSyncs()

    /// Opens (creating if needed, with its folder) and repairs the store; takes an exclusive
    /// lock so two daemons never write the same file.
    public init(path: FilePath) throws {
        self.path = path
        let display = path.string
        if let parent = path.removingLastComponent().string.isEmpty ? nil : path.removingLastComponent() {
            try? StoreAppender.makeDirectories(parent)
        }
        do {
            fd = try FileDescriptor.open(
                path, .readWrite, options: [.append, .create, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch let errno as Errno {
            throw StoreError.cannotOpen(path: display, errno: errno)
        }
        if flock(fd.rawValue, LOCK_EX | LOCK_NB) != 0 {
            try? fd.close()
            throw StoreError.locked(path: display)
        }
        size = try fd.seek(offset: 0, from: .end)
        try cutTornTail()
    }

    deinit {
        // A background fsync still running uses the descriptor.
        syncQueue.sync {}
        try? fd.close()
    }

    /// Appends one encoded record (which must end in a newline) with a single `write`, after
    /// any staged lines.
    public func append(_ line: [UInt8]) throws {
        precondition(line.last == UInt8(ascii: "\n"), "a record line ends in a newline")
        try flush()
        try write(line)
        unsynced += 1
    }

    /// Adds one encoded record (which must end in a newline) to the lines the next `flush`
    /// writes.
    public func stage(_ line: [UInt8]) {
        precondition(line.last == UInt8(ascii: "\n"), "a record line ends in a newline")
        staged.append(contentsOf: line)
        stagedEnds.append(staged.count)
    }

    /// Bytes staged and not written yet.
    public var stagedBytes: Int { staged.count }

    /// Where the file will end once the staged lines are written.
    public var stagedEnd: Int64 { size + Int64(staged.count) }

    /// Writes the staged lines with one `write`. On a full disk, as many whole lines as fit
    /// are written one by one and the rest stay staged (`noSpace`); call again later.
    public func flush() throws {
        try background.check()
        guard !staged.isEmpty else { return }
        do {
            try write(staged)
        } catch StoreError.noSpace {
            try flushWhatFits()
        }
        unsynced += stagedRecords
        // A huge article's line is not kept around as spare capacity.
        staged.removeAll(keepingCapacity: staged.count <= 1 << 20)
        stagedEnds.removeAll(keepingCapacity: true)
    }

    /// The lines one at a time until the disk is full; those written leave the stage.
    private func flushWhatFits() throws {
        var written = 0
        defer {
            if written > 0 {
                let cut = stagedEnds[written - 1]
                staged.removeFirst(cut)
                stagedEnds = stagedEnds[written...].map { $0 - cut }
                unsynced += written
            }
        }
        var start = 0
        for end in stagedEnds {
            try staged.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            written += 1
            start = end
        }
    }

    /// Forgets the staged lines (the daemon is stopping while the disk is full: their files
    /// are still in the inbox and are read again at the next start).
    public func discardStaged() {
        staged = []
        stagedEnds = []
    }

    /// Writes whole lines with one `write`, or nothing of them.
    private func write(_ lines: [UInt8]) throws {
        try lines.withUnsafeBytes { try write($0) }
    }

    private func write(_ lines: UnsafeRawBufferPointer) throws {
        try reserve(lines.count)
        let written: Int
        do {
            written = try fd.write(lines)
        } catch let errno as Errno {
            rollBack()
            if errno == .noSpace || errno == .diskQuotaExceeded { throw StoreError.noSpace(path: path.string) }
            throw StoreError.writeFailed(path: path.string, errno: errno)
        }
        if written != lines.count {
            // A short write on a regular file means the disk filled up mid-record.
            rollBack()
            throw StoreError.noSpace(path: path.string)
        }
        size += Int64(written)
    }

    /// Whether the file system can reserve space ahead of a write (`fallocate`).
    private var canReserve = true
    /// Where the space reserved past the end of the file ends (it may end before `size`).
    private var reservedEnd: Int64 = 0
    /// How far ahead space is reserved at once, so a burst of records costs one `fallocate` per
    /// this many bytes rather than one per record. Left allocated past the end of the file
    /// when the daemon stops (`FALLOC_FL_KEEP_SIZE`); the next append uses it.
    static let reserveAhead: Int64 = 1 << 20

    /// Reserves the blocks the next line needs, so a full disk shows as `ENOSPC` here, before
    /// any byte is written, and never as half a record a reader could see before the rollback.
    ///
    /// Space is reserved `reserveAhead` bytes at a time; when the disk cannot spare that much,
    /// just what this line needs.
    private func reserve(_ count: Int) throws {
        guard canReserve, size + Int64(count) > reservedEnd else { return }
        if allocate(from: size, count: max(Int64(count), Self.reserveAhead)) {
            reservedEnd = size + max(Int64(count), Self.reserveAhead)
            return
        }
        guard canReserve else { return }
        guard allocate(from: size, count: Int64(count)) else {
            if canReserve { throw StoreError.noSpace(path: path.string) }
            return
        }
        reservedEnd = size + Int64(count)
    }

    /// `fallocate(KEEP_SIZE)`; false on a full disk, and also (turning reservations off) where
    /// the file system does not support it (EOPNOTSUPP and the like: the rollback still applies).
    private func allocate(from offset: Int64, count: Int64) -> Bool {
        while glibcFallocate(fd.rawValue, 1 /* FALLOC_FL_KEEP_SIZE */, off_t(offset), off_t(count)) != 0 {
            switch errno {
            case EINTR: continue
            case ENOSPC, EDQUOT: return false
            default:
                canReserve = false
                return false
            }
        }
        return true
    }

    /// Whether records were staged or appended since the last sync was started.
    public var needsSync: Bool { unsynced > 0 || stagedRecords > 0 }

    /// Whether every record appended is durable: none staged, none unsynced, no fsync running.
    public var isDurable: Bool { !needsSync && background.running == 0 }

    /// Writes the staged lines and makes every record appended durable (`fsync`), after any
    /// background fsync has finished.
    public func sync() throws {
        try flush()
        let needed = unsynced > 0
        let fd = fd.rawValue
        let path = path.string
        try syncQueue.sync {
            try background.check()
            if needed { try Self.fsync(fd, path: path) }
        }
        unsynced = 0
    }

    /// Writes the staged lines and starts an `fsync` of every record appended so far on the
    /// store's sync queue, returning at once; `then` runs there once they are durable. A failed
    /// fsync is thrown by the next `flush`, `append` or `sync` (and `then` does not run).
    public func syncInBackground(then: @escaping @Sendable () -> Void) throws {
        try flush()
        let needed = unsynced > 0
        unsynced = 0
        let fd = fd.rawValue
        let path = path.string
        let background = background
        background.started()
        syncQueue.async {
            defer { background.finished() }
            guard background.error == nil else { return }
            do {
                if needed { try Self.fsync(fd, path: path) }
            } catch let error as StoreError {
                background.fail(error)
                return
            } catch {
                background.fail(.writeFailed(path: path, errno: .ioError))
                return
            }
            then()
        }
    }

    private static func fsync(_ fd: Int32, path: String) throws(StoreError) {
        guard let errno = fsyncFailure(fd) else { return }
        if errno == .noSpace || errno == .diskQuotaExceeded { throw StoreError.noSpace(path: path) }
        throw StoreError.writeFailed(path: path, errno: errno)
    }

    private func fsyncOrThrow() throws {
        if let errno = Self.fsyncFailure(fd.rawValue) { throw errno }
    }

    /// `fsync(2)`, tried again when a signal interrupts it; the error it ends with, if any.
    private static func fsyncFailure(_ fd: Int32) -> Errno? {
        while Glibc.fsync(fd) != 0 {
            let errno = Errno(rawValue: Glibc.errno)
            if errno != .interrupted { return errno }
        }
        return nil
    }

    private func rollBack() {
        _ = ftruncate(fd.rawValue, off_t(size))
        // The truncation freed whatever was reserved past the end.
        reservedEnd = size
    }

    private func cutTornTail() throws {
        guard size > 0 else { return }
        // Walk back from the end to the last newline; everything after it is a torn record.
        var end = size
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while end > 0 {
            let start = max(0, end - Int64(buffer.count))
            let count = Int(end - start)
            let n = try buffer.withUnsafeMutableBytes {
                try fd.read(fromAbsoluteOffset: start, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count]))
            }
            if let i = buffer[0..<n].lastIndex(of: UInt8(ascii: "\n")) {
                let keep = start + Int64(i) + 1
                if keep < size {
                    _ = ftruncate(fd.rawValue, off_t(keep))
                    try fsyncOrThrow()
                    size = keep
                }
                return
            }
            end = start
        }
        _ = ftruncate(fd.rawValue, 0)
        size = 0
    }

    static func makeDirectories(_ dir: FilePath) throws {
        var current = FilePath(dir.root?.string ?? "")
        for component in dir.components {
            current.append(component)
            if mkdir(current.string, 0o755) != 0 && errno != EEXIST {
                throw Errno(rawValue: errno)
            }
        }
    }
}

/// Linux's `fallocate(2)`, which the Glibc module does not export.
@_silgen_name("fallocate")
private func glibcFallocate(_ fd: Int32, _ mode: Int32, _ offset: off_t, _ length: off_t) -> Int32

/// The fsyncs started in the background: how many are running, and the first failure.
final class BackgroundSyncs: Sendable {
    private struct State {
        var running = 0
        var error: StoreError?
    }
    private let state = Mutex(State())

    var running: Int { state.withLock { $0.running } }
    var error: StoreError? { state.withLock { $0.error } }

    func started() { state.withLock { $0.running += 1 } }
    func finished() { state.withLock { $0.running -= 1 } }
    func fail(_ error: StoreError) { state.withLock { if $0.error == nil { $0.error = error } } }

    /// Throws the failure of an earlier background fsync.
    func check() throws(StoreError) {
        if let error { throw error }
    }
}
