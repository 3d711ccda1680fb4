import CSystemd
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler that writes to the systemd journal with structured fields, or plain
/// lines on stderr when stderr is a terminal or there is no journal.
///
/// Metadata keys become journal fields: `article.path` → `ARTICLE_PATH`, `errno` → `ERRNO`.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public let label: String
    private let identifier: String
    private let toJournal: Bool

    /// - Parameter identifier: the `SYSLOG_IDENTIFIER` (`wirewatchd`).
    public init(label: String, identifier: String) {
        self.label = label
        self.identifier = identifier
        self.toJournal = JournalLogHandler.journalAvailable()
    }

    /// The journal is used when stderr is not a terminal and journald answers on its socket.
    ///
    /// The socket file alone proves nothing: it outlives a journald that was stopped, and
    /// datagrams sent to it then fail with `ECONNREFUSED`. So the check connects.
    public static func journalAvailable(socketPath: String = "/run/systemd/journal/socket") -> Bool {
        if isatty(STDERR_FILENO) != 0 { return false }
        return socketAnswers(socketPath)
    }

    /// Whether a datagram socket at `path` has a live reader (`connect(2)` succeeds).
    public static func socketAnswers(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        if bytes.count >= capacity { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        if toJournal {
            sendToJournal(event, merged)
        } else {
            writeToStderr(event, merged)
        }
    }

    private func sendToJournal(_ event: LogEvent, _ metadata: Logger.Metadata) {
        var fields = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(Self.priority(event.level))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(event.file)",
            "CODE_LINE=\(event.line)",
            "CODE_FUNC=\(event.function)",
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append("\(Self.fieldName(key))=\(value)")
        }
        // sd_journal_sendv takes an array of iovecs; keep the bytes alive for the call.
        let buffers = fields.map { Array($0.utf8) }
        var iovecs: [iovec] = []
        iovecs.reserveCapacity(buffers.count)
        let result: Int32 = withExtendedLifetime(buffers) {
            for buffer in buffers {
                buffer.withUnsafeBufferPointer { p in
                    iovecs.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: p.baseAddress), iov_len: p.count))
                }
            }
            return sd_journal_sendv(iovecs, Int32(iovecs.count))
        }
        if result < 0 { writeToStderr(event, metadata) }
    }

    private func writeToStderr(_ event: LogEvent, _ metadata: Logger.Metadata) {
        var line = "\(identifier): \(event.level): \(event.message)"
        if !metadata.isEmpty {
            let fields = metadata.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" }
            line += " " + fields.joined(separator: " ")
        }
        line += "\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }

    /// `article.path` → `ARTICLE_PATH`: journal field names are upper-case letters, digits
    /// and underscores, not starting with one.
    static func fieldName(_ key: String) -> String {
        var name = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9": name.unicodeScalars.append(scalar)
            default: name.append("_")
            }
        }
        while name.first == "_" || name.first?.isNumber == true { name.removeFirst() }
        return name.isEmpty ? "FIELD" : name
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }
}
