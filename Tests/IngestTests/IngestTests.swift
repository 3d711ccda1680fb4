import Extraction
import Foundation
import Store
import SystemPackage
import Testing

@testable import Articles
@testable import Ingest

struct InboxNameTests {
    @Test(arguments: [".hidden", "a.tmp", "a.part", "a~", ".a.swp", "a.swp", "#a#", "x.crdownload"])
    func temporaryNamesAreIgnored(name: String) {
        #expect(InboxNames.isIgnored(Array(name.utf8)))
    }

    @Test(arguments: ["a.txt", "a.md", "story.html", "#tag", "a.tmp.txt", "README"])
    func realNamesAreArticles(name: String) {
        #expect(!InboxNames.isIgnored(Array(name.utf8)))
    }
}

struct DecodingTests {
    let processor = ArticleProcessor(extractor: Extractor())

    @Test func utf16WithABomDecodesInBothByteOrders() throws {
        let text = "Ankara, 5 May — Erdoğan spoke."
        var le: [UInt8] = [0xFF, 0xFE]
        var be: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        #expect(try processor.decode(le).get() == "\u{FEFF}" + text)
        #expect(try processor.decode(be).get() == "\u{FEFF}" + text)
    }

    @Test func filesAreReadWholeWhateverTheirSizeSays() throws {
        // a regular file of its stated size (one read), and one whose size says 0 (/proc: read to its end)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ww-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Array(String(repeating: "Ankara, 5 May. Erdoğan spoke. ", count: 3_000).utf8)
        let path = dir.appendingPathComponent("a.txt").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard case .content(let read, let sha) = processor.load(FilePath(path)) else {
            Issue.record("not read")
            return
        }
        #expect(read == bytes)
        #expect(sha == SHA256.hex(bytes))
        guard case .content(let status, _) = processor.load(FilePath("/proc/self/status")) else {
            Issue.record("/proc/self/status not read")
            return
        }
        let text = String(decoding: status, as: UTF8.self)
        #expect(text.hasPrefix("Name:") && text.contains("\nVmRSS:") && text.hasSuffix("\n"))
    }

    @Test func crlfLineEndsAreKeptSoOffsetsStayTrue() throws {
        #expect(try processor.decode(Array("a\r\nb".utf8)).get().unicodeScalars.count == 4)
    }

    @Test(arguments: [
        ([UInt8](), "empty"),
        ([0x61, 0x00, 0x62], "NUL"),
        ([0x61, 0xC3, 0x28], "not valid UTF-8"),
        ([0xFF, 0xFE, 0x00, 0xD8], "unpaired surrogate"),
        ([0xFF, 0xFE, 0x61], "odd number of bytes"),
    ])
    func badBytesAreRefusedWithAReason(bytes: [UInt8], words: String) {
        guard case .failure(let failure) = processor.decode(bytes) else {
            Issue.record("decoded \(bytes)")
            return
        }
        #expect(failure.reason.contains(words))
    }
}

struct LedgerTests {
    @Test func theLedgerRemembersIdsAndFirstExtractionsFromTheStore() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ww-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("store.jsonl")
        let sha = SHA256.hex(Array("content".utf8))
        let okID = FileVersion.id(path: PathName("a.txt"), sha256: sha)
        let dupID = FileVersion.id(path: PathName("b.txt"), sha256: sha)
        let encoder = RecordEncoder()
        var bytes: [UInt8] = []
        bytes += encoder.encode(Record(id: okID, sha256: sha, path: PathName("a.txt"), ingestedAt: "t", status: .ok))
        bytes += encoder.encode(
            Record(id: dupID, path: PathName("b.txt"), ingestedAt: "t", status: .duplicate, duplicateOf: okID))
        // A title that mentions the keys must not confuse the reader.
        let tricky = Record(
            id: String(repeating: "c", count: 64), sha256: String(repeating: "d", count: 64), path: PathName("c.txt"),
            ingestedAt: "t", status: .rejected,
            error: #"x","status":"ok","sha256":"\#(String(repeating: "e", count: 64))"#)
        bytes += encoder.encode(tricky)
        try Data(bytes).write(to: url)

        let ledger = try Ledger.load(from: FilePath(url.path))
        #expect(ledger.count == 3)
        #expect(ledger.contains(id: okID))
        #expect(ledger.contains(id: dupID))
        #expect(ledger.extraction(ofContent: sha) == okID)
        #expect(ledger.extraction(ofContent: String(repeating: "e", count: 64)) == nil)
        #expect(ledger.counts[.ok] == 1 && ledger.counts[.duplicate] == 1 && ledger.counts[.rejected] == 1)
    }

