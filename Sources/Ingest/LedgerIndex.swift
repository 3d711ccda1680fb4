import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A sidecar of the store (`<store>.ledger`) holding, for each record, its id, content hash,
/// status and where its line lies in the store, in fixed 88-byte entries.
///
/// It only saves time: start-up reads it instead of parsing every line of a large store.
/// It is checked against the store before it is trusted (the first and last entries must
/// name the lines at their offsets), records past its end are read from the store, and when
/// anything is off (a rotated or edited store, a lost write) it is rebuilt from the store.
final class LedgerIndex {
    static let entrySize = 88
    static let magic = Array("WWLEDGR1".utf8)
    static let headerSize = 16

    struct Entry {
        var id: Digest
        var sha256: Digest?
        var status: Record.Status?
        var start: Int64
        var end: Int64
    }

    let path: FilePath
    private var fd: FileDescriptor?

    init(path: FilePath) {
        self.path = path
        fd = try? FileDescriptor.open(
            path, .readWrite, options: [.create, .append, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead])
    }

    deinit { try? fd?.close() }

    /// Calls `body` with each entry, if the file is whole and agrees with `store` (of
    /// `storeSize` bytes), and returns how many there were and where the last one ends in the
    /// store; nil (having called `body` for none) when it cannot be trusted.
    func forEachValidatedEntry(
        store: FileDescriptor, storeSize: Int64, _ body: (Entry) -> Void
    ) -> (count: Int, end: Int64)? {
        guard let fd, let size = try? fd.seek(offset: 0, from: .end), size >= Self.headerSize else { return nil }
        let count = (Int(size) - Self.headerSize) / Self.entrySize
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        guard read(fd, into: &header, at: 0), header.starts(with: Self.magic) else { return nil }
        guard count > 0 else { return (0, 0) }
        guard let first = entry(at: 0, in: fd), let last = entry(at: count - 1, in: fd) else { return nil }
        for entry in [first, last] {
            guard entry.end <= storeSize, entry.start < entry.end, names(entry, in: store) else { return nil }
        }
        let perChunk = 65_536
        var bytes = [UInt8](repeating: 0, count: perChunk * Self.entrySize)
        var done = 0
        while done < count {
            let n = min(perChunk, count - done)
            if bytes.count != n * Self.entrySize { bytes = [UInt8](repeating: 0, count: n * Self.entrySize) }
            guard read(fd, into: &bytes, at: Int64(Self.headerSize + done * Self.entrySize)) else { return nil }
            bytes.withUnsafeBytes { raw in
                for i in 0..<n {
                    if let entry = Self.decode(UnsafeRawBufferPointer(rebasing: raw[(i * Self.entrySize)...])) {
                        body(entry)
                    }
                }
            }
            done += n
        }
        return (count, last.end)
    }

    /// How many entries the file holds (trusted or not).
    var entryCount: Int {
        guard let fd, let size = try? fd.seek(offset: 0, from: .end) else { return 0 }
        return max(0, (Int(size) - Self.headerSize) / Self.entrySize)
    }

    private func entry(at index: Int, in fd: FileDescriptor) -> Entry? {
        var bytes = [UInt8](repeating: 0, count: Self.entrySize)
        guard read(fd, into: &bytes, at: Int64(Self.headerSize + index * Self.entrySize)) else { return nil }
        return bytes.withUnsafeBytes { Self.decode($0) }
    }

    /// Whether the store's line at the entry's offsets is that entry's record.
    private func names(_ entry: Entry, in store: FileDescriptor) -> Bool {
        let length = Int(min(entry.end - entry.start, 80))
        var line = [UInt8](repeating: 0, count: length)
        guard read(store, into: &line, at: entry.start) else { return false }
        var last: [UInt8] = [0]
        guard read(store, into: &last, at: entry.end - 1), last[0] == UInt8(ascii: "\n") else { return false }
        let expected = Array(#"{"v":1,"id":""#.utf8) + Array(entry.id.hex.utf8)
        return line.count >= expected.count && line.starts(with: expected)
    }

    /// Empties the file and writes its header.
    func reset() {
        guard let fd else { return }
        if ftruncate(fd.rawValue, 0) != 0 {
            disable()
            return
        }
        write(Self.magic + [UInt8](repeating: 0, count: Self.headerSize - Self.magic.count))
    }

    func append(_ entries: [Entry]) {
        guard fd != nil, !entries.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * Self.entrySize)
        for entry in entries { Self.encode(entry, into: &bytes) }
        write(bytes)
    }

    private func write(_ bytes: [UInt8]) {
        guard let fd else { return }
        do {
            let written = try bytes.withUnsafeBytes { try fd.write($0) }
            if written != bytes.count { disable() }
        } catch {
            disable()
        }
    }

    /// A write failed (a full disk, say): drop the index so the next start reads the store.
    private func disable() {
        try? fd?.close()
        fd = nil
        _ = path.withPlatformString { unlink($0) }
    }

    private func read(_ fd: FileDescriptor, into bytes: inout [UInt8], at offset: Int64) -> Bool {
        let wanted = bytes.count
        guard
            let n = try? bytes.withUnsafeMutableBytes({ try fd.read(fromAbsoluteOffset: offset, into: $0) })
        else { return false }
        return n == wanted
    }

    private static func encode(_ entry: Entry, into bytes: inout [UInt8]) {
        func word(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        for value in [entry.id.a, entry.id.b, entry.id.c, entry.id.d] { word(value) }
        let sha = entry.sha256 ?? Digest(a: 0, b: 0, c: 0, d: 0)
        for value in [sha.a, sha.b, sha.c, sha.d] { word(value) }
        word(UInt64(entry.start))
        word(UInt64(entry.end))
        let status: UInt8
        switch entry.status {
        case .ok: status = 1
        case .rejected: status = 2
        case .duplicate: status = 3
        case nil: status = 0
        }
        bytes.append(status | (entry.sha256 == nil ? 0 : 0x80))
        bytes.append(contentsOf: repeatElement(0, count: 7))
    }

    private static func decode(_ raw: UnsafeRawBufferPointer) -> Entry? {
        guard raw.count >= entrySize else { return nil }
        func word(_ i: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self).littleEndian }
        let flags = raw[80]
        let status: Record.Status?
        switch flags & 0x7F {
        case 1: status = .ok
        case 2: status = .rejected
        case 3: status = .duplicate
        default: status = nil
        }
        return Entry(
            id: Digest(a: word(0), b: word(1), c: word(2), d: word(3)),
            sha256: flags & 0x80 != 0 ? Digest(a: word(4), b: word(5), c: word(6), d: word(7)) : nil,
            status: status, start: Int64(word(8)), end: Int64(word(9)))
    }
}
