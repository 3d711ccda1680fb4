import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The ledger's on-disk half (`<store>.ledger`): two open-addressing hash tables mapped into
/// memory, one from record ids and one from content hashes, each slot holding a 64-bit
/// fingerprint of the digest and the offset of the store line it came from.
///
/// The table is a cache, never the truth. A fingerprint hit is only a candidate: `Ledger`
/// reads the line at that offset and compares the digest itself, so a stale slot (a record
/// that never reached the store, a line since overwritten) can only cost a read. What it must
/// not do is *miss* a record; so the header says up to which store offset the slots are
/// complete (`coveredEnd`), written only after the slots have been flushed (a checkpoint), and
/// every line past it is read from the store again at the next start.
///
/// Memory: the mapping's pages are the page cache's; the daemon hands them back after each
/// checkpoint (`release()`), so its resident size stays flat however large the store grows.
/// The file grows by rehashing into a new file that replaces the old one (`rename`).
final class LedgerTable {
    static let magic: UInt64 = 0x3252_4447_4C57_5757  // "WWWLGDR2", little-endian
    static let headerSize = 4096
    static let slotSize = 16
    static let minimumCapacity = 256

    /// What the header says about the store the slots describe.
    struct Coverage: Equatable {
        var end: Int64 = 0
        var device: UInt64 = 0
        var inode: UInt64 = 0
        var firstID = Digest.zero
        var lastStart: Int64 = 0
        var lastID = Digest.zero
        var ok = 0
        var rejected = 0
        var duplicate = 0
        var total = 0
    }

    enum Kind: Int {
        case id = 0
        case content = 1
    }

    let path: FilePath
    private var fd: Int32 = -1
    private var base: UnsafeMutableRawPointer?
    private var mappedBytes = 0
    /// Slots per table (a power of two).
    private(set) var capacity = 0
    /// Slots in use per table (stale ones included: they count against the load factor).
    private var used = [0, 0]
    /// False when the table lives in anonymous memory only (its file could not be written).
    private(set) var persistent = false

    /// Opens the table at `path`, or makes an empty one (nothing covered) when it is missing
    /// or not a table of this format.
    init(path: FilePath) {
        self.path = path
        if !openExisting() { makeEmpty(capacity: Self.minimumCapacity) }
    }

    deinit { unmap() }

    // MARK: header

    private func word(_ index: Int) -> UInt64 { base!.load(fromByteOffset: index * 8, as: UInt64.self) }
    private func setWord(_ index: Int, _ value: UInt64) {
        base!.storeBytes(of: value, toByteOffset: index * 8, as: UInt64.self)
    }

    // Header words: 0 magic, 1 capacity, 2 used ids, 3 used contents, 4 covered end, 5 device,
    // 6 inode, 7-10 first id, 11 last start, 12-15 last id, 16-19 counts (ok, rejected,
    // duplicate, total), 20 checksum of words 0-19 but 2 and 3. The used counts are updated
    // with every slot added (a process killed between checkpoints leaves them right); the
    // rest only at checkpoints.
    private static let checksumWord = 20

