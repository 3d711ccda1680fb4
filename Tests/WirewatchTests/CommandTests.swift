import Foundation
import Store
import Testing

@Suite("wirewatch entities, related, show, stats, extract")
struct CommandTests {
    let seeds = SeedStore.shared

    @Test("wirewatch runs a plain extract itself and hands every other command to wirewatch-full")
    func smallBinaryHandsCommandsOn() throws {
        let seed = Tool.seeds[0].path
        // next to wirewatch-full (the build folder): one record either way, and the other commands work
        let small = try Tool.run(["extract", seed])
        let full = try Tool.run(["extract", seed], binary: "wirewatch-full")
        #expect(small.status == 0 && full.status == 0)
        func withoutTime(_ s: String) -> String {
            s.replacingOccurrences(of: #""ingested_at":"[^"]*""#, with: "", options: .regularExpression)
        }
        #expect(small.stdout.contains(#""status":"ok""#))
        #expect(withoutTime(small.stdout) == withoutTime(full.stdout))
        let help = try Tool.run(["stats", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: wirewatch stats"))
        // alone in a folder: a plain extract still works, the rest says what is missing and where
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lone = dir.appendingPathComponent("wirewatch")
        try FileManager.default.copyItem(at: Tool.binDirectory.appendingPathComponent("wirewatch"), to: lone)
        let extracted = try Tool.run(["extract", seed], binary: lone.path)
        #expect(extracted.status == 0 && withoutTime(extracted.stdout) == withoutTime(small.stdout))
        let stats = try Tool.run(["stats"], binary: lone.path)
        #expect(stats.status == 2)
        #expect(stats.stderr.contains("cannot run \(dir.path)/wirewatch-full"))
        #expect(stats.stderr.contains("make install"))
    }

    @Test("entities ranks canonical names with article and mention counts")
    func entities() throws {
        let result = try seeds.run(["entities", "--top", "0"])
        #expect(result.status == 0)
        let rows = result.lines.map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.allSatisfy { $0.count == 4 })
        // Every seed article names Azerbaijan; it is among the most mentioned.
        let azerbaijan = rows.first { $0[3] == "Azerbaijan" }
        #expect(azerbaijan?[0] == "\(Tool.seeds.count)")
        #expect(rows.prefix(5).contains { $0[3] == "Azerbaijan" })
        // Ranked by mentions.
        let mentions = rows.compactMap { Int($0[1]) }
        #expect(mentions == mentions.sorted(by: >))
        let top = try seeds.run(["entities", "--top", "3"])
        #expect(top.lines.count == 3)
        let quantities = try seeds.run(["entities", "--type", "PERSON", "--top", "0"])
        #expect(quantities.lines.allSatisfy { $0.split(separator: "\t")[2] == "PERSON" })
    }

    @Test("related ranks the entities that share articles with a name")
    func related() throws {
        let result = try seeds.run(["related", "OIC", "--top", "0"])
        #expect(result.status == 0)
        let rows = result.lines.map { $0.split(separator: "\t").map(String.init) }
        let names = rows.map { $0[3] }
        #expect(names.contains("Azerbaijan"))
        #expect(!names.contains { $0.lowercased() == "oic" || $0 == "Organization of Islamic Cooperation" })
        // Shared-article counts never exceed the articles naming the OIC.
        #expect(rows.allSatisfy { (Int($0[0]) ?? 99) <= 3 })
        let none = try seeds.run(["related", "Atlantis Liberation Front"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("Atlantis"))
    }

    @Test("show prints the record and the article's text, plain when piped")
    func show() throws {
        let path = "000_dfec17d03ea7e3d2.txt"
        let result = try seeds.run(["show", path, "--inbox", seeds.inbox.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("path:"))
        #expect(result.stdout.contains(path))
        #expect(result.stdout.contains("Mumtaz Zahra Baloch"))
        // The article's own text follows, without escape codes.
        #expect(result.stdout.contains("Pakistan condemned the so-called elections"))
        #expect(!result.stdout.contains("\u{1B}"))
        let json = try seeds.run(["show", path, "--json"])
        #expect(json.lines.count == 1)
        #expect(seeds.lines.contains(json.lines[0]))
        // By id prefix too.
        let record = try RecordDecoder().decode(Array(json.lines[0].utf8))
        let byID = try seeds.run(["show", String(record.id.prefix(12)), "--json"])
        #expect(byID.lines == json.lines)
        let missing = try seeds.run(["show", "no-such-article.txt"])
        #expect(missing.status == 1)
        // Without the inbox, the record still shows and says where the text went.
        let gone = try seeds.run(["show", path, "--inbox", "/nonexistent"])
        #expect(gone.status == 0)
        #expect(gone.stdout.contains("no longer at"))
    }

    @Test("stats counts records by status and the articles waiting in the inbox")
    func stats() throws {
        let own = try SeedStore.make()
        try "A late article about the OIC.\n".write(
            to: own.inbox.appendingPathComponent("late.txt"), atomically: true, encoding: .utf8)
        try "temporary".write(to: own.inbox.appendingPathComponent("draft.txt.part"), atomically: true, encoding: .utf8)
        let result = try own.run(["stats", "--inbox", own.inbox.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("records:         \(Tool.seeds.count)"))
        #expect(result.stdout.contains("ok:            \(Tool.seeds.count)"))
        #expect(result.stdout.contains("1 waiting without a record"))
        #expect(result.stdout.contains("late.txt"))
        #expect(!result.stdout.contains("draft.txt.part"))
        let records = own.lines.map { try? RecordDecoder().decode(Array($0.utf8)) }
        let first = records.compactMap { $0?.ingestedAt }.min()!
        #expect(result.stdout.contains("first ingest:    \(first)"))
    }

    @Test("extract --dictionary recognises the dictionary's names under their canonical name")
    func extractWithADictionary() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dictionary = dir.appendingPathComponent("names.tsv")
        try "# newsroom names\nORG\tZephyr Quill Syndicate\tZQS\n".write(
            to: dictionary, atomically: false, encoding: .utf8)
        let article = dir.appendingPathComponent("a.txt")
        try "The ZQS said on Monday that it would publish more.".write(to: article, atomically: false, encoding: .utf8)
        let result = try Tool.run(["extract", "--dictionary", dictionary.path, article.path])
        #expect(result.status == 0)
        let record = try RecordDecoder().decode(Array(result.lines[0].utf8))
        let entity = record.entities.first { $0.text == "ZQS" }
        #expect(entity?.canonical == "Zephyr Quill Syndicate")
        #expect(entity?.type == "ORG")

        try "ORG\n".write(to: dictionary, atomically: false, encoding: .utf8)
        let bad = try Tool.run(["extract", "--dictionary", dictionary.path, article.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("names.tsv:1"))
    }

    @Test("extract writes the same records as the daemon, through the same code")
    func extract() throws {
        let seed = Tool.seeds[0]
        let result = try Tool.run(["extract", seed.lastPathComponent], in: seed.deletingLastPathComponent())
        #expect(result.status == 0)
        #expect(result.lines.count == 1)
        let mine = try RecordDecoder().decode(Array(result.lines[0].utf8))
        let daemons = try seeds.lines.map { try RecordDecoder().decode(Array($0.utf8)) }
        let daemon = try #require(daemons.first { $0.path == mine.path })
        #expect(mine.status == .ok)
        #expect(mine.id == daemon.id)
        #expect(mine.entities == daemon.entities)
        #expect(mine.title == daemon.title)
        let missing = try Tool.run(["extract", "/nonexistent/article.txt"])
        #expect(missing.status == 1)
        let rejected = try RecordDecoder().decode(Array(missing.lines[0].utf8))
        #expect(rejected.status == .rejected)
    }

    /// `extract FILE...` alone skips ArgumentParser (a shortcut for speed); with an option it goes
    /// through it. Both must give the same records, warnings and exit status.
    @Test("extract FILE... gives what extract --format record FILE... gives")
    func extractWithoutOptionsMatchesTheParsedCommand() throws {
        let names = Tool.seeds.map(\.lastPathComponent) + ["missing.txt"]
        let directory = Tool.seeds[0].deletingLastPathComponent()
        let plain = try Tool.run(["extract"] + names, in: directory)
        let parsed = try Tool.run(["extract", "--format", "record"] + names, in: directory)
        let separated = try Tool.run(["extract", "--"] + names, in: directory)
        #expect(plain.status == 0)
        #expect(plain.lines.count == names.count)
        func withoutTimes(_ result: Tool.Result) throws -> [Record] {
            try result.lines.map {
                var record = try RecordDecoder().decode(Array($0.utf8))
                record.ingestedAt = ""
                return record
            }
        }
        for other in [parsed, separated] {
            #expect(other.status == plain.status)
            #expect(other.stderr == plain.stderr)
            #expect(try withoutTimes(other) == withoutTimes(plain))
        }
        #expect(plain.stderr.contains("missing.txt"))
        let none = try Tool.run(["extract"])
        #expect(none.status == 2)
    }

    /// Several files are extracted by several threads at once; the records, warnings and exit status
    /// must be those of one thread, in the order the files were named, over many times the writer's
    /// window (16 files a thread) and with unreadable files among them.
    @Test("extract on several threads gives the records of one thread, in FILE order")
    func extractOnSeveralThreads() throws {
        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeds = try Tool.seeds.map { try String(contentsOf: $0, encoding: .utf8) }
        var names: [String] = []
        for k in 0..<300 {
            let name = String(format: "article-%03d.txt", k)
            names.append(name)
            if k % 97 == 13 { continue }  // named, never written: a rejected record and a warning
            // each file different (its own first line), most of them long enough to take a while
            let text = "File \(k).\n\n" + String(repeating: seeds[k % seeds.count], count: 1 + k % 3)
            try text.write(to: directory.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        try Data([0xFF, 0xFE, 0x00]).write(to: directory.appendingPathComponent(names[200]))  // odd UTF-16
        func records(_ result: Tool.Result) throws -> [Record] {
            try result.lines.map {
                var record = try RecordDecoder().decode(Array($0.utf8))
                record.ingestedAt = ""
                return record
            }
        }
        let one = try Tool.run(["extract", "--jobs", "1"] + names, in: directory)
        let expected = try records(one)
        #expect(one.status == 0)
        #expect(expected.map(\.path.description) == names)
        #expect(expected.filter { $0.status != .ok }.count == 4)
        #expect(one.stderr.split(separator: "\n").count == 4)
        for jobs in ["2", "3", "8"] {
            let many = try Tool.run(["extract", "--jobs", jobs] + names, in: directory)
            #expect(many.status == one.status)
            #expect(many.stderr == one.stderr)
            #expect(try records(many) == expected)
        }
        // the small binary's own path: as many threads as CPUs, unless `taskset` says otherwise
        let plain = try Tool.run(["extract"] + names, in: directory)
        #expect(plain.stderr == one.stderr)
        #expect(try records(plain) == expected)
        let bad = try Tool.run(["extract", "--jobs", "0", names[0]], in: directory)
        #expect(bad.status == 2 && bad.stderr.contains("--jobs takes a positive number"))
    }
}
