import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// What is already in the store: the ids of recorded file versions, and which record holds
/// the extraction of each content. It is what makes ingestion exactly-once.
///
/// The sets live on disk (`LedgerTable`, `<store>.ledger`), not in memory: a look-up probes a
/// mapped hash table for a fingerprint and confirms a hit by reading the store line it points
/// at, so the store stays the truth and the daemon's memory does not grow with it. Records
/// committed but not yet written to the store are kept in memory until they are (`written`).
public final class Ledger {
    private let storePath: FilePath
    private var store: Int32 = -1
    private var storeDevice: UInt64 = 0
    private var storeInode: UInt64 = 0
    private let table: LedgerTable
    private var okCount = 0
    private var rejectedCount = 0
    private var duplicateCount = 0
    private var total = 0
    /// Records committed whose lines may not be in the store yet: id → line start, and
    /// content → the id that holds its extraction.
    private var recentIDs: [Digest: Int64] = [:]
    private var recentContents: [Digest: Digest] = [:]
    /// Records committed since the last checkpoint, in store order, with the counts after each.
    private var marks: [Mark] = []
    private var lastCheckpoint = ContinuousClock.now

    private struct Mark {
        var start: Int64
        var end: Int64
        var id: Digest
        var ok: Int
        var rejected: Int
        var duplicate: Int
        var total: Int
    }

    /// Records in the store by status.
    public var counts: [Record.Status: Int] {
        [.ok: okCount, .rejected: rejectedCount, .duplicate: duplicateCount]
    }

    /// Records in the store (each id once).
    public var count: Int { total }

    private init(store: FilePath, table: LedgerTable) {
        self.storePath = store
        self.table = table
    }

    deinit { if store >= 0 { close(store) } }

    /// How far a long read of the store has got: bytes read, of the bytes to read, and the
    /// time it has taken so far.
    public typealias Progress = @Sendable (_ read: Int64, _ total: Int64, _ elapsed: Duration) -> Void

    /// The ledger of the store at `path` (a missing store is an empty ledger), its table at
    /// `table` (default `<store>.ledger`): the table is checked against the store, rebuilt
    /// when it disagrees, and brought up to date with the lines past what it covers.
    /// `progress` hears of a long read (4 MiB or more): as it starts, every 2 s, and at its end.
    public static func load(from path: FilePath, table: FilePath? = nil, progress: Progress? = nil) throws -> Ledger {
        let ledger = Ledger(store: path, table: LedgerTable(path: table ?? FilePath(path.string + ".ledger")))
        try ledger.catchUp(progress: progress)
        return ledger
    }

    private func catchUp(progress: Progress?) throws {
        store = open(storePath.string, O_RDONLY | O_CLOEXEC)
        guard store >= 0 else {
            if errno == ENOENT {
                table.reset()
                return
            }
            throw Errno(rawValue: errno)
        }
        var info = stat()
        guard fstat(store, &info) == 0 else { throw Errno(rawValue: errno) }
        storeDevice = UInt64(info.st_dev)
        storeInode = UInt64(info.st_ino)
        let size = Int64(info.st_size)
        var coverage = table.coverage
        if !agrees(coverage, size: size) {
            table.reset()
            coverage = LedgerTable.Coverage()
        }
        (okCount, rejectedCount, duplicateCount, total) =
            (coverage.ok, coverage.rejected, coverage.duplicate, coverage.total)
        var last: (start: Int64, end: Int64, id: Digest)?
        // A large stretch to read (a first start on a big store, a table rebuilt) is read
        // with `SequentialLines` (8 MiB reads, the next one while this one is worked on; past
        // the page cache when the stretch is larger than half the memory), and the table is sized once, from the lines per byte of the first 4 MiB,
        // instead of doubling (and rewriting itself) a dozen times on the way.
        let toRead = size - coverage.end
        let large = toRead >= 1 << 22
        var sized = !large
        var lines = 0
        let began = ContinuousClock.now
        var reported = began
        if large { progress?(0, toRead, .zero) }
        func visit(_ line: UnsafeBufferPointer<UInt8>, _ start: Int64) {
            lines += 1
            if large, let progress, lines & 1023 == 0, ContinuousClock.now - reported >= .seconds(2) {
                reported = .now
                progress(start - coverage.end, toRead, reported - began)
            }
            if let (id, status, sha) = Self.parse(line) {
                add(id: id, status: status, sha256: sha, start: start, inStore: true)
                last = (start, start + Int64(line.count) + 1, id)
            }
            let seen = start + Int64(line.count) + 1 - coverage.end
            if !sized && seen >= 1 << 22 {
                sized = true
                let rest = Double(lines) * Double(toRead - seen) / Double(seen)
                table.reserve(records: total + Int(rest * 1.05) + 1)
            }
        }
        if large {
            let direct = SequentialLines.wantsDirect(for: toRead)
            try SequentialLines.forEach(path: storePath, from: coverage.end, direct: direct, visit)
        } else {
            let reader = try StoreReader(path: storePath, offset: coverage.end)
            try reader.forEachBlock { block in
                guard let base = block.bytes.baseAddress else { return true }
                block.forEachLine { _, line in
                    visit(line, block.offset + Int64(base.distance(to: line.baseAddress ?? base)))
                }
                return true
            }
        }
        if large { progress?(toRead, toRead, .now - began) }
        if let last {
            table.checkpoint(makeCoverage(end: last.end, lastStart: last.start, lastID: last.id))
        }
        table.release()
    }