    @Test func aMissingStoreIsAnEmptyLedger() throws {
        let ledger = try Ledger.load(from: FilePath("/nonexistent/wirewatch/store.jsonl"))
        #expect(ledger.count == 0)
    }
}

struct JournalFieldTests {
    @Test func metadataKeysBecomeJournalFieldNames() {
        #expect(JournalLogHandler.fieldName("article.path") == "ARTICLE_PATH")
        #expect(JournalLogHandler.fieldName("entity.count") == "ENTITY_COUNT")
        #expect(JournalLogHandler.fieldName("errno") == "ERRNO")
        #expect(JournalLogHandler.fieldName("_x.1") == "X_1")
    }

    @Test func aSocketFileLeftByAProcessThatHasGoneDoesNotCountAsAJournal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jsock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("socket").path
        #expect(!JournalLogHandler.socketAnswers(path))  // no file at all

        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        #expect(JournalLogHandler.socketAnswers(path))  // a live reader

        close(fd)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!JournalLogHandler.socketAnswers(path))  // the file stays, the reader is gone
    }
}

struct LedgerTableTests {
    private func record(_ name: String, content: String? = nil) -> [UInt8] {
        let sha = SHA256.hex(Array((content ?? name).utf8))
        return RecordEncoder().encode(
            Record(
                id: FileVersion.id(path: PathName(name), sha256: sha), sha256: sha, path: PathName(name),
                ingestedAt: "t", status: .ok))
    }

    private func id(_ name: String, content: String? = nil) -> String {
        FileVersion.id(path: PathName(name), sha256: SHA256.hex(Array((content ?? name).utf8)))
    }

    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ww-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func append(_ bytes: [UInt8], to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    private func size(_ url: URL) throws -> Int64 {
        Int64(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? -1)
    }

    @Test func theTableIsBuiltThenExtendedFromTheStoreTail() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.jsonl")
        try Data(record("a") + record("b") + record("c")).write(to: store)

        let first = try Ledger.load(from: FilePath(store.path))
        #expect(first.count == 3)
        #expect(FileManager.default.fileExists(atPath: store.path + ".ledger"))

        // A record the table has not seen (a crash between the two writes) is read from the store.
        try append(record("d"), to: store)
        let second = try Ledger.load(from: FilePath(store.path))
        #expect(second.count == 4)
        #expect(["a", "b", "c", "d"].allSatisfy { second.contains(id: id($0)) })
        #expect(!second.contains(id: id("e")))
        #expect(second.extraction(ofContent: SHA256.hex(Array("b".utf8))) == id("b"))
    }

    @Test func aTableThatDisagreesWithTheStoreIsRebuilt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.jsonl")
        try Data(record("a") + record("b")).write(to: store)
        _ = try Ledger.load(from: FilePath(store.path))

        // Rewritten in place: a different, longer content under the same file.
        try FileHandle(forWritingTo: store).truncate(atOffset: 0)
        try append(record("x") + record("y") + record("z"), to: store)
        let ledger = try Ledger.load(from: FilePath(store.path))
        #expect(ledger.count == 3)
        #expect(["x", "y", "z"].allSatisfy { ledger.contains(id: id($0)) })
        #expect(!ledger.contains(id: id("a")))

        // Rotated: a new file under the name, shorter than what the table covered.
        try FileManager.default.removeItem(at: store)
        try Data(record("p")).write(to: store)
        let rotated = try Ledger.load(from: FilePath(store.path))
        #expect(rotated.count == 1 && rotated.contains(id: id("p")) && !rotated.contains(id: id("x")))

