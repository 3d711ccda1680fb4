import CProcess
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
    ///
    /// With more than one file and more than one CPU to run on (`jobs`, by default the CPUs this
    /// process may use), the files are extracted by that many threads at once, each taking the next
    /// file as it finishes one; the records still come out in the order of `files`, each written once
    /// every record before it has been. One file or one CPU: no thread is started.
    public static func run(_ files: [String], processor: ArticleProcessor, jobs: Int? = nil) -> Int32 {
        let threads = min(jobs ?? availableCPUs(), files.count, ParallelExtraction.maxThreads)
        if threads > 1 { return ParallelExtraction(files, processor: processor, threads: threads).run() }
        let encoder = RecordEncoder()
        var writer = RecordWriter()
        for file in files { writer.add(ExtractedFile(file, processor: processor, encoder: encoder)) }
        writer.flush()
        return writer.ok > 0 ? 0 : 1
    }
}

/// One file's record, encoded, and the warning that goes with it when it is not ok.
private struct ExtractedFile {
    var bytes: [UInt8]
    var ok: Bool
    var warning: String?

    init(_ file: String, processor: ArticleProcessor, encoder: RecordEncoder) {
        let record = processor.record(forFileAt: FilePath(file), relativePath: PathName(file))
        ok = record.status == .ok
        bytes = encoder.encode(record)
        warning = ok ? nil : "wirewatch: \(file): \(record.error ?? "rejected")\n"
    }
}

/// Records on their way to standard output, in file order, 64 KiB at a time; a file's warning goes to
/// standard error after the records before it.
private struct RecordWriter {
    var out: [UInt8] = []
    var ok = 0

    init() { out.reserveCapacity(1 << 16) }

    mutating func add(_ file: ExtractedFile) {
        if file.ok {
            ok += 1
        } else if let warning = file.warning {
            flush()  // the warning after the records before it
            _ = Array(warning.utf8).withUnsafeBytes { writeAll(STDERR_FILENO, $0) }
        }
        out.append(contentsOf: file.bytes)
        if out.count >= 1 << 16 { flush() }
    }

    /// Writes what is held; a closed pipe or a full disk ends the process with status 2 (other threads
    /// with it: nothing more could be written anyway).
    mutating func flush() {
        guard !out.isEmpty else { return }
        if !out.withUnsafeBytes({ writeAll(STDOUT_FILENO, $0) }) { exit(2) }
        out.removeAll(keepingCapacity: true)
    }
}

/// The CPUs this process may run on (its affinity mask: `taskset -c 0` makes it one), at least 1.
public func availableCPUs() -> Int { Int(ww_available_cpus()) }

/// `PlainExtraction.run` on several threads: each takes the next file (an index under the lock),
/// extracts and encodes it, and leaves its record in the file's slot. The calling thread is one of
/// them and the only writer: after each file of its own it writes out the records now complete in
/// file order, and once no file is left it waits for the rest. The others stay at most `window`
/// files (16 a thread) ahead of what is written, so memory stays bounded whatever the number of files:
/// a few dozen records at most, not one per file named.
private final class ParallelExtraction: @unchecked Sendable {
    static let maxThreads = 64
    let files: [String]
    let processor: ArticleProcessor
    let threads: Int
    let window: Int
    /// Everything below is read and written under `lock` only.
    let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a record the writer waits for is stored.
    let stored = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when the writer frees slots.
    let freed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    var next = 0
    var written = 0
    var writerWaits = false
    var slots: [ExtractedFile?]

    init(_ files: [String], processor: ArticleProcessor, threads: Int) {
        self.files = files
        self.processor = processor
        self.threads = threads
        window = 16 * threads
        slots = Array(repeating: nil, count: window)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(stored, nil)
        pthread_cond_init(freed, nil)
    }

    deinit {
        pthread_cond_destroy(freed)
        pthread_cond_destroy(stored)
        pthread_mutex_destroy(lock)
        freed.deallocate()
        stored.deallocate()
        lock.deallocate()
    }

    /// Extracts every file with `threads` threads (this one and `threads - 1` more) and writes the records.
    func run() -> Int32 {
        var started: [pthread_t] = []
        for _ in 1..<threads {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let made = pthread_create(
                &thread, nil,
                { context in
                    let run = Unmanaged<ParallelExtraction>.fromOpaque(context!).takeRetainedValue()
                    run.work()
                    return nil
                }, context)
            guard made == 0 else {
                Unmanaged<ParallelExtraction>.fromOpaque(context).release()
                break  // fewer threads then; this one works too
            }
            started.append(thread)
        }
        var writer = RecordWriter()
        work(writer: &writer)
        pthread_mutex_lock(lock)
        while written < files.count {
            if slots[written % window] == nil {
                writerWaits = true
                pthread_cond_wait(stored, lock)
                continue
            }
            takeCompleted(into: &writer)
        }
        pthread_mutex_unlock(lock)
        writer.flush()
        for thread in started { pthread_join(thread, nil) }
        return writer.ok > 0 ? 0 : 1
    }

    /// Under the lock: the records complete from `written` on, handed to the writer (which may write
    /// them out: the lock is let go meanwhile), their slots freed.
    private func takeCompleted(into writer: inout RecordWriter) {
        var taken: [ExtractedFile] = []
        while written < files.count, let done = slots[written % window] {
            slots[written % window] = nil
            written += 1
            taken.append(done)
        }
        guard !taken.isEmpty else { return }
        pthread_cond_broadcast(freed)
        pthread_mutex_unlock(lock)
        for done in taken { writer.add(done) }
        pthread_mutex_lock(lock)
    }

    /// A thread's share: the next file, extracted and encoded, into its slot, until none is left. The
    /// writing thread also writes out what is complete after each of its files.
    private func work(writer: UnsafeMutablePointer<RecordWriter>? = nil) {
        let encoder = RecordEncoder()
        while true {
            pthread_mutex_lock(lock)
            while next < files.count && next >= written + window {
                if let writer, slots[written % window] != nil {
                    takeCompleted(into: &writer.pointee)
                } else if writer != nil {
                    writerWaits = true
                    pthread_cond_wait(stored, lock)
                } else {
                    pthread_cond_wait(freed, lock)
                }
            }
            guard next < files.count else {
                pthread_mutex_unlock(lock)
                return
            }
            let index = next
            next += 1
            pthread_mutex_unlock(lock)
            let done = ExtractedFile(files[index], processor: processor, encoder: encoder)
            pthread_mutex_lock(lock)
            slots[index % window] = done
            if let writer {
                takeCompleted(into: &writer.pointee)
            } else if writerWaits && index == written {
                writerWaits = false
                pthread_cond_signal(stored)
            }
            pthread_mutex_unlock(lock)
        }
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
