import SystemPackage
import Testing

@testable import Store

#if canImport(Glibc)
    import Glibc
#endif

@Suite("StoreReader, StoreFollower, EntityPrefilter")
struct ReaderTests {
    static func temporaryFile(_ contents: [UInt8]) throws -> FilePath {
        var template = Array("/tmp/wirewatch-reader-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        #expect(fd >= 0)
        let descriptor = FileDescriptor(rawValue: fd)
        _ = try contents.withUnsafeBytes { try descriptor.writeAll($0) }
        try descriptor.close()
        return FilePath(String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    static func lines(_ path: FilePath, offset: Int64 = 0) throws -> [(Int, String)] {
        var result: [(Int, String)] = []
        try StoreReader(path: path, offset: offset).forEachLine { number, line in
            result.append((number, String(decoding: line, as: UTF8.self)))
            return true
        }
        return result
    }

    @Test("whole lines with their numbers; a last line without a newline is skipped")
    func tornTail() throws {
        let path = try Self.temporaryFile(Array("one\ntwo\n\nfour\nfiv".utf8))
        let lines = try Self.lines(path)
        #expect(lines.map(\.0) == [1, 2, 3, 4])
        #expect(lines.map(\.1) == ["one", "two", "", "four"])
    }

    @Test("lines longer than a chunk, and many chunks, keep their numbers")
    func largeLines() throws {
        let long = String(repeating: "x", count: StoreReader.chunkSize * 2 + 17)
        var text = ""
        for i in 0..<5000 { text += "line \(i) " + String(repeating: "y", count: 400) + "\n" }
        text += long + "\nlast\n"
        let path = try Self.temporaryFile(Array(text.utf8))
        let lines = try Self.lines(path)
        #expect(lines.count == 5002)
        #expect(lines[4999].1.hasPrefix("line 4999 "))
        #expect(lines[5000].1 == long)
        #expect(lines[5001] == (5002, "last"))
    }

    @Test("a missing store is a `missing` error")
    func missing() {
        #expect(throws: StoreReadError.missing(path: "/nonexistent/store.jsonl")) {
            try StoreReader(path: "/nonexistent/store.jsonl")
        }
    }

    @Test("tailOffset finds where the last N whole lines start")
    func tailOffset() throws {
        let path = try Self.temporaryFile(Array("a\nbb\nccc\ndddd\ntorn".utf8))
        let (start, end) = try StoreReader.tailOffset(path: path, lines: 2)
        #expect(start == 5)
        #expect(end == 14)
        #expect(try Self.lines(path, offset: start).map(\.1) == ["ccc", "dddd"])
        #expect(try StoreReader.tailOffset(path: path, lines: 10).start == 0)
        #expect(try StoreReader.tailOffset(path: path, lines: 0).start == 14)
    }

    @Test("stopping early leaves the rest unread")
    func stopEarly() throws {
        let path = try Self.temporaryFile(Array("a\nb\nc\n".utf8))
        var seen: [String] = []
        let offset = try StoreReader(path: path).forEachLine { _, line in
            seen.append(String(decoding: line, as: UTF8.self))
            return seen.count < 2
        }
        #expect(seen == ["a", "b"])
        #expect(offset == 4)
    }

    @Test("the follower hands out lines that land, after a truncation too")
    func follower() throws {
        let path = try Self.temporaryFile(Array("a\n".utf8))
        let follower = StoreFollower(path: path, interval: .milliseconds(20))
        var seen: [String] = []
        try follower.follow { _, line in
            seen.append(String(decoding: line, as: UTF8.self))
            switch seen.count {
            case 1:
                let fd = try FileDescriptor.open(path, .writeOnly, options: .append)
                _ = try fd.writeAll(Array("b\nc".utf8))
                try fd.close()
            case 2:
                // Truncate and start over with one line.
                let fd = try FileDescriptor.open(path, .writeOnly, options: .truncate)
                _ = try fd.writeAll(Array("z\n".utf8))
                try fd.close()
            default: break
            }
            return seen.count < 3
        }
        #expect(seen == ["a", "b", "z"])
    }

    @Test("the prefilter finds exactly the lines naming an entity, ignoring ASCII case")
    func prefilter() throws {
        func line(_ text: String, _ canonical: String) -> String {
            String(
                decoding: RecordEncoder().encode(
                    Record(
                        id: "i", path: PathName("p"), ingestedAt: "t", status: .ok, title: "about OIC",
                        entities: [.init(type: "ORG", text: text, canonical: canonical, mentions: [])])),
                as: UTF8.self)
        }
        let text =
            line("OIC", "Organization of Islamic Cooperation") + line("Oic summit", "Oic summit")
            + line("Organization Of Islamic Cooperation", "X") + line("say \"OIC\"", "y")
        let bytes = Array(text.utf8)
        let filter = EntityPrefilter(names: ["oic", "organization of islamic cooperation"])
        #expect(filter.isExact)
        let starts = bytes.withUnsafeBufferPointer { filter.matchingLineStarts(in: $0) }
        let firstLength = line("OIC", "Organization of Islamic Cooperation").utf8.count
        let secondLength = line("Oic summit", "Oic summit").utf8.count
        #expect(starts == [0, firstLength + secondLength])
        let quoted = EntityPrefilter(names: ["say \"oic\""])
        #expect(bytes.withUnsafeBufferPointer { quoted.matchingLineStarts(in: $0) }.count == 1)
        let accented = EntityPrefilter(names: ["Bakı"])
        #expect(!accented.isExact)
    }
}
