import Articles
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure the user can act on: printed on stderr as `wirewatch: <message>`, exit status 2.
struct Failure: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Buffered writing to stdout and stderr through file descriptors.
final class Output {
    nonisolated(unsafe) static let standard = Output(fd: .standardOutput)

    let fd: FileDescriptor
    private var buffer: [UInt8] = []
    /// Whether this stream is a terminal.
    let isTerminal: Bool

    init(fd: FileDescriptor) {
        self.fd = fd
        self.isTerminal = isatty(fd.rawValue) == 1
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    func byte(_ byte: UInt8) {
        buffer.append(byte)
    }

    func line(_ text: String = "") {
        write(text)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        if !buffer.withUnsafeBytes({ writeAll(fd.rawValue, $0) }) {
            // The reader went away (a closed pipe) or the disk is full: nothing more to say.
            Glibc.exit(2)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The terminal's width in columns (80 when unknown or not a terminal).
    var columns: Int {
        var size = winsize()
        if isTerminal, ioctl(fd.rawValue, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let env = getenv("COLUMNS"), let value = Int(String(cString: env)), value > 0 { return value }
        return 80
    }

    /// Whether to colour: a terminal, `NO_COLOR` unset or empty, and not `TERM=dumb`.
    var useColour: Bool {
        guard isTerminal else { return false }
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }
}

/// Messages on stderr.
enum Diagnostics {
    static func warn(_ message: String) {
        Output.standard.flush()
        raw("wirewatch: \(message)\n")
    }

    static func raw(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { writeAll(STDERR_FILENO, $0) }
    }
}

/// The environment variable `name`, when set and not empty.
func environment(_ name: String) -> String? {
    guard let value = getenv(name), value.pointee != 0 else { return nil }
    return String(cString: value)
}
