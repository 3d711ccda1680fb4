import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The entity index beside the store (`<store>.entities/`): a cache, never the truth.
///
/// It holds immutable segments (`IndexSegment.swift`), each covering a run of whole store lines,
/// and a `manifest` naming them in store order with what it covers: the store file (device and
/// inode), the end of the last covered line, and the first bytes of the store's first line and
/// of the last covered line. A reader trusts the index only when all of that still matches the
/// store; lines past the covered end are read from the store itself. A writer (the daemon after
/// its records are durable, or the query tool) holds `lock` while it adds segments for new lines,
/// merges neighbours of similar size, or, when the manifest disagrees with the store (rotation,
/// truncation, replacement, a torn tail cut below it), starts again from the store's first line.
public enum EntityIndex {
    public static func folder(for store: FilePath) -> FilePath { FilePath(store.string + ".entities") }

    /// What `update` did.
    public enum Outcome: Equatable, Sendable {
        /// The index covers the store up to the end asked for.
        case upToDate
        /// Another process holds the writer lock.
        case busy
        /// The index folder cannot be created or written (a reader without write access).
        case unwritable
        /// There is no store.
        case noStore
        /// `shouldStop` said to stop; what was done is kept.
        case stopped
    }

    /// Brings the index up to date with the store's whole lines before `limit` (default: all),
    /// rebuilding it when it disagrees with the store. Records are read `chunk` at a time into
    /// a new segment; `shouldStop` is asked between chunks.
    ///
    /// The store is read through a small window mapped into memory (a few megabytes resident
    /// at a time, whatever the store's size).
    @discardableResult
    public static func update(
        store: FilePath, upTo limit: Int64? = nil, chunk: Int = 65_536, shouldStop: () -> Bool = { false }
    ) -> Outcome {
        let folder = folder(for: store)
        if mkdir(folder.string, 0o755) != 0 && errno != EEXIST { return .unwritable }
        let lock = open(folder.appending("lock").string, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { return .unwritable }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { return .busy }
        let fd = open(store.string, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            removeSegments(in: folder, keeping: [])
            _ = unlink(folder.appending("manifest").string)
            return .noStore
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unwritable }
        var manifest = Manifest.read(folder)
        if manifest == nil || !manifest!.agrees(with: fd, info) || !manifest!.segmentsAreWhole(in: folder) {
            manifest = Manifest(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            removeSegments(in: folder, keeping: [])
        }
        var current = manifest!
        let target = min(limit ?? Int64(info.st_size), Int64(info.st_size))
        guard current.end < target else { return .upToDate }
        var builder = SegmentBuilder(storeStart: current.end)
        var pending = current
        var failed = false
        var stopped = false
        func flush() {
            guard builder.storeEnd > current.end else { return }
            let name = "seg-\(builder.storeStart)-\(builder.storeEnd).idx"
            let temporary = folder.appending("tmp-" + name)
            guard builder.write(to: temporary), rename(temporary.string, folder.appending(name).string) == 0 else {
                _ = unlink(temporary.string)
                failed = true
                return
            }
            pending.segments.append(
                .init(name: name, start: builder.storeStart, end: builder.storeEnd, records: builder.recordCount))
            var obsolete: [String] = []
            mergeNeighbours(&pending, in: folder, obsolete: &obsolete)
            guard pending.write(to: folder) else {
                failed = true
                return
            }
            for name in obsolete { _ = unlink(folder.appending(name).string) }
            current = pending
            builder = SegmentBuilder(storeStart: current.end)
        }
        let decoder = RecordDecoder()
        MappedLines.forEach(fd, from: current.end, to: target) { line, offset in
            pending.noteLine(line, at: offset)
            builder.add(
                try? decoder.decode(line), offset: offset, end: offset + Int64(line.count) + 1, line: pending.lines)
            guard builder.recordCount >= chunk else { return true }
            flush()
            if failed { return false }
            if shouldStop() {
                stopped = true
                return false
            }
            return true
        }
        if !failed && !stopped { flush() }
        if failed { return .unwritable }
        return stopped ? .stopped : .upToDate
    }

    /// Merges the newest segments while the one before is no bigger than twice the newest, so
    /// sizes fall geometrically and a store of n records has O(log n) segments.
    private static func mergeNeighbours(_ manifest: inout Manifest, in folder: FilePath, obsolete: inout [String]) {
        while manifest.segments.count >= 2 {
            let n = manifest.segments.count
            let (a, b) = (manifest.segments[n - 2], manifest.segments[n - 1])
            guard a.records <= 2 * b.records || a.records == 0 || b.records == 0 else { return }
            guard let fa = SegmentFile(path: folder.appending(a.name)),
                let fb = SegmentFile(path: folder.appending(b.name))
            else { return }
            let name = "seg-\(a.start)-\(b.end).idx"
            let temporary = folder.appending("tmp-" + name)
            guard SegmentMerger.merge(fa, fb, to: temporary),
                rename(temporary.string, folder.appending(name).string) == 0
            else {
                _ = unlink(temporary.string)
                return
            }
            manifest.segments.removeLast(2)
            manifest.segments.append(.init(name: name, start: a.start, end: b.end, records: a.records + b.records))
            obsolete += [a.name, b.name]
        }
    }

    /// Removes every segment file in `folder` but those named in `keeping`.
    static func removeSegments(in folder: FilePath, keeping: Set<String>) {
        guard let dir = opendir(folder.string) else { return }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if (name.hasPrefix("seg-") || name.hasPrefix("tmp-")) && !keeping.contains(name) { names.append(name) }
        }
        for name in names { _ = unlink(folder.appending(name).string) }
    }
}

/// The whole lines of a file between two offsets, read through a window of a few megabytes
/// mapped into memory (and dropped as it moves on), so reading a large store neither copies it
/// nor keeps it resident.
enum MappedLines {
    static let window = 1 << 20

