import Foundation
import Store
import SystemPackage
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct RestartTests {
    @Test func filesAlreadyInTheInboxAreIngestedAndARestartRecordsNothingTwice() throws {
        let sandbox = try Sandbox()
        for seed in Seeds.files {
            try FileManager.default.copyItem(at: seed, to: sandbox.inbox.appendingPathComponent(seed.lastPathComponent))
        }
        let first = try Daemon(sandbox)
        #expect(first.waitUntilReady() != nil)
        #expect(try sandbox.waitForRecords(5).count == 5)
        first.terminate()
        #expect(first.waitForExit() == 0)

        let second = try Daemon(sandbox)
        #expect(second.waitUntilReady() != nil)
        // A sentinel dropped after start is handled after the start-up scan.
        try "Sentinel article about Paris.".write(
            to: sandbox.inbox.appendingPathComponent("sentinel.txt"), atomically: false, encoding: .utf8)
        let records = try sandbox.waitForRecords(6)
        usleep(200_000)
        #expect(try sandbox.records().count == 6)
        #expect(records.last?["path"] as? String == "sentinel.txt")
        second.terminate()
        #expect(second.waitForExit() == 0)
    }

    @Test func theDaemonKeepsTheEntityIndexUpToDateWithItsDurableRecords() throws {
        let sandbox = try Sandbox()
        for seed in Seeds.files {
            try FileManager.default.copyItem(at: seed, to: sandbox.inbox.appendingPathComponent(seed.lastPathComponent))
        }
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        #expect(try sandbox.waitForRecords(5).count == 5)
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
        // Stopping hands the last records to the index: it covers the whole store.
        let snapshot = try #require(EntityIndexSnapshot.open(store: FilePath(sandbox.store.path)))
        let size = try FileManager.default.attributesOfItem(atPath: sandbox.store.path)[.size] as? Int
        #expect(snapshot.coveredEnd == Int64(size ?? -1))
        #expect(!snapshot.records(matching: NameQuery(names: ["Azerbaijan"]), type: nil).isEmpty)
        // The ledger sits beside it.
        #expect(FileManager.default.fileExists(atPath: sandbox.store.path + ".ledger"))
    }

    @Test func killNineDuringABurstThenRestartLeavesOneRecordPerFile() throws {
        let sandbox = try Sandbox()
        let staging = try sandbox.staging()
        let count = 500
        let seedTexts = try Seeds.files.map { try String(contentsOf: $0, encoding: .utf8) }
        for i in 0..<count {
            let text = "Burst article \(i).\n\n" + seedTexts[i % seedTexts.count]
            try text.write(to: staging.appendingPathComponent("burst-\(i).txt"), atomically: false, encoding: .utf8)
        }
        let first = try Daemon(sandbox)
        #expect(first.waitUntilReady() != nil)
        for i in 0..<count {
            rename(
                staging.appendingPathComponent("burst-\(i).txt").path,
                sandbox.inbox.appendingPathComponent("burst-\(i).txt").path)
        }
        // Kill it in the middle of the burst.
        let deadline = Date().addingTimeInterval(20)
        while try sandbox.records().count < count / 4 && Date() < deadline { usleep(2_000) }
        first.kill9()
        _ = first.waitForExit()
        let before = try sandbox.records().count
        #expect(before < count, "the kill landed after the burst; the test proves less")

        let second = try Daemon(sandbox)
        #expect(second.waitUntilReady() != nil)
        let records = try sandbox.waitForRecords(count, timeout: 60)
        usleep(300_000)
        let final = try sandbox.records()
        #expect(final.count == count)
        #expect(Set(final.compactMap { $0["id"] as? String }).count == count)
        #expect(Set(final.compactMap { $0["path"] as? String }).count == count)
        #expect(records.allSatisfy { $0["status"] as? String == "ok" })
        second.terminate()
        #expect(second.waitForExit() == 0)
    }

    @Test func aTornLastLineIsCutOffAtStart() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(
            at: sandbox.store.deletingLastPathComponent(), withIntermediateDirectories: true)
        let whole =
            #"{"v":1,"id":"\#(String(repeating: "a", count: 64))","path":"old.txt","ingested_at":"2026-01-01T00:00:00.000Z","status":"rejected","error":"x"}"#
        try (whole + "\n" + #"{"v":1,"id":"bbbb"#).write(to: sandbox.store, atomically: false, encoding: .utf8)
        try "An article about Berlin.".write(
            to: sandbox.inbox.appendingPathComponent("new.txt"), atomically: false, encoding: .utf8)
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        let records = try sandbox.waitForRecords(2)
        #expect(records.count == 2)
        #expect(records.first?["path"] as? String == "old.txt")
        #expect(records.last?["path"] as? String == "new.txt")
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }

    @Test func onceIngestsWhatIsPendingAndExitsZero() throws {
        let sandbox = try Sandbox()
        for seed in Seeds.files {
            try FileManager.default.copyItem(at: seed, to: sandbox.inbox.appendingPathComponent(seed.lastPathComponent))
        }
        let daemon = try Daemon(sandbox, arguments: ["--once"])
        #expect(daemon.waitForExit() == 0)
        #expect(try sandbox.records().count == 5)
        let again = try Daemon(sandbox, arguments: ["--once"])
        #expect(again.waitForExit() == 0)
        #expect(try sandbox.records().count == 5)
    }

    @Test func aMissingInboxIsAClearError() throws {
        let sandbox = try Sandbox()
        let process = Process()
        process.executableURL = Binaries.daemon
        process.arguments = [
            "--inbox", sandbox.root.appendingPathComponent("nope").path, "--store", sandbox.store.path,
        ]
        let errURL = sandbox.root.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let message = try String(contentsOf: errURL, encoding: .utf8)
        #expect(process.terminationStatus != 0)
        #expect(message.contains("does not exist"))
        #expect(message.contains("mkdir -p"))
    }
}
