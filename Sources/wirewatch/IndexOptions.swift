import ArgumentParser
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `--no-index`, and the entity index the commands that look names up use otherwise.
struct IndexOptions: ParsableArguments {
    @Flag(
        name: .customLong("no-index"),
        help: "Scan the whole store instead of using its entity index (the answer is the same).")
    var noIndex = false

    /// Lines past the index's end are scanned; when there are more than this many bytes of
    /// them, the index is brought up to date first (when this user may write it).
    static let tailLimit: Int64 = 32 << 20

    /// The index of `store`, brought up to date (or rebuilt) first when it is missing, stale or
    /// far behind and this user may write beside the store; nil with `--no-index` or when
    /// there is none to use (the command then scans the store).
    func snapshot(for store: FilePath) -> EntityIndexSnapshot? {
        if noIndex { return nil }
        var info = stat()
        guard stat(store.string, &info) == 0 else { return nil }
        if let snapshot = EntityIndexSnapshot.open(store: store),
            Int64(info.st_size) - snapshot.coveredEnd <= Self.tailLimit
        {
            return snapshot
        }
        let interactive = isatty(STDERR_FILENO) != 0
        if interactive { Diagnostics.raw("wirewatch: bringing the entity index of \(store) up to date...\r") }
        _ = EntityIndex.update(store: store)
        if interactive { Diagnostics.raw("\u{1B}[2K") }
        return EntityIndexSnapshot.open(store: store)
    }
}

/// Reads whole lines of the store by their offsets (what the index points at).
struct StoreLines {
    let fd: Int32

    init?(path: FilePath) {
        fd = Glibc.open(path.string, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
    }

    func close() { _ = Glibc.close(fd) }

    /// The line of `length` bytes at `offset` (without its newline).
    func line(_ record: IndexedRecord) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: record.length)
        var done = 0
        while done < record.length {
            let n = bytes.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + done, record.length - done, off_t(record.offset) + off_t(done))
            }
            if n <= 0 { return nil }
            done += n
        }
        return bytes
    }
}
