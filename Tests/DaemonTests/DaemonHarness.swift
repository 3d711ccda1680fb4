import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where `swift build` put the binaries: next to the test bundle.
enum Binaries {
    static let directory: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // On Linux the test runner is `<bin>/wirewatchPackageTests.xctest`.
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir
    }()

    static var daemon: URL { directory.appendingPathComponent("wirewatchd") }
}

/// A temporary folder with an inbox and a store, removed when the value goes away.
final class Sandbox {
    let root: URL
    let inbox: URL
    let store: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory
        root = base.appendingPathComponent("wirewatch-test-\(UUID().uuidString)")
        inbox = root.appendingPathComponent("inbox")
        store = root.appendingPathComponent("store/articles.jsonl")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A sibling of the inbox on the same file system, for `mv`-style drops.
    func staging() throws -> URL {
        let dir = root.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The store's whole lines, parsed.
    func records() throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: store.path), !data.isEmpty else { return [] }
        var result: [[String: Any]] = []
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            result.append(try parseRecord(Data(line)))
        }
        return result
    }

    /// Waits until the store holds at least `count` records (up to `timeout` seconds).
    @discardableResult
    func waitForRecords(_ count: Int, timeout: Double = 20) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let records = try self.records()
            if records.count >= count || Date() > deadline { return records }
            usleep(20_000)
        }
    }
}

/// One store line as a dictionary. Foundation refuses the lone surrogate escapes (`\udcXX`)
/// that stand for bytes of a file name that are not UTF-8 (Python accepts them), so for
/// parsing here they become U+FFFD.
func parseRecord(_ line: Data) throws -> [String: Any] {
    var text = String(decoding: line, as: UTF8.self)
    if text.contains("\\udc") {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: "\\udc") {
            out += rest[..<range.lowerBound]
            out += "\\ufffd"
            rest = rest[range.upperBound...].dropFirst(2)
        }
        text = out + rest
    }
    return try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
}

/// An AF_UNIX datagram socket standing in for systemd's `NOTIFY_SOCKET`.
///
/// Like systemd it reads every datagram as it arrives (on a thread of its own): `sd_notify`
/// blocks the daemon once the socket's queue is full, so a socket nobody drains would stall it.
final class NotifySocket: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSCondition()
    private var messages: [String] = []
    private var consumed = 0
    private var closed = false

    init(in directory: URL) throws {
        path = directory.appendingPathComponent("notify.sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        let rc = withUnixAddress(path) { bind(fd, $0, $1) }
        if rc != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        Thread.detachNewThread { [self] in drain() }
    }

    deinit { close(fd) }

    func stop() {
        lock.lock()
        closed = true
        lock.unlock()
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            lock.lock()
            let done = closed
            lock.unlock()
            if done { return }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) == 1 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { continue }
            lock.lock()
            messages.append(String(decoding: buffer[0..<n], as: UTF8.self))
            lock.broadcast()
            lock.unlock()
        }
    }

    /// Collects the datagrams not yet looked at until one contains `needle` (returns them),
    /// or nil on timeout.
    func waitFor(_ needle: String, timeout: Double = 10) -> [String]? {
        let deadline = Date().addingTimeInterval(timeout)
        var seen: [String] = []
        lock.lock()
        defer { lock.unlock() }
        while true {
            while consumed < messages.count {
                let message = messages[consumed]
                consumed += 1
                seen.append(message)
                if message.contains(needle) { return seen }
            }
            if !lock.wait(until: deadline) { return nil }
        }
    }
}

/// The real `wirewatchd`, spawned on a sandbox.
final class Daemon {
    let process = Process()
    let notify: NotifySocket
    /// The daemon's stderr goes to a file: a pipe nobody reads would fill and block it.
    let stderrFile: URL

    init(_ sandbox: Sandbox, arguments: [String] = [], environment: [String: String] = [:]) throws {
        notify = try NotifySocket(
            in: sandbox.root.appendingPathComponent(UUID().uuidString.prefix(8).description, isDirectory: true)
                .creatingDirectory())
        process.executableURL = Binaries.daemon
        process.arguments = ["--inbox", sandbox.inbox.path, "--store", sandbox.store.path] + arguments
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notify.path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        stderrFile = sandbox.root.appendingPathComponent("stderr-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for `READY=1`; returns the messages seen up to it.
    @discardableResult
    func waitUntilReady(timeout: Double = 20) -> [String]? { notify.waitFor("READY=1", timeout: timeout) }

    func terminate() { kill(process.processIdentifier, SIGTERM) }
    func kill9() { kill(process.processIdentifier, SIGKILL) }

    /// Waits for the process to exit and returns its status, or nil on timeout.
    func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    deinit {
        notify.stop()
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

extension URL {
    func creatingDirectory() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}

/// The five seed articles shipped in `seeds/`.
enum Seeds {
    static let directory: URL = {
        var dir = URL(fileURLWithPath: #filePath)
        while dir.path != "/" {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("seeds")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("000_dfec17d03ea7e3d2.txt").path)
            {
                return candidate
            }
        }
        return dir
    }()

    static var files: [URL] {
        (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil))?
            .filter { $0.pathExtension == "txt" }.sorted { $0.lastPathComponent < $1.lastPathComponent } ?? []
    }
}

/// Checks every mention's `[start, end)` (Unicode scalars) slices back to... the first to `text`.
func mentionsSliceBack(_ record: [String: Any], article: String) -> [String] {
    let scalars = Array(article.unicodeScalars)
    var problems: [String] = []
    for entity in record["entities"] as? [[String: Any]] ?? [] {
        let text = entity["text"] as? String ?? ""
        let mentions = entity["mentions"] as? [[Int]] ?? []
        if mentions.isEmpty { problems.append("\(text): no mentions") }
        for (i, m) in mentions.enumerated() {
            guard m.count == 2, m[0] >= 0, m[0] < m[1], m[1] <= scalars.count else {
                problems.append("\(text): bad span \(m)")
                continue
            }
            let slice = String(String.UnicodeScalarView(scalars[m[0]..<m[1]]))
            if i == 0 && slice != text { problems.append("first mention \(m) is \"\(slice)\", text is \"\(text)\"") }
            if slice.isEmpty { problems.append("\(text): empty slice") }
        }
    }
    return problems
}

/// Calls `body` with the `sockaddr_un` of `path` (cut to fit `sun_path`) and its length, as `bind(2)`
/// and `connect(2)` take them.
func withUnixAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, b) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
    }
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
}
