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

/// Appends records to the store: one `write` per line on an `O_APPEND` descriptor.
///
/// A record counts as stored only after `sync()`. On open, a torn last line (left by a crash
/// between `write` and its end) is cut off, so readers only ever see whole lines. A failed or
/// short write (a full disk) is rolled back with `ftruncate`, so no half record stays.
public final class StoreAppender {
    public let path: FilePath
    private let fd: FileDescriptor
    /// The size of the file up to the last whole line this appender knows of.
    public private(set) var size: Int64
    private var unsynced = 0

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

    deinit { try? fd.close() }

    /// Appends one encoded record (which must end in a newline) with a single `write`.
    public func append(_ line: [UInt8]) throws {
        precondition(line.last == UInt8(ascii: "\n"), "a record line ends in a newline")
        try reserve(line.count)
        let written: Int
        do {
            written = try line.withUnsafeBytes { try fd.write($0) }
        } catch let errno as Errno {
            rollBack()
            if errno == .noSpace || errno == .diskQuotaExceeded { throw StoreError.noSpace(path: path.string) }
            throw StoreError.writeFailed(path: path.string, errno: errno)
        }
        if written != line.count {
            // A short write on a regular file means the disk filled up mid-record.
            rollBack()
            throw StoreError.noSpace(path: path.string)
        }
        size += Int64(written)
        unsynced += 1
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

    /// Whether records were appended since the last `sync()`.
    public var needsSync: Bool { unsynced > 0 }

    /// Makes every appended record durable (`fsync`).
    public func sync() throws {
        guard unsynced > 0 else { return }
        do {
            try fsyncOrThrow()
        } catch let errno as Errno {
            if errno == .noSpace || errno == .diskQuotaExceeded { throw StoreError.noSpace(path: path.string) }
            throw StoreError.writeFailed(path: path.string, errno: errno)
        }
        unsynced = 0
    }

    private func fsyncOrThrow() throws {
        while fsync(fd.rawValue) != 0 {
            if errno != EINTR { throw Errno(rawValue: errno) }
        }
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
