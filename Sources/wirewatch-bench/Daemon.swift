#if canImport(Glibc)
    import Glibc
#endif

/// What a benchmark step could not do, said plainly.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The `$NOTIFY_SOCKET` end that systemd would hold: an `AF_UNIX` datagram socket the
/// daemon's `sd_notify` messages arrive on.
final class NotifySocket {
    let path: String
    let fd: Int32

    init(path: String) throws {
        unlink(path)
        guard path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else {
            throw BenchError("notify socket path too long: \(path)")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket(AF_UNIX) failed: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            close(fd)
            throw BenchError("bind(\(path)) failed: errno \(errno)")
        }
        self.fd = fd
        self.path = path
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The next message, or nil when none came within `timeout` milliseconds.
    func receive(timeout: Int32) -> String? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, timeout) > 0 else { return nil }
        return receiveNow()
    }

    /// A message already waiting (never blocks).
    func receiveNow() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes {
            recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
        }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    /// Records counted in a `STATUS=watching DIR: N articles, P pending, R rejected, D duplicates`
    /// message: N + R + D, or nil for another kind of message.
    static func recordCount(in message: String) -> Int? {
        guard
            let status = message.split(separator: "\n").first(where: { $0.hasPrefix("STATUS=watching ") })
        else {
            return nil
        }
        guard let colon = status.lastIndex(of: ":") else { return nil }
        var total = 0
        for part in status[status.index(after: colon)...].split(separator: ",") {
            let words = part.split(separator: " ")
            guard words.count == 2, let n = Int(words[0]) else { continue }
            if words[1] != "pending" { total += n }
        }
        return total
    }
}

/// A running `wirewatchd`, started as systemd would start a `Type=notify` unit.
final class Daemon {
    let pid: pid_t
    let startedAt: UInt64

    /// Spawns `binary` with `arguments`, `NOTIFY_SOCKET` set, stdin from /dev/null and its log
    /// (stdout and stderr) appended to `log`.
    init(binary: String, arguments: [String], notifySocket: String, log: String) throws {
        var environment: [String] = []
        var env = environ
        while let entry = env.pointee {
            let string = String(cString: entry)
            if !string.hasPrefix("NOTIFY_SOCKET=") && !string.hasPrefix("WATCHDOG_") {
                environment.append(string)
            }
            env += 1
        }
        environment.append("NOTIFY_SOCKET=\(notifySocket)")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        startedAt = Clock.now()
        let rc = posix_spawn(&child, binary, &actions, nil, argv, envp)
        guard rc == 0 else { throw BenchError("cannot start \(binary): errno \(rc)") }
        pid = child
    }

    /// Waits for `READY=1`; returns the time it arrived. Throws if the daemon exits or is silent
    /// for `timeout` milliseconds.
    func waitReady(_ socket: NotifySocket, timeout: Int32 = 60_000) throws -> UInt64 {
        let deadline = Clock.now() + UInt64(timeout) * 1_000_000
        while Clock.now() < deadline {
            if let message = socket.receive(timeout: 50) {
                if message.split(separator: "\n").contains("READY=1") { return Clock.now() }
            } else if exited() {
                throw BenchError("wirewatchd exited before READY=1; see its log")
            }
        }
        throw BenchError("wirewatchd sent no READY=1 within \(timeout) ms")
    }

    private var reaped = false

    func exited() -> Bool {
        if reaped { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { reaped = true }
        return reaped
    }

    /// SIGTERM, then waits for the exit (SIGKILL after 30 s).
    func stop() {
        guard !exited() else { return }
        kill(pid, SIGTERM)
        let deadline = Clock.now() + 30_000_000_000
        while !exited() {
            if Clock.now() > deadline {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                reaped = true
                return
            }
            usleep(2000)
        }
    }

    deinit { stop() }

    /// A `kB` field of `/proc/PID/status` (`VmRSS`, `VmHWM`) in MiB.
    /// The daemon's CPU time so far (user + system, all threads), in seconds, from
    /// `/proc/PID/stat`; 0 when it cannot be read.
    func cpuSeconds() -> Double {
        guard let bytes = try? Files.read("/proc/\(pid)/stat"),
            let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return 0 }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = String(decoding: bytes[(close + 2)...], as: UTF8.self).split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / ticks
    }

    func memory(_ field: String) -> Double {
        guard let bytes = try? Files.read("/proc/\(pid)/status") else { return 0 }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kb = Double(parts[1]) { return kb / 1024 }
        }
        return 0
    }
}
