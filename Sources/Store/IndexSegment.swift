import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// One immutable file of the entity index: the records of a run of store lines, the entity
/// forms they name (type, text, canonical name) with the records naming each, the forms under
/// each normalised word of their names, and per (type, canonical name) the article and mention
/// counts that `entities` ranks.
///
/// Layout (little-endian, every section 8-byte aligned): a 128-byte header, then records
/// (offset u64, length u32, status u8, 3 spare), postings (u32 record numbers, per form,
/// ascending), forms (hash u64, first posting u64, pool offset u32, posting count u32), words and
/// exact keys (hash u64, first list entry u32, count u32) with their lists (u32 form numbers,
/// ascending), tally (hash u64, mentions u64, articles u32, pool offset u32), the lines that did
/// not decode (offset u64, length u32, line number u32), and the pool of strings. Forms, words, keys and tally are sorted by hash.
///
/// Hashes are of a string's *skeleton* (its ASCII characters, every other character as one
/// marker byte), so names that Swift calls equal (canonically equivalent) always hash alike; a
/// hash only ever finds candidates, which are then compared as strings or matched as names.
struct SegmentLayout {
    static let magic: UInt64 = 0x3158_4954_4E45_5757  // "WWENTIX1"
    static let headerSize = 128

    var records = 0
    var postings = 0
    var forms = 0
    var words = 0
    var wordLists = 0
    var keys = 0
    var keyLists = 0
    var tally = 0
    var corrupt = 0
    var pool = 0

    static func align(_ n: Int) -> Int { (n + 7) & ~7 }

    var recordsAt: Int { Self.headerSize }
    var postingsAt: Int { recordsAt + records * 16 }
    var formsAt: Int { postingsAt + Self.align(postings * 4) }
    var wordsAt: Int { formsAt + forms * 24 }
    var wordListsAt: Int { wordsAt + words * 16 }
    var keysAt: Int { wordListsAt + Self.align(wordLists * 4) }
    var keyListsAt: Int { keysAt + keys * 16 }
    var tallyAt: Int { keyListsAt + Self.align(keyLists * 4) }
    var corruptAt: Int { tallyAt + tally * 24 }
    var poolAt: Int { corruptAt + corrupt * 16 }
    var size: Int { poolAt + Self.align(pool) }

    func header(storeStart: Int64, storeEnd: Int64) -> [UInt8] {
        var words: [UInt64] = [
            Self.magic, 1, UInt64(storeStart), UInt64(storeEnd), UInt64(records), UInt64(postings), UInt64(forms),
            UInt64(self.words), UInt64(wordLists), UInt64(keys), UInt64(keyLists), UInt64(tally), UInt64(pool),
            UInt64(corrupt),
        ]
        while words.count < Self.headerSize / 8 { words.append(0) }
        return words.withUnsafeBytes { Array($0) }
    }
}

/// String hashing for the index (see `SegmentLayout`).
enum IndexHash {
    static func skeleton(_ string: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        if string.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in string.utf8 { mix(byte) }
        } else {
            for character in string {
                if let ascii = character.asciiValue, character.unicodeScalars.count == 1 {
                    mix(ascii)
                } else {
                    mix(0xFF)
                }
            }
        }
        return finish(h)
    }

    static func skeleton(_ parts: String...) -> UInt64 {
        var h: UInt64 = 0
        for part in parts { h = finish(h &* 31 &+ skeleton(part)) }
        return h
    }

    static func finish(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x == 0 ? 1 : x
    }
}

/// A record as the index knows it: where its line is and its status.
public struct IndexedRecord: Sendable, Equatable {
    public var offset: Int64
    public var length: Int
    public var status: Record.Status?

    public init(offset: Int64, length: Int, status: Record.Status?) {
        self.offset = offset
        self.length = length
        self.status = status
    }
}

extension Record.Status {
    var indexCode: UInt8 {
        switch self {
        case .ok: return 1
        case .rejected: return 2
        case .duplicate: return 3
        }
    }

    init?(indexCode: UInt8) {
        switch indexCode {
        case 1: self = .ok
        case 2: self = .rejected
        case 3: self = .duplicate
        default: return nil
        }
    }
}

/// An entity form: the strings a query is matched against.
struct IndexForm {
    var type: String
    var text: String
    var canonical: String

    var hash: UInt64 { IndexHash.skeleton(type, text, canonical) }
    var entity: Record.Entity { Record.Entity(type: type, text: text, canonical: canonical, mentions: []) }
    /// The words and exact keys a form is found under.
    var wordHashes: [UInt64] {
        var hashes = Set(NameMatch.words(text).map(IndexHash.skeleton))
        if canonical != text { hashes.formUnion(NameMatch.words(canonical).map(IndexHash.skeleton)) }
        return Array(hashes)
    }
    var keyHashes: [UInt64] {
        Array(Set([IndexHash.skeleton(NameMatch.exactKey(text)), IndexHash.skeleton(NameMatch.exactKey(canonical))]))
    }

