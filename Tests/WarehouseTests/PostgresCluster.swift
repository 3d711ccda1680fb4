import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real, throwaway PostgreSQL: `initdb` in a temporary folder, the server on a free loopback
/// port (run as the `postgres` user when the tests run as root, which PostgreSQL requires),
/// stopped and removed when the test process ends.
final class PostgresCluster: @unchecked Sendable {
    let directory: URL
    let data: URL
    let port: Int
    let bin: URL
    /// Extra addresses to listen on (besides 127.0.0.1) and clients to trust.
    let listen: [String]
    private var server: Process?
    private let lock = NSLock()

    /// The cluster the tests share; each test makes its own database in it.
    static let shared: PostgresCluster = {
        do {
            let cluster = try PostgresCluster()
            try cluster.start()
            return cluster
        } catch {
            fatalError("cannot start a test PostgreSQL: \(error)")
        }
    }()

    nonisolated(unsafe) private static var all: [PostgresCluster] = []
    private static let registry = NSLock()

    init(listen: [String] = [], trust: [String] = []) throws {
        bin = try Self.binDirectory()
        directory = URL(fileURLWithPath: "/tmp/wirewatch-pg-\(UUID().uuidString.prefix(8))")
        data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        self.listen = listen
        if getuid() == 0 { try Self.run("/bin/chown", ["postgres:postgres", directory.path]) }
        try runAsOwner(
            bin.appendingPathComponent("initdb").path,
            [
                "-D", data.path, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C",
            ])
        // A user who must give a password (scram), to test the credential paths.
        var hba = "host all wirewatch_pw 127.0.0.1/32 scram-sha-256\n"
        hba += "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        for network in trust { hba += "host all all \(network) trust\n" }
        try hba.write(to: data.appendingPathComponent("pg_hba.conf"), atomically: false, encoding: .utf8)
        Self.registry.lock()
        Self.all.append(self)
        if Self.all.count == 1 { atexit { PostgresCluster.removeAll() } }
        Self.registry.unlock()
    }

    static func removeAll() {
        registry.lock()
        let clusters = all
        all = []
        registry.unlock()
        for cluster in clusters { cluster.remove() }
    }

    var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    func url(database: String, user: String = "postgres", host: String = "127.0.0.1") -> String {
        "postgresql://\(user)@\(host):\(port)/\(database)"
    }

    /// Starts the server and waits until it answers.
    func start() throws {
        lock.lock()
        defer { lock.unlock() }
        if server != nil { return }
        let process = Process()
        var arguments = [
            bin.appendingPathComponent("postgres").path, "-D", data.path, "-p", String(port), "-k", directory.path,
            "-c", "listen_addresses=" + (["127.0.0.1"] + listen).joined(separator: ","),
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=50", "-c", "shared_buffers=64MB", "-c", "log_connections=on",
        ]
        if getuid() == 0 {
            arguments = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--"] + arguments
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        } else {
            process.executableURL = URL(fileURLWithPath: arguments.removeFirst())
        }
        process.arguments = arguments
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        server = process
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? psql("postgres", "SELECT 1")) == "1" { return }
            if !process.isRunning { break }
            usleep(100_000)
        }
        throw ClusterError(
            message: "the test PostgreSQL did not start: "
                + ((try? String(contentsOf: log, encoding: .utf8)) ?? ""))
    }

    var serverLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }

    /// Stops the server at once (SIGQUIT: immediate shutdown, like a crash of the host).
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard let server else { return }
        kill(server.processIdentifier, SIGQUIT)
        server.waitUntilExit()
        self.server = nil
    }

    func remove() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A new, empty database; its URL.
    func makeDatabase(_ prefix: String = "t") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try psql("postgres", "CREATE DATABASE \(name)")
        return name
    }

    /// Runs SQL with psql; the result rows, unaligned, `|`-separated.
    @discardableResult
    func psql(_ database: String, _ sql: String) throws -> String {
        let result = try Self.capture(
            bin.appendingPathComponent("psql").path,
            [
                "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres",
                "-d", database, "-c", sql,
            ])
        guard result.status == 0 else { throw ClusterError(message: "psql failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func count(_ database: String, _ sql: String) throws -> Int {
        let text = try psql(database, sql)
        guard let n = Int(text) else { throw ClusterError(message: "not a number: \(text)") }
        return n
    }

    private func runAsOwner(_ tool: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try Self.run(
                "/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", tool] + arguments)
        } else {
            try Self.run(tool, arguments)
        }
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let result = try capture(tool, arguments)
        guard result.status == 0 else {
            throw ClusterError(message: "\(tool) \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
    }

    static func capture(_ tool: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgcap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return (
            process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        )
    }

    /// PostgreSQL's programs: Debian keeps them in /usr/lib/postgresql/VERSION/bin.
    static func binDirectory() throws -> URL {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .compactMap(Int.init).sorted()
        for version in versions.reversed() {
            let dir = URL(fileURLWithPath: "\(base)/\(version)/bin")
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("postgres").path) { return dir }
        }
        throw ClusterError(message: "no PostgreSQL server under \(base); run scripts/deps.sh (installs postgresql)")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError(message: "socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw ClusterError(message: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct ClusterError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
