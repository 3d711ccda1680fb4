import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A value shared between threads behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func with<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
    var get: Value { with { $0 } }
}

/// Polls `condition` until it holds or `timeout` seconds pass.
@discardableResult
func waitUntil(_ timeout: Double, every interval: Double = 0.05, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if condition() { return true }
        if Date() > deadline { return false }
        Thread.sleep(forTimeInterval: interval)
    }
}

/// Small file-system helpers that take names as raw bytes.
enum FS {
    static func cPath(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

    /// Writes `contents` to `path` with one open/write/close; returns false on failure.
    @discardableResult
    static func write(_ path: [UInt8], _ contents: [UInt8], mode: mode_t = 0o644) -> Bool {
        let fd = open(cPath(path), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return writeAll(fd, contents)
    }

    @discardableResult
    static func write(_ path: String, _ contents: [UInt8], mode: mode_t = 0o644) -> Bool {
        write(Array(path.utf8), contents, mode: mode)
    }

    static func writeAll(_ fd: Int32, _ contents: [UInt8]) -> Bool {
        var offset = 0
        while offset < contents.count {
            let n = contents.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Writes under a hidden temporary name, then renames into place (the safe way to drop).
    static func drop(_ dir: String, _ name: String, _ contents: [UInt8]) -> Bool {
        let tmp = dir + "/." + name + ".tmp"
        guard write(tmp, contents) else { return false }
        return rename(tmp, dir + "/" + name) == 0
    }

    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    static func mkdirs(_ path: String, mode: mode_t = 0o755) {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, mode)
    }

    /// `rm -rf`: FileManager takes minutes over the flood's 50,000 files.
    static func removeTree(_ path: String) { _ = run("/bin/rm", ["-rf", "--one-file-system", path]) }

    static func run(_ tool: String, _ args: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = args
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Receives the daemon's sd_notify datagrams on a socket of our own (`NOTIFY_SOCKET`).
final class NotifyListener: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let messages = Locked<[String]>([])
    private let stopped = Locked(false)
    private var thread: Thread?

    init(path: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed: \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw HarnessError("socket path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else { throw HarnessError("bind(\(path)) failed: \(errno)") }
        chmod(path, 0o777)
        let thread = Thread { [self] in self.loop() }
        self.thread = thread
        thread.start()
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !stopped.get {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n > 0 {
                let text = String(decoding: buffer[0..<n], as: UTF8.self)
                messages.with { $0.append(text) }
            }
        }
    }

    /// Every datagram received so far.
    var all: [String] { messages.get }

    func contains(_ needle: String) -> Bool { messages.get.contains { $0.contains(needle) } }

    func stop() {
        stopped.with { $0 = true }
        Thread.sleep(forTimeInterval: 0.15)
        close(fd)
        unlink(path)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One `wirewatchd` process.
final class Daemon: @unchecked Sendable {
    let process = Process()
    let logPath: String
    let notify: NotifyListener

    /// Starts `binary --inbox inbox --store store extra...`, as `nobody` when `unprivileged`.
    init(
        binary: String, inbox: String, store: String, extra: [String] = [], unprivileged: Bool = false,
        logPath: String, notify: NotifyListener
    ) throws {
        self.logPath = logPath
        self.notify = notify
        var args = ["--inbox", inbox, "--store", store] + extra
        if unprivileged {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            args = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary] + args
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
        }
        process.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        process.environment = environment
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        guard let log = FileHandle(forWritingAtPath: logPath) else { throw HarnessError("cannot open \(logPath)") }
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits for a `READY=1` newer than `after` datagrams.
    func waitReady(after count: Int, timeout: Double = 30) -> Bool {
        waitUntil(timeout) { notify.all.dropFirst(count).contains { $0.contains("READY=1") } || !isRunning }
            && isRunning
    }

    func signal(_ signal: Int32) { kill(pid, signal) }

    /// SIGKILL and reap.
    func kill9() {
        kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then the exit status (or nil after `timeout`, when it is killed).
    func terminate(timeout: Double = 30) -> Int32? {
        guard isRunning else { return process.terminationStatus }
        kill(pid, SIGTERM)
        if waitUntil(timeout, { !isRunning }) { return process.terminationStatus }
        kill9()
        return nil
    }

    /// Resident set size in KiB, from /proc.
    var rssKiB: Int { Self.procField("/proc/\(pid)/status", "VmRSS:") ?? 0 }

    /// Bytes the process has read through read(2) and friends.
    var readBytes: Int { Self.procField("/proc/\(pid)/io", "rchar:") ?? 0 }

    static func procField(_ file: String, _ key: String) -> Int? {
        guard let bytes = FS.read(file) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(key) {
            return Int(line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// What the daemon logged: its stderr, plus its journal entries of priority warning and
    /// above (the daemon logs to journald whenever the journal's socket exists).
    var log: String {
        var text = String(decoding: FS.read(logPath) ?? [], as: UTF8.self)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
            process.arguments = ["_PID=\(pid)", "-p", "warning", "-o", "cat", "--no-pager", "-q"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            if (try? process.run()) != nil {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                text += String(decoding: data, as: UTF8.self)
            }
        }
        return text
    }
}

/// The real `wirewatch tail -n 0 -f --json`, its output kept in a file and checked at the end.
final class TailProcess: @unchecked Sendable {
    let process = Process()
    let outPath: String

    init?(wirewatch: String, store: String, outPath: String) {
        self.outPath = outPath
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath) else { return nil }
        process.executableURL = URL(fileURLWithPath: wirewatch)
        process.arguments = ["tail", "-n", "0", "-f", "--json", "--store", store]
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        try? out.close()
    }

    /// Waits until it has shown `expected` lines (at most 20 s: on a machine busy with a build, 5 s once left
    /// the last record of 700 unshown), stops it, and checks every whole line.
    func finish(expected: Int) -> Follower.Report {
        waitUntil(20, every: 0.1) { lineCount >= expected }
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        var report = Follower.Report()
        let bytes = FS.read(outPath) ?? []
        var start = 0
        while let nl = bytes[start...].firstIndex(of: 0x0A) {
            report.lines += 1
            do throws(JSONError) {
                _ = try auditLine(Array(bytes[start..<nl]))
            } catch {
                report.bad += 1
                if report.firstBad == nil { report.firstBad = "\(error)" }
            }
            start = nl + 1
        }
        if report.lines != expected {
            report.bad += 1
            report.firstBad = report.firstBad ?? "showed \(report.lines) records, the store has \(expected)"
        }
        return report
    }

    private var lineCount: Int { (FS.read(outPath) ?? []).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
}

/// Samples a process's RSS every few milliseconds and keeps the peak.
final class RSSSampler: @unchecked Sendable {
    private let peak = Locked(0)
    private let stopped = Locked(false)
    private let pid: Locked<Int32>

    init(pid: Int32) {
        self.pid = Locked(pid)
        Thread { [self] in
            while !self.stopped.get {
                let kib = Daemon.procField("/proc/\(self.pid.get)/status", "VmRSS:") ?? 0
                self.peak.with { $0 = max($0, kib) }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }.start()
    }

    func follow(_ newPID: Int32) { pid.with { $0 = newPID } }
    var peakKiB: Int { peak.get }
    func stop() { stopped.with { $0 = true } }
}

/// What a reader sees: follows the store by path like `tail -F`, hands out only lines whose
/// newline has landed, and checks each is a whole, valid schema v1 record.
final class Follower: @unchecked Sendable {
    struct Report {
        var lines = 0
        var bad = 0
        var firstBad: String?
        var restarts = 0
    }

    let path: String
    private let state = Locked(Report())
    private let stopped = Locked(false)
    private let done = DispatchSemaphore(value: 0)

    init(path: String) {
        self.path = path
        Thread { [self] in
            self.loop()
            self.done.signal()
        }.start()
    }

    private func loop() {
        var fd: Int32 = -1
        var inode: ino_t = 0
        var offset: off_t = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var finalPass = false
        while true {
            if stopped.get {
                if finalPass { break }
                finalPass = true
            }
            if fd < 0 {
                fd = open(path, O_RDONLY | O_CLOEXEC)
                if fd < 0 {
                    Thread.sleep(forTimeInterval: 0.02)
                    continue
                }
                var st = stat()
                fstat(fd, &st)
                inode = st.st_ino
                offset = 0
            }
            var st = stat()
            fstat(fd, &st)
            if st.st_size < offset {
                // Truncated below what we consumed: a reader starts over.
                state.with { $0.restarts += 1 }
                offset = 0
            }
            // Read everything available from the end of the last whole line handed out.
            var data: [UInt8] = []
            while true {
                let n = buffer.withUnsafeMutableBytes {
                    pread(fd, $0.baseAddress!, $0.count, offset + off_t(data.count))
                }
                if n <= 0 { break }
                data.append(contentsOf: buffer[0..<n])
                if n < buffer.count { break }
            }
            var start = 0
            while let nl = data[start...].firstIndex(of: 0x0A) {
                check(Array(data[start..<nl]))
                start = nl + 1
            }
            // Bytes without their newline are not handed out: they are read again next time,
            // since a rollback may cut them.
            offset += off_t(start)
            var now = stat()
            if stat(path, &now) == 0, now.st_ino != inode {
                close(fd)
                fd = -1
                state.with { $0.restarts += 1 }
                continue
            }
            if !finalPass { Thread.sleep(forTimeInterval: 0.01) }
        }
        if fd >= 0 { close(fd) }
    }

    private func check(_ line: [UInt8]) {
        var problem: String?
        do throws(JSONError) {
            _ = try auditLine(line)
        } catch {
            problem = "\(error): \(String(decoding: line.prefix(120), as: UTF8.self))"
        }
        state.with {
            $0.lines += 1
            if let problem {
                $0.bad += 1
                if $0.firstBad == nil { $0.firstBad = problem }
            }
        }
    }

    var report: Report { state.get }

    /// Reads what is left, stops, and returns what it saw.
    func finish() -> Report {
        stopped.with { $0 = true }
        done.wait()
        return state.get
    }
}

/// The whole store, read at once and checked line by line.
struct StoreAudit {
    var lines = 0
    var invalid = 0
    var firstInvalid: String?
    /// The file does not end in a newline (a torn record visible to readers).
    var tornTail = false
    var records: [AuditedRecord] = []
    var duplicateIDs = 0
    var byID: [String: Int] = [:]

    init(path: String) {
        guard let bytes = FS.read(path) else { return }
        tornTail = !bytes.isEmpty && bytes.last != 0x0A
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = Array(bytes[start..<end])
            start = end + 1
            lines += 1
            do throws(JSONError) {
                let record = try auditLine(line)
                records.append(record)
                byID[record.id, default: 0] += 1
                if byID[record.id] == 2 { duplicateIDs += 1 }
            } catch {
                invalid += 1
                if firstInvalid == nil {
                    firstInvalid = "line \(lines): \(error): \(String(decoding: line.prefix(100), as: UTF8.self))"
                }
            }
        }
    }

    var healthy: Bool { invalid == 0 && !tornTail && duplicateIDs == 0 }

    var summary: String {
        var parts = ["\(lines) lines"]
        if invalid > 0 { parts.append("\(invalid) invalid (\(firstInvalid ?? ""))") }
        if tornTail { parts.append("torn tail") }
        if duplicateIDs > 0 { parts.append("\(duplicateIDs) ids twice") }
        return parts.joined(separator: ", ")
    }

    func records(forPath path: [UInt8]) -> [AuditedRecord] { records.filter { $0.path == path } }
}

/// Files a scenario dropped, by path relative to the inbox, with their final content.
struct Dropped {
    var files: [[UInt8]: [UInt8]] = [:]
    /// Paths that may legitimately have records of earlier, partial versions.
    var writtenInPlace: Set<[UInt8]> = []

    mutating func add(_ path: String, _ content: [UInt8], inPlace: Bool = false) {
        files[Array(path.utf8)] = content
        if inPlace { writtenInPlace.insert(Array(path.utf8)) }
    }

    /// How many dropped files have a record of their final version.
    func recorded(in audit: StoreAudit) -> Int {
        files.reduce(0) { $0 + (audit.byID[versionID(path: $1.key, content: $1.value)] != nil ? 1 : 0) }
    }

    struct Verdict {
        var missing = 0
        var twice = 0
        var extraVersions = 0
        var unexpected = 0
        var example: String?
        var ok: Bool { missing == 0 && twice == 0 && unexpected == 0 }
        var text: String {
            var parts: [String] = []
            parts.append(missing == 0 ? "none missing" : "\(missing) MISSING")
            if twice > 0 { parts.append("\(twice) recorded TWICE") }
            if unexpected > 0 { parts.append("\(unexpected) unexpected records") }
            if extraVersions > 0 { parts.append("\(extraVersions) records of partial versions read mid-write") }
            if let example { parts.append("e.g. \(example)") }
            return parts.joined(separator: ", ")
        }
    }

    /// Exactly one record per dropped file's final version; other records of the same path
    /// are allowed only for files written in place.
    func verdict(_ audit: StoreAudit) -> Verdict {
        var verdict = Verdict()
        var byPath: [[UInt8]: [AuditedRecord]] = [:]
        for record in audit.records { byPath[record.path, default: []].append(record) }
        for (path, content) in files {
            let id = versionID(path: path, content: content)
            let records = byPath[path] ?? []
            let finals = records.filter { $0.id == id }.count
            let name = String(decoding: path, as: UTF8.self)
            if finals == 0 {
                verdict.missing += 1
                if verdict.example == nil { verdict.example = "\(name) has no record" }
            } else if finals > 1 {
                verdict.twice += 1
                if verdict.example == nil { verdict.example = "\(name) recorded \(finals) times" }
            }
            let others = records.count - finals
            if others > 0 {
                if writtenInPlace.contains(path) {
                    verdict.extraVersions += others
                } else {
                    verdict.unexpected += others
                    if verdict.example == nil { verdict.example = "\(name) has \(others) extra records" }
                }
            }
        }
        return verdict
    }
}

/// A small article whose content is unique to `index`.
func article(_ index: Int, tag: String) -> [UInt8] {
    let text = """
        Islamabad, 12 September 2023 (\(tag) \(index))

        Foreign Office spokesperson Mumtaz Zahra Baloch said on Tuesday that Pakistan and the \
        Organization of Islamic Cooperation would hold talks in Jeddah next week. Prime Minister \
        Anwaar-ul-Haq Kakar is expected to attend, with President Ilham Aliyev of Azerbaijan.
        Item \(index) of the \(tag) run; reference \(index &* 7919 % 100_003).

        """
    return Array(text.utf8)
}