    /// Calls `body` with each whole line (without its newline) starting at or after `from`
    /// and ending by `to`, and its offset, until it returns false.
    static func forEach(_ fd: Int32, from: Int64, to: Int64, _ body: (UnsafeBufferPointer<UInt8>, Int64) -> Bool) {
        let page = Int64(sysconf(Int32(_SC_PAGESIZE)))
        var position = from
        var span = Int64(window)
        while position < to {
            let base = position / page * page
            let length = Int(min(to - base, span + (position - base)))
            guard let mapped = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(base)), mapped != MAP_FAILED else {
                return
            }
            _ = madvise(mapped, length, MADV_SEQUENTIAL)
            let bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: length)
            var start = Int(position - base)
            var keepGoing = true
            var consumed = false
            while start < length {
                guard let hit = memchr(bytes.baseAddress! + start, 0x0A, length - start) else { break }
                let end = bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                keepGoing = body(UnsafeBufferPointer(rebasing: bytes[start..<end]), base + Int64(start))
                consumed = true
                start = end + 1
                if !keepGoing { break }
            }
            munmap(mapped, length)
            if !keepGoing { return }
            if !consumed {
                // A line longer than the window: map more at once (a torn tail ends the file).
                if base + Int64(length) >= to { return }
                span *= 2
                continue
            }
            position = base + Int64(start)
            span = Int64(window)
        }
    }
}

/// What the index covers, in the folder's `manifest` (text, one fact a line).
struct Manifest: Equatable {
    struct Segment: Equatable {
        var name: String
        var start: Int64
        var end: Int64
        var records: Int
    }

    var device: UInt64
    var inode: UInt64
    /// The end of the last covered line, and how many lines are covered.
    var end: Int64 = 0
    var lines = 0
    var firstHead: [UInt8] = []
    var lastStart: Int64 = 0
    var lastHead: [UInt8] = []
    var segments: [Segment] = []

    static let headLength = 96

    /// Notes a whole line now covered.
    mutating func noteLine(_ line: UnsafeBufferPointer<UInt8>, at offset: Int64) {
        noteLine(head: Array(line.prefix(Self.headLength)), at: offset, end: offset + Int64(line.count) + 1)
    }