    /// Whether the table's coverage describes this store: the same file, at least as long,
    /// with the first line and the last covered line where the table says they are.
    private func agrees(_ coverage: LedgerTable.Coverage, size: Int64) -> Bool {
        guard coverage.end > 0 else { return coverage.total == 0 }
        guard coverage.device == storeDevice, coverage.inode == storeInode, coverage.end <= size,
            coverage.lastStart < coverage.end
        else { return false }
        guard let first = line(at: 0), Self.parse(first)?.0 == coverage.firstID,
            let last = line(at: coverage.lastStart), Self.parse(last)?.0 == coverage.lastID,
            coverage.lastStart + Int64(last.count) + 1 == coverage.end
        else { return false }
        return true
    }

    private func makeCoverage(end: Int64, lastStart: Int64, lastID: Digest) -> LedgerTable.Coverage {
        let first = line(at: 0).flatMap { Self.parse($0)?.0 } ?? lastID
        return LedgerTable.Coverage(
            end: end, device: storeDevice, inode: storeInode, firstID: first, lastStart: lastStart, lastID: lastID,
            ok: okCount, rejected: rejectedCount, duplicate: duplicateCount, total: total)
    }

    // MARK: look-ups

    /// Whether the file version `id` already has a record.
    public func contains(id: String) -> Bool {
        guard let digest = Digest(hex: id) else { return false }
        return contains(digest)
    }

    func contains(_ id: Digest) -> Bool { recentIDs[id] != nil || locate(id) != nil }

    /// The store offset of the line holding `id`, confirmed by reading it.
    private func locate(_ id: Digest) -> Int64? {
        var found: Int64?
        _ = table.probe(.id, id) { offset in
            guard let line = line(at: offset), Self.parse(line)?.0 == id else { return false }
            found = offset
            return true
        }
        return found
    }

    /// The id of the record that holds the extraction of this content, if any.
    public func extraction(ofContent sha256: String) -> String? {
        guard let digest = Digest(hex: sha256) else { return nil }
        return extraction(of: digest)?.hex
    }

    func extraction(of sha256: Digest) -> Digest? {
        if !recentContents.isEmpty, let id = recentContents[sha256] { return id }
        var found: Digest?
        _ = table.probe(.content, sha256) { offset in
            guard let line = line(at: offset), let (id, status, sha) = Self.parse(line), status == .ok,
                sha == sha256
            else { return false }
            found = id
            return true
        }
        return found
    }

    // MARK: changes

    /// Notes a record committed at `start..<end` in the store (written or about to be).
    func insert(id: Digest, status: Record.Status?, sha256: Digest?, start: Int64, end: Int64) {
        guard add(id: id, status: status, sha256: sha256, start: start, inStore: false) else { return }
        marks.append(
            Mark(
                start: start, end: end, id: id, ok: okCount, rejected: rejectedCount, duplicate: duplicateCount,
                total: total))
    }

