import Testing

@testable import Store

@Suite("RecordDecoder")
struct DecoderTests {
    static let full = Record(
        id: String(repeating: "ab", count: 32), sha256: String(repeating: "cd", count: 32),
        path: PathName("news/\u{00E9}t\u{00E9} \"quoted\"\\back.txt"), ingestedAt: "2026-11-23T04:10:00.123Z",
        status: .ok, bytes: 3053, words: 512, title: "Line\none\ttab \u{1F600} \u{7F}",
        published: "2023-09-11", dateline: "Islamabad", authors: ["Aisha Jabbarova", "B"], source: "TDI",
        entities: [
            .init(
                type: "ORG", text: "OIC", canonical: "Organization of Islamic Cooperation",
                mentions: [.init(1, 4), .init(9, 12)]),
            .init(type: "GPE", text: "Bakı", canonical: "Baku", mentions: [.init(20, 24)], boilerplate: true),
        ])

    @Test("round-trips what the encoder writes, every field")
    func roundTrip() throws {
        let line = RecordEncoder().encode(Self.full)
        let decoded = try RecordDecoder().decode(Array(line.dropLast()))
        #expect(decoded == Self.full)
    }

    @Test("rejected and duplicate records round-trip")
    func otherStatuses() throws {
        let rejected = Record(
            id: "1", path: PathName("a.bin"), ingestedAt: "2026-01-01T00:00:00.000Z", status: .rejected,
            error: "the file is empty")
        let duplicate = Record(
            id: "2", sha256: "x", path: PathName("b.txt"), ingestedAt: "2026-01-01T00:00:00.000Z",
            status: .duplicate, duplicateOf: "1")
        for record in [rejected, duplicate] {
            #expect(try RecordDecoder().decode(Array(RecordEncoder().encode(record).dropLast())) == record)
        }
    }

    @Test("a path with bytes that are not UTF-8 comes back byte for byte")
    func rawPathBytes() throws {
        let path = PathName(bytes: Array("caf".utf8) + [0xE9, 0xFF] + Array("/\u{00E9}.txt".utf8) + [0x80])
        let record = Record(id: "1", path: path, ingestedAt: "t", status: .rejected, error: "e")
        let line = RecordEncoder().encode(record)
        #expect(String(decoding: line, as: UTF8.self).contains(#"caf\udce9\udcff/"#))
        #expect(try RecordDecoder().decode(Array(line.dropLast())).path == path)
    }

    @Test("\\u escapes: surrogate pairs join, lone surrogates in text become U+FFFD")
    func unicodeEscapes() throws {
        let line =
            #"{"v":1,"id":"i","path":"p\u00e9\ud83d\ude00","ingested_at":"t","status":"rejected","error":"\ud83d\ude00 \u00e9\u0041 \udc80 \ud800x \/"}"#
        let record = try RecordDecoder().decode(Array(line.utf8))
        #expect(record.error == "\u{1F600} \u{00E9}A \u{FFFD} \u{FFFD}x /")
        #expect(record.path == PathName("p\u{00E9}\u{1F600}"))
    }

    @Test("other key orders, spaces and unknown keys are accepted")
    func lenient() throws {
        let line =
            #" { "status" : "ok", "x": {"a":[1,2.5,null,true]}, "path":"a", "v":1, "ingested_at":"t", "id":"i", "entities":[ {"mentions":[[1,2]],"canonical":"C","text":"T","type":"ORG","y":false} ] } "#
        let record = try RecordDecoder().decode(Array(line.utf8))
        #expect(record.entities == [.init(type: "ORG", text: "T", canonical: "C", mentions: [.init(1, 2)])])
    }

    @Test(
        "broken lines are errors, not crashes",
        arguments: [
            "", "{", "[]", #"{"v":1}"#, #"{"v":2,"id":"i","path":"p","ingested_at":"t","status":"ok"}"#,
            #"{"v":1,"id":"i","path":"p","ingested_at":"t","status":"maybe"}"#,
            #"{"v":1,"id":"i","path":"p","ingested_at":"t","status":"ok"} x"#,
            #"{"v":1,"id":"i","path":"p\x","ingested_at":"t","status":"ok"}"#,
            #"{"v":1,"id":"i","path":"p\u12","ingested_at":"t","status":"ok"}"#,
            #"{"v":1,"id":"i","path":"p","ingested_at":"t","status":"ok","entities":[{"type":"ORG"}]}"#,
            #"{"v":1,"id":"i","path":"p","ingested_at":"t","status":"ok","bytes":1.5}"#,
            #"{"v":1,"id":"i","path":"p","ingested_at":"t","status":"ok","bytes":99999999999999999999}"#,
            #"{"v":1,"id":"i","path":"p","ingested_at":"2026-"#,
        ])
    func broken(line: String) {
        #expect(throws: RecordDecodingError.self) { try RecordDecoder().decode(Array(line.utf8)) }
    }
}
