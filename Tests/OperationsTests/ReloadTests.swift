import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An AF_UNIX datagram socket standing in for systemd's `NOTIFY_SOCKET`, drained all the time
/// as systemd does (a full socket queue would block the daemon's `sd_notify`).
final class NotifyListener: Sendable {
    let path: String
    private let fd: Int32
    private let log = MessageLog()
    /// How many messages earlier waits consumed.
    private let consumed = Mutex(0)

    init(in directory: URL) throws {
        path = directory.appendingPathComponent("notify.sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if rc != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let socketFD = fd
        let log = self.log
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(socketFD, &buffer, buffer.count, 0)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return }
                let message = String(decoding: buffer[0..<n], as: UTF8.self)
                log.messages.withLock { $0.append(message) }
            }
        }
        thread.start()
    }

    /// Ends the reader thread.
    func close() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// The messages after the previous wait, up to the first containing `needle`; nil on timeout.
    func waitFor(_ needle: String, timeout: Double = 15) -> [String]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let start = consumed.withLock { $0 }
            let found = log.messages.withLock { all -> [String]? in
                guard start < all.count, let hit = all[start...].firstIndex(where: { $0.contains(needle) }) else {
                    return nil
                }
                return Array(all[start...hit])
            }
            if let found {
                consumed.withLock { $0 = start + found.count }
                return found
            }
            usleep(10_000)
        }
        return nil
    }
}

final class MessageLog: Sendable {
    let messages = Mutex<[String]>([])
}

/// SIGHUP (`systemctl reload`) re-reads the dictionary and the configuration while articles
/// keep arriving: the new names are used from the next article on and no article is missed.
@Suite(.serialized) struct ReloadTests {
    @Test func sighupReloadsTheDictionaryWithoutMissingAnArticle() throws {
        let folder = try TemporaryFolder("reload")
        let inbox = try folder.mkdir("inbox")
        let store = folder.path("store/articles.jsonl")
        // Names no model knows, recorded under canonical names that differ from the text.
        let dictionary = try folder.write(
            "names.tsv", "# first version\nORG\tQorvex Lumber Holdings\tQLH\tQorvex\n")
        let config = try folder.write(
            "wirewatch.conf", "inbox = inbox\nstore = store/articles.jsonl\ndictionary = names.tsv\n")
        let notify = try NotifyListener(in: folder.url)

        let daemon = Process()
        daemon.executableURL = Paths.daemon
        daemon.arguments = ["--config", config]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        daemon.environment = environment
        daemon.currentDirectoryURL = folder.url
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer {
            if daemon.isRunning {
                kill(daemon.processIdentifier, SIGKILL)
                daemon.waitUntilExit()
            }
        }
        #expect(notify.waitFor("READY=1") != nil, "the daemon never said READY=1")

        let staging = try folder.mkdir("staging")
        @Sendable func drop(_ name: String, _ text: String) throws {
            // Written beside the inbox, then moved in: one IN_MOVED_TO per article.
            let staged = staging + "/" + name
            try text.write(toFile: staged, atomically: false, encoding: .utf8)
            guard rename(staged, inbox + "/" + name) == 0 else { throw POSIXError(.EIO) }
        }

        try drop("first.txt", "Shares of QLH rose on Monday after the company opened a mill in Ghana.\n")
        var stored = try waitForRecords(at: store) { $0.count >= 1 }
        #expect(stored.count == 1)
        let first = stored.first.map(entityPairs) ?? []
        #expect(
            first.contains { $0.type == "ORG" && $0.canonical == "Qorvex Lumber Holdings" },
            "first record's entities: \(first)")

