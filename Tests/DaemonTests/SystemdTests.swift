import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct SystemdTests {
    @Test func notifySocketReceivesReadyStatusAndStopping() throws {
        let sandbox = try Sandbox()
        let daemon = try Daemon(sandbox)
        let startup = daemon.waitUntilReady()
        #expect(startup != nil)
        #expect(startup?.contains { $0.contains("STATUS=watching") } == true)
        try "An article about the United Nations in Geneva.".write(
            to: sandbox.inbox.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        let status = daemon.notify.waitFor("1 articles")
        #expect(status != nil)
        daemon.terminate()
        #expect(daemon.notify.waitFor("STOPPING=1") != nil)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func aLongLedgerReadAtStartKeepsSystemdsStartTimeoutMovingAndSaysSo() throws {
        // A store of 5,000 records (more than 4 MiB) and no ledger beside it: the daemon reads
        // it all before READY=1, and tells systemd it is making progress meanwhile.
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(
            at: sandbox.store.deletingLastPathComponent(), withIntermediateDirectories: true)
        let padding = String(repeating: "x", count: 900)
        var text = ""
        for i in 0..<5000 {
            // Ids spread like the SHA-256 digests real ones are (splitmix64 of the line number).
            var x = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
            var id = ""
            for _ in 0..<4 {
                x = x &+ 0x9E37_79B9_7F4A_7C15
                var z = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                id += String(format: "%016llx", z ^ (z >> 31))
            }
            text +=
                #"{"v":1,"id":"\#(id)","path":"old/\#(i).txt","ingested_at":"2026-12-05T01:00:00.000Z","status":"rejected","error":"\#(padding)"}"#
            text += "\n"
        }
        try text.write(to: sandbox.store, atomically: false, encoding: .utf8)
        #expect(text.utf8.count > 1 << 22)
        let daemon = try Daemon(sandbox)
        let startup = try #require(daemon.waitUntilReady())
        let extend = startup.firstIndex { $0.contains("EXTEND_TIMEOUT_USEC=60000000") }
        let ready = startup.firstIndex { $0.contains("READY=1") }
        #expect(extend != nil && ready != nil && extend! < ready!)
        #expect(startup.contains { $0.contains("STATUS=reading the store into its ledger: 0 % of 5 MB") })
        #expect(startup.contains { $0.contains("STATUS=reading the store into its ledger: 100 % of 5 MB") })
        #expect(startup.contains { $0.contains("READY=1") && $0.contains("5000") })
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
        #expect(FileManager.default.fileExists(atPath: sandbox.store.path + ".ledger"))
        let log = try String(contentsOf: daemon.stderrFile, encoding: .utf8)
        if !datagramSocketAnswers("/run/systemd/journal/socket") {
            #expect(log.contains("into its ledger"), "\(log)")
            #expect(log.contains("ledger ready: read 5 MB"), "\(log)")
        }
    }

    @Test func watchdogIsPingedWhenWatchdogUsecIsSet() throws {
        let sandbox = try Sandbox()
        let daemon = try Daemon(sandbox, environment: ["WATCHDOG_USEC": "200000"])
        #expect(daemon.waitUntilReady() != nil)
        #expect(daemon.notify.waitFor("WATCHDOG=1", timeout: 5) != nil)
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }

    @Test func logsReachJournaldWithStructuredFields() throws {
        let socket = "/run/systemd/journal/socket"
        // The socket file outlives a stopped journald, so ask whether anyone reads it.
        if !datagramSocketAnswers(socket) {
            // systemd-journald is not PID 1's child here; start it by hand (as root).
            let journald = Process()
            journald.executableURL = URL(fileURLWithPath: "/lib/systemd/systemd-journald")
            journald.standardOutput = FileHandle.nullDevice
            journald.standardError = FileHandle.nullDevice
            try journald.run()
            let deadline = Date().addingTimeInterval(10)
            while !datagramSocketAnswers(socket) && Date() < deadline { usleep(20_000) }
        }
        #expect(datagramSocketAnswers(socket), "journald did not come up")
        let sandbox = try Sandbox()
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        let name = "journal-\(UUID().uuidString).txt"
        let binary = "journal-\(UUID().uuidString).bin"
        try "An article about Ilham Aliyev in Baku.".write(
            to: sandbox.inbox.appendingPathComponent(name), atomically: false, encoding: .utf8)
        try Data([0x41, 0x00, 0x42]).write(to: sandbox.inbox.appendingPathComponent(binary))
        #expect(try sandbox.waitForRecords(2).count == 2)
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)

        let found = try journalEntry(path: name, in: sandbox)
        #expect(found?["ARTICLE_PATH"] as? String == name)
        #expect(found?["PRIORITY"] as? String == "6")
        #expect((found?["ARTICLE_ID"] as? String)?.count == 64)
        #expect(found?["CODE_FILE"] != nil)
        #expect(found?["CODE_LINE"] != nil)
        // The message says what happened in words, agreeing with the fields.
        let count = try #require(found?["ENTITY_COUNT"] as? String)
        #expect(found?["MESSAGE"] as? String == "ingested \(name): \(count) \(count == "1" ? "entity" : "entities")")

        let rejected = try journalEntry(path: binary, in: sandbox)
        #expect(rejected?["PRIORITY"] as? String == "4")
        let message = try #require(rejected?["MESSAGE"] as? String)
        #expect(message.hasPrefix("rejected \(binary): "))
        #expect(message.contains("NUL byte"))
        #expect((rejected?["REASON"] as? String).map { message.hasSuffix($0) } == true)
    }

    /// The journal's last entry from wirewatchd about `path`, as journalctl's JSON.
    private func journalEntry(path: String, in sandbox: Sandbox) throws -> [String: Any]? {
        var found: [String: Any]?
        let deadline = Date().addingTimeInterval(10)
        while found == nil && Date() < deadline {
            let journalctl = Process()
            journalctl.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
            journalctl.arguments = ["-o", "json", "--no-pager", "SYSLOG_IDENTIFIER=wirewatchd", "ARTICLE_PATH=\(path)"]
            let outURL = sandbox.root.appendingPathComponent("journal.json")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            journalctl.standardOutput = try FileHandle(forWritingTo: outURL)
            journalctl.standardError = FileHandle.nullDevice
            try journalctl.run()
            journalctl.waitUntilExit()
            let data = try Data(contentsOf: outURL)
            for line in data.split(separator: UInt8(ascii: "\n")) {
                if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] {
                    found = object
                }
            }
            if found == nil { usleep(100_000) }
        }
        return found
    }
}

/// Whether a reader is bound to the datagram socket at `path`: `connect(2)` fails with
/// `ECONNREFUSED` on a socket file left behind by a process that has gone.
func datagramSocketAnswers(_ path: String) -> Bool {
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    if fd < 0 { return false }
    defer { close(fd) }
    guard path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else { return false }
    let result = withUnixAddress(path) { connect(fd, $0, $1) }
    return result == 0
}
