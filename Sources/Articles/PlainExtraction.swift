import Extraction
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `wirewatch extract FILE...` with no option: what the small `wirewatch` binary runs itself (every
/// other command it hands to `wirewatch-full`), and what `wirewatch-full` runs for it too, so both
/// give one command. Built without ArgumentParser: its parse costs about 100,000 instructions for
/// every file named, more than reading and hashing it.
public enum PlainExtraction {
    /// The files of `extract FILE...` with no option; nil for anything else (an option, `--`, `-`, an
    /// empty name, help), which goes through ArgumentParser.
    public static func files(_ arguments: [String]) -> [String]? {
        guard arguments.count >= 2, arguments[0] == "extract" else { return nil }
        let files = arguments[1...]
        guard files.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") }) else { return nil }
        return Array(files)
    }

    /// Prints each file's record on standard output (one JSON line, the path as given) and, for a file
    /// that gave none ok, `wirewatch: FILE: why` on standard error. Returns 0 when at least one file
    /// gave an ok record, 1 when none did; exits with status 2 when standard output cannot be written
    /// (a closed pipe, a full disk).
    public static func run(_ files: [String], processor: ArticleProcessor) -> Int32 {
        let encoder = RecordEncoder()
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        func flush() {
            guard !out.isEmpty else { return }
            if !out.withUnsafeBytes({ writeAll(STDOUT_FILENO, $0) }) { exit(2) }
            out.removeAll(keepingCapacity: true)
        }
        var ok = 0
        for file in files {
            let record = processor.record(forFileAt: FilePath(file), relativePath: PathName(file))
            if record.status == .ok {
                ok += 1
            } else {
                flush()  // the warning after the records before it
                _ = Array("wirewatch: \(file): \(record.error ?? "rejected")\n".utf8).withUnsafeBytes {
                    writeAll(STDERR_FILENO, $0)
                }
            }
            out.append(contentsOf: encoder.encode(record))
            if out.count >= 1 << 16 { flush() }
        }
        flush()
        return ok > 0 ? 0 : 1
    }
}

/// Writes all of `bytes` to `fd` (again after a signal or a short write); false on an error. Plain
/// `write(2)`: SystemPackage's generic `writeAll` had the runtime build its `Result` types from their
/// mangled names at the first write of every run (~0.3 M instructions).
public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    guard var p = bytes.baseAddress else { return true }
    var left = bytes.count
    while left > 0 {
        let n = write(fd, p, left)
        if n < 0 {
            if errno == EINTR { continue }
            return false
        }
        p += n
        left -= n
    }
    return true
}

/// Starts from default signal handling whatever the parent left: a blocked or ignored SIGTERM
/// would make `tail -f` unstoppable, an ignored SIGPIPE would keep it writing to a closed pipe.
public func resetSignals() {
    var none = sigset_t()
    sigemptyset(&none)
    sigprocmask(SIG_SETMASK, &none, nil)
    for sig in [SIGPIPE, SIGTERM, SIGINT, SIGHUP] { signal(sig, SIG_DFL) }
}
