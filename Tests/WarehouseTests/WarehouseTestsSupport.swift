import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built binaries, and stores made by the real daemon.
enum Bin {
    static let directory: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("wirewatch").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var seeds: [URL] {
        let dir = repository.appendingPathComponent("seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { dir.appendingPathComponent($0) }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a built binary to its end; output through files (a pipe could be inherited).
    @discardableResult
    static func run(
        _ arguments: [String], binary: String = "wirewatch", environment: [String: String] = [:]
    ) throws
        -> Result
    {
        let child = try Child(arguments, binary: binary, environment: environment)
        return child.wait()
    }
}

/// A running binary, its output in files.
final class Child {
    let process = Process()
    let directory: URL
    private let out: FileHandle
    private let err: FileHandle

    init(
        _ arguments: [String], binary: String = "wirewatch", environment: [String: String] = [:],
        launcher: [String] = []
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ww-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("stdout").path, contents: nil)
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("stderr").path, contents: nil)
        out = try FileHandle(forWritingTo: directory.appendingPathComponent("stdout"))
        err = try FileHandle(forWritingTo: directory.appendingPathComponent("stderr"))
        let path = Bin.directory.appendingPathComponent(binary).path
        if launcher.isEmpty {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: launcher[0])
            process.arguments = Array(launcher.dropFirst()) + [path] + arguments
        }
        var env = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("WIREWATCH_") && $0.key != "PGPASSWORD" && $0.key != "CREDENTIALS_DIRECTORY"
        }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    var stderr: String {
        (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
    }

    var stdout: String {
        (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    func wait() -> Bin.Result {
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        return Bin.Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Waits for the process to end, up to `timeout` seconds; false if it is still running.
    func wait(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }
}

/// A temporary folder with an inbox and a store.
final class Site {
    let root: URL
    let inbox: URL
    let store: URL

    init(seeds: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ww-site-\(UUID().uuidString)")
        inbox = root.appendingPathComponent("inbox")
        store = root.appendingPathComponent("store/articles.jsonl")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: store.deletingLastPathComponent(), withIntermediateDirectories: true)
        if seeds {
            for seed in Bin.seeds {
                try FileManager.default.copyItem(at: seed, to: inbox.appendingPathComponent(seed.lastPathComponent))
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// `count` distinct articles (seed texts with a numbered closing line), written under
    /// `prefix`; through a staging folder and `rename`, as a collector drops them.
    func drop(_ count: Int, prefix: String) throws {
        let staging = root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let texts = try Bin.seeds.map { try String(contentsOf: $0, encoding: .utf8) }
        for i in 0..<count {
            let name = String(format: "%@_%04d.txt", prefix, i)
            let text = texts[i % texts.count] + "\n\nReference \(prefix)-\(i).\n"
            let file = staging.appendingPathComponent(name)
            try text.write(to: file, atomically: false, encoding: .utf8)
            rename(file.path, inbox.appendingPathComponent(name).path)
        }
    }

    /// Ingests what the inbox holds with `wirewatchd --once`.
    func ingest() throws {
        let result = try Bin.run(["--inbox", inbox.path, "--store", store.path, "--once"], binary: "wirewatchd")
        guard result.status == 0 else { throw ClusterError(message: "wirewatchd --once: \(result.stderr)") }
    }

    var lines: [String] {
        ((try? String(contentsOf: store, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    var size: Int { ((try? FileManager.default.attributesOfItem(atPath: store.path))?[.size] as? Int) ?? 0 }
}

/// Polls `condition` every 50 ms for up to `timeout` seconds.
func eventually(timeout: Double = 30, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}
