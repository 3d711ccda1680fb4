import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The package's folders and the binaries `swift build` put next to the test bundle.
enum Paths {
    static let binDirectory: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir
    }()

    static var daemon: URL { binDirectory.appendingPathComponent("wirewatchd") }

    /// The package root (where Package.swift is).
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()
}

/// What a finished command did.
struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` to completion (at most `timeout` seconds).
@discardableResult
func run(
    _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    timeout: Double = 60
) throws -> Finished {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain both pipes while the process runs so a chatty command cannot block on a full pipe.
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        outData = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    group.wait()
    return Finished(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// A temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init(_ label: String = "ops") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "wirewatch-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: false, encoding: .utf8)
        return file.path
    }

    func mkdir(_ relative: String) throws -> String {
        let dir = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}

/// The store's records, parsed (whole lines only).
func records(at path: String) throws -> [[String: Any]] {
    guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [] }
    var result: [[String: Any]] = []
    for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
        if let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] {
            result.append(object)
        }
    }
    return result
}

/// Waits until `condition` holds on the store's records or `timeout` seconds pass.
@discardableResult
func waitForRecords(
    at path: String, timeout: Double = 20, until condition: ([[String: Any]]) -> Bool
) throws -> [[String: Any]] {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        let all = try records(at: path)
        if condition(all) || Date() > deadline { return all }
        usleep(20_000)
    }
}

/// The entities of a record as (type, canonical) pairs.
func entityPairs(_ record: [String: Any]) -> [(type: String, canonical: String)] {
    (record["entities"] as? [[String: Any]] ?? []).map {
        ($0["type"] as? String ?? "", $0["canonical"] as? String ?? "")
    }
}
