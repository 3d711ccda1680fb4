import Foundation
import SystemPackage
import Testing

@testable import Store

/// Generated stores with names that exercise every kind of match: name parts, runs of words,
/// case, accents in both Unicode forms, punctuation-only names, several types per name.
enum GeneratedStore {
    static let names: [(type: String, text: String, canonical: String)] = [
        ("PERSON", "Nikol Pashinyan", "Nikol Pashinyan"),
        ("PERSON", "Pashinyan", "Nikol Pashinyan"),
        ("PERSON", "Ilham Aliyev", "Ilham Aliyev"),
        ("PERSON", "Heydar Aliyev", "Heydar Aliyev"),
        ("PERSON", "Ali Karimi", "Ali Karimi"),
        ("PERSON", "Əliyev", "Əliyev"),
        ("PERSON", "Müller", "Müller"),
        ("PERSON", "Mu\u{308}ller", "Mu\u{308}ller"),
        ("ORG", "OIC", "Organization of Islamic Cooperation"),
        ("ORG", "Organization of Islamic Cooperation", "Organization of Islamic Cooperation"),
        ("ORG", "U.S. Senate", "U.S. Senate"),
        ("GPE", "U.S.", "United States"),
        ("GPE", "Baku", "Baku"),
        ("GPE", "BAKU", "Baku"),
        ("GPE", "Yerevan", "Yerevan"),
        ("LOC", "Nagorno-Karabakh", "Nagorno-Karabakh"),
        ("ORG", "Aliyev Foundation", "Aliyev Foundation"),
        ("DATE", "2023", "2023"),
        ("CARDINAL", "5", "5"),
        ("ORG", "--", "--"),
    ]

    /// `count` records: mostly ok with a few entities each, some rejected and duplicate ones.
    static func lines(_ count: Int, seed: UInt64, from first: Int = 0) -> [[UInt8]] {
        var rng = seed
        func next(_ n: Int) -> Int {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((rng >> 33) % UInt64(n))
        }
        let encoder = RecordEncoder()
        return (first..<(first + count)).map { k in
            let id = String(repeating: "0", count: 48) + String(format: "%016x", k)
            let path = PathName("desk-\(k % 7)/article-\(k).txt")
            switch next(20) {
            case 0:
                return encoder.encode(
                    Record(
                        id: id, path: path, ingestedAt: "2026-11-20T10:00:00.000Z", status: .rejected, error: "empty"))
            case 1:
                return encoder.encode(
                    Record(
                        id: id, path: path, ingestedAt: "2026-11-20T10:00:00.000Z", status: .duplicate,
                        duplicateOf: String(repeating: "a", count: 64)))
            default:
                var entities: [Record.Entity] = []
                for _ in 0..<(1 + next(5)) {
                    let n = names[next(names.count)]
                    entities.append(
                        Record.Entity(
                            type: n.type, text: n.text, canonical: n.canonical,
                            mentions: (0..<(1 + next(3))).map { Record.Span($0 * 10, $0 * 10 + 4) },
                            boilerplate: next(10) == 0))
                }
                return encoder.encode(
                    Record(
                        id: id, sha256: String(repeating: "b", count: 64), path: path,
                        ingestedAt: "2026-11-20T10:00:00.000Z", status: .ok, bytes: 100, words: 20,
                        title: "Article \(k)", published: "2023-0\(1 + next(9))-1\(next(10))", entities: entities))
            }
        }
    }

    static let queries: [NameQuery] = {
        let typed = [
            "Pashinyan", "nikol pashinyan", "Pashinyan Nikol", "aliyev", "Ali", "ALIYEV", "Əliyev", "müller",
            "Mu\u{308}ller", "OIC", "organization of islamic cooperation", "Islamic Cooperation", "U.S.", "u s",
            "Senate", "Nagorno", "karabakh", "--", "2023", "5", "Baku", "nobody at all", "",
        ]
        return typed.flatMap { name in
            [NameQuery(names: [name], mode: .words), NameQuery(names: [name], mode: .exact)]
        } + [NameQuery(names: ["OIC", "Organization of Islamic Cooperation"]), NameQuery(names: ["Baku", "Yerevan"])]
    }()
}

@Suite("The entity index answers as a scan does")
struct EntityIndexTests {
    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ww-entities-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The store's records as a scan decodes them, with their offsets.
    private func decoded(_ store: URL) throws -> [(offset: Int64, record: Record)] {
        var out: [(Int64, Record)] = []
        let reader = try StoreReader(path: FilePath(store.path))
        let decoder = RecordDecoder()
        try reader.forEachBlock { block in
            block.forEachLine { _, line in
                guard let record = try? decoder.decode(line) else { return }
                out.append((block.offset + Int64(block.bytes.baseAddress!.distance(to: line.baseAddress!)), record))
            }
            return true
        }
        return out
    }

