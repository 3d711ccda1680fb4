import Foundation
import Testing

@Suite("wirewatch tail")
struct TailTests {
    @Test("tail -n shows the last records, in store order")
    func lastRecords() throws {
        let seeds = SeedStore.shared
        let result = try seeds.run(["tail", "-n", "2", "--json"])
        #expect(result.status == 0)
        #expect(result.lines == Array(seeds.lines.suffix(2)))
        let readable = try seeds.run(["tail", "-n", "3"])
        #expect(readable.lines.count == 3)
        #expect(readable.lines.last?.contains(paths([seeds.lines.last!]).first!) == true)
        let all = try seeds.run(["tail", "-n", "100", "--json"])
        #expect(all.lines == seeds.lines)
    }

    @Test("tail -f follows appends, a truncation and a replacement, whole lines only")
    func follow() async throws {
        let dir = try Tool.temporaryDirectory()
        let store = dir.appendingPathComponent("store.jsonl")
        let lines = SeedStore.shared.lines
        try (lines[0] + "\n").write(to: store, atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = Tool.binDirectory.appendingPathComponent("wirewatch")
        process.arguments = ["tail", "-f", "-n", "1", "--json", "--store", store.path]
        let outURL = dir.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        process.standardOutput = out
        let collected = Collected(file: outURL)
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? out.close()
        }
        try await collected.waitFor(lines: 1)
        #expect(collected.lines == [lines[0]])

        // An append in two writes: nothing shows until the newline lands.
        let handle = try FileHandle(forWritingTo: store)
        try handle.seekToEnd()
        let half = lines[1].utf8.count / 2
        try handle.write(contentsOf: Data(lines[1].utf8.prefix(half)))
        try await Task.sleep(for: .milliseconds(500))
        #expect(collected.lines.count == 1)
        try handle.write(contentsOf: Data(lines[1].utf8.dropFirst(half)) + Data("\n".utf8))
        try handle.close()
        try await collected.waitFor(lines: 2)
        #expect(collected.lines == [lines[0], lines[1]])

        // Truncated and rewritten with fewer lines: followed from the top.
        try (lines[2] + "\n").write(to: store, atomically: false, encoding: .utf8)
        try await collected.waitFor(lines: 3)
        #expect(collected.lines.last == lines[2])

        // Replaced by a new file (rename over it): followed from the top of the new one.
        let replacement = dir.appendingPathComponent("new.jsonl")
        try (lines[3] + "\n" + lines[4] + "\n").write(to: replacement, atomically: false, encoding: .utf8)
        #expect(rename(replacement.path, store.path) == 0)
        try await collected.waitFor(lines: 5)
        #expect(Array(collected.lines.suffix(2)) == [lines[3], lines[4]])
        #expect(process.isRunning)
    }
}

/// The output a running process has written to a file so far.
struct Collected {
    let file: URL

    var lines: [String] {
        let data = (try? Data(contentsOf: file)) ?? Data()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func waitFor(lines count: Int, seconds: Double = 10) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while lines.count < count && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(lines.count >= count, "waited \(seconds) s for \(count) lines, got \(lines.count)")
    }
}
