import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Which file a store is: device and inode, and a hash of its first line (an inode can be
/// reused, a first line, which carries a record id, is not).
public struct StoreIdentity: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    /// FNV-1a of the first whole line, hex; empty while the file has no whole line.
    public var head: String

    func sameFile(as other: StoreIdentity) -> Bool { device == other.device && inode == other.inode }
}

/// One store line ready for the database: where it is, and its rows in `COPY` text form.
struct ShipLine {
    var start: Int64
    var end: Int64
    var id: String
    /// The `article_rows` row (`ShipRows.article`), newline included.
    var article: [UInt8]
    /// Its `seq`: the store's order (`Shipper.sequence`).
    var seq: Int64 = 0
    /// The `entities` rows, one per entity, newlines included.
    var entities: [UInt8]
    /// The entity-name words, space-separated, when the server is to put them into
    /// `name_words` (normalised to NFC); nil when the row carries them already.
    var words: String?
}

/// What one read of the store gives: whole lines, how far they go, and the lines skipped.
struct ShipBatch {
    var lines: [ShipLine] = []
    /// The offset just past the last line read (decodable or not).
    var end: Int64
    var skipped = 0
    /// Records left out because a batch still in flight carries their id (`Shipper.dropRepeats`).
    var repeats = 0
    var identity: StoreIdentity
    var isEmpty: Bool { lines.isEmpty && skipped == 0 && repeats == 0 }
}

/// Reads a store from a position, across growth, truncation and replacement (like
/// `StoreFollower`, but in batches, and telling which file each batch came from).
final class StoreCursor {
    let path: FilePath
    private(set) var reader: StoreReader
    private(set) var identity: StoreIdentity
    private(set) var offset: Int64
    private let decoder = RecordDecoder()
    let warn: (String) -> Void

    /// Opens the store at `path`; resumes at `saved`'s offset when it is the same file (device,
    /// inode and first line) and not shorter, else starts at the top.
    init(
        path: FilePath, saved: (identity: StoreIdentity, offset: Int64)?, warn: @escaping (String) -> Void
    )
        throws(StoreReadError)
    {
        self.path = path
        self.warn = warn
        let reader = try StoreReader(path: path)
        let identity = Self.identity(of: reader.descriptor)
        var offset: Int64 = 0
        if let saved, saved.offset > 0 {
            if identity.sameFile(as: saved.identity) && identity.head == saved.identity.head
                && reader.size() >= saved.offset
            {
                offset = saved.offset
            } else {
                warn(
                    "\(path) is not the file shipped before (replaced, rotated or truncated); shipping it from the "
                        + "start (records already in the database are not repeated)")
            }
        }
        self.reader = offset > 0 ? try StoreReader(path: path, offset: offset, firstLineNumber: 0) : reader
        if offset > 0 && !Self.identity(of: self.reader.descriptor).sameFile(as: identity) {
            // Replaced between the two opens: take the new file from its top.
            self.reader = try StoreReader(path: path)
            offset = 0
        }
        self.identity = Self.identity(of: self.reader.descriptor)
        self.offset = offset
    }

    /// Reads up to `limit` decodable lines from the current position, as rows for `origin`.
    func read(limit: Int, origin: String) throws -> ShipBatch {
        if identity.head.isEmpty { identity.head = Self.head(of: reader.descriptor) }
        var batch = ShipBatch(end: offset, identity: identity)
        var position = offset
        let end = try reader.forEachLine { _, line in
            let start = position
            position += Int64(line.count) + 1
            if line.isEmpty {
                batch.end = position
                return true
            }
            do {
                let record = try decoder.decode(line)
                var article = CopyText(reserving: line.count + 256)
                let words = ShipRows.article(record, line: line, origin: origin, into: &article)
                var entities = CopyText(reserving: record.entities.count * 120)
                ShipRows.entities(record, into: &entities)
                batch.lines.append(
                    ShipLine(
                        start: start, end: position, id: record.id, article: article.bytes,
                        entities: entities.bytes, words: words))
            } catch {
                batch.skipped += 1
                warn("\(path): offset \(start): skipped a record that cannot be decoded (\(error))")
            }
            batch.end = position
            return batch.lines.count < limit
        }
        batch.end = max(end, position)
        offset = batch.end
        return batch
    }

    /// At the end of the file: looks for growth, truncation or a replacement. Returns true when
    /// there may be more to read.
    func poll() throws -> Bool {
        let atPath = Self.identity(atPath: path)
        if let atPath, !atPath.sameFile(as: identity) {
            // Replaced (rotated, re-created): drain the old file first (a daemon writes to the
            // renamed file until it restarts), then take the new one from its top.
            if reader.size() > offset { return true }
            guard let fresh = try? StoreReader(path: path) else { return false }
            warn("\(path) was replaced (rotated or re-created); shipping the new file from its start")
            reader = fresh
            identity = Self.identity(of: fresh.descriptor)
            offset = 0
            return true
        }
        let size = reader.size()
        if size < offset {
            warn("\(path) was truncated; shipping it again from its start (records already shipped are not repeated)")
            reader = try StoreReader(path: path)
            identity = Self.identity(of: reader.descriptor)
            offset = 0
            return true
        }
        if size > offset {
            // Read on from the end of the last whole line, never from what the reader buffered:
            // the writer may have cut a torn tail and written a record in its place.
            if atPath != nil, let fresh = try? StoreReader(path: path, offset: offset, firstLineNumber: 0),
                Self.identity(of: fresh.descriptor).sameFile(as: identity)
            {
                reader = fresh
            }
            return true
        }
        return false
    }

