import Foundation
import Testing

@testable import Store

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesTheStandardVectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test func aMillionAsInUnevenChunksMatchesTheStandardVector() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 777)
        var left = 1_000_000
        while left > 0 {
            let n = min(left, chunk.count)
            hasher.update(chunk[0..<n])
            left -= n
        }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

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
