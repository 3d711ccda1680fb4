import Foundation
import Testing

@testable import Store

struct EncoderTests {
    private func decode(_ line: [UInt8]) throws -> [String: Any] {
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
        return try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
    }

    @Test func anOkRecordHasTheSchemaKeysInOrder() throws {
        let record = Record(
            id: String(repeating: "a", count: 64), sha256: String(repeating: "b", count: 64),
            path: PathName("news/a.txt"), ingestedAt: "2026-11-23T04:10:00.123Z", status: .ok, bytes: 10, words: 2,
            title: "A \"quoted\" title", published: "2023-09-11", dateline: "Islamabad", authors: ["Aisha Jabbarova"],
            entities: [
                .init(type: "PERSON", text: "Mumtaz", canonical: "Mumtaz Zahra Baloch", mentions: [.init(1, 7)])
            ])
        let line = RecordEncoder().encode(record)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix(#"{"v":1,"id":"aaaa"#))
        let keys = [
            "\"id\"", "\"path\"", "\"ingested_at\"", "\"status\"", "\"sha256\"", "\"bytes\"", "\"words\"", "\"title\"",
            "\"published\"", "\"dateline\"", "\"authors\"", "\"entities\"",
        ]
        let positions = keys.map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        let object = try decode(line)
        #expect(object["title"] as? String == "A \"quoted\" title")
        #expect(object["error"] == nil, "optional fields are omitted, never null")
        let entity = (object["entities"] as! [[String: Any]])[0]
        #expect(entity["mentions"] as? [[Int]] == [[1, 7]])
        #expect(entity["boilerplate"] == nil)
    }

    @Test func controlCharactersAndBackslashesAreEscaped() throws {
        let record = Record(
            id: "x", path: PathName("a\nb\t\"c\"\\d\u{1}"), ingestedAt: "t", status: .rejected, error: "bad\r\n")
        let object = try decode(RecordEncoder().encode(record))
        #expect(object["path"] as? String == "a\nb\t\"c\"\\d\u{1}")
        #expect(object["error"] as? String == "bad\r\n")
        #expect(object["entities"] == nil)
    }

    @Test func bytesOfANameThatAreNotUTF8BecomeLoneSurrogateEscapes() {
        let record = Record(
            id: "x", path: PathName(bytes: [0x61, 0xFF, 0xC3, 0xA9, 0xC3]), ingestedAt: "t", status: .duplicate,
            duplicateOf: "y")
        let text = String(decoding: RecordEncoder().encode(record), as: UTF8.self)
        #expect(text.contains(#""path":"a\udcffé\udcc3""#))
    }

    /// The encoder writes through a raw buffer now; on random records (every optional field present or
    /// not, strings with quotes, backslashes, control bytes, DEL and non-ASCII, names that are not
    /// UTF-8, numbers from Int.min to Int.max, long strings that make the buffer grow) it writes the
    /// same bytes as the encoder it replaced (ReferenceRecordEncoder.swift).
    @Test func matchesTheReferenceEncoderOnRandomRecords() {
        var x: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        let pieces = [
            "a", "Bc", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "é", "€", "😀",
            "/", "\u{2028}", "x y", "O'Neil", "{}", "[1,2]", "\u{80}", "\u{FFFD}",
        ]
        func string() -> String {
            var s = ""
            for _ in 0..<next(next(8) == 0 ? 400 : 12) { s += pieces[next(pieces.count)] }
            return s
        }
        func int() -> Int {
            switch next(6) {
            case 0: return next(10)
            case 1: return [Int.min, Int.max, Int.min + 1, -1, 0, 9, 10, 99, 100, -10][next(10)]
            case 2: return -next(1_000_000)
            default: return next(100_000)
            }
        }
        func maybe<T>(_ make: () -> T) -> T? { next(3) == 0 ? nil : make() }
        let reference = ReferenceRecordEncoder()
        let encoder = RecordEncoder()
        for _ in 0..<3000 {
            let pathBytes: [UInt8] =
                next(4) == 0
                ? (0..<next(30)).map { _ in UInt8(next(256)) }
                : Array(string().utf8)
            let entities = (0..<next(next(10) == 0 ? 200 : 8)).map { _ in
                Record.Entity(
                    type: string(), text: string(), canonical: string(),
                    mentions: (0..<next(6)).map { _ in Record.Span(int(), int()) }, boilerplate: next(5) == 0)
            }
            let record = Record(
                id: string(), sha256: maybe(string), path: PathName(bytes: pathBytes), ingestedAt: string(),
                status: Record.Status.allCases[next(3)], bytes: maybe(int), format: maybe(string), words: maybe(int),
                title: maybe(string), published: maybe(string), dateline: maybe(string),
                authors: (0..<next(3)).map { _ in string() }, source: maybe(string), url: maybe(string),
                entities: entities, error: maybe(string), duplicateOf: maybe(string))
            let new = encoder.encode(record)
            let old = reference.encode(record)
            #expect(new == old, "\(String(decoding: old, as: UTF8.self))")
            if new != old { return }
            let text = string()
            #expect(encoder.escaped(text) == reference.escaped(text))
        }
    }

    /// Timestamps are written byte by byte now: the same text as the interpolating formatter, over
    /// 1970-2200 at random, the edges of years, months and days, and every millisecond value.
    @Test func timestampsMatchTheInterpolatingFormatter() {
        var x: UInt64 = 77
        var seconds: [Int] = [0, 1, 59, 60, 86_399, 86_400, 951_782_400, 1_709_164_800, 4_102_444_799, 4_102_444_800]
        for _ in 0..<20000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            seconds.append(Int((x >> 20) % 7_258_118_400))
        }
        for (i, s) in seconds.enumerated() {
            let ms = i % 1000
            #expect(
                Timestamp.format(seconds: s, milliseconds: ms)
                    == Timestamp.formatByInterpolation(seconds: s, milliseconds: ms))
        }
        #expect(Timestamp.format(seconds: 0, milliseconds: 5) == "1970-01-01T00:00:00.005Z")
        #expect(Timestamp.now().utf8.count == 24)
    }
}