        // Articles keep arriving while the dictionary changes and the daemon reloads.
        let steady = 40
        let writer = Thread {
            for i in 0..<steady {
                try? drop(String(format: "steady-%03d.txt", i), "Steady article number \(i) about the weather.\n")
                usleep(5_000)
            }
        }
        writer.start()
        try folder.write(
            "names.tsv.new",
            "# second version\nORG\tQorvex Lumber Holdings\tQLH\tQorvex\nPERSON\tZelphine Varbrook-Osei\tVarbrook\n")
        #expect(rename(folder.path("names.tsv.new"), dictionary) == 0)
        usleep(50_000)
        #expect(kill(daemon.processIdentifier, SIGHUP) == 0)
        let reload = notify.waitFor("READY=1")
        #expect(reload != nil, "no READY=1 after the reload")
        #expect(reload?.contains { $0.contains("RELOADING=1") } == true, "no RELOADING=1: \(reload ?? [])")
        #expect(
            reload?.contains { $0.contains("reloaded: dictionary") && $0.contains("2 entries (was 1)") } == true,
            "reload status: \(reload ?? [])")
        while writer.isExecuting || !writer.isFinished { usleep(10_000) }

        try drop("second.txt", "Varbrook said the QLH mill would double its output.\n")
        stored = try waitForRecords(at: store) { $0.count >= steady + 2 }
        #expect(daemon.isRunning, "SIGHUP must not stop the daemon")

        // Every article once: none missed, none twice.
        let paths = stored.compactMap { $0["path"] as? String }
        #expect(paths.count == steady + 2)
        #expect(Set(paths).count == paths.count)
        for i in 0..<steady {
            #expect(paths.contains(String(format: "steady-%03d.txt", i)))
        }
        let second = stored.first { $0["path"] as? String == "second.txt" }.map(entityPairs) ?? []
        #expect(
            second.contains { $0.type == "PERSON" && $0.canonical == "Zelphine Varbrook-Osei" },
            "second record's entities: \(second)")
        #expect(second.contains { $0.canonical == "Qorvex Lumber Holdings" })

        // A broken dictionary on reload is refused: the daemon keeps the last good one.
        try folder.write("names.tsv", "PERSON only-one-field\n")
        #expect(kill(daemon.processIdentifier, SIGHUP) == 0)
        let refused = notify.waitFor("READY=1")
        #expect(
            refused?.contains { $0.contains("reload refused") && $0.contains("names.tsv:1") } == true,
            "\(refused ?? [])")
        try drop("third.txt", "Varbrook visited the QLH mill again.\n")
        stored = try waitForRecords(at: store) { $0.count >= steady + 3 }
        let third = stored.first { $0["path"] as? String == "third.txt" }.map(entityPairs) ?? []
        #expect(third.contains { $0.canonical == "Zelphine Varbrook-Osei" }, "third record's entities: \(third)")

        // A bad configuration on reload is refused with its line; the running one is kept.
        try folder.write("wirewatch.conf", "inbox = inbox\nmax_bytes = lots\n")
        #expect(kill(daemon.processIdentifier, SIGHUP) == 0)
        let badConfig = notify.waitFor("READY=1")
        #expect(
            badConfig?.contains { $0.contains("reload refused") && $0.contains("wirewatch.conf:2") } == true,
            "\(badConfig ?? [])")

        // Limits apply at once; a new inbox or store is reported as needing a restart.
        try folder.write("names.tsv", "PERSON\tZelphine Varbrook-Osei\tVarbrook\n")
        try folder.write(
            "wirewatch.conf",
            "inbox = elsewhere\nstore = store/articles.jsonl\ndictionary = names.tsv\nmax_bytes = 30\n")
        #expect(kill(daemon.processIdentifier, SIGHUP) == 0)
        let limits = notify.waitFor("READY=1")
        #expect(limits?.contains { $0.contains("max_bytes 30 (was 16777216)") } == true, "\(limits ?? [])")
        #expect(
            limits?.contains { $0.contains("not applied until a restart") && $0.contains("inbox") } == true,
            "\(limits ?? [])")
        try drop("fourth.txt", "This article is longer than thirty bytes, so it is rejected.\n")
        stored = try waitForRecords(at: store) { $0.count >= steady + 4 }
        let fourth = stored.first { $0["path"] as? String == "fourth.txt" }
        #expect(fourth?["status"] as? String == "rejected", "the still-watched inbox, the new limit")

        kill(daemon.processIdentifier, SIGTERM)
        #expect(notify.waitFor("STOPPING=1") != nil)
        let deadline = Date().addingTimeInterval(20)
        while daemon.isRunning && Date() < deadline { usleep(10_000) }
        #expect(!daemon.isRunning)
        #expect(daemon.terminationStatus == 0)
        notify.close()
    }
}
