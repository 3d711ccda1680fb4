import Foundation
import SystemPackage
import Testing

@testable import Store

struct AppenderTests {
    private func temporaryStore() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ww-appender-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("deeper/store.jsonl")
    }

    @Test func appendsWholeLinesAndCreatesTheFolder() throws {
        let url = try temporaryStore()
        let appender = try StoreAppender(path: FilePath(url.path))
        try appender.append(Array("{\"a\":1}\n".utf8))
        try appender.append(Array("{\"a\":2}\n".utf8))
        try appender.sync()
        #expect(appender.needsSync == false)
        #expect(try String(contentsOf: url, encoding: .utf8) == "{\"a\":1}\n{\"a\":2}\n")
    }

    @Test func aTornLastLineIsCutOffOnOpen() throws {
        let url = try temporaryStore()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "{\"a\":1}\n{\"a\":".write(to: url, atomically: false, encoding: .utf8)
        let appender = try StoreAppender(path: FilePath(url.path))
        #expect(appender.size == 8)
        try appender.append(Array("{\"a\":2}\n".utf8))
        #expect(try String(contentsOf: url, encoding: .utf8) == "{\"a\":1}\n{\"a\":2}\n")
    }

    @Test func stagedLinesAreWrittenTogetherAfterEarlierAppends() throws {
        let url = try temporaryStore()
        let appender = try StoreAppender(path: FilePath(url.path))
        try appender.append(Array("{\"a\":1}\n".utf8))
        appender.stage(Array("{\"a\":2}\n".utf8))
        appender.stage(Array("{\"a\":3}\n".utf8))
        #expect(appender.stagedBytes == 16)
        #expect(appender.stagedEnd == 24)
        #expect(try String(contentsOf: url, encoding: .utf8) == "{\"a\":1}\n")
        try appender.flush()
        #expect(appender.stagedBytes == 0)
        #expect(appender.size == 24)
        #expect(try String(contentsOf: url, encoding: .utf8) == "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n")
        #expect(appender.needsSync)
        try appender.sync()
        #expect(appender.isDurable)
    }

    @Test func aBackgroundSyncWritesTheStagedLinesAndReportsWhenDurable() async throws {
        let url = try temporaryStore()
        let appender = try StoreAppender(path: FilePath(url.path))
        appender.stage(Array("{\"a\":1}\n".utf8))
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            do {
                try appender.syncInBackground { done.resume() }
            } catch {
                Issue.record("syncInBackground threw \(error)")
                done.resume()
            }
        }
        #expect(appender.needsSync == false)
        try appender.sync()
        #expect(appender.isDurable)
        #expect(try String(contentsOf: url, encoding: .utf8) == "{\"a\":1}\n")
    }

    @Test func discardedStagedLinesNeverReachTheFile() throws {
        let url = try temporaryStore()
        let appender = try StoreAppender(path: FilePath(url.path))
        try appender.append(Array("{\"a\":1}\n".utf8))
        appender.stage(Array("{\"a\":2}\n".utf8))
        appender.discardStaged()
        try appender.sync()
        #expect(try String(contentsOf: url, encoding: .utf8) == "{\"a\":1}\n")
    }

    @Test func aSecondWriterIsRefusedWithAClearError() throws {
        let url = try temporaryStore()
        let first = try StoreAppender(path: FilePath(url.path))
        #expect(throws: StoreError.locked(path: url.path)) { try StoreAppender(path: FilePath(url.path)) }
        _ = first
    }
}