    func encode(into pool: inout [UInt8]) {
        for part in [type, text, canonical] {
            let bytes = Array(part.utf8)
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { pool.append(contentsOf: $0) }
            pool.append(contentsOf: bytes)
        }
    }
}

/// A tally entry: one (type, lowercased canonical name) and its counts over ok records.
struct IndexTally {
    var type: String
    var lowered: String
    var display: String
    var articles: Int
    var mentions: Int

    var hash: UInt64 { IndexHash.skeleton(type, lowered) }

    func encode(into pool: inout [UInt8]) {
        for part in [type, lowered, display] {
            let bytes = Array(part.utf8)
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { pool.append(contentsOf: $0) }
            pool.append(contentsOf: bytes)
        }
    }
}

/// A segment file mapped read-only.
final class SegmentFile {
    let path: FilePath
    let base: UnsafeRawPointer
    let size: Int
    let layout: SegmentLayout
    let storeStart: Int64
    let storeEnd: Int64

    init?(path: FilePath) {
        self.path = path
        let fd = open(path.string, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) >= SegmentLayout.headerSize,
            let mapped = mmap(nil, Int(info.st_size), PROT_READ, MAP_SHARED, fd, 0), mapped != MAP_FAILED
        else { return nil }
        let base = UnsafeRawPointer(mapped)
        self.base = base
        size = Int(info.st_size)
        func word(_ i: Int) -> Int { Int(truncatingIfNeeded: base.load(fromByteOffset: i * 8, as: UInt64.self)) }
        var layout = SegmentLayout()
        (layout.records, layout.postings, layout.forms, layout.words) = (word(4), word(5), word(6), word(7))
        (layout.wordLists, layout.keys, layout.keyLists, layout.tally, layout.pool) =
            (word(8), word(9), word(10), word(11), word(12))
        layout.corrupt = word(13)
        self.layout = layout
        storeStart = Int64(word(2))
        storeEnd = Int64(word(3))
        guard base.load(as: UInt64.self) == SegmentLayout.magic, word(1) == 1, layout.size == Int(info.st_size) else {
            munmap(mapped, Int(info.st_size))
            return nil
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// Hands the mapped pages back (a merge has copied what it needed from them): they stay
    /// in the page cache but no longer count in this process's resident size.
    func release() {
        _ = madvise(UnsafeMutableRawPointer(mutating: base), size, MADV_DONTNEED)
    }

    var recordCount: Int { layout.records }

    func record(_ i: Int) -> IndexedRecord {
        let at = layout.recordsAt + i * 16
        return IndexedRecord(
            offset: Int64(base.load(fromByteOffset: at, as: UInt64.self)),
            length: Int(base.load(fromByteOffset: at + 8, as: UInt32.self)),
            status: Record.Status(indexCode: base.load(fromByteOffset: at + 12, as: UInt8.self)))
    }

    func recordBytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + layout.recordsAt + range.lowerBound * 16, count: range.count * 16)
    }

    // forms

    func formHash(_ i: Int) -> UInt64 { base.load(fromByteOffset: layout.formsAt + i * 24, as: UInt64.self) }

    func postings(ofForm i: Int) -> UnsafeBufferPointer<UInt32> {
        let at = layout.formsAt + i * 24
        let first = Int(base.load(fromByteOffset: at + 8, as: UInt64.self))
        let count = Int(base.load(fromByteOffset: at + 20, as: UInt32.self))
        return UnsafeBufferPointer(
            start: (base + layout.postingsAt).assumingMemoryBound(to: UInt32.self) + first, count: count)
    }

    func form(_ i: Int) -> IndexForm {
        let strings = poolStrings(at: Int(base.load(fromByteOffset: layout.formsAt + i * 24 + 16, as: UInt32.self)))
        return IndexForm(type: strings.0, text: strings.1, canonical: strings.2)
    }

    /// The raw pool bytes (three length-prefixed strings) of form `i` or tally entry `i`, to
    /// copy into another segment's pool without decoding them.
    func rawPoolEntry(form i: Int) -> UnsafeRawBufferPointer {
        rawPoolEntry(at: Int(base.load(fromByteOffset: layout.formsAt + i * 24 + 16, as: UInt32.self)))
    }

    func rawPoolEntry(tally i: Int) -> UnsafeRawBufferPointer {
        rawPoolEntry(at: Int(base.load(fromByteOffset: layout.tallyAt + i * 24 + 20, as: UInt32.self)))
    }

