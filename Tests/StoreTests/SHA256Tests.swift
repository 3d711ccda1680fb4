import Foundation
import Testing

@testable import Store

/// wirewatch names every file version by SHA-256 (the content hash and the id over the path and
/// that hash). The digest comes from Sources/CSHA256 (the CPU's SHA extensions, or portable C);
/// these tests hold both ways to the standard vectors, to the hand-written implementation every
/// existing store was written with, and to coreutils' `sha256sum` on real files.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesTheStandardVectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
        #expect(ReferenceSHA256.hex(Array(input.utf8)) == digest)
        var hasher = SHA256()
        hasher.update(Array(input.utf8))
        #expect(hasher.finalize().map { String(format: "%02x", $0) }.joined() == digest)
    }

    @Test func aMillionAsInUnevenChunksMatchesTheStandardVector() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 777)
        var left = 1_000_000
        while left > 0 {
            let n = min(left, chunk.count)
            hasher.update(chunk[0..<n])
            left -= n
        }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length from 0 to 300 bytes (each padding case: short tail, tail past 55 bytes, whole
    /// blocks) and some long ones, whole and in random pieces, against the hand-written digest.
    @Test(.serialized, arguments: [false, true])
    func agreesWithTheHandWrittenImplementationOnEveryLengthAndSplit(portable: Bool) {
        // (other tests hashing meanwhile get the same digests either way)
        SHA256.forcePortable(portable)
        defer { SHA256.forcePortable(false) }
        var random = SplitMix(seed: 0x5eed_11)
        let lengths = Array(0...300) + [511, 512, 513, 4095, 4096, 4097, 65_537, 1 << 20]
        for length in lengths {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let expected = ReferenceSHA256.hex(bytes)
            #expect(SHA256.hex(bytes) == expected, "length \(length)")
            var pieces = SHA256()
            var at = 0
            while at < length {
                let n = min(length - at, Int(random.next() % 150))
                pieces.update(bytes[at..<(at + n)])
                at += n
            }
            #expect(pieces.finalizeHex() == expected, "length \(length) in pieces")
        }
    }

    /// The SHA extensions are used where /proc/cpuinfo lists them (`sha_ni`), and never when forbidden.
    @Test func usesTheExtensionsWhereTheCPUHasThem() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        let has = flags.split(separator: " ").contains("sha_ni") && flags.split(separator: " ").contains("sse4_1")
        #expect(SHA256.usesExtensions == has)
    }

    /// Real files, hashed by coreutils' `sha256sum` and by wirewatch.
    @Test func agreesWithSha256sumOnFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wirewatch-sha-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix(seed: 42)
        var expected: [String: String] = [:]
        for length in [0, 1, 55, 56, 63, 64, 65, 600, 4_000, 100_003] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let name = "f\(length).bin"
            try Data(bytes).write(to: folder.appendingPathComponent(name))
            expected[name] = SHA256.hex(bytes)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"] + expected.keys.sorted()
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var seen = 0
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(parts.count == 2)
            guard parts.count == 2 else { continue }
            #expect(expected[String(parts[1])] == String(parts[0]), "\(parts[1])")
            seen += 1
        }
        #expect(seen == expected.count)
    }
}

/// A small deterministic generator (SplitMix64) for test bytes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