    mutating func noteLine(head: [UInt8], at offset: Int64, end: Int64) {
        let head = Array(head.prefix(min(Self.headLength, Int(end - offset - 1))))
        if offset == 0 { firstHead = head }
        lastStart = offset
        lastHead = head
        self.end = end
        lines += 1
    }

    /// Whether the store open at `fd` is the one described: the same file, at least as long,
    /// its first line and its last covered line starting with the bytes noted.
    func agrees(with fd: Int32, _ info: stat) -> Bool {
        guard UInt64(info.st_dev) == device, UInt64(info.st_ino) == inode, Int64(info.st_size) >= end else {
            return false
        }
        guard end > 0 else { return segments.isEmpty }
        func bytes(_ offset: Int64, _ count: Int) -> [UInt8]? {
            var out = [UInt8](repeating: 0, count: count)
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n == count ? out : nil
        }
        guard bytes(0, firstHead.count) == firstHead, bytes(lastStart, lastHead.count) == lastHead,
            bytes(end - 1, 1) == [0x0A], lastStart == 0 || bytes(lastStart - 1, 1) == [0x0A]
        else { return false }
        return segments.last?.end == end && segments.first?.start == 0
    }

    /// Whether every segment named opens and covers what the manifest says.
    func segmentsAreWhole(in folder: FilePath) -> Bool {
        segments.allSatisfy { s in
            SegmentFile(path: folder.appending(s.name)).map { $0.storeStart == s.start && $0.storeEnd == s.end }
                ?? false
        }
    }

    static func read(_ folder: FilePath) -> Manifest? {
        let fd = open(folder.appending("manifest").string, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ") }
        guard lines.first == ["wirewatch-entity-index", "1"], lines.count >= 3, lines[1].count == 3,
            lines[1][0] == "store", let device = UInt64(lines[1][1]), let inode = UInt64(lines[1][2]),
            lines[2].count == 6, lines[2][0] == "covered", let end = Int64(lines[2][1]), let count = Int(lines[2][2]),
            let lastStart = Int64(lines[2][3]), let first = Hex.bytes(lines[2][4]), let last = Hex.bytes(lines[2][5])
        else { return nil }
        var manifest = Manifest(
            device: device, inode: inode, end: end, lines: count, firstHead: first, lastStart: lastStart,
            lastHead: last)
        for line in lines.dropFirst(3) {
            guard line.count == 5, line[0] == "segment", let start = Int64(line[2]), let end = Int64(line[3]),
                let records = Int(line[4])
            else { return nil }
            manifest.segments.append(.init(name: String(line[1]), start: start, end: end, records: records))
        }
        return manifest
    }

    /// Writes the manifest (a new file renamed over the old); whether it went through.
    func write(to folder: FilePath) -> Bool {
        var text = "wirewatch-entity-index 1\nstore \(device) \(inode)\n"
        text += "covered \(end) \(lines) \(lastStart) \(Hex.string(firstHead)) \(Hex.string(lastHead))\n"
        for s in segments { text += "segment \(s.name) \(s.start) \(s.end) \(s.records)\n" }
        let temporary = folder.appending("manifest.tmp")
        guard var file = BufferedFile(path: temporary) else { return false }
        file.write(Array(text.utf8))
        guard file.finish(header: []) else { return false }
        return rename(temporary.string, folder.appending("manifest").string) == 0
    }
}

extension Hex {
    static func string(_ bytes: [UInt8]) -> String {
        bytes.isEmpty ? "-" : String(decoding: bytes.flatMap { [digit($0 >> 4), digit($0 & 0xF)] }, as: UTF8.self)
    }

