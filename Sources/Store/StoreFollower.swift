import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Follows the store as records land (`tail -f` for whole lines).
///
/// After the end of the file it polls the path every `interval` for growth. When the store is
/// truncated (smaller than what was read) or replaced (another file at the path: a new inode,
/// e.g. after a rotation or an atomic rename) it starts again from the top of the file now at
/// the path. A line is handed out only once its `\n` has landed; a missing store is waited for.
public final class StoreFollower {
    public let path: FilePath
    public let interval: Duration
    private var reader: StoreReader?
    private var identity: (dev: UInt64, ino: UInt64)?
    /// Offset just past the last whole line handed out.
    public private(set) var offset: Int64

    /// Follows `path` from `offset`, which must start a line (e.g. `StoreReader.tailOffset`).
    public init(path: FilePath, offset: Int64 = 0, interval: Duration = .milliseconds(150)) {
        self.path = path
        self.offset = offset
        self.interval = interval
    }

    /// Hands each whole line to `body` as it lands, forever or until `body` returns false.
    /// `body` gets the line without its `\n`; the line number is known only when following
    /// from the top (it is 0 otherwise).
    public func follow(_ body: (_ number: Int, _ line: UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        var lineNumber = offset == 0 ? 1 : 0
        while true {
            if reader == nil {
                guard let opened = try? StoreReader(path: path, offset: offset, firstLineNumber: lineNumber) else {
                    sleep()
                    continue
                }
                reader = opened
                identity = Self.identity(of: opened.fd)
            }
            guard let current = reader else { continue }
            var stopped = false
            offset = try current.forEachLine { number, line in
                if try body(number, line) {
                    if lineNumber > 0 { lineNumber = number + 1 }
                    return true
                }
                stopped = true
                return false
            }
            if stopped { return }
            // At the end of the file: wait for growth, a truncation or a replacement.
            while true {
                sleep()
                if let now = Self.identity(atPath: path), let identity,
                    now.dev != identity.dev || now.ino != identity.ino
                {
                    restart()
                    lineNumber = 1
                    break
                }
                let size = current.size()
                if size < offset {
                    restart()
                    lineNumber = 1
                    break
                }
                if size > offset {
                    // Read on from the end of the last whole line, never from what the old
                    // reader buffered: the writer may have cut an unterminated tail (torn-line
                    // repair, a rolled-back short write) and written a record in its place.
                    reader = nil
                    break
                }
            }
        }
    }

    private func restart() {
        reader = nil
        identity = nil
        offset = 0
    }

    private func sleep() {
        let (seconds, attoseconds) = interval.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    static func identity(of fd: FileDescriptor) -> (dev: UInt64, ino: UInt64)? {
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    static func identity(atPath path: FilePath) -> (dev: UInt64, ino: UInt64)? {
        var info = stat()
        guard path.withPlatformString({ stat($0, &info) }) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }
}
