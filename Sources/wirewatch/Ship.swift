import ArgumentParser
import Store
import SystemPackage
import Warehouse

#if canImport(Glibc)
    import Glibc
#endif

struct Ship: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship",
        abstract: "Ship the store into PostgreSQL, each record exactly once, following it as it grows.",
        discussion: """
            Follows the store like tail -f (across rotation and replacement) and writes each record \
            into the schema wirewatch of the database (created and migrated on first contact): one \
            row per record in wirewatch.articles, one per entity in wirewatch.entities. The \
            shipper's position (which file, how far) is saved in the same transaction as the rows, \
            and rows are keyed by record id, so a shipper killed at any point and started again \
            leaves every record there once. A database that is down or refusing is retried with \
            backoff; the shipper never exits on its own (SIGTERM stops it, status 0). With --once \
            it ships what is there and exits.

            The password is never given on the command line: put it in a file only you can read \
            (--password-file FILE), a systemd credential named pgpassword (LoadCredential=), or \
            PGPASSWORD. A line that cannot be decoded is skipped with a warning naming its offset.

            Examples:
              wirewatch ship --to postgresql://wirewatch@db.example:5432/wirewatch --password-file ~/.wirewatch-pg
              wirewatch ship --to postgresql://postgres@localhost/wirewatch --store ./store/articles.jsonl --once
              wirewatch ship --to 'postgresql://wirewatch@/wirewatch?host=/run/postgresql' --origin collector-2
            """)

    @Option(help: ArgumentHelp("The database to ship into.", valueName: "URL"))
    var to: String?

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The name of this host's records (default: the host name).", valueName: "NAME"))
    var origin: String?

    @Flag(help: "Ship what the store holds now, then exit.")
    var once = false

    @Option(
        help: ArgumentHelp("Read the database password from FILE (mode 0600).", valueName: "FILE"),
        completion: .file())
    var passwordFile: String?

    @Option(
        help: ArgumentHelp(
            "Records per transaction (a kill or an outage costs at most one batch of work, never a record).",
            valueName: "N"))
    var batch = 5000

    @Option(
        help: ArgumentHelp(
            "Connections writing batches side by side (each still commits in store order).", valueName: "N"))
    var connections = 2

    func validate() throws {
        if batch < 1 || batch > 50_000 { throw ValidationError("--batch takes a number from 1 to 50000") }
        if connections < 1 || connections > 16 { throw ValidationError("--connections takes a number from 1 to 16") }
        if let origin, origin.isEmpty { throw ValidationError("--origin takes a non-empty name") }
    }

    func run() throws {
        guard let url = to ?? environment("WIREWATCH_DB") else {
            throw Failure(
                "say where to ship: --to postgresql://USER@HOST:PORT/DATABASE (or set WIREWATCH_DB)")
        }
        let address = try DatabaseOptions.resolve(url, passwordFile: passwordFile)
        let (path, _) = store.resolved
        let options = Shipper.Options(
            store: path, origin: origin ?? hostName(), once: once, batchSize: batch, connections: connections)
        ShipSignals.install()
        let shipper = Shipper(
            address: address, options: options, report: { Diagnostics.warn($0) },
            shouldStop: { ShipSignals.stopRequested })
        let summary = try runBlocking { await shipper.run() }
        if summary.skipped < 0 { throw ExitCode(2) }
        let skipped = summary.skipped > 0 ? ", skipped \(summary.skipped) undecodable" : ""
        Diagnostics.warn(
            "shipped \(summary.records) records from \(path) as \(options.origin) to \(address)\(skipped)")
    }

    func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// SIGTERM and SIGINT ask the shipper to stop after the transaction in flight (status 0).
/// Every commit is whole, so if stopping takes longer than a few seconds (a database that
/// does not answer), the process exits anyway.
enum ShipSignals {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0
    static var stopRequested: Bool { flag != 0 }

    static func install() {
        for signal in [SIGTERM, SIGINT] {
            Glibc.signal(signal) { _ in
                ShipSignals.flag = 1
                alarm(5)
            }
        }
        Glibc.signal(SIGALRM) { _ in _exit(0) }
    }
}
