import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct RejectionTests {
    @Test func eachBadInputGetsARejectedRecordAndTheDaemonStaysUp() throws {
        let sandbox = try Sandbox()
        let daemon = try Daemon(sandbox, arguments: ["--max-bytes", "4096"])
        #expect(daemon.waitUntilReady() != nil)
        let inbox = sandbox.inbox
        // Each bad input, and the words its rejection must contain.
        var expected: [String: String] = [:]
        #expect(mkfifo(inbox.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        expected["pipe.txt"] = "FIFO"
        #expect(symlink("/etc/passwd", inbox.appendingPathComponent("link.txt").path) == 0)
        expected["link.txt"] = "symbolic link"
        try Data(repeating: UInt8(ascii: "a"), count: 10_000).write(to: inbox.appendingPathComponent("big.txt"))
        expected["big.txt"] = "4096-byte limit"
        try Data([0x61, 0x62, 0xFF, 0xFE, 0x00, 0x63]).write(to: inbox.appendingPathComponent("binary.txt"))
        expected["binary.txt"] = "NUL"
        try Data([0x61, 0x62, 0xC3, 0x28, 0x63]).write(to: inbox.appendingPathComponent("latin.txt"))
        expected["latin.txt"] = "not valid UTF-8"
        try Data().write(to: inbox.appendingPathComponent("empty.txt"))
        expected["empty.txt"] = "empty"
        // Good inputs around them: UTF-16 with a BOM and CRLF line ends are accepted.
        var utf16 = Data([0xFF, 0xFE])
        for unit in "Ilham Aliyev met officials in Baku.\r\n".utf16 {
            utf16.append(UInt8(unit & 0xFF))
            utf16.append(UInt8(unit >> 8))
        }
        try utf16.write(to: inbox.appendingPathComponent("utf16.txt"))
        try "Reuters reported from London.\r\nThe Bank of England said so.\r\n".write(
            to: inbox.appendingPathComponent("crlf.txt"), atomically: false, encoding: .utf8)

        let records = try sandbox.waitForRecords(expected.count + 2)
        let byPath = Dictionary(records.map { ($0["path"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
        for (path, words) in expected {
            #expect(byPath[path]?["status"] as? String == "rejected", "\(path)")
            let error = byPath[path]?["error"] as? String ?? ""
            #expect(error.contains(words), "\(path): \(error)")
        }
        #expect(byPath["utf16.txt"]?["status"] as? String == "ok")
        #expect(byPath["crlf.txt"]?["status"] as? String == "ok")
        #expect(daemon.process.isRunning)

        // Names with a newline, quotes, a backslash and invalid UTF-8 stay valid JSON.
        let odd: [UInt8] = Array("odd\n\"q\"\\".utf8) + [0xFF, 0x2E, 0x74, 0x78, 0x74]
        let oddPath = Array(inbox.path.utf8) + [UInt8(ascii: "/")] + odd + [0]
        let fd = oddPath.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        }
        #expect(fd >= 0)
        _ = "An article about Tokyo.".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        let after = try sandbox.waitForRecords(expected.count + 3)
        #expect(after.count == expected.count + 3)
        let line = try String(contentsOf: sandbox.store, encoding: .utf8).split(separator: "\n").last ?? ""
        #expect(line.contains(#""path":"odd\n\"q\"\\\udcff.txt""#))
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }
}
