import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `query`, `entities` and `related` give the same answer with the entity index as with a scan
/// (`--no-index`), on generated stores: indexed whole, behind the store, and appended to while
/// queried.
@Suite(.serialized) struct IndexTests {
    static let names: [(String, String, String)] = [
        ("PERSON", "Nikol Pashinyan", "Nikol Pashinyan"), ("PERSON", "Pashinyan", "Nikol Pashinyan"),
        ("PERSON", "Ilham Aliyev", "Ilham Aliyev"), ("PERSON", "Heydar Aliyev", "Heydar Aliyev"),
        ("PERSON", "Ali Karimi", "Ali Karimi"), ("PERSON", "Əliyev", "Əliyev"),
        ("PERSON", "Mu\u{308}ller", "Mu\u{308}ller"),
        ("ORG", "OIC", "OIC"), ("ORG", "Organization of Islamic Cooperation", "Organization of Islamic Cooperation"),
        ("GPE", "U.S.", "United States"), ("GPE", "BAKU", "Baku"), ("GPE", "Yerevan", "Yerevan"),
        ("ORG", "Aliyev Foundation", "Aliyev Foundation"), ("DATE", "2023", "2023"), ("ORG", "--", "--"),
    ]

    /// `count` record lines, numbered from `first`, reproducible from `seed`.
    static func lines(_ count: Int, seed: UInt64, from first: Int = 0) -> [[UInt8]] {
        var rng = seed
        func next(_ n: Int) -> Int {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((rng >> 33) % UInt64(n))
        }
        return (first..<(first + count)).map { k in
            let id = String(repeating: "0", count: 48) + String(format: "%016x", k)
            let path = PathName("desk-\(k % 5)/a-\(k).txt")
            if next(15) == 0 {
                return RecordEncoder().encode(
                    Record(
                        id: id, path: path, ingestedAt: "2026-11-20T10:00:00.000Z", status: .rejected, error: "empty"))
            }
            let entities = (0..<(1 + next(4))).map { _ -> Record.Entity in
                let n = names[next(names.count)]
                return Record.Entity(
                    type: n.0, text: n.1, canonical: n.2,
                    mentions: (0...next(2)).map { Record.Span($0 * 9, $0 * 9 + 3) },
                    boilerplate: next(12) == 0)
            }
            return RecordEncoder().encode(
                Record(
                    id: id, sha256: String(repeating: "b", count: 64), path: path,
                    ingestedAt: "2026-11-20T10:00:00.000Z",
                    status: .ok, title: "Article \(k)", published: "2023-0\(1 + next(9))-1\(next(10))",
                    entities: entities))
        }
    }

    static func append(_ lines: [[UInt8]], to store: URL) throws {
        let handle = try FileHandle(forWritingTo: store)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.joined()))
        try handle.close()
    }

    /// Every command compared, with and without the index.
    static let commands: [[String]] = {
        var out: [[String]] = [
            ["entities", "--top", "0"], ["entities", "--type", "PERSON"], ["entities", "--all-types", "--top", "0"],
        ]
        for name in [
            "Pashinyan", "aliyev", "Ali", "Nikol Pashinyan", "OIC", "islamic cooperation", "Müller", "U.S.", "--",
            "nobody",
        ] {
            out.append(["query", "--entity", name, "--count"])
            out.append(["query", "--entity", name, "--json"])
            out.append(["query", "--entity", name, "--exact", "--count"])
            out.append(["query", "--entity", name, "--type", "PERSON", "--since", "2023-04", "--format", "tsv"])
            out.append(["query", "--entity", name, "--status", "ok", "--format", "csv"])
            out.append(["related", "--top", "0", "--store", "STORE", "--", name])
        }
        return out
    }()

    private func compare(_ store: URL, _ commands: [[String]] = IndexTests.commands) throws {
        for command in commands {
            // `--store STORE` where a command has it (before `--`), else at the end.
            let full =
                command.contains("STORE")
                ? command.map { $0 == "STORE" ? store.path : $0 } : command + ["--store", store.path]
            let indexed = try Tool.run(full)
            let scanned = try Tool.run(
                ["--no-index"].reduce(full) { args, flag in
                    var args = args
                    args.insert(flag, at: args.firstIndex(of: "--") ?? args.count)
                    return args
                })
            #expect(indexed.stdout == scanned.stdout, "\(command)")
            #expect(indexed.stderr == scanned.stderr, "\(command)")
            #expect(indexed.status == scanned.status, "\(command)")
        }
    }

    @Test func answersWithTheIndexAreTheScansOnAGeneratedStore() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("articles.jsonl")
        // Two damaged lines, one naming an entity: reported (or counted) as a scan does.
        var lines = Self.lines(1500, seed: 7)
        lines.insert(
            Array(#"{"v":1,"id":"x","path":"y","entities":[{"type":"PERSON","text":"Ilham Aliyev"\#n"#.utf8), at: 40)
        lines.insert(Array("not json at all\n".utf8), at: 900)
        try Data(lines.joined()).write(to: store)
        try compare(store)
        // The first command built the index beside the store.
        #expect(FileManager.default.fileExists(atPath: store.path + ".entities/manifest"))

        // Appended to since (and a record being written): the index covers less than the
        // store, the rest is scanned.
        try Self.append(Self.lines(400, seed: 8, from: 1500) + [Array(#"{"v":1,"id":"partial"#.utf8)], to: store)
        try compare(store)
    }

    @Test func aStoreAppendedToWhileItIsQueriedGivesAWholePrefixOfTheAnswer() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("articles.jsonl")
        try Data(Self.lines(1000, seed: 9).joined()).write(to: store)
        let query = ["query", "--entity", "aliyev", "--json", "--store", store.path]
        let before = try Tool.run(query + ["--no-index"]).lines
        #expect(!before.isEmpty)

        // A writer appends whole records one `write` at a time while the indexed query runs.
        let writer = Thread {
            guard let handle = try? FileHandle(forWritingTo: store) else { return }
            _ = try? handle.seekToEnd()
            for (k, line) in Self.lines(600, seed: 10, from: 1000).enumerated() {
                try? handle.write(contentsOf: Data(line))
                if k % 20 == 0 { usleep(2000) }
            }
            try? handle.close()
        }
        writer.start()
        var answers: [[String]] = []
        for _ in 0..<6 { answers.append(try Tool.run(query).lines) }
        while writer.isExecuting { usleep(10_000) }
        usleep(50_000)
        let after = try Tool.run(query + ["--no-index"]).lines
        #expect(after.count > before.count)
        for answer in answers {
            // Every answer holds what was there before, and is exactly the scan's answer over
            // some whole prefix of the final store.
            #expect(answer.count >= before.count)
            #expect(Array(after.prefix(answer.count)) == answer)
        }
        try compare(
            store, [["query", "--entity", "aliyev", "--json"], ["entities", "--top", "0"], ["related", "Aliyev"]])
    }
}
