import Foundation
import Testing

/// Runs the built `wirewatch` and `wirewatchd` binaries, and builds fixture stores with the
/// daemon from the seed articles.
enum Tool {
    /// The folder holding the built products (next to the test bundle).
    static let binDirectory: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("wirewatch").path),
            dir.path != "/"
        {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let seeds: [URL] = {
        let dir = repository.appendingPathComponent("seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { dir.appendingPathComponent($0) }
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// Runs `wirewatch` (or `binary`) with `arguments`; the environment has no WIREWATCH_* or NO_COLOR set
    /// unless `environment` adds them.
    @discardableResult
    static func run(
        _ arguments: [String], binary: String = "wirewatch", environment: [String: String] = [:],
        in directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        // a name is one of the built products; a path, any executable
        process.executableURL =
            binary.hasPrefix("/") ? URL(fileURLWithPath: binary) : binDirectory.appendingPathComponent(binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WIREWATCH_") }
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        // Output goes to files, not pipes: a child spawned concurrently by another test (tail -f
        // runs for seconds) could inherit a pipe's write end and keep its reader from ever
        // seeing the end.
        let dir = try temporaryDirectory()
        let outURL = dir.appendingPathComponent("stdout")
        let errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer { try? FileManager.default.removeItem(at: dir) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wirewatch-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// A store the daemon built from the five seed articles (`wirewatchd --once`), shared by the
/// tests that only read it.
struct SeedStore: Sendable {
    let directory: URL
    let inbox: URL
    let store: URL

    static let shared: SeedStore = {
        do {
            return try SeedStore.make()
        } catch {
            fatalError("cannot build the seed store: \(error)")
        }
    }()

    /// A fresh copy of the seed inbox, ingested by the daemon into a fresh store.
    static func make() throws -> SeedStore {
        let dir = try Tool.temporaryDirectory()
        let inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for seed in Tool.seeds {
            try FileManager.default.copyItem(at: seed, to: inbox.appendingPathComponent(seed.lastPathComponent))
        }
        let store = dir.appendingPathComponent("store/articles.jsonl")
        let result = try Tool.run(
            ["--inbox", inbox.path, "--store", store.path, "--once"], binary: "wirewatchd")
        guard result.status == 0 else {
            throw SeedStoreError(message: "wirewatchd --once exited \(result.status): \(result.stderr)")
        }
        return SeedStore(directory: dir, inbox: inbox, store: store)
    }

    var lines: [String] {
        let text = (try? String(contentsOf: store, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Runs `wirewatch` with this store.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Tool.Result {
        try Tool.run(arguments + ["--store", store.path], environment: environment)
    }
}

struct SeedStoreError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The seed file names that mention `pattern` (a regular expression, case-insensitive).
func seedsMentioning(_ pattern: String) -> Set<String> {
    Set(
        Tool.seeds.filter { url in
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            return text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
        }.map(\.lastPathComponent))
}

/// The `path` values of JSON lines.
func paths(_ lines: [String]) -> Set<String> {
    Set(
        lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.compactMap { $0["path"] as? String })
}
