#if canImport(Glibc)
    import Glibc
#endif

/// One daemon on a fresh inbox and store, with the observer's ends: the notify socket and an
/// inotify watch on the store.
///
/// Layout under `root`: `inbox/`, `staging/` (a sibling of the inbox, so a `rename` moves a
/// finished file in atomically, on the same file system), `store/articles.jsonl`, `notify.sock`
/// and `wirewatchd.log`.
final class Session {
    let root: String
    let inbox: String
    let staging: String
    let store: String
    let socket: NotifySocket
    let daemon: Daemon
    let readyAt: UInt64
    private var storeFD: Int32 = -1
    private var inotifyFD: Int32 = -1
    private var storeSize: Int64 = 0
    /// Whole lines seen in the store so far.
    private(set) var lines = 0
    /// The largest record count the daemon has announced in a `STATUS=` message; it sends one
    /// after each batch, once that batch is `fsync`ed.
    private(set) var announced = 0
    /// The largest `VmRSS` sampled while waiting, in MiB.
    private(set) var peakSampledRSS = 0.0

    init(binary: String, root: String, store existing: String? = nil, readyTimeout: Int32 = 60_000) throws {
        self.root = root
        Files.removeTree(root)
        try Files.makeDirectories(root)
        inbox = root + "/inbox"
        staging = root + "/staging"
        try Files.makeDirectory(inbox)
        try Files.makeDirectory(staging)
        try Files.makeDirectory(root + "/store")
        store = existing ?? root + "/store/articles.jsonl"
        socket = try NotifySocket(path: root + "/notify.sock")
        daemon = try Daemon(
            binary: binary, arguments: ["--inbox", inbox, "--store", store], notifySocket: socket.path,
            log: root + "/wirewatchd.log")
        readyAt = try daemon.waitReady(socket, timeout: readyTimeout)
    }

    deinit {
        daemon.stop()
        if storeFD >= 0 { close(storeFD) }
        if inotifyFD >= 0 { close(inotifyFD) }
    }

    /// Starts watching the store for appends (`IN_MODIFY`) from its current end.
    func observeStore() throws {
        storeFD = open(store, O_RDONLY | O_CLOEXEC)
        guard storeFD >= 0 else { throw BenchError("cannot open the store \(store): errno \(errno)") }
        storeSize = Int64(lseek(storeFD, 0, SEEK_END))
        inotifyFD = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard inotifyFD >= 0, inotify_add_watch(inotifyFD, store, UInt32(IN_MODIFY)) >= 0 else {
            throw BenchError("cannot watch the store with inotify: errno \(errno)")
        }
    }

    /// Writes an article into `staging/` (untimed) so it can be renamed into the inbox.
    func stage(_ name: String, _ bytes: [UInt8]) throws {
        try Files.write(staging + "/" + name, bytes)
    }

    /// Moves a staged article into the inbox.
    func drop(_ name: String) throws {
        guard rename(staging + "/" + name, inbox + "/" + name) == 0 else {
            throw BenchError("rename into the inbox failed: errno \(errno)")
        }
    }

    /// Waits until the store holds `expected` whole lines (visible) and the daemon has announced
    /// `expected` records after their `fsync` (durable). Returns both moments.
    func waitForRecords(
        _ expected: Int, timeout: UInt64 = 60_000_000_000, sampleRSS: Bool = false
    )
        throws -> (
            visible: UInt64, durable: UInt64
        )
    {
        var visible: UInt64 = lines >= expected ? Clock.now() : 0
        var durable: UInt64 = 0
        let deadline = Clock.now() + timeout
        var lastSample: UInt64 = 0
        var fds = [
            pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0),
        ]
        while visible == 0 || durable == 0 {
            if sampleRSS {
                let now = Clock.now()
                if now - lastSample > 5_000_000 {
                    peakSampledRSS = max(peakSampledRSS, daemon.memory("VmRSS"))
                    lastSample = now
                }
            }
            if Clock.now() > deadline {
                throw BenchError(
                    "waited \(timeout / 1_000_000_000) s for record \(expected): \(lines) lines visible, \(announced) announced; see \(root)/wirewatchd.log"
                )
            }
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, sampleRSS ? 5 : 1000)
            if ready <= 0 {
                if daemon.exited() { throw BenchError("wirewatchd exited; see \(root)/wirewatchd.log") }
                continue
            }
            if fds[0].revents != 0 {
                var events = [UInt8](repeating: 0, count: 4096)
                while events.withUnsafeMutableBytes({ read(inotifyFD, $0.baseAddress, $0.count) }) > 0 {}
                readNewLines()
                if visible == 0 && lines >= expected { visible = Clock.now() }
            }
            if fds[1].revents != 0 {
                while let message = socket.receiveNow() {
                    if let count = NotifySocket.recordCount(in: message) { announced = max(announced, count) }
                }
                if announced >= expected {
                    if visible == 0 {
                        // The append's IN_MODIFY may not have been read yet; the line is there.
                        readNewLines()
                        if lines >= expected { visible = Clock.now() }
                    }
                    if visible != 0 { durable = Clock.now() }
                }
            }
        }
        return (visible, durable)
    }

    private var chunk = [UInt8](repeating: 0, count: 1 << 20)

    private func readNewLines() {
        while true {
            let n = chunk.withUnsafeMutableBytes {
                pread(storeFD, $0.baseAddress, $0.count, off_t(storeSize))
            }
            guard n > 0 else { return }
            var newlines = 0
            var last = -1
            for i in 0..<n where chunk[i] == 0x0A {
                newlines += 1
                last = i
            }
            // Only whole lines count; a partial tail is read again next time.
            guard last >= 0 else { return }
            lines += newlines
            storeSize += Int64(last + 1)
        }
    }
}
