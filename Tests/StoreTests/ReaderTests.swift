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

    @Test("SequentialLines hands out StoreReader's lines and offsets, across blocks, from any line, no torn tail")
    func sequentialLinesAgreeWithTheReader() throws {
        let block = SequentialLines.blockSize
        var bytes: [UInt8] = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func randomLines(until size: Int) {
            while bytes.count < size {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let length = Int(seed >> 33) % 3000
                bytes += repeatElement(UInt8(ascii: "a") + UInt8(length % 26), count: length)
                bytes.append(0x0A)
            }
        }
        func line(endingAt newline: Int) {
            bytes += repeatElement(UInt8(ascii: "e"), count: newline - bytes.count)
            bytes.append(0x0A)
        }
        randomLines(until: block - 5000)
        line(endingAt: block - 1)  // the first block ends with a newline
        randomLines(until: block + 100_000)
        let longStart = bytes.count
        line(endingAt: longStart + block + 1234)  // longer than a block
        randomLines(until: 3 * block - 5000)
        line(endingAt: 3 * block)  // the next line starts one byte into the fourth block
        bytes += [0x0A, 0x0A]  // empty lines
        randomLines(until: 3 * block + 200_000)
        let wholeEnd = bytes.count
        bytes += Array(#"{"v":1,"id":"torn"#.utf8)
        let path = try Self.temporaryFile(bytes)
        defer { _ = unlink(path.string) }

        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }.dropLast()
        let from = [0, starts[777], block, longStart, 3 * block + 1, wholeEnd]
        #expect(from.allSatisfy { $0 == 0 || bytes[$0 - 1] == 0x0A })
        for offset in from {
            var expected: [(Int64, [UInt8])] = []
            let reader = try StoreReader(path: path, offset: Int64(offset))
            try reader.forEachBlock { lines in
                let base = lines.bytes.baseAddress!
                lines.forEachLine { _, line in
                    expected.append((lines.offset + Int64(base.distance(to: line.baseAddress ?? base)), Array(line)))
                }
                return true
            }
            for direct in [true, false] {
                var got: [(Int64, [UInt8])] = []
                let end = try SequentialLines.forEach(path: path, from: Int64(offset), direct: direct) { line, start in
                    got.append((start, Array(line)))
                }
                #expect(end == Int64(wholeEnd))
                #expect(got.count == expected.count, "from \(offset), direct \(direct)")
                #expect(
                    zip(got, expected).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }, "from \(offset), direct \(direct)")
            }
        }
        #expect(throws: StoreReadError.missing(path: "/nonexistent/store.jsonl")) {
            try SequentialLines.forEach(path: "/nonexistent/store.jsonl", from: 0, direct: true) { _, _ in }
        }
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
