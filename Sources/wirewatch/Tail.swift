import ArgumentParser
import Store

struct Tail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Show the last records, and with -f the new ones as they land.",
        discussion: """
            Reads backwards from the end, so it is instant on any store size. A record still \
            being written (a last line without its newline) is not shown until it is whole. \
            With -f it keeps following when the store is truncated or replaced (rotated, or \
            re-created under the same name), starting again from the top of the new file.

            Examples:
              wirewatch tail
              wirewatch tail -n 50 --json | jq -r .path
              wirewatch tail -f
              wirewatch tail -n 0 -f --json | jq --unbuffered .title
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: [.customShort("n"), .long], help: "How many of the last records to show.")
    var lines = 10

    @Flag(name: .shortAndLong, help: "Keep following new records as they are appended (stop with Ctrl-C).")
    var follow = false

    @Flag(help: "Print the records as they are in the store (JSON lines).")
    var json = false

    func validate() throws {
        if lines < 0 { throw ValidationError("-n takes a number of records, 0 or more") }
    }

    func run() throws {
        let (path, origin) = store.resolved
        let bounds: (start: Int64, end: Int64)
        do {
            bounds = try StoreReader.tailOffset(path: path, lines: lines)
        } catch {
            throw StoreOptions.failure(error, path: path, origin: origin)
        }
        let out = Output.standard
        let rows = RecordRows(output: out, withIngested: true)
        let decoder = RecordDecoder()
        var shown = 0
        var headerDone = false
        func emit(_ number: Int, _ line: UnsafeBufferPointer<UInt8>) {
            if line.isEmpty { return }
            if json {
                out.write(line)
                out.byte(0x0A)
                shown += 1
                return
            }
            do {
                let record = try decoder.decode(line)
                if !headerDone {
                    rows.header()
                    headerDone = true
                }
                rows.row(record)
                shown += 1
            } catch {
                let place = number > 0 ? "line \(number)" : "a line"
                Diagnostics.warn("\(path): \(place): skipped a corrupt record (\(error))")
            }
        }
        if follow {
            let follower = StoreFollower(path: path, offset: bounds.start)
            try follower.follow { number, line in
                emit(number, line)
                out.flush()
                return true
            }
            return
        }
        let reader = try store.open(offset: bounds.start)
        try reader.forEachLine { number, line in
            emit(0, line)
            return true
        }
        try found(shown > 0)
    }
}
