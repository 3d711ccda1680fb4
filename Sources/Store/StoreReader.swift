import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the store could not be read.
public enum StoreReadError: Error, CustomStringConvertible, Equatable {
    case missing(path: String)
    case cannotOpen(path: String, errno: Errno)
    case readFailed(path: String, errno: Errno)
    case notAFile(path: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "there is no store at \(path)"
        case .cannotOpen(let path, let errno):
            return "cannot open the store \(path): \(errno)"
        case .readFailed(let path, let errno):
            return "reading the store \(path) failed: \(errno)"
        case .notAFile(let path):
            return "\(path) is not a regular file"
        }
    }
}

/// A run of whole lines of the store, each ending in `\n`, as one contiguous buffer.
///
/// Valid only inside the closure it is handed to.
public struct LineBlock {
    /// The bytes of the lines, the last one ending in `\n`.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The number (1-based) of the first line in the block, when the reader knows it.
    public let firstLineNumber: Int
    /// The file offset of `bytes[0]`.
    public let offset: Int64

    /// Calls `body` with each line (without its `\n`) and its number.
    public func forEachLine(_ body: (_ number: Int, _ line: UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        var number = firstLineNumber
        while start < bytes.count {
            let end = LineBlock.newline(base, from: start, count: bytes.count)
            try body(number, UnsafeBufferPointer(start: base + start, count: end - start))
            number += 1
            start = end + 1
        }
    }

    /// The whole line around `index`: its bounds (without the `\n`) and its number.
    public func line(around index: Int) -> (range: Range<Int>, number: Int) {
        let start = LineBlock.lineStart(bytes.baseAddress!, before: index)
        let end = LineBlock.newline(bytes.baseAddress!, from: index, count: bytes.count)
        return (start..<end, firstLineNumber + LineBlock.countNewlines(UnsafeBufferPointer(rebasing: bytes[0..<start])))
    }

    /// The number of lines in the block.
    public var lineCount: Int { LineBlock.countNewlines(bytes) }

    static func newline(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        guard start < count, let hit = memchr(base + start, 0x0A, count - start) else { return count }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    public static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        // memchr hops from line to line: records are long, and memchr is vectorised.
        var n = 0
        var from = 0
        while from < bytes.count, let hit = memchr(base + from, 0x0A, bytes.count - from) {
            n += 1
            from = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return n
    }

    /// The start of the line holding `index`.
    public static func lineStart(_ base: UnsafePointer<UInt8>, before index: Int) -> Int {
        guard index > 0, let hit = cMemrchr(base, 0x0A, index) else { return 0 }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
    }
}

/// Reads the store front to back in large chunks and hands out whole lines.
///
/// Memory stays at one chunk (1 MiB) plus the longest line, whatever the store's size. A last
/// line without its `\n` is a record still being written (or torn by a crash): it is skipped
/// without a word.
public final class StoreReader {
    public static let chunkSize = 1 << 20

    public let path: FilePath
    let fd: FileDescriptor
    /// The open store (to tell which file it is: `fstat` for device and inode).
    public var descriptor: FileDescriptor { fd }
    private var buffer: UnsafeMutableRawBufferPointer
    /// Bytes in `buffer` not yet handed out (the start of a line whose end is not read yet).
    private var filled = 0
    /// The file offset of `buffer[0]`.
    private var bufferOffset: Int64
    /// The number of the next line to hand out.
    private var nextLine: Int

    /// Opens the store at `path`, to read from `offset` (which must start a line);
    /// `firstLineNumber` is the number of the line there.
    public init(path: FilePath, offset: Int64 = 0, firstLineNumber: Int = 1) throws(StoreReadError) {
        self.path = path
        self.fd = try StoreReader.open(path)
        self.bufferOffset = offset
        self.nextLine = firstLineNumber
        self.buffer = .allocate(byteCount: StoreReader.chunkSize, alignment: 16)
        if offset > 0 {
            do {
                _ = try fd.seek(offset: offset, from: .start)
            } catch {
                try? fd.close()
                buffer.deallocate()
                throw .readFailed(path: path.string, errno: error as? Errno ?? .ioError)
            }
        }
    }

    deinit {
        buffer.deallocate()
        try? fd.close()
    }

    static func open(_ path: FilePath) throws(StoreReadError) -> FileDescriptor {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
        } catch let errno as Errno {
            if errno == .noSuchFileOrDirectory { throw .missing(path: path.string) }
            throw .cannotOpen(path: path.string, errno: errno)
        } catch {
            throw .cannotOpen(path: path.string, errno: .ioError)
        }
        var info = stat()
        if fstat(fd.rawValue, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            try? fd.close()
            throw .notAFile(path: path.string)
        }
        return fd
    }

    /// The store's size in bytes now.
    public func size() -> Int64 {
        var info = stat()
        return fstat(fd.rawValue, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Hands the rest of the file to `body` as blocks of whole lines, until the end of the
    /// file or until `body` returns false. Returns the offset just past the last whole line.
    @discardableResult
    public func forEachBlock(_ body: (LineBlock) throws -> Bool) throws -> Int64 {
        while true {
            if filled == buffer.count { grow() }
            let n: Int
            do {
                n = try fd.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), retryOnInterrupt: true)
            } catch let errno as Errno {
                throw StoreReadError.readFailed(path: path.string, errno: errno)
            }
            if n == 0 { return bufferOffset }
            let scanFrom = filled
            filled += n
            let bytes = UnsafeBufferPointer(
                start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: filled)
            guard let last = StoreReader.lastNewline(bytes, notBefore: scanFrom) else { continue }
            let block = LineBlock(
                bytes: UnsafeBufferPointer(rebasing: bytes[0...last]), firstLineNumber: nextLine, offset: bufferOffset)
            let keepGoing = try body(block)
            nextLine += block.lineCount
            consume(last + 1)
            if !keepGoing { return bufferOffset }
        }
    }

    /// Calls `body` with each whole line (without its `\n`) and its number, until the end of
    /// the file or until `body` returns false.
    @discardableResult
    public func forEachLine(_ body: (_ number: Int, _ line: UnsafeBufferPointer<UInt8>) throws -> Bool) throws -> Int64
    {
        try forEachBlock { block in
            var stop = false
            var number = block.firstLineNumber
            var start = 0
            let base = block.bytes.baseAddress!
            while start < block.bytes.count {
                let end = LineBlock.newline(base, from: start, count: block.bytes.count)
                if !(try body(number, UnsafeBufferPointer(start: base + start, count: end - start))) {
                    // Hand back the unread lines: rewind to just after this one.
                    stop = true
                    rewind(to: block.offset + Int64(end + 1), lineNumber: number + 1)
                    break
                }
                number += 1
                start = end + 1
            }
            return !stop
        }
    }

    /// Drops what is buffered and reads from `offset` next (used after stopping mid-block).
    private func rewind(to offset: Int64, lineNumber: Int) {
        _ = try? fd.seek(offset: offset, from: .start)
        rewound = (offset, lineNumber)
    }

    private var rewound: (Int64, Int)?

    private func consume(_ count: Int) {
        if let (offset, line) = rewound {
            rewound = nil
            filled = 0
            bufferOffset = offset
            nextLine = line
            return
        }
        let rest = filled - count
        if rest > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + count, byteCount: rest) }
        filled = rest
        bufferOffset += Int64(count)
    }

    private func grow() {
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
        bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: filled)
        buffer.deallocate()
        buffer = bigger
    }

    static func lastNewline(_ bytes: UnsafeBufferPointer<UInt8>, notBefore start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
            let hit = cMemrchr(base + start, 0x0A, bytes.count - start)
        else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The offset where the last `count` whole lines of the store at `path` start, and the
    /// offset just past the last whole line (a torn tail is not counted). Reads backwards
    /// from the end, so it costs the size of those lines, not of the store.
    public static func tailOffset(path: FilePath, lines count: Int) throws(StoreReadError) -> (start: Int64, end: Int64)
    {
        let fd = try open(path)
        defer { try? fd.close() }
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0 else {
            throw .readFailed(path: path.string, errno: Errno(rawValue: errno))
        }
        let size = Int64(info.st_size)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var position = size
        var end: Int64?
        var seen = 0
        while position > 0 {
            let from = max(0, position - Int64(chunk.count))
            let length = Int(position - from)
            let n: Int
            do {
                n = try chunk.withUnsafeMutableBytes {
                    try fd.read(fromAbsoluteOffset: from, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<length]))
                }
            } catch {
                throw .readFailed(path: path.string, errno: error as? Errno ?? .ioError)
            }
            if n < length { return (0, end ?? 0) }  // shrank under us; start over from the top
            var k = length - 1
            while k >= 0 {
                if chunk[k] == 0x0A {
                    let at = from + Int64(k)
                    if end == nil {
                        end = at + 1
                        if count <= 0 { return (at + 1, at + 1) }
                    } else {
                        seen += 1
                        if seen == count { return (at + 1, end!) }
                    }
                }
                k -= 1
            }
            position = from
        }
        return (0, end ?? 0)
    }
}

/// glibc's `memrchr` (a GNU extension the Glibc module does not export).
@_silgen_name("memrchr")
func cMemrchr(_ s: UnsafeRawPointer, _ c: Int32, _ n: Int) -> UnsafeMutableRawPointer?