    private func checksum() -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<Self.checksumWord where i != 2 && i != 3 {
            h = (h ^ word(i)) &* 0x100_0000_01B3
            h ^= h >> 29
        }
        return h
    }

    var coverage: Coverage {
        func digest(_ at: Int) -> Digest { Digest(a: word(at), b: word(at + 1), c: word(at + 2), d: word(at + 3)) }
        return Coverage(
            end: Int64(bitPattern: word(4)), device: word(5), inode: word(6), firstID: digest(7),
            lastStart: Int64(bitPattern: word(11)), lastID: digest(12), ok: Int(word(16)), rejected: Int(word(17)),
            duplicate: Int(word(18)), total: Int(word(19)))
    }

    /// Makes the slots durable, then records `coverage` in the header (and makes that durable).
    func checkpoint(_ coverage: Coverage) {
        guard base != nil else { return }
        if persistent { _ = msync(base, mappedBytes, MS_SYNC) }
        func digest(_ at: Int, _ d: Digest) {
            setWord(at, d.a)
            setWord(at + 1, d.b)
            setWord(at + 2, d.c)
            setWord(at + 3, d.d)
        }
        setWord(4, UInt64(bitPattern: coverage.end))
        setWord(5, coverage.device)
        setWord(6, coverage.inode)
        digest(7, coverage.firstID)
        setWord(11, UInt64(bitPattern: coverage.lastStart))
        digest(12, coverage.lastID)
        setWord(16, UInt64(coverage.ok))
        setWord(17, UInt64(coverage.rejected))
        setWord(18, UInt64(coverage.duplicate))
        setWord(19, UInt64(coverage.total))
        setWord(Self.checksumWord, checksum())
        if persistent { _ = msync(base, Self.headerSize, MS_SYNC) }
    }

    /// Empties the table: nothing covered, no slots.
    func reset() {
        unmap()
        makeEmpty(capacity: Self.minimumCapacity)
    }

    /// Hands the mapping's resident pages back to the kernel (they stay in the page cache,
    /// dirty ones included, and are faulted in again when probed).
    func release() {
        guard let base, persistent else { return }
        _ = madvise(base, mappedBytes, MADV_DONTNEED)
    }

    // MARK: slots

    private func slots(_ kind: Kind) -> UnsafeMutablePointer<UInt64> {
        (base! + Self.headerSize + kind.rawValue * capacity * Self.slotSize).assumingMemoryBound(to: UInt64.self)
    }

    /// The digest's first word (never 0, which marks an empty slot); its low bits are the
    /// slot's place, so a rehash needs nothing but the slot.
    private static func fingerprint(_ key: Digest) -> UInt64 { key.a == 0 ? 1 : key.a }

    /// Calls `body` with the offset of each slot whose fingerprint is `key`'s, until it returns
    /// true; whether it did.
    func probe(_ kind: Kind, _ key: Digest, _ body: (Int64) -> Bool) -> Bool {
        let s = slots(kind)
        let mask = capacity - 1
        let fp = Self.fingerprint(key)
        var i = Int(truncatingIfNeeded: fp) & mask
        var probes = 0
        while s[2 * i] != 0 && probes < capacity {
            if s[2 * i] == fp && body(Int64(bitPattern: s[2 * i + 1])) { return true }
            i = (i + 1) & mask
            probes += 1
        }
        return false
    }

    /// Adds a slot for `key` at `offset`, growing the table first when it is three-quarters full.
    func add(_ kind: Kind, _ key: Digest, offset: Int64) {
        if (used[kind.rawValue] + 1) * 4 > capacity * 3 { grow() }
        // A table whose used counts fell behind (a power cut between checkpoints) may be full:
        // then it grows until the slot finds a place.
        while !place(Self.fingerprint(key), UInt64(bitPattern: offset), in: slots(kind)) { grow() }
        used[kind.rawValue] += 1
        setWord(2 + kind.rawValue, UInt64(used[kind.rawValue]))
    }

    private func place(_ fp: UInt64, _ offset: UInt64, in s: UnsafeMutablePointer<UInt64>) -> Bool {
        let mask = capacity - 1
        var i = Int(truncatingIfNeeded: fp) & mask
        var probes = 0
        while s[2 * i] != 0 {
            probes += 1
            if probes >= capacity { return false }
            i = (i + 1) & mask
        }
        s[2 * i] = fp
        s[2 * i + 1] = offset
        return true
    }

    /// Makes room for `records` slots of each kind without a further rehash (one rehash now,
    /// at most, instead of one per doubling while a large store is read).
    func reserve(records: Int) {
        var target = max(capacity, Self.minimumCapacity)
        while records * 4 > target * 3 { target *= 2 }
        if target > capacity { grow(to: target) }
    }

    /// Rehashes into a table of `newCapacity` slots (twice the size by default), in a new file
    /// that then replaces this one.
    private func grow(to newCapacity: Int? = nil) {
        guard let oldBase = base else { return }
        let oldCapacity = capacity
        let newCapacity = max(newCapacity ?? oldCapacity * 2, oldCapacity * 2)
        let oldBytes = mappedBytes
        let oldFD = fd
        let oldPersistent = persistent
        let oldUsed = used
        let header = [UInt64](UnsafeBufferPointer(start: oldBase.assumingMemoryBound(to: UInt64.self), count: 21))
        base = nil
        fd = -1
        let temporary = FilePath(path.string + ".grow")
        if !map(capacity: newCapacity, file: oldPersistent ? temporary : nil) {
            _ = map(capacity: newCapacity, file: nil)
        }
        for i in 0..<21 where i != 1 { setWord(i, header[i]) }
        used = oldUsed
        for kind in [Kind.id, .content] {
            let from = (oldBase + Self.headerSize + kind.rawValue * oldCapacity * Self.slotSize)
                .assumingMemoryBound(to: UInt64.self)
            let to = slots(kind)
            for i in 0..<oldCapacity where from[2 * i] != 0 { _ = place(from[2 * i], from[2 * i + 1], in: to) }
        }
        munmap(oldBase, oldBytes)
        if oldFD >= 0 { close(oldFD) }
        setWord(Self.checksumWord, checksum())
        if persistent {
            _ = msync(base, mappedBytes, MS_SYNC)
            if rename(temporary.string, path.string) != 0 { persistent = false }
        } else if oldPersistent {
            // The file cannot follow (a full disk): drop it, so the next start rebuilds it.
            _ = unlink(path.string)
        }
    }

    // MARK: files

    private func openExisting() -> Bool {
        let fd = open(path.string, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        var info = stat()
        var header = [UInt64](repeating: 0, count: 21)
        let n = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard fstat(fd, &info) == 0, n == 21 * 8, header[0] == Self.magic else {
            close(fd)
            return false
        }
        let capacity = Int(header[1])
        guard capacity >= Self.minimumCapacity, capacity & (capacity - 1) == 0,
            Int(info.st_size) == Self.headerSize + 2 * capacity * Self.slotSize,
            let mapped = mmap(nil, Int(info.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
            mapped != MAP_FAILED
        else {
            close(fd)
            return false
        }
        self.fd = fd
        self.base = mapped
        self.mappedBytes = Int(info.st_size)
        self.capacity = capacity
        self.persistent = true
        guard checksum() == word(Self.checksumWord) else {
            unmap()
            return false
        }
        used = [Int(word(2)), Int(word(3))]
        return true
    }

    private func makeEmpty(capacity: Int) {
        let temporary = FilePath(path.string + ".new")
        if map(capacity: capacity, file: temporary) {
            checkpoint(Coverage())
            if rename(temporary.string, path.string) == 0 { return }
            unmap()
        }
        _ = unlink(path.string)
        _ = map(capacity: capacity, file: nil)
        checkpoint(Coverage())
    }

    /// Maps a zeroed table of `capacity` slots: in a new file at `file` (its blocks allocated
    /// up front, so a full disk is an error here and never a SIGBUS later), or in anonymous
    /// memory when `file` is nil.
    private func map(capacity: Int, file: FilePath?) -> Bool {
        let bytes = Self.headerSize + 2 * capacity * Self.slotSize
        var fd: Int32 = -1
        if let file {
            fd = open(file.string, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return false }
            if posix_fallocate(fd, 0, off_t(bytes)) != 0 {
                close(fd)
                _ = unlink(file.string)
                return false
            }
        }
        let flags = file == nil ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_SHARED
        guard let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, flags, fd, 0), mapped != MAP_FAILED else {
            if fd >= 0 {
                close(fd)
                _ = unlink(file!.string)
            }
            return false
        }
        self.fd = fd
        self.base = mapped
        self.mappedBytes = bytes
        self.capacity = capacity
        self.persistent = file != nil
        self.used = [0, 0]
        setWord(0, Self.magic)
        setWord(1, UInt64(capacity))
        return true
    }

    private func unmap() {
        if let base { munmap(base, mappedBytes) }
        if fd >= 0 { close(fd) }
        base = nil
        fd = -1
    }
}