    /// Adds a record unless its id is known; whether it counted. `inStore`: its line is in
    /// the store already (a catch-up scan), so it need not be remembered in memory, and a slot
    /// that already names this very line (added before a crash) makes it count.
    @discardableResult
    private func add(id: Digest, status: Record.Status?, sha256: Digest?, start: Int64, inStore: Bool) -> Bool {
        if !recentIDs.isEmpty && recentIDs[id] != nil { return false }
        if let at = locate(id) {
            guard inStore && at == start else { return false }
        } else {
            table.add(.id, id, offset: start)
            if !inStore { recentIDs[id] = start }
        }
        switch status {
        case .ok: okCount += 1
        case .rejected: rejectedCount += 1
        case .duplicate: duplicateCount += 1
        case nil: break
        }
        total += 1
        if let sha256, extraction(of: sha256) == nil {
            table.add(.content, sha256, offset: start)
            if !inStore { recentContents[sha256] = id }
        }
        return true
    }

    /// The store holds every line before `end` (written, durable or not): records before it
    /// are found there from now on.
    func written(upTo end: Int64) {
        guard !recentIDs.isEmpty else { return }
        let before = recentIDs.filter { $0.value < end }
        guard !before.isEmpty else { return }
        for (id, _) in before { recentIDs[id] = nil }
        recentContents = recentContents.filter { recentIDs[$0.value] != nil }
    }

    /// Records past `end` were dropped before being written (the daemon is stopping with the
    /// disk full); their files are read again at the next start.
    func discard(from end: Int64) {
        recentIDs = recentIDs.filter { $0.value < end }
        recentContents = recentContents.filter { recentIDs[$0.value] != nil }
        marks.removeAll { $0.end > end }
    }

    /// Records the table's slots as complete up to `durableEnd` (every committed record before
    /// it is durable in the store) when enough has changed since the last time, or `force`;
    /// then hands the table's pages back to the kernel.
    func checkpoint(durableEnd: Int64, force: Bool = false) {
        guard store >= 0 || reopenStore() else { return }
        guard let index = marks.lastIndex(where: { $0.end <= durableEnd }) else { return }
        guard force || index >= 8191 || ContinuousClock.now - lastCheckpoint > .seconds(10) else { return }
        let mark = marks[index]
        var coverage = makeCoverage(end: mark.end, lastStart: mark.start, lastID: mark.id)
        (coverage.ok, coverage.rejected, coverage.duplicate, coverage.total) =
            (mark.ok, mark.rejected, mark.duplicate, mark.total)
        table.checkpoint(coverage)
        table.release()
        marks.removeFirst(index + 1)
        lastCheckpoint = .now
    }

    /// Hands the table's mapped pages back to the kernel (each probe maps in the pages around
    /// it, so a burst leaves a few megabytes resident): called when the daemon goes idle.
    func releaseMemory() { table.release() }

    /// The store did not exist at load time (it is created by the appender first, so only in
    /// tests): open it now.
    private func reopenStore() -> Bool {
        store = open(storePath.string, O_RDONLY | O_CLOEXEC)
        var info = stat()
        guard store >= 0, fstat(store, &info) == 0 else { return false }
        storeDevice = UInt64(info.st_dev)
        storeInode = UInt64(info.st_ino)
        return true
    }

    // MARK: the store's lines

    /// The line starting at `offset` (without its newline; its first 64 KiB at most), or nil
    /// when no line starts there.
    private func line(at offset: Int64) -> [UInt8]? {
        guard store >= 0 || reopenStore() else { return nil }
        var bytes: [UInt8] = []
        var chunk = 512
        var at = offset
        if offset > 0 {
            // A line starts there only if a newline ends the one before.
            var before: UInt8 = 0
            guard pread(store, &before, 1, off_t(offset - 1)) == 1, before == 0x0A else { return nil }
        }
        while bytes.count < 1 << 16 {
            let old = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let n = bytes.withUnsafeMutableBytes { pread(store, $0.baseAddress! + old, chunk, off_t(at)) }
            guard n > 0 else {
                bytes.removeLast(chunk)
                return nil  // no newline before the end: not a whole line
            }
            if let newline = bytes[old..<(old + n)].firstIndex(of: 0x0A) {
                bytes.removeSubrange(newline...)
                return bytes
            }
            bytes.removeLast(chunk - n)
            at += Int64(n)
            chunk = min(chunk * 4, 1 << 14)
        }
        return bytes
    }

