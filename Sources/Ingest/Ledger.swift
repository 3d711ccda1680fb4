import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// What is already in the store: the ids of recorded file versions, and which record holds
/// the extraction of each content. It is what makes ingestion exactly-once.
public struct Ledger: Sendable {
    private var ids: Set<Digest> = []
    private var extracted: [Digest: Digest] = [:]
    private var okCount = 0
    private var rejectedCount = 0
    private var duplicateCount = 0

    /// Records in the store by status.
    public var counts: [Record.Status: Int] {
        [.ok: okCount, .rejected: rejectedCount, .duplicate: duplicateCount]
    }

    public init() {}

    /// Reads the ids out of the store at `path` (a missing store is an empty ledger).
    public static func load(from path: FilePath) throws -> Ledger {
        try load(from: path, index: nil)
    }

    /// Reads the ids out of the store, taking those `index` vouches for from it and parsing
    /// only the lines past its end; the index is brought up to date (or rebuilt) on the way.
    ///
    /// Only each line's head is parsed: the encoder writes `id`, `status` and `sha256` first,
    /// and a raw `"` never occurs inside a JSON string, so the keys can be found by their bytes.
    static func load(from path: FilePath, index: LedgerIndex?) throws -> Ledger {
        var ledger = Ledger()
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
        } catch Errno.noSuchFileOrDirectory {
            index?.reset()
            return ledger
        }
        defer { try? fd.close() }
        let size = try fd.seek(offset: 0, from: .end)
        var from: Int64 = 0
        // Records run from a few hundred bytes to a few kilobytes; reserving for a modest
        // estimate spares the sets a dozen regrowths on a large store.
        ledger.reserve(index?.entryCount ?? Int(min(size / 2048, 50_000_000)))
        let indexed = index?.forEachValidatedEntry(store: fd, storeSize: size) { entry in
            ledger.insert(id: entry.id, status: entry.status, sha256: entry.sha256)
        }
        if let indexed {
            from = indexed.end
        } else {
            index?.reset()
        }
        var pending: [LedgerIndex.Entry] = []
        try scan(path, from: from) { line, start in
            guard let (id, status, sha) = parse(line) else { return }
            ledger.insert(id: id, status: status, sha256: sha)
            guard let index else { return }
            pending.append(.init(id: id, sha256: sha, status: status, start: start, end: start + Int64(line.count) + 1))
            if pending.count >= 65_536 {
                index.append(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        index?.append(pending)
        return ledger
    }

    private mutating func reserve(_ count: Int) {
        ids.reserveCapacity(count)
        extracted.reserveCapacity(count)
    }

    /// Calls `body` with each whole line (without its newline) from `offset` on, and the
    /// line's offset in the file, through the store's own reader (a torn last line is skipped).
    private static func scan(
        _ path: FilePath, from offset: Int64, _ body: (UnsafeBufferPointer<UInt8>, Int64) -> Void
    ) throws {
        let reader = try StoreReader(path: path, offset: offset)
        try reader.forEachBlock { block in
            guard let base = block.bytes.baseAddress else { return true }
            block.forEachLine { _, line in
                body(line, block.offset + Int64(base.distance(to: line.baseAddress ?? base)))
            }
            return true
        }
    }

    private static func parse(_ line: UnsafeBufferPointer<UInt8>) -> (Digest, Record.Status?, Digest?)? {
        // Every line the encoder writes starts `{"v":1,"id":"<64 hex>"`; anything else is
        // searched for.
        let id: Digest?
        if line.count > 77 && line.starts(with: Self.head) {
            id = Digest(hex: UnsafeBufferPointer(rebasing: line[13..<77]))
        } else {
            id = Self.value(of: Self.idKey, in: line).flatMap(Digest.init(hex:))
        }
        guard let id else { return nil }
        let status = Self.status(in: line)
        let sha = status == .ok ? Self.value(of: Self.shaKey, in: line).flatMap(Digest.init(hex:)) : nil
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

    /// Whether the file version `id` already has a record.
    public func contains(id: String) -> Bool {
        guard let digest = Digest(hex: id) else { return false }
        return ids.contains(digest)
    }

    func contains(_ id: Digest) -> Bool { ids.contains(id) }

    /// The id of the record that holds the extraction of this content, if any.
    public func extraction(ofContent sha256: String) -> String? {
        guard let digest = Digest(hex: sha256) else { return nil }
        return extracted[digest]?.hex
    }

    func extraction(of sha256: Digest) -> Digest? { extracted[sha256] }

    /// Notes a record that has been appended.
    public mutating func insert(_ record: Record) {
        guard let id = Digest(hex: record.id) else { return }
        insert(
            id: id, status: record.status, sha256: record.status == .ok ? record.sha256.flatMap(Digest.init(hex:)) : nil
        )
    }

    mutating func insert(id: Digest, status: Record.Status?, sha256: Digest?) {
        guard ids.insert(id).inserted else { return }
        switch status {
        case .ok: okCount += 1
        case .rejected: rejectedCount += 1
        case .duplicate: duplicateCount += 1
        case nil: break
        }
        if let sha256, extracted[sha256] == nil { extracted[sha256] = id }
    }

    public var count: Int { ids.count }
}

/// A SHA-256 digest held in four words rather than a 64-character string, so a ledger of a
/// million records stays small.
struct Digest: Hashable, Sendable {
    var a: UInt64, b: UInt64, c: UInt64, d: UInt64

    init(a: UInt64, b: UInt64, c: UInt64, d: UInt64) {
        (self.a, self.b, self.c, self.d) = (a, b, c, d)
    }

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
