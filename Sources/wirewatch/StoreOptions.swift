import ArgumentParser
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `--store FILE`, shared by every command that reads the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store to read (default: $WIREWATCH_STORE, else ./store/articles.jsonl).", valueName: "FILE"),
        completion: .file(extensions: ["jsonl"]))
    var store: String?

    static let defaultPath = "./store/articles.jsonl"

    /// The store's path and where it came from, for messages.
    var resolved: (path: FilePath, origin: String) {
        if let store { return (FilePath(store), "--store") }
        if let env = environment("WIREWATCH_STORE") { return (FilePath(env), "$WIREWATCH_STORE") }
        return (FilePath(Self.defaultPath), "the default")
    }

    /// Opens the store, or fails with a message that says where it looked and what to do.
    func open(offset: Int64 = 0, firstLineNumber: Int = 1) throws -> StoreReader {
        let (path, origin) = resolved
        do {
            return try StoreReader(path: path, offset: offset, firstLineNumber: firstLineNumber)
        } catch {
            throw Self.failure(error, path: path, origin: origin)
        }
    }

    static func failure(_ error: StoreReadError, path: FilePath, origin: String) -> Failure {
        switch error {
        case .missing:
            return Failure(
                "no store at \(path) (\(origin)); point at one with --store FILE or WIREWATCH_STORE=FILE, "
                    + "or start wirewatchd to create it")
        case .cannotOpen(_, let errno) where errno == .permissionDenied:
            return Failure(
                "cannot read the store \(path) (\(origin)): permission denied; run as a user who can read it "
                    + "(e.g. in the wirewatch group)")
        case .notAFile:
            return Failure("\(path) (\(origin)) is not a file; pass the store file itself with --store FILE")
        default:
            return Failure("\(error) (\(origin))")
        }
    }
}

/// Reads records from the store, decoding only the lines a prefilter lets through, and
/// reporting corrupt lines on stderr with their numbers.
struct StoreScan {
    let reader: StoreReader
    let decoder = RecordDecoder()
    private(set) var corrupt = 0

    init(reader: StoreReader) { self.reader = reader }

    /// Decodes a line, or reports it as corrupt and returns nil.
    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> Record? {
        if line.isEmpty { return nil }
        do {
            return try decoder.decode(line)
        } catch {
            corrupt += 1
            let place = number > 0 ? "line \(number)" : "a line"
            Diagnostics.warn("\(reader.path): \(place): skipped a corrupt record (\(error))")
            return nil
        }
    }

    /// Each line that passes `prefilter` (every line when it is nil), with its number, raw
    /// bytes, whether the prefilter is sure the line matches (see
    /// `EntityPrefilter.matchingLines`; then it need not be decoded) and a lazily decoded
    /// record. `body` returns false to stop.
    mutating func forEach(
        prefilter: EntityPrefilter?,
        _ body: (_ number: Int, _ line: UnsafeBufferPointer<UInt8>, _ sure: Bool, _ record: () -> Record?) throws
            -> Bool
    ) throws {
        var scan = self
        defer { self = scan }
        if let prefilter {
            try reader.forEachBlock { block in
                let lines = prefilter.matchingLines(in: block.bytes)
                guard !lines.isEmpty, let base = block.bytes.baseAddress else { return true }
                var number = block.firstLineNumber
                var counted = 0
                for (start, sure) in lines {
                    number += LineBlock.countNewlines(UnsafeBufferPointer(rebasing: block.bytes[counted..<start]))
                    counted = start
                    let end =
                        start
                        + (memchr(base + start, 0x0A, block.bytes.count - start)
                            .map { UnsafeRawPointer(base + start).distance(to: UnsafeRawPointer($0)) } ?? 0)
                    let line = UnsafeBufferPointer(start: base + start, count: end - start)
                    var cached: Record??
                    let lineNumber = number
                    let keepGoing = try body(lineNumber, line, sure) {
                        if let cached { return cached }
                        let value = scan.decode(line, number: lineNumber)
                        cached = .some(value)
                        return value
                    }
                    if !keepGoing { return false }
                }
                return true
            }
        } else {
            try reader.forEachLine { number, line in
                var cached: Record??
                return try body(number, line, false) {
                    if let cached { return cached }
                    let value = scan.decode(line, number: number)
                    cached = .some(value)
                    return value
                }
            }
        }
    }

    /// Puts one line the entity index could not decode through the scan's steps: past the
    /// prefilter (when there is one), then to `body` with its record decoded on demand (so a
    /// corrupt line is reported with its number, as a scan reports it).
    mutating func visit(
        _ line: [UInt8], number: Int, prefilter: EntityPrefilter?,
        _ body: (_ line: UnsafeBufferPointer<UInt8>, _ sure: Bool, _ record: () -> Record?) -> Void
    ) {
        let bytes = line + [0x0A]
        var sure = false
        if let prefilter {
            guard let hit = bytes.withUnsafeBufferPointer({ prefilter.matchingLines(in: $0) }).first else { return }
            sure = hit.sure
        }
        var scan = self
        defer { self = scan }
        line.withUnsafeBufferPointer { line in
            body(line, sure) { scan.decode(line, number: number) }
        }
    }
}
