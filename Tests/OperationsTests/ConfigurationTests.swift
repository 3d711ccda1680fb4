import Foundation
import Testing

/// `wirewatchd --config FILE`, run as the real binary: a bad file is refused with its line
/// number and the reason (exit status non-zero, message on stderr); flags override the file.
@Suite struct ConfigurationTests {
    /// Runs `wirewatchd --config <text as a file> [extra] --once` in a fresh folder.
    private func start(config text: String, extra: [String] = []) throws -> (Finished, TemporaryFolder) {
        let folder = try TemporaryFolder("config")
        _ = try folder.mkdir("inbox")
        let config = try folder.write("wirewatch.conf", text)
        let result = try run(Paths.daemon.path, ["--config", config, "--once"] + extra, in: folder.url, timeout: 30)
        return (result, folder)
    }

    @Test(arguments: [
        ("inbox = inbox\n# a comment\n\nnonsense here\n", 4, "expected \"key = value\""),
        ("inbox = inbox\nstore = s.jsonl\nspeed = 3\n", 3, "unknown key \"speed\""),
        ("max_bytes = 12 parsecs\n", 1, "max_bytes must be a positive number"),
        ("max_bytes = 0\n", 1, "max_bytes must be a positive number"),
        ("inbox = inbox\n\n  inbox = elsewhere  # again\n", 3, "\"inbox\" is set twice (first on line 1)"),
        ("store =    # nothing\n", 1, "\"store\" has no value"),
    ])
    func badConfigurationIsRefusedWithLineAndReason(text: String, line: Int, reason: String) throws {
        let (result, folder) = try start(config: text)
        #expect(result.status != 0)
        #expect(result.stderr.contains("wirewatch.conf:\(line): "), "stderr: \(result.stderr)")
        #expect(result.stderr.contains(reason), "stderr: \(result.stderr)")
        // Nothing was started: no store was created.
        #expect(!FileManager.default.fileExists(atPath: folder.path("s.jsonl")))
        #expect(!FileManager.default.fileExists(atPath: folder.path("store/articles.jsonl")))
    }

    @Test func missingConfigurationFileIsRefused() throws {
        let folder = try TemporaryFolder("config")
        let result = try run(Paths.daemon.path, ["--config", folder.path("absent.conf"), "--once"], timeout: 30)
        #expect(result.status != 0)
        #expect(result.stderr.contains("absent.conf: cannot be read"), "stderr: \(result.stderr)")
    }

    @Test func badDictionaryIsRefusedWithLineAndReason() throws {
        let folder = try TemporaryFolder("config")
        _ = try folder.mkdir("inbox")
        try folder.write("names.tsv", "# names\nORG\tAcme Widgets\tAW\nthis line has no tab\n")
        let config = try folder.write("wirewatch.conf", "inbox = inbox\nstore = s.jsonl\ndictionary = names.tsv\n")
        let result = try run(Paths.daemon.path, ["--config", config, "--once"], timeout: 30)
        #expect(result.status != 0)
        #expect(result.stderr.contains("names.tsv:3"), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("s.jsonl")))
    }

    @Test func settingsComeFromTheFileAndFlagsOverrideIt() throws {
        let folder = try TemporaryFolder("config")
        _ = try folder.mkdir("inbox")
        try folder.write("inbox/small.txt", "The Senate met in Dakar on Monday.\n")
        try folder.write("inbox/large.txt", String(repeating: "Long article about Dakar. ", count: 100))
        // Relative paths in the file are relative to its folder, not to the working directory.
        let config = try folder.write(
            "etc/wirewatch.conf", "inbox = ../inbox\nstore = ../from-file.jsonl\nmax_bytes = 1K   # tiny\n")

        let fromFile = try run(Paths.daemon.path, ["--config", config, "--once"], in: folder.url, timeout: 30)
        #expect(fromFile.status == 0, "stderr: \(fromFile.stderr)")
        let stored = try records(at: folder.path("from-file.jsonl"))
        #expect(stored.count == 2)
        let large = stored.first { $0["path"] as? String == "large.txt" }
        #expect(large?["status"] as? String == "rejected")
        #expect((large?["error"] as? String)?.contains("1024-byte limit") == true)

        // Flags win: another store, a larger limit.
        let overridden = try run(
            Paths.daemon.path,
            ["--config", config, "--store", folder.path("from-flag.jsonl"), "--max-bytes", "100000", "--once"],
            timeout: 30)
        #expect(overridden.status == 0, "stderr: \(overridden.stderr)")
        let flagged = try records(at: folder.path("from-flag.jsonl"))
        #expect(flagged.count == 2)
        #expect(flagged.allSatisfy { $0["status"] as? String == "ok" })
        #expect(try records(at: folder.path("from-file.jsonl")).count == 2)
    }
}
