import Logging
import NIOConcurrencyHelpers
import NIOSSL
import PostgresNIO
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL address: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...&host=/socket/dir]`.
///
/// The password is better kept off the command line: see `Credentials`.
public struct DatabaseAddress: Sendable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require, verifyFull = "verify-full" }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// A folder holding the server's Unix socket (`?host=/run/postgresql`), instead of TCP.
    public var socketDirectory: String?
    public var tls: TLSMode

    /// Parses a URL; the error says what a good one looks like.
    public init(_ url: String) throws(DatabaseError) {
        let usage =
            "use postgresql://USER@HOST:PORT/DATABASE (e.g. postgresql://wirewatch@localhost:5432/wirewatch)"
        var rest = Substring(url)
        if rest.hasPrefix("postgresql://") {
            rest = rest.dropFirst("postgresql://".count)
        } else if rest.hasPrefix("postgres://") {
            rest = rest.dropFirst("postgres://".count)
        } else {
            throw .badAddress("\(Self.redacted(url)) is not a PostgreSQL URL; \(usage)")
        }
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user = "postgres"
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = Self.percentDecoded(userInfo[..<colon])
                password = Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
            } else {
                user = Self.percentDecoded(userInfo)
            }
        } else if let env = getenv("USER").map({ String(cString: $0) }), !env.isEmpty {
            user = env
        }
        var host = "localhost"
        var port = 5432
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let p = Int(rest.dropFirst()), (1...65535).contains(p) else {
                    throw .badAddress("bad port in \(Self.redacted(url)); \(usage)")
                }
                port = p
            }
        } else if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw .badAddress("bad port in \(Self.redacted(url)); \(usage)")
            }
            port = p
            if colon > rest.startIndex { host = String(rest[..<colon]) }
        } else if !rest.isEmpty {
            host = String(rest)
        }
        var socketDirectory: String?
        var tls: TLSMode?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0])
            let value = parts.count > 1 ? Self.percentDecoded(parts[1]) : ""
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw .badAddress("sslmode=\(value): use disable, prefer, require or verify-full")
                }
                tls = mode
            case "host":
                if value.hasPrefix("/") { socketDirectory = value } else { host = value }
            case "port":
                guard let p = Int(value), (1...65535).contains(p) else { throw .badAddress("port=\(value): bad port") }
                port = p
            case "user": user = value
            case "dbname": path = Substring(value)
            case "application_name", "connect_timeout": break
            default:
                throw .badAddress(
                    "unknown parameter \(key) in \(Self.redacted(url)); known: sslmode, host, port, user, dbname")
            }
        }
        let database = Self.percentDecoded(path)
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database.isEmpty ? user : database
        self.socketDirectory = socketDirectory
        // Like libpq's default (prefer), except on loopback and Unix sockets, where TLS buys nothing.
        let local = socketDirectory != nil || host == "localhost" || host.hasPrefix("127.") || host == "::1"
        self.tls = tls ?? (local ? .disable : .prefer)
    }

    /// The address without its password, for messages.
    public var description: String {
        var text = "postgresql://\(user)@"
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)/\(database)"
        if let socketDirectory { text += "?host=\(socketDirectory)" }
        return text
    }

    /// `url` with any password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let afterScheme = url[scheme.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return url
        }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func configuration() throws(DatabaseError) -> PostgresConnection.Configuration {
        var config: PostgresConnection.Configuration
        if let socketDirectory {
            config = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        } else {
            let tlsConfig: PostgresConnection.Configuration.TLS
            do {
                switch tls {
                case .disable:
                    tlsConfig = .disable
                case .prefer, .require:
                    var client = TLSConfiguration.makeClientConfiguration()
                    client.certificateVerification = .none
                    let context = try NIOSSLContext(configuration: client)
                    tlsConfig = tls == .prefer ? .prefer(context) : .require(context)
                case .verifyFull:
                    tlsConfig = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw .badAddress("cannot set up TLS for \(self): \(error)")
            }
            config = .init(
                host: host, port: port, username: user, password: password, database: database, tls: tlsConfig)
        }
        config.options.connectTimeout = .seconds(10)
        return config
    }
}

/// Where the password comes from when the URL has none: never from the command line.
///
/// In order: `--password-file FILE` (must not be readable by group or others), the systemd
/// credential `pgpassword` (`LoadCredential=pgpassword:/etc/wirewatch/pgpassword`, read from
/// `$CREDENTIALS_DIRECTORY`), then `$PGPASSWORD`. None of them is needed for `trust` or `peer`
/// authentication.
public enum Credentials {
    public static let credentialName = "pgpassword"

    public static func password(file: String?) throws(DatabaseError) -> String? {
        if let file { return try read(file, checkMode: true) }
        if let dir = getenv("CREDENTIALS_DIRECTORY").map({ String(cString: $0) }) {
            let path = dir + "/" + credentialName
            if access(path, F_OK) == 0 { return try read(path, checkMode: false) }
        }
        if let env = getenv("PGPASSWORD").map({ String(cString: $0) }), !env.isEmpty { return env }
        return nil
    }

    static func read(_ path: String, checkMode: Bool) throws(DatabaseError) -> String {
        let fd: SystemPackage.FileDescriptor
        do {
            fd = try SystemPackage.FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        } catch {
            throw .badCredentials("cannot read the password file \(path): \(error)")
        }
        defer { try? fd.close() }
        var info = stat()
        if checkMode, fstat(fd.rawValue, &info) == 0, info.st_mode & 0o077 != 0 {
            throw .badCredentials(
                "the password file \(path) is readable by group or others; run: chmod 600 \(path)")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = (try? chunk.withUnsafeMutableBytes { try fd.read(into: $0) }) ?? 0
            if n <= 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > 1 << 16 { break }
        }
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What went wrong talking to the database, in words a person can act on.
public enum DatabaseError: Error, CustomStringConvertible {
    case badAddress(String)
    case badCredentials(String)
    case unreachable(String)
    case failed(String)

    public var description: String {
        switch self {
        case .badAddress(let m), .badCredentials(let m), .unreachable(let m), .failed(let m): return m
        }
    }
}

/// Runs `operation`, or fails after `deadline` without waiting for it (an operation stuck on a
/// peer that never answers is left behind, not waited for).
func withDeadline<T: Sendable>(
    _ deadline: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let once = Once()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let work = Task {
            do {
                let value = try await operation()
                if once.claim() { continuation.resume(returning: value) }
            } catch {
                if once.claim() { continuation.resume(throwing: error) }
            }
        }
        Task {
            try? await Task.sleep(for: deadline)
            if once.claim() {
                work.cancel()
                continuation.resume(throwing: DatabaseError.unreachable("no answer within \(deadline)"))
            }
        }
    }
}

/// True for the first caller only.
final class Once: @unchecked Sendable {
    private let lock = NIOLock()
    private var done = false

    func claim() -> Bool {
        lock.withLock {
            if done { return false }
            done = true
            return true
        }
    }
}

/// One connection, opened from an address; closes on `close()`.
public final class Database: @unchecked Sendable {
    public let address: DatabaseAddress
    let connection: PostgresConnection
    let logger: Logger

    private init(address: DatabaseAddress, connection: PostgresConnection, logger: Logger) {
        self.address = address
        self.connection = connection
        self.logger = logger
    }

    /// Connects, or throws an error that says why in plain words.
    public static func connect(
        _ address: DatabaseAddress, logger: Logger? = nil
    ) async throws(DatabaseError)
        -> Database
    {
        var logger = logger ?? Logger(label: "wirewatch.db", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        let config = try address.configuration()
        let quiet = logger
        do {
            let connection = try await withDeadline(.seconds(30)) {
                try await PostgresConnection.connect(configuration: config, id: 1, logger: quiet)
            }
            return Database(address: address, connection: connection, logger: logger)
        } catch {
            throw .unreachable("cannot connect to \(address): \(Self.explain(error))")
        }
    }

    /// Closes without waiting for the server (which may be gone).
    public func close() async {
        let connection = self.connection
        Task { try? await connection.close() }
    }

    /// Runs `body` on the connection, failing at once when the server has gone (a query on a
    /// connection the server closed may otherwise never answer), and closing the connection
    /// when it takes longer than `deadline` (a peer gone silent: half-open TCP).
    func run<T: Sendable>(
        deadline: Duration = .seconds(120), _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        guard !connection.isClosed else {
            throw DatabaseError.unreachable("the server closed the connection")
        }
        let connection = self.connection
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            try? await connection.close()
        }
        defer { watchdog.cancel() }
        return try await body(connection)
    }

    public var isClosed: Bool { connection.isClosed }

    /// A short, human reason for a PostgresNIO error.
    public static func explain(_ error: any Error) -> String {
        if let error = error as? PostgresTransactionError {
            if let e = error.closureError { return explain(e) }
            if let e = error.commitError { return explain(e) }
            if let e = error.beginError { return explain(e) }
        }
        if let error = error as? DatabaseError { return error.description }
        if let error = error as? PSQLError, let info = error.serverInfo, let message = info[.message] {
            var text = message
            if let state = info[.sqlState] { text += " (SQLSTATE \(state))" }
            if let hint = info[.hint] { text += "; \(hint)" }
            return text
        }
        var text = "\(error)"
        if let error = error as? PSQLError {
            if let underlying = error.underlying {
                text = "\(underlying)"
            } else {
                switch error.code {
                case .serverClosedConnection, .uncleanShutdown: return "the server closed the connection"
                case .clientClosedConnection: return "the connection is closed"
                case .authMechanismRequiresPassword:
                    return "the server asks for a password; give one with --password-file FILE (mode 0600), "
                        + "the systemd credential \(Credentials.credentialName) or PGPASSWORD"
                default: return "\(error.code)"
                }
            }
        }
        for (needle, plain) in [
            ("Connection refused", "connection refused (is PostgreSQL running, and listening there?)"),
            ("No such file or directory", "no server socket there (is PostgreSQL running?)"),
            ("No route to host", "no route to the host"), ("Network is unreachable", "the network is unreachable"),
            ("Name or service not known", "unknown host name"), ("timed out", "timed out"),
        ] where text.contains(needle) {
            return plain
        }
        return text
    }

    /// The SQLSTATE of a server error, if it is one.
    public static func sqlState(_ error: any Error) -> String? {
        if let error = error as? PostgresTransactionError {
            return (error.closureError ?? error.commitError ?? error.beginError).flatMap(sqlState)
        }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