        // A table file of garbage is replaced.
        try Data(repeating: 0x41, count: 10_000).write(to: URL(fileURLWithPath: store.path + ".ledger"))
        let again = try Ledger.load(from: FilePath(store.path))
        #expect(again.count == 1 && again.contains(id: id("p")))
    }

    @Test func theTableGrowsByRehashingAndKeepsEveryRecord() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.jsonl")
        let names = (0..<3000).map { "n\($0)" }
        // Every third article has the content of the one before it: a duplicate of content.
        var bytes: [UInt8] = []
        for (i, name) in names.enumerated() { bytes += record(name, content: i % 3 == 2 ? names[i - 1] : name) }
        try Data(bytes).write(to: store)
        let ledger = try Ledger.load(from: FilePath(store.path))
        #expect(ledger.count == 3000)
        #expect(try size(URL(fileURLWithPath: store.path + ".ledger")) >= Int64(LedgerTable.headerSize + 2 * 4096 * 16))
        let reloaded = try Ledger.load(from: FilePath(store.path))
        #expect(reloaded.count == 3000)
        for (i, name) in names.enumerated() {
            let content = i % 3 == 2 ? names[i - 1] : name
            #expect(reloaded.contains(id: id(name, content: content)))
            #expect(
                reloaded.extraction(ofContent: SHA256.hex(Array(content.utf8))) == id(i % 3 == 2 ? names[i - 1] : name))
        }
        #expect(!reloaded.contains(id: id("n3000")))
    }

    @Test func slotsAddedAfterTheLastCheckpointStillCountAgainstTheTablesSize() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.jsonl")
        try Data(record("a")).write(to: store)
        // Each process commits 600 records that never reach the store and dies without a
        // checkpoint: the table must still know how full it is, or probing never ends.
        for round in 0..<3 {
            let ledger = try Ledger.load(from: FilePath(store.path))
            #expect(ledger.count == 1)
            for i in 0..<600 {
                let name = "r\(round)-\(i)"
                ledger.insert(
                    id: Digest(hex: id(name))!, status: .ok, sha256: Digest(hex: SHA256.hex(Array(name.utf8))),
                    start: 1_000_000 + Int64(i) * 100, end: 1_000_100 + Int64(i) * 100)
            }
            #expect(ledger.count == 601)
        }
        let last = try Ledger.load(from: FilePath(store.path))
        #expect(last.count == 1 && last.contains(id: id("a")) && !last.contains(id: id("r0-1")))
    }

    @Test func aCrashBeforeTheCheckpointNeitherLosesNorDoubleCountsRecords() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.jsonl")
        try Data(record("a")).write(to: store)
        do {
            let ledger = try Ledger.load(from: FilePath(store.path))
            // Two records committed and written, a third committed but never written (the
            // process dies before its write); no checkpoint is taken.
            var end = try size(store)
            for name in ["b", "c"] {
                let line = record(name)
                ledger.insert(
                    id: Digest(hex: id(name))!, status: .ok, sha256: Digest(hex: SHA256.hex(Array(name.utf8))),
                    start: end, end: end + Int64(line.count))
                try append(line, to: store)
                end += Int64(line.count)
                ledger.written(upTo: end)
            }
            ledger.insert(
                id: Digest(hex: id("lost"))!, status: .ok, sha256: Digest(hex: SHA256.hex(Array("lost".utf8))),
                start: end, end: end + 100)
            #expect(ledger.contains(id: id("lost")))
            #expect(ledger.count == 3 + 1)
        }
        let reloaded = try Ledger.load(from: FilePath(store.path))
        #expect(reloaded.count == 3)
        #expect(reloaded.counts[.ok] == 3)
        #expect(["a", "b", "c"].allSatisfy { reloaded.contains(id: id($0)) })
        #expect(!reloaded.contains(id: id("lost")))
        #expect(reloaded.extraction(ofContent: SHA256.hex(Array("lost".utf8))) == nil)

        // The record that was lost is written later by another line at the same place: only
        // what the store says counts.
        try append(record("d"), to: store)
        let later = try Ledger.load(from: FilePath(store.path))
        #expect(later.count == 4 && later.contains(id: id("d")) && !later.contains(id: id("lost")))
    }
}