    private static func parse(_ line: [UInt8]) -> (Digest, Record.Status?, Digest?)? {
        line.withUnsafeBufferPointer { parse($0) }
    }

    /// A line's id, status and (for `ok`) content digest: what the ledger knows of a record.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> (Digest, Record.Status?, Digest?)? {
        if let known = parseEncoded(line) { return known }
        return parseByKeys(line)
    }

    /// The fast path, for a line as `RecordEncoder` writes it: `{"v":1,"id":"<64 hex>",
    /// "path":"<P>","ingested_at":"<T>","status":"<S>"` and, for `ok`, `,"sha256":"<64 hex>"`
    /// right after, each key at the place the encoder puts it, so nothing is searched for but
    /// the ends of two short strings. Nil when the line is anything else, or `P` or `T` hold
    /// an escape: then `parseByKeys` decides, so the answer is always exactly its answer.
    ///
    /// Why it is the same answer: the only `"` before the status value are the ones written
    /// around the keys and the values (`P` and `T` hold none, and no `\`), and none of them is
    /// followed by `status":"` or `sha256":"` but the one this reads, so `parseByKeys`, which
    /// takes the first occurrence of each key, finds the very same bytes.
    static func parseEncoded(_ line: UnsafeBufferPointer<UInt8>) -> (Digest, Record.Status?, Digest?)? {
        guard let p = line.baseAddress, line.count > 77 + pathKey.count + 2,
            memcmp(p, head, head.count) == 0, let id = Digest(hexAt: p + 13)
        else { return nil }
        let n = line.count
        var at = 78
        guard p[77] == 0x22, memcmp(p + at, pathKey, pathKey.count) == 0 else { return nil }
        at += pathKey.count
        guard let pathEnd = stringEnd(p, from: at, count: n) else { return nil }
        at = pathEnd
        guard at + timeKey.count <= n, memcmp(p + at, timeKey, timeKey.count) == 0 else { return nil }
        at += timeKey.count
        guard let timeEnd = stringEnd(p, from: at, count: n) else { return nil }
        at = timeEnd
        guard at + statusField.count + 10 <= n, memcmp(p + at, statusField, statusField.count) == 0 else { return nil }
        at += statusField.count
        if p[at] == UInt8(ascii: "o") && p[at + 1] == UInt8(ascii: "k") && p[at + 2] == 0x22 {
            at += 3
            guard at + shaField.count + 64 <= n, memcmp(p + at, shaField, shaField.count) == 0,
                let sha = Digest(hexAt: p + at + shaField.count)
            else { return nil }
            return (id, .ok, sha)
        }
        if memcmp(p + at, "rejected\"", 9) == 0 { return (id, .rejected, nil) }
        if memcmp(p + at, "duplicate\"", 10) == 0 { return (id, .duplicate, nil) }
        return nil
    }

    /// The offset just past the `"` that closes the string starting at `from`, when the string
    /// holds no escape; nil otherwise (or when it does not end in the line).
    private static func stringEnd(_ p: UnsafePointer<UInt8>, from: Int, count: Int) -> Int? {
        var i = from
        while i < count {
            let c = p[i]
            if c == 0x22 { return i + 1 }
            if c == 0x5C { return nil }
            i += 1
        }
        return nil
    }

    // Each from the comma after the value before it to the `"` that opens its own value.
    private static let pathKey = Array(#","path":""#.utf8)
    private static let timeKey = Array(#","ingested_at":""#.utf8)
    private static let statusField = Array(#","status":""#.utf8)
    private static let shaField = Array(#","sha256":""#.utf8)

    /// The ledger's reading of any line: the encoder writes `id`, `status` and `sha256` first,
    /// and a raw `"` never occurs inside a JSON string, so the keys can be found by their
    /// bytes; the first occurrence of each counts.
    static func parseByKeys(_ line: UnsafeBufferPointer<UInt8>) -> (Digest, Record.Status?, Digest?)? {
        // Every line the encoder writes starts `{"v":1,"id":"<64 hex>"`; anything else is
        // searched for.
        let id: Digest?
        if line.count > 77 && line.starts(with: Self.head) {
            id = Digest(hexAt: line.baseAddress! + 13)
        } else {
            id = Self.value(of: Self.idKey, in: line).flatMap { Digest(hexAt: $0.baseAddress!) }
        }
        guard let id else { return nil }
        let status = Self.status(in: line)
        let sha = status == .ok ? Self.value(of: Self.shaKey, in: line).flatMap { Digest(hexAt: $0.baseAddress!) } : nil
        return (id, status, sha)
    }

    private static let head = Array(#"{"v":1,"id":""#.utf8)
    private static let idKey = Array(#""id":""#.utf8)
    private static let shaKey = Array(#""sha256":""#.utf8)
    private static let statusKey = Array(#""status":""#.utf8)

    private static func status(in line: UnsafeBufferPointer<UInt8>) -> Record.Status? {
        guard let start = find(statusKey, in: line) else { return nil }
        let rest = line[(start + statusKey.count)...]
        if rest.starts(with: "ok\"".utf8) { return .ok }
        if rest.starts(with: "rejected\"".utf8) { return .rejected }
        if rest.starts(with: "duplicate\"".utf8) { return .duplicate }
        return nil
    }

    /// The 64 characters after `key`.
    private static func value(of key: [UInt8], in line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let start = find(key, in: line) else { return nil }
        let from = start + key.count
        guard from + 64 <= line.count else { return nil }
        return UnsafeBufferPointer(rebasing: line[from..<(from + 64)])
    }

    private static func find(_ key: [UInt8], in line: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = line.baseAddress, line.count >= key.count else { return nil }
        let first = Int32(key[0])
        var from = 0
        while from + key.count <= line.count {
            guard let hit = memchr(base + from, first, line.count - key.count + 1 - from) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, key, key.count) == 0 { return at }
            from = at + 1
        }
        return nil
    }
}

/// A SHA-256 digest held in four words rather than a 64-character string, so a ledger of a
/// million records stays small.
struct Digest: Hashable, Sendable {
    var a: UInt64, b: UInt64, c: UInt64, d: UInt64

    init(a: UInt64, b: UInt64, c: UInt64, d: UInt64) {
        (self.a, self.b, self.c, self.d) = (a, b, c, d)
    }

    static let zero = Digest(a: 0, b: 0, c: 0, d: 0)

    init?<C: Collection>(hex: C) where C.Element == UInt8 {
        guard hex.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var i = 0
        for char in hex {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char &- UInt8(ascii: "a") &+ 10
            default: return nil
            }
            switch i >> 4 {
            case 0: words.0 = words.0 << 4 | UInt64(nibble)
            case 1: words.1 = words.1 << 4 | UInt64(nibble)
            case 2: words.2 = words.2 << 4 | UInt64(nibble)
            default: words.3 = words.3 << 4 | UInt64(nibble)
            }
            i += 1
        }
        (a, b, c, d) = words
    }

    /// The digest's bits are already uniform; hashing one word of them is enough.
    func hash(into hasher: inout Hasher) { hasher.combine(a) }

    init?(hex: String) { self.init(hex: hex.utf8) }

    /// The digest written as the 64 lowercase hex digits at `p` (exactly what `init(hex:)`
    /// accepts), without the generic collection walk: the ledger reads one or two per line.
    @inline(__always)
    init?(hexAt p: UnsafePointer<UInt8>) {
        var bad: UInt8 = 0
        @inline(__always)
        func word(_ q: UnsafePointer<UInt8>) -> UInt64 {
            var w: UInt64 = 0
            for k in 0..<16 {
                let c = q[k]
                let digit = c &- 0x30
                let letter = c &- 0x61
                let isDigit = digit < 10
                bad |= (isDigit || letter < 6) ? 0 : 1
                w = w << 4 | UInt64((isDigit ? digit : letter &+ 10) & 0xF)
            }
            return w
        }
        let a = word(p)
        let b = word(p + 16)
        let c = word(p + 32)
        let d = word(p + 48)
        guard bad == 0 else { return nil }
        (self.a, self.b, self.c, self.d) = (a, b, c, d)
    }

    var hex: String {
        String(unsafeUninitializedCapacity: 64) { out in
            var i = 0
            for word in [a, b, c, d] {
                for shift in stride(from: 60, through: 0, by: -4) {
                    out[i] = Hex.digit(UInt8(truncatingIfNeeded: word >> UInt64(shift)) & 0xF)
                    i += 1
                }
            }
            return 64
        }
    }
}
