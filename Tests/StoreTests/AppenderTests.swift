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

    @Test func aSecondWriterIsRefusedWithAClearError() throws {
        let url = try temporaryStore()
        let first = try StoreAppender(path: FilePath(url.path))
        #expect(throws: StoreError.locked(path: url.path)) { try StoreAppender(path: FilePath(url.path)) }
        _ = first
    }
}
