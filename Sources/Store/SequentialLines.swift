import Dispatch
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a long stretch of the store once, front to back, as fast as the disk gives it: for a
/// scan of a whole large store (the ledger rebuilt from it), where `StoreReader`'s buffered
/// 1 MiB reads leave the disk idle while lines are worked on and go through the page cache,
/// which a store larger than memory only churns.
///
/// Blocks of 8 MiB are read into aligned buffers, the next block on a helper thread while the
/// caller works on this one. `direct`: with `O_DIRECT`, past the page cache (pages the cache
/// holds dirty are written first by the kernel, so what is read is what the file holds): for a
/// file larger than the cache could hold, which buffered reads would only churn, evicting what
/// other processes use; a file the cache holds is read faster through it. Where the file system
/// refuses `O_DIRECT` (tmpfs, some network file systems) the reads go through the page cache.
/// Memory: two blocks, plus the longest line that spans two of them.
public enum SequentialLines {
    public static let blockSize = 8 << 20
    private static let alignment = 4096

    /// Whether a stretch of `bytes` is better read past the page cache: when it is more than
    /// half of the machine's memory (the cache cannot hold it, and reading it through the cache
    /// would evict everything else).
    public static func wantsDirect(for bytes: Int64) -> Bool {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return false }
        return bytes > Int64(pages) * Int64(size) / 2
    }

    /// Calls `body` with each whole line (without its `\n`) from `offset` (which must start a
    /// line) to the end of the file, and the offset where the line starts. A last line without
    /// its `\n` (torn, or still being written) is not handed out. Returns the offset just past
    /// the last whole line.
    @discardableResult
    public static func forEach(
        path: FilePath, from offset: Int64, direct: Bool, _ body: (UnsafeBufferPointer<UInt8>, Int64) -> Void
    ) throws(StoreReadError) -> Int64 {
        let file = try File(path: path, direct: direct)
        defer { file.close() }
        let blocks = (Block(), Block())
        defer {
            blocks.0.deallocate()
            blocks.1.deallocate()
        }
        var position = offset & ~Int64(alignment - 1)
        var skip = Int(offset - position)
        var carry: [UInt8] = []
        var carryStart: Int64 = offset
        var end = offset
        var current = blocks.0
        var next = blocks.1
        // Its own serial queue, which gets a thread of its own: the caller may be holding one of
        // the global pool's few (a Swift task) while it waits for this one.
        let queue = DispatchQueue(label: "wirewatch.store.read-ahead")
        var pending = Read(file: file, block: current, at: position, on: queue)
        while true {
            let n = try pending.wait()
            guard n > skip else { break }
            let blockStart = position
            position += Int64(n)
            // The next block is read while this one is worked on (unless this one was the last).
            let more = n == blockSize
            if more { pending = Read(file: file, block: next, at: position, on: queue) }
            let base = UnsafePointer(current.bytes)
            var start = skip
            skip = 0
            if !carry.isEmpty {
                // A line begun in an earlier block: its end is the first newline here.
                guard let hit = memchr(base + start, 0x0A, n - start) else {
                    carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start))
                    if !more { break }
                    swap(&current, &next)
                    continue
                }
                let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: newline - start))
                carry.withUnsafeBufferPointer { body($0, carryStart) }
                end = carryStart + Int64(carry.count) + 1
                carry.removeAll(keepingCapacity: true)
                start = newline + 1
            }
            while start < n {
                guard let hit = memchr(base + start, 0x0A, n - start) else { break }
                let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                body(UnsafeBufferPointer(start: base + start, count: newline - start), blockStart + Int64(start))
                start = newline + 1
            }
            end = max(end, blockStart + Int64(start))
            carryStart = blockStart + Int64(start)
            if start < n { carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start)) }
            if !more { break }
            swap(&current, &next)
        }
        return end
    }

    /// An aligned buffer of one block.
    private struct Block: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<UInt8>

        init() {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: SequentialLines.blockSize, alignment: 4096)
            bytes = raw.bindMemory(to: UInt8.self, capacity: SequentialLines.blockSize)
        }

        func deallocate() { UnsafeMutableRawPointer(bytes).deallocate() }
    }

    /// The open store, read with `O_DIRECT` while the file system allows it.
    private final class File: @unchecked Sendable {
        let path: FilePath
        private var direct: Int32 = -1
        private let buffered: Int32
        private let lock = DispatchSemaphore(value: 1)

        init(path: FilePath, direct wanted: Bool) throws(StoreReadError) {
            self.path = path
            let fd = Glibc.open(path.string, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                let error = Errno(rawValue: errno)
                if error == .noSuchFileOrDirectory { throw .missing(path: path.string) }
                throw .cannotOpen(path: path.string, errno: error)
            }
            var info = stat()
            if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                Glibc.close(fd)
                throw .notAFile(path: path.string)
            }
            buffered = fd
            if wanted, let flag = Self.oDirect { direct = Glibc.open(path.string, O_RDONLY | O_CLOEXEC | flag) }
            // Through the page cache, it is read once, front to back.
            _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        }

        /// `O_DIRECT`, which the Glibc module leaves out (it is `_GNU_SOURCE`); its value differs
        /// between architectures. Elsewhere the store is read through the page cache.
        #if arch(x86_64) || arch(i386)
            static let oDirect: Int32? = 0o40000
        #elseif arch(arm64) || arch(arm)
            static let oDirect: Int32? = 0o200000
        #else
            static let oDirect: Int32? = nil
        #endif

        /// Fills `block` from `offset` (a multiple of the alignment) up to its size or the end
        /// of the file; the number of bytes read, or the errno.
        func read(into block: Block, at offset: Int64) -> Result<Int, Errno> {
            var filled = 0
            while filled < SequentialLines.blockSize {
                let fd = currentDescriptor()
                let n = pread(
                    fd, block.bytes + filled, SequentialLines.blockSize - filled, off_t(offset) + off_t(filled))
                if n > 0 {
                    filled += n
                    // A short direct read is the end of the file (or an unaligned rest): stop here.
                    if fd != buffered && n % SequentialLines.alignment != 0 { break }
                    continue
                }
                if n == 0 { break }
                if errno == EINTR { continue }
                if errno == EINVAL && fd != buffered {
                    stopDirect()  // the file system takes no direct reads here: buffered from now on
                    continue
                }
                return .failure(Errno(rawValue: errno))
            }
            return .success(filled)
        }

        private func currentDescriptor() -> Int32 {
            lock.wait()
            defer { lock.signal() }
            return direct >= 0 ? direct : buffered
        }

        private func stopDirect() {
            lock.wait()
            defer { lock.signal() }
            if direct >= 0 { Glibc.close(direct) }
            direct = -1
        }

        func close() {
            stopDirect()
            Glibc.close(buffered)
        }
    }

    /// A read of one block started on a helper thread.
    private struct Read {
        private let done: DispatchSemaphore
        private let outcome: Outcome
        private let path: FilePath

        private final class Outcome: @unchecked Sendable {
            var value: Result<Int, Errno> = .success(0)
        }

        init(file: File, block: Block, at offset: Int64, on queue: DispatchQueue) {
            let outcome = Outcome()
            let done = DispatchSemaphore(value: 0)
            self.done = done
            self.outcome = outcome
            self.path = file.path
            queue.async {
                outcome.value = file.read(into: block, at: offset)
                done.signal()
            }
        }

        func wait() throws(StoreReadError) -> Int {
            done.wait()
            switch outcome.value {
            case .success(let n): return n
            case .failure(let errno): throw .readFailed(path: path.string, errno: errno)
            }
        }
    }
}