    static func bytes(_ text: Substring) -> [UInt8]? {
        if text == "-" { return [] }
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for k in stride(from: 0, to: chars.count, by: 2) {
            guard let hi = nibble(chars[k]), let lo = nibble(chars[k + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        default: return nil
        }
    }
}

/// A reader's view of the index: the segments of a manifest that agrees with the store.
public final class EntityIndexSnapshot {
    /// The end of the last line the index covers; lines past it must be read from the store.
    public let coveredEnd: Int64
    /// How many lines the index covers (so the first line after it is number `coveredLines + 1`).
    public let coveredLines: Int
    private let segments: [SegmentFile]

    private init(coveredEnd: Int64, coveredLines: Int, segments: [SegmentFile]) {
        self.coveredEnd = coveredEnd
        self.coveredLines = coveredLines
        self.segments = segments
    }

    /// The index of the store at `store`, when there is one that agrees with it.
    public static func open(store: FilePath) -> EntityIndexSnapshot? {
        let folder = EntityIndex.folder(for: store)
        let fd = Glibc.open(store.string, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        // A writer may replace the manifest and delete the segments it merged between our reads:
        // then the manifest is read again.
        for _ in 0..<5 {
            guard let manifest = Manifest.read(folder), manifest.agrees(with: fd, info) else { return nil }
            let files = manifest.segments.compactMap { SegmentFile(path: folder.appending($0.name)) }
            if files.count == manifest.segments.count
                && zip(files, manifest.segments).allSatisfy({ $0.storeStart == $1.start && $0.storeEnd == $1.end })
            {
                return EntityIndexSnapshot(coveredEnd: manifest.end, coveredLines: manifest.lines, segments: files)
            }
        }
        return nil
    }

    /// The records, in store order, with an entity that `query` matches (and of `type`, when
    /// given): the forms found under the query's words are confirmed with `query.matches`,
    /// the same test a scan applies to each decoded entity.
    public func records(matching query: NameQuery, type: String?) -> [IndexedRecord] {
        var out: [IndexedRecord] = []
        forEachMatch(query, type: type) { segment, numbers in
            for n in numbers { out.append(segment.record(Int(n))) }
        }
        return out
    }

    /// How many records `records(matching:type:)` returns, without reading their entries
    /// (offset, length, status) from the segments: `--count` needs no more.
    public func countRecords(matching query: NameQuery, type: String?) -> Int {
        var count = 0
        forEachMatch(query, type: type) { _, numbers in count += numbers.count }
        return count
    }

    /// Calls `body` with each segment and the numbers of its records that match, ascending,
    /// each once.
    private func forEachMatch(_ query: NameQuery, type: String?, _ body: (SegmentFile, [UInt32]) -> Void) {
        for segment in segments {
            var candidates = Set<UInt32>()
            for (name, run) in zip(query.names, query.runs) {
                if query.mode == .words && !run.isEmpty {
                    let lists = run.map { segment.forms(underWord: IndexHash.skeleton($0)) }
                    if let rarest = lists.min(by: { $0.count < $1.count }) { candidates.formUnion(rarest) }
                } else {
                    candidates.formUnion(
                        segment.forms(underWord: IndexHash.skeleton(NameMatch.exactKey(name)), exact: true))
                }
            }
            var numbers: [UInt32] = []
            for f in candidates {
                let form = segment.form(Int(f))
                if let type, form.type != type { continue }
                guard query.matches(form.entity) else { continue }
                numbers.append(contentsOf: segment.postings(ofForm: Int(f)))
            }
            numbers.sort()
            var unique: [UInt32] = []
            unique.reserveCapacity(numbers.count)
            for n in numbers where n != unique.last { unique.append(n) }
            body(segment, unique)
        }
    }

    /// The lines the index covers that did not decode as records, in store order: where they
    /// are and their line numbers (a command reports them as its scan would have).
    public var corruptLines: [(offset: Int64, length: Int, line: Int)] {
        segments.flatMap { segment in (0..<segment.layout.corrupt).map { segment.corrupt($0) } }
    }

    /// Every (type, lowercased canonical name) with its article and mention counts over the ok
    /// records (boilerplate left out), segment by segment in store order; `display` is the
    /// canonical name as first seen.
    public func forEachTally(
        _ body: (_ type: String, _ lowered: String, _ display: String, _ articles: Int, _ mentions: Int) -> Void
    ) {
        for segment in segments {
            for i in 0..<segment.layout.tally {
                let t = segment.tally(i)
                body(t.type, t.lowered, t.display, t.articles, t.mentions)
            }
        }
    }
}
