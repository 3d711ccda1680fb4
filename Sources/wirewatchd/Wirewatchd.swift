import ArgumentParser
import Extraction
import Ingest
import Logging
import ServiceLifecycle
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

@main
struct Wirewatchd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wirewatchd",
        abstract: "Watch an inbox folder and append one JSON line per article to the store.",
        discussion: """
            Every article dropped into the inbox (by cp, mv, rsync or an editor) is read, its \
            people, organisations, places, dates and metadata are extracted, and one schema-v1 \
            JSON line is appended to the store, exactly once per version of each file. Files \
            that cannot be read get a "rejected" record that says why.

            Runs in the foreground; under systemd it speaks sd_notify (Type=notify, READY, \
            STATUS, WATCHDOG) and logs to the journal. SIGTERM or SIGINT finishes the article \
            in flight and exits 0.

            Examples:
              wirewatchd                                  # ./inbox -> ./store/articles.jsonl
              wirewatchd --inbox /srv/inbox --store /var/lib/wirewatch/articles.jsonl
              wirewatchd --inbox ~/news --once            # ingest what is there, then exit
            """
    )

    @Option(help: ArgumentHelp("The folder to watch (and its sub-folders).", valueName: "dir"))
    var inbox: String = "./inbox"

    @Option(help: ArgumentHelp("The JSON-lines file records are appended to; created if missing.", valueName: "file"))
    var store: String = "./store/articles.jsonl"

    @Option(help: ArgumentHelp("Files larger than this many bytes are rejected unread.", valueName: "n"))
    var maxBytes: Int = ArticleProcessor.defaultMaxBytes

    @Flag(help: "Ingest the articles waiting in the inbox, then exit 0 (backfill, scripts).")
    var once = false

    func validate() throws {
        guard maxBytes > 0 else {
            throw ValidationError("--max-bytes must be a positive number of bytes, e.g. --max-bytes 16777216.")
        }
        var info = stat()
        guard stat(inbox, &info) == 0 else {
            throw ValidationError(
                "the inbox \(inbox) does not exist. Create it (mkdir -p \(inbox)) or pass --inbox DIR.")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ValidationError("the inbox \(inbox) is not a folder; pass --inbox DIR with a folder.")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label, identifier: "wirewatchd")
            handler.logLevel = label == "wirewatchd" ? .info : .warning
            return handler
        }
        let logger = Logger(label: "wirewatchd")
        let configuration = InboxService.Configuration(
            inbox: FilePath(inbox), store: FilePath(store), maxBytes: maxBytes)
        let notifier = SystemdNotifier()
        let heartbeat = Heartbeat()
        let service = InboxService(
            configuration: configuration, extractor: Extractor(), logger: logger, notifier: notifier,
            heartbeat: heartbeat)
        do {
            if once {
                let counts = try await service.runOnce()
                logger.notice(
                    "ingested the inbox once",
                    metadata: ["ok": "\(counts.ok)", "rejected": "\(counts.rejected)", "duplicate": "\(counts.duplicate)"])
                return
            }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
            ]
            if let interval = SystemdNotifier.watchdogInterval() {
                services.append(.init(service: WatchdogService(interval: interval, notifier: notifier, heartbeat: heartbeat)))
            }
            let group = ServiceGroup(
                configuration: .init(
                    services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: Logger(label: "wirewatchd.lifecycle")))
            try await group.run()
        } catch let error as StoreError {
            throw ExitWith(message: error.description)
        } catch let error as Watcher.WatchError {
            throw ExitWith(message: error.description)
        }
    }
}

/// A start-up failure: printed as one line, exit status 1.
struct ExitWith: Error, CustomStringConvertible {
    var message: String
    var description: String { "wirewatchd: \(message)" }
}
