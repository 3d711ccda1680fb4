import Foundation
import Testing

@Suite("store problems and exit statuses")
struct ErrorTests {
    @Test("a missing store: exit 2, says where it looked and how to point elsewhere")
    func missingStore() throws {
        let dir = try Tool.temporaryDirectory()
        let result = try Tool.run(["query", "--entity", "OIC"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("store/articles.jsonl"))
        #expect(result.stderr.contains("--store"))
        #expect(result.stderr.contains("WIREWATCH_STORE"))
        let env = try Tool.run(["stats"], environment: ["WIREWATCH_STORE": dir.path + "/nope.jsonl"])
        #expect(env.status == 2)
        #expect(env.stderr.contains("nope.jsonl"))
        #expect(env.stderr.contains("$WIREWATCH_STORE"))
    }

    @Test("a torn last line is skipped without a word")
    func tornLastLine() throws {
        let dir = try Tool.temporaryDirectory()
        let store = dir.appendingPathComponent("torn.jsonl")
        let lines = SeedStore.shared.lines
        let torn = String(lines[0].prefix(lines[0].count / 2))
        try (lines.joined(separator: "\n") + "\n" + torn).write(to: store, atomically: true, encoding: .utf8)
        let result = try Tool.run(["query", "--count", "--store", store.path])
        #expect(result.status == 0)
        #expect(result.stdout == "\(lines.count)\n")
        #expect(result.stderr.isEmpty)
        let tail = try Tool.run(["tail", "-n", "1", "--json", "--store", store.path])
        #expect(tail.lines == [lines[lines.count - 1]])
        #expect(tail.stderr.isEmpty)
    }

    @Test("a corrupt line in the middle is reported with its number and skipped")
    func corruptMiddleLine() throws {
        let dir = try Tool.temporaryDirectory()
        let store = dir.appendingPathComponent("corrupt.jsonl")
        var lines = SeedStore.shared.lines
        lines.insert(#"{"v":1,"id":"abc","path":"x.txt","ingested_at":"2026-"#, at: 2)
        try (lines.joined(separator: "\n") + "\n").write(to: store, atomically: true, encoding: .utf8)
        let result = try Tool.run(["query", "--count", "--store", store.path])
        #expect(result.status == 0)
        #expect(result.stdout == "\(lines.count - 1)\n")
        #expect(result.stderr.contains("line 3"))
        // With --entity, lines without the name are never decoded, so the bad line goes unnoticed.
        let named = try Tool.run(["query", "--entity", "OIC", "--type", "ORG", "--store", store.path])
        #expect(named.stderr.isEmpty)
        // A damaged line that does name the entity is caught even when no decoding is needed.
        lines.insert(#"{"v":1,"id":"x","path":"y","entities":[{"type":"ORG","text":"OIC""#, at: 4)
        try (lines.joined(separator: "\n") + "\n").write(to: store, atomically: true, encoding: .utf8)
        let raw = try Tool.run(["query", "--entity", "OIC", "--json", "--store", store.path])
        #expect(raw.stderr.contains("line 5"))
        #expect(raw.lines.allSatisfy { $0.hasSuffix("}") })
        let stats = try Tool.run(["stats", "--store", store.path])
        #expect(stats.stdout.contains("corrupt"))
        #expect(stats.stderr.contains("line 3"))
    }

    @Test("usage errors exit 2, --help exits 0 with an example")
    func usage() throws {
        let bad = try Tool.run(["query", "--no-such-flag"])
        #expect(bad.status == 2)
        let unknown = try Tool.run(["frobnicate"])
        #expect(unknown.status == 2)
        for command in ["query", "tail", "entities", "related", "show", "stats", "extract"] {
            let help = try Tool.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("wirewatch \(command)"), "\(command) --help shows an example")
        }
    }

    @Test("shell completions are generated for bash, zsh and fish")
    func completions() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try Tool.run(["--generate-completion-script", shell])
            #expect(result.status == 0)
            #expect(result.stdout.contains("related"))
        }
    }
}