/// The ledger's scan of a store: the fast reading of lines as the encoder writes them must give
/// exactly the answer of the key search it stands in for, on every line, and a store full of
/// lines it leaves to the key search must be counted as before.
struct LedgerScanTests {
    private typealias Reading = (Digest, Record.Status?, Digest?)

    private func same(_ a: Reading?, _ b: Reading?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return a.0 == b.0 && a.1 == b.1 && a.2 == b.2
        default: return false
        }
    }

    private func readings(_ line: [UInt8]) -> (all: Reading?, fast: Reading?, keys: Reading?) {
        line.withUnsafeBufferPointer { (Ledger.parse($0), Ledger.parseEncoded($0), Ledger.parseByKeys($0)) }
    }

    private func sha(_ text: String) -> String { SHA256.hex(Array(text.utf8)) }

    /// Lines as the daemon writes them, with every shape of head the encoder produces.
    private func encodedLines() -> [(line: [UInt8], plain: Bool)] {
        let encoder = RecordEncoder()
        var lines: [(line: [UInt8], plain: Bool)] = []
        func add(_ record: Record, plain: Bool) { lines.append((Array(encoder.encode(record).dropLast()), plain)) }
        for (i, name) in ["a.txt", "desk-b/story 2.md", "ünïcode/ß.txt", "", String(repeating: "long/", count: 300)]
            .enumerated()
        {
            let path = PathName(name)
            add(
                Record(
                    id: FileVersion.id(path: path, sha256: sha(name)), sha256: sha(name), path: path,
                    ingestedAt: "2026-12-05T01:0\(i):00.000Z", status: .ok, bytes: 10, title: #"x","status":"rejected""#
                ),
                plain: true)
            add(
                Record(
                    id: sha("r" + name), sha256: sha(name), path: path, ingestedAt: "t", status: .rejected,
                    error: #"the file contains a NUL byte; "sha256":"\#(sha("e"))""#),
                plain: true)
            add(
                Record(
                    id: sha("d" + name), path: path, ingestedAt: "t", status: .duplicate, duplicateOf: sha(name)),
                plain: true)
        }
        // Escapes in the path or the time: the fast path steps aside.
        for name in [#"quote".txt"#, #"back\slash.txt"#, "tab\t.txt", "new\nline.txt"] {
            let path = PathName(name)
            add(
                Record(id: sha(name), sha256: sha(name + "c"), path: path, ingestedAt: "t", status: .ok), plain: false)
        }
        add(
            Record(id: sha("raw"), path: PathName(bytes: [0x61, 0xFF, 0x62]), ingestedAt: "t", status: .rejected),
            plain: false)
        add(Record(id: sha("q"), sha256: sha("q"), path: PathName("q"), ingestedAt: #"a"b"#, status: .ok), plain: false)
        // An ok record with an error before its sha256, and one without a sha256 at all.
        add(
            Record(id: sha("e1"), sha256: sha("e1"), path: PathName("e1"), ingestedAt: "t", status: .ok, error: "x"),
            plain: false)
        add(Record(id: sha("e2"), path: PathName("e2"), ingestedAt: "t", status: .ok), plain: false)
        return lines
    }

    @Test func theFastReadingOfALineIsAlwaysTheKeySearchsAnswer() throws {
        var checked = 0
        for (line, plain) in encodedLines() {
            let r = readings(line)
            #expect(same(r.all, r.keys), "\(String(decoding: line, as: UTF8.self))")
            #expect((r.fast != nil) == plain, "\(String(decoding: line, as: UTF8.self))")
            if plain { #expect(same(r.fast, r.keys)) }
            // Every line cut short, and every byte of its head replaced by each byte a JSON
            // head is made of: whatever the fast path says, it is the key search's answer.
            let head = min(line.count, 260)
            for cut in 0..<head where !same(readings(Array(line[..<cut])).all, readings(Array(line[..<cut])).keys) {
                Issue.record("cut at \(cut): \(String(decoding: line[..<cut], as: UTF8.self))")
            }
            for at in 0..<head {
                for byte in Array(#""\,:{}0aAfgoksx "#.utf8) where byte != line[at] {
                    var bent = line
                    bent[at] = byte
                    let b = readings(bent)
                    checked += 1
                    if !same(b.all, b.keys) {
                        Issue.record("byte \(at) as \(byte): \(String(decoding: bent, as: UTF8.self))")
                    }
                }
            }
        }
        #expect(checked > 50_000)
        // Written by hand: other key orders, spacing, a later version, upper-case hex.
        let id = sha("x")
        let content = sha("y")
        for text in [
            #"{"id":"\#(id)","v":1,"status":"ok","sha256":"\#(content)"}"#,
            #"{"v": 1, "id": "\#(id)", "status": "ok"}"#,
            #"{"v":2,"id":"\#(id)","path":"p","ingested_at":"t","status":"ok","sha256":"\#(content)"}"#,
            #"{"v":1,"id":"\#(id.uppercased())","path":"p","ingested_at":"t","status":"ok","sha256":"\#(content)"}"#,
            #"{"v":1,"id":"\#(id)","path":"p","ingested_at":"t","status":"ok","sha256":"\#(content.uppercased())"}"#,
            #"{"v":1,"id":"\#(id)","path":"p","ingested_at":"t","status":"ok ","sha256":"\#(content)"}"#,
            #"{"v":1,"id":"\#(id)","path":"p","ingested_at":"t","status":"gone","sha256":"\#(content)"}"#,
            #"{"v":1,"id":"\#(id)","path":"p","status":"ok","sha256":"\#(content)"}"#,
            "not json at all",
        ] {
            let r = readings(Array(text.utf8))
            #expect(r.fast == nil, "\(text)")
            #expect(same(r.all, r.keys), "\(text)")
        }
        // The first of those is read by its keys (the fast path steps aside) and still found.
        let first = readings(Array(#"{"id":"\#(id)","v":1,"status":"ok","sha256":"\#(content)"}"#.utf8)).all
        #expect(first?.0 == Digest(hex: id) && first?.1 == .ok && first?.2 == Digest(hex: content))
    }

    @Test func aLargeStoreOfMixedLinesIsCountedAsTheKeySearchCountsIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ww-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.jsonl")
        let encoder = RecordEncoder()
        let padding = String(repeating: "words of a title ", count: 70)
        var bytes: [UInt8] = []
        var lines: [[UInt8]] = []
        func put(_ line: [UInt8]) {
            lines.append(line)
            bytes += line + [0x0A]
        }
        // 4,000 records (more than the 4 MiB that makes the scan size its table once), among
        // them: lines only the key search reads, damaged lines, a record written twice (same
        // id), contents extracted twice (the first record holds the extraction).
        for i in 0..<4000 {
            let name = i % 97 == 5 ? "esc\"aped-\(i).txt" : "f-\(i).txt"
            let content = i % 50 == 7 ? "content-\(i - 1)" : "content-\(i)"
            let record = Record(
                id: FileVersion.id(path: PathName(name), sha256: sha(content)), sha256: sha(content),
                path: PathName(name), ingestedAt: "2026-12-05T01:00:00.000Z", status: i % 31 == 3 ? .rejected : .ok,
                title: padding)
            let line = Array(encoder.encode(record).dropLast())
            put(line)
            if i % 401 == 9 { put(line) }  // written twice
            if i % 333 == 1 {
                put(Array(#"{"id":"\#(sha("hand-\(i)"))","v":1,"status":"ok","sha256":"\#(sha("hand-\(i)"))"}"#.utf8))
            }
            if i % 555 == 2 { put(Array("{\"v\":1,\"id\":\"garbage".utf8)) }
        }
        // A torn tail: the last record's line without its newline.
        let torn = Array(
            encoder.encode(
                Record(
                    id: sha("torn"), sha256: sha("torn"), path: PathName("torn.txt"), ingestedAt: "t", status: .ok)
            ).dropLast())
        try Data(bytes + torn).write(to: store)
        #expect(bytes.count > 1 << 22)

        // What the key search makes of the whole lines, one by one, first id wins.
        var ids = Set<Digest>()
        var firstOfContent: [Digest: Digest] = [:]
        var counts: [Record.Status?: Int] = [:]
        var fast = 0
        for line in lines {
            guard let (id, status, content) = line.withUnsafeBufferPointer({ Ledger.parseByKeys($0) }) else { continue }
            if line.withUnsafeBufferPointer({ Ledger.parseEncoded($0) }) != nil { fast += 1 }
            guard ids.insert(id).inserted else { continue }
            counts[status, default: 0] += 1
            if let content, firstOfContent[content] == nil { firstOfContent[content] = id }
        }
        #expect(fast > 3500 && fast < lines.count)  // both paths were taken

        let ledger = try Ledger.load(from: FilePath(store.path))
        #expect(ledger.count == ids.count)
        #expect(
            ledger.counts[.ok] == counts[Record.Status.ok] && ledger.counts[.rejected] == counts[Record.Status.rejected]
        )
        #expect(ids.allSatisfy { ledger.contains(id: $0.hex) })
        #expect(firstOfContent.allSatisfy { ledger.extraction(ofContent: $0.key.hex) == $0.value.hex })
        #expect(!ledger.contains(id: sha("torn")))
        // Sized for what the store holds: 8,192 slots of each kind for about 4,000 ids.
        let tableSize = try FileManager.default.attributesOfItem(atPath: store.path + ".ledger")[.size] as? Int
        #expect(tableSize == LedgerTable.headerSize + 2 * 8192 * LedgerTable.slotSize)

        // The torn line completed: the next start reads only the tail, and counts it once.
        let handle = try FileHandle(forWritingTo: store)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x0A]))
        try handle.close()
        let later = try Ledger.load(from: FilePath(store.path))
        #expect(later.count == ids.count + 1 && later.contains(id: sha("torn")))
        #expect(later.extraction(ofContent: sha("torn")) == sha("torn"))
        // And a ledger rebuilt from nothing agrees.
        try FileManager.default.removeItem(atPath: store.path + ".ledger")
        let rebuilt = try Ledger.load(from: FilePath(store.path))
        #expect(rebuilt.count == later.count && rebuilt.counts == later.counts)
    }
}

/// Ids written before wirewatch took SHA-256 from swift-crypto (computed with the hand-written
/// implementation, and equal to `sha256sum` of the same bytes): a store written then must keep
/// its ids, or every file would be extracted again.
struct FileVersionIdTests {
    @Test func idsAreTheOnesEarlierStoresHold() {
        let content = "7bd20e15bdc30972579775e968757fb02acfe9e09ceeb21d2e197cdf8b1e72a2"
        #expect(
            FileVersion.id(path: PathName("seeds/000_dfec17d03ea7e3d2.txt"), sha256: content)
                == "ab8229da4f4c1fb02412839efb26211b52318cb89ea17f61df3b0906509d17a8")
        #expect(
            FileVersion.id(path: PathName("news/a.txt"), state: "2049:1234:10:1700000000.5")
                == "84c25a9bfbc504d44bc8254812f0dd7650a84d6e7619df3786ee22a1ab7a1a22")
    }

    @Test func aSeedArticleHashesAsSha256sumSaysItDoes() throws {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/000_dfec17d03ea7e3d2.txt")
        let processor = ArticleProcessor(extractor: Extractor())
        guard case .content(_, let sha256) = processor.load(FilePath(seed.path)) else {
            Issue.record("the seed \(seed.path) could not be read")
            return
        }
        #expect(sha256 == "7bd20e15bdc30972579775e968757fb02acfe9e09ceeb21d2e197cdf8b1e72a2")
    }
}
