import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Where `swift build` put the binaries: next to the test runner (`<bin>/wirewatchPackageTests.xctest`).
private let binDirectory: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent()

/// The repository's root, from this file's path.
private let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Suite("Reliability")
struct ReliabilityTests {
    /// The short form of `make reliability`: the real daemon through kill -9 cycles, a flood with
    /// a queue overflow, hostile input, a vanishing inbox and a full disk.
    @Test("wirewatch-reliability --quick passes", .timeLimit(.minutes(5)))
    func quickSuite() throws {
        let suite = binDirectory.appendingPathComponent("wirewatch-reliability").path
        let daemon = binDirectory.appendingPathComponent("wirewatchd").path
        let wirewatch = binDirectory.appendingPathComponent("wirewatch").path
        for binary in [suite, daemon] {
            try #require(
                FileManager.default.isExecutableFile(atPath: binary),
                "\(binary) is missing: build everything first (swift build --build-tests)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: suite)
        var arguments = ["--daemon", daemon, "--quick"]
        if FileManager.default.isExecutableFile(atPath: wirewatch) { arguments += ["--wirewatch", wirewatch] }
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "reliability-quick-\(getpid()).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let table = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let failures = table.split(separator: "\n").filter { $0.contains("**FAIL**") }
        #expect(
            process.terminationStatus == 0,
            "wirewatch-reliability --quick failed:\n\(failures.joined(separator: "\n"))\n\nfull table:\n\(table)")
        #expect(table.contains("**PASS**"), "no scenario ran:\n\(table)")
    }

    /// Replays the record decoder's fuzz corpus (Fuzz/corpus/record-decoder): nothing traps, and
    /// whatever decodes re-encodes to a line that decodes to the same encoding.
    @Test("the record-decoder fuzz corpus replays cleanly")
    func decoderCorpus() throws {
        let corpus = repositoryRoot.appendingPathComponent("Fuzz/corpus/record-decoder")
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        #expect(names.count >= 10, "the corpus at \(corpus.path) is missing or nearly empty")
        let decoder = RecordDecoder()
        let encoder = RecordEncoder()
        var decoded = 0
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: corpus.appendingPathComponent(name)))
            guard let record = try? decoder.decode(bytes) else { continue }
            decoded += 1
            let line = encoder.encode(record)
            #expect(line.last == 0x0A && !line.dropLast().contains(0x0A), "\(name): not one line")
            let again = try? decoder.decode(Array(line.dropLast()))
            #expect(again != nil, "\(name): the encoder wrote a line the decoder rejects")
            if let again { #expect(encoder.encode(again) == line, "\(name): decode(encode(record)) differs") }
        }
        #expect(decoded > 0, "no corpus entry decodes; the seeds of valid store lines are missing")
    }
}