    private func rawPoolEntry(at offset: Int) -> UnsafeRawBufferPointer {
        let start = layout.poolAt + offset
        var at = start
        for _ in 0..<3 { at += 4 + Int(base.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        return UnsafeRawBufferPointer(start: base + start, count: at - start)
    }

    func tallyCounts(_ i: Int) -> (articles: Int, mentions: Int) {
        let at = layout.tallyAt + i * 24
        return (
            Int(base.load(fromByteOffset: at + 16, as: UInt32.self)),
            Int(base.load(fromByteOffset: at + 8, as: UInt64.self))
        )
    }

    private func poolStrings(at offset: Int) -> (String, String, String) {
        var at = layout.poolAt + offset
        func next() -> String {
            let n = Int(base.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            let s = String(decoding: UnsafeRawBufferPointer(start: base + at + 4, count: n), as: UTF8.self)
            at += 4 + n
            return s
        }
        let a = next()
        let b = next()
        return (a, b, next())
    }

    // words and keys

    /// The forms listed under `hash` in the words table (or the exact keys table).
    func forms(underWord hash: UInt64, exact: Bool = false) -> UnsafeBufferPointer<UInt32> {
        let (tableAt, count, listsAt) =
            exact ? (layout.keysAt, layout.keys, layout.keyListsAt) : (layout.wordsAt, layout.words, layout.wordListsAt)
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if base.load(fromByteOffset: tableAt + mid * 16, as: UInt64.self) < hash {
                low = mid + 1
            } else {
                high = mid
            }
        }
        guard low < count, base.load(fromByteOffset: tableAt + low * 16, as: UInt64.self) == hash else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        let first = Int(base.load(fromByteOffset: tableAt + low * 16 + 8, as: UInt32.self))
        let n = Int(base.load(fromByteOffset: tableAt + low * 16 + 12, as: UInt32.self))
        return UnsafeBufferPointer(start: (base + listsAt).assumingMemoryBound(to: UInt32.self) + first, count: n)
    }

    func wordEntry(_ i: Int, exact: Bool) -> (hash: UInt64, list: UnsafeBufferPointer<UInt32>) {
        let (tableAt, listsAt) = exact ? (layout.keysAt, layout.keyListsAt) : (layout.wordsAt, layout.wordListsAt)
        let hash = base.load(fromByteOffset: tableAt + i * 16, as: UInt64.self)
        let first = Int(base.load(fromByteOffset: tableAt + i * 16 + 8, as: UInt32.self))
        let n = Int(base.load(fromByteOffset: tableAt + i * 16 + 12, as: UInt32.self))
        return (
            hash, UnsafeBufferPointer(start: (base + listsAt).assumingMemoryBound(to: UInt32.self) + first, count: n)
        )
    }

    // tally

    func tally(_ i: Int) -> IndexTally {
        let at = layout.tallyAt + i * 24
        let strings = poolStrings(at: Int(base.load(fromByteOffset: at + 20, as: UInt32.self)))
        return IndexTally(
            type: strings.0, lowered: strings.1, display: strings.2,
            articles: Int(base.load(fromByteOffset: at + 16, as: UInt32.self)),
            mentions: Int(base.load(fromByteOffset: at + 8, as: UInt64.self)))
    }

    func tallyHash(_ i: Int) -> UInt64 { base.load(fromByteOffset: layout.tallyAt + i * 24, as: UInt64.self) }

    // lines that did not decode

    var corruptBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + layout.corruptAt, count: layout.corrupt * 16)
    }

    func corrupt(_ i: Int) -> (offset: Int64, length: Int, line: Int) {
        let at = layout.corruptAt + i * 16
        return (
            Int64(base.load(fromByteOffset: at, as: UInt64.self)),
            Int(base.load(fromByteOffset: at + 8, as: UInt32.self)),
            Int(base.load(fromByteOffset: at + 12, as: UInt32.self))
        )
    }
}

/// Writes a file through a buffer.
struct BufferedFile {
    let fd: Int32
    var buffer: [UInt8] = []
    var failed = false
    /// Bytes handed to `write(2)` so far.
    private(set) var flushed = 0

    init?(path: FilePath) {
        fd = open(path.string, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { drain() }
    }

    mutating func write(_ bytes: [UInt8]) { bytes.withUnsafeBytes { write($0) } }

    mutating func write<T>(_ value: T) { withUnsafeBytes(of: value) { write($0) } }

    mutating func pad() {
        while (flushed + buffer.count) % 8 != 0 { buffer.append(0) }
    }

    mutating func drain() {
        var done = 0
        while done < buffer.count && !failed {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                failed = true
            } else {
                done += n
            }
        }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, puts `header` at the start, makes it durable and closes;
    /// whether everything went through.
    mutating func finish(header: [UInt8]) -> Bool {
        drain()
        if !failed {
            let n = header.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            if n != header.count { failed = true }
        }
        if !failed && fsync(fd) != 0 { failed = true }
        close(fd)
        return !failed
    }
}
