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
}
