import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The five seeds, dropped three ways, each give exactly five `ok` records whose mentions
/// slice back to the article text.
@Suite(.serialized) struct DropTests {
    private func checkFiveSeeds(_ sandbox: Sandbox) throws {
        let records = try sandbox.waitForRecords(5)
        #expect(records.count == 5)
        #expect(records.allSatisfy { $0["status"] as? String == "ok" })
        let paths = Set(records.compactMap { $0["path"] as? String })
        #expect(paths == Set(Seeds.files.map(\.lastPathComponent)))
        for record in records {
            let path = record["path"] as! String
            let text = try String(contentsOf: Seeds.directory.appendingPathComponent(path), encoding: .utf8)
            let entities = record["entities"] as? [[String: Any]] ?? []
            #expect(!entities.isEmpty, "no entities in \(path)")
            #expect(mentionsSliceBack(record, article: text) == [], "offsets of \(path)")
        }
        // Nothing more arrives later.
        usleep(300_000)
        #expect(try sandbox.records().count == 5)
    }

    @Test func seedsCopiedIntoTheInboxAreRecordedOnce() throws {
        let sandbox = try Sandbox()
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        for seed in Seeds.files {
            try FileManager.default.copyItem(at: seed, to: sandbox.inbox.appendingPathComponent(seed.lastPathComponent))
        }
        try checkFiveSeeds(sandbox)
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }

    @Test func seedsMovedInFromASiblingFolderAreRecordedOnce() throws {
        let sandbox = try Sandbox()
        let staging = try sandbox.staging()
        for seed in Seeds.files {
            try FileManager.default.copyItem(at: seed, to: staging.appendingPathComponent(seed.lastPathComponent))
        }
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        for seed in Seeds.files {
            #expect(
                rename(
                    staging.appendingPathComponent(seed.lastPathComponent).path,
                    sandbox.inbox.appendingPathComponent(seed.lastPathComponent).path) == 0)
        }
        try checkFiveSeeds(sandbox)
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }

    @Test func aSlowWriterIsRecordedOnceWhenItCloses() throws {
        let sandbox = try Sandbox()
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        for seed in Seeds.files {
            let bytes = try Array(Data(contentsOf: seed))
            let target = sandbox.inbox.appendingPathComponent(seed.lastPathComponent).path
            let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(fd >= 0)
            var offset = 0
            while offset < bytes.count {
                let n = min(700, bytes.count - offset)
                _ = bytes[offset..<(offset + n)].withUnsafeBytes { write(fd, $0.baseAddress, n) }
                offset += n
                usleep(15_000)
            }
            close(fd)
        }
        try checkFiveSeeds(sandbox)
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }

    @Test func temporaryNamesAreIgnoredUntilRenamed() throws {
        let sandbox = try Sandbox()
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        let seed = Seeds.files[0]
        for name in [".hidden.txt", "draft.tmp", "download.part", "notes.txt~", ".notes.txt.swp"] {
            try FileManager.default.copyItem(at: seed, to: sandbox.inbox.appendingPathComponent(name))
        }
        usleep(300_000)
        #expect(try sandbox.records().isEmpty)
        #expect(
            rename(
                sandbox.inbox.appendingPathComponent("draft.tmp").path,
                sandbox.inbox.appendingPathComponent("final.txt").path) == 0)
        let records = try sandbox.waitForRecords(1)
        #expect(records.count == 1)
        #expect(records.first?["path"] as? String == "final.txt")
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }

    @Test func subFoldersAreWatchedIncludingOnesCreatedOrMovedInLater() throws {
        let sandbox = try Sandbox()
        let early = sandbox.inbox.appendingPathComponent("early")
        try FileManager.default.createDirectory(at: early, withIntermediateDirectories: true)
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        let seeds = Seeds.files
        try FileManager.default.copyItem(at: seeds[0], to: early.appendingPathComponent("a.txt"))
        let late = sandbox.inbox.appendingPathComponent("late/deeper")
        try FileManager.default.createDirectory(at: late, withIntermediateDirectories: true)
        usleep(100_000)
        try FileManager.default.copyItem(at: seeds[1], to: late.appendingPathComponent("b.txt"))
        // A folder that arrives whole, with an article already inside.
        let staging = try sandbox.staging().appendingPathComponent("batch")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: seeds[2], to: staging.appendingPathComponent("c.txt"))
        #expect(rename(staging.path, sandbox.inbox.appendingPathComponent("batch").path) == 0)
        let records = try sandbox.waitForRecords(3)
        #expect(
            Set(records.compactMap { $0["path"] as? String }) == ["early/a.txt", "late/deeper/b.txt", "batch/c.txt"])
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }
}