    private func check(_ store: URL, _ snapshot: EntityIndexSnapshot) throws {
        let records = try decoded(store).filter { $0.offset < snapshot.coveredEnd }
        for query in GeneratedStore.queries {
            for type in [nil, "PERSON", "GPE"] {
                let indexed = snapshot.records(matching: query, type: type).map(\.offset)
                let scanned = records.filter { _, record in
                    record.entities.contains { (type == nil || $0.type == type) && query.matches($0) }
                }.map(\.offset)
                #expect(indexed == scanned, "\(query.names) \(query.mode) \(type ?? "-")")
            }
        }
        var tally: [String: [Int]] = [:]
        snapshot.forEachTally { type, lowered, _, articles, mentions in
            tally[type + "|" + lowered, default: [0, 0]][0] += articles
            tally[type + "|" + lowered]![1] += mentions
        }
        var scanned: [String: [Int]] = [:]
        for (_, record) in records where record.status == .ok {
            var seen = Set<String>()
            for e in record.entities where !e.boilerplate {
                let key = e.type + "|" + e.canonical.lowercased()
                scanned[key, default: [0, 0]][1] += e.mentions.count
                if seen.insert(key).inserted { scanned[key]![0] += 1 }
            }
        }
        #expect(tally == scanned)
    }

    @Test func segmentsBuiltInChunksAndMergedAnswerAsAScanDoes() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.jsonl")
        try Data(GeneratedStore.lines(1500, seed: 1).joined()).write(to: store)
        // Small chunks: many segments, merged as they come.
        #expect(EntityIndex.update(store: FilePath(store.path), chunk: 97) == .upToDate)
        let snapshot = try #require(EntityIndexSnapshot.open(store: FilePath(store.path)))
        #expect(snapshot.coveredEnd == Int64(try Data(contentsOf: store).count))
        try check(store, snapshot)

        // Appended to: the index covers what it covered until it is updated, then all of it.
        let handle = try FileHandle(forWritingTo: store)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(GeneratedStore.lines(700, seed: 2, from: 1500).joined()))
        // A torn tail (a record being written) is never indexed.
        try handle.write(contentsOf: Data(#"{"v":1,"id":"torn"#.utf8))
        try handle.close()
        let behind = try #require(EntityIndexSnapshot.open(store: FilePath(store.path)))
        #expect(behind.coveredEnd == snapshot.coveredEnd)
        #expect(EntityIndex.update(store: FilePath(store.path), chunk: 50) == .upToDate)
        let caughtUp = try #require(EntityIndexSnapshot.open(store: FilePath(store.path)))
        #expect(caughtUp.coveredEnd > snapshot.coveredEnd)
        try check(store, caughtUp)
        let manifest = try String(contentsOfFile: store.path + ".entities/manifest", encoding: .utf8)
        let segments = manifest.split(separator: "\n").filter { $0.hasPrefix("segment ") }.count
        #expect(segments >= 2 && segments <= 12, "\(manifest)")
    }

    @Test func anIndexThatDisagreesWithTheStoreIsNotUsedAndIsRebuilt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.jsonl")
        try Data(GeneratedStore.lines(300, seed: 3).joined()).write(to: store)
        #expect(EntityIndex.update(store: FilePath(store.path)) == .upToDate)

        // Truncated to fewer whole lines.
        let data = try Data(contentsOf: store)
        let cut = data.prefix(data.count / 2).lastIndex(of: 0x0A)! + 1
        try FileHandle(forWritingTo: store).truncate(atOffset: UInt64(cut))
        #expect(EntityIndexSnapshot.open(store: FilePath(store.path)) == nil)
        #expect(EntityIndex.update(store: FilePath(store.path)) == .upToDate)
        try check(store, try #require(EntityIndexSnapshot.open(store: FilePath(store.path))))

        // Rewritten in place with other records, longer than before.
        let handle = try FileHandle(forWritingTo: store)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(GeneratedStore.lines(400, seed: 4).joined()))
        try handle.close()
        #expect(EntityIndexSnapshot.open(store: FilePath(store.path)) == nil)
        #expect(EntityIndex.update(store: FilePath(store.path)) == .upToDate)
        try check(store, try #require(EntityIndexSnapshot.open(store: FilePath(store.path))))

        // Rotated: a new file under the name.
        try FileManager.default.removeItem(at: store)
        try Data(GeneratedStore.lines(200, seed: 5).joined()).write(to: store)
        #expect(EntityIndexSnapshot.open(store: FilePath(store.path)) == nil)
        #expect(EntityIndex.update(store: FilePath(store.path)) == .upToDate)
        try check(store, try #require(EntityIndexSnapshot.open(store: FilePath(store.path))))

        // A damaged segment file makes the index unusable until rebuilt.
        let folder = store.path + ".entities"
        let segment = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasPrefix("seg-") })
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: folder + "/" + segment))
        #expect(EntityIndexSnapshot.open(store: FilePath(store.path)) == nil)
        #expect(EntityIndex.update(store: FilePath(store.path)) == .upToDate)
        try check(store, try #require(EntityIndexSnapshot.open(store: FilePath(store.path))))
    }
}