    /// The words (`NameMatch.words`) of every entity's text and canonical name, each once: what
    /// `--db` name lookups search (`articles.name_words`).
    static func words(of record: Record) -> [String] {
        var seen = Set<String>(minimumCapacity: 64)
        var words: [String] = []
        words.reserveCapacity(64)
        func add(_ name: String) {
            var name = name
            // ASCII (most names): words are the runs of letters and digits, lowercased, exactly
            // what `NameMatch.words` gives, without walking Characters.
            let done = name.withUTF8 { utf8 -> Bool in
                guard utf8.allSatisfy({ $0 < 0x80 }) else { return false }
                var start = -1
                for i in 0...utf8.count {
                    let byte = i < utf8.count ? utf8[i] : 0
                    if (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) {
                        if start < 0 { start = i }
                    } else if start >= 0 {
                        let word = String(unsafeUninitializedCapacity: i - start) { out in
                            for k in start..<i {
                                let c = utf8[k]
                                out[k - start] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                            }
                            return i - start
                        }
                        if seen.insert(word).inserted { words.append(word) }
                        start = -1
                    }
                }
                return true
            }
            if !done {
                for word in NameMatch.words(name) where seen.insert(word).inserted { words.append(word) }
            }
        }
        for entity in record.entities {
            add(entity.text)
            if entity.canonical != entity.text { add(entity.canonical) }
        }
        // A word holds neither a space nor a NUL (neither is a letter or a number).
        return words
    }

    static func identity(of fd: FileDescriptor) -> StoreIdentity {
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0 else { return StoreIdentity(device: 0, inode: 0, head: "") }
        return StoreIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), head: head(of: fd))
    }

    static func identity(atPath path: FilePath) -> StoreIdentity? {
        var info = stat()
        guard path.withPlatformString({ stat($0, &info) }) == 0 else { return nil }
        return StoreIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), head: "")
    }

    /// FNV-1a over the first whole line (read with `pread`, so the reader's position is kept).
    static func head(of fd: FileDescriptor) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var chunk = [UInt8](repeating: 0, count: 65536)
        var at: Int64 = 0
        while at < 1 << 24 {
            let n = chunk.withUnsafeMutableBytes { pread(fd.rawValue, $0.baseAddress, $0.count, off_t(at)) }
            if n <= 0 { return "" }
            for i in 0..<n {
                if chunk[i] == 0x0A { return String(hash, radix: 16) }
                hash = (hash ^ UInt64(chunk[i])) &* 0x100_0000_01b3
            }
            at += Int64(n)
        }
        return ""
    }
}

/// Making a store line acceptable to `jsonb`, which refuses `\u0000` and lone UTF-16 surrogate
/// escapes (the store writes a file name's stray bytes as `\udcXX`).
enum JSONB {
    /// The line with those escapes replaced by `\ufffd`, or nil when it has none.
    static func sanitized(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        let backslash = UInt8(ascii: "\\")
        guard let base = line.baseAddress, memchr(base, Int32(backslash), line.count) != nil else { return nil }
        var out: [UInt8] = []
        var changed = false
        var i = 0
        func hex(_ at: Int) -> UInt16? {
            guard at + 4 <= line.count else { return nil }
            var value: UInt16 = 0
            for k in at..<at + 4 {
                let c = line[k]
                let digit: UInt16
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt16(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(c - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        let replacement = Array(#"\ufffd"#.utf8)
        while i < line.count {
            let c = line[i]
            guard c == backslash, i + 1 < line.count else {
                out.append(c)
                i += 1
                continue
            }
            if line[i + 1] != UInt8(ascii: "u") {
                out.append(c)
                out.append(line[i + 1])
                i += 2
                continue
            }
            guard let unit = hex(i + 2) else {
                out.append(c)
                i += 1
                continue
            }
            if unit == 0 || (0xDC00...0xDFFF).contains(unit) {
                out += replacement
                changed = true
                i += 6
            } else if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate is fine only when a low one follows.
                if i + 12 <= line.count, line[i + 6] == backslash, line[i + 7] == UInt8(ascii: "u"),
                    let low = hex(i + 8), (0xDC00...0xDFFF).contains(low)
                {
                    out += line[i..<i + 12]
                    i += 12
                } else {
                    out += replacement
                    changed = true
                    i += 6
                }
            } else {
                out += line[i..<i + 6]
                i += 6
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : nil
    }
}
