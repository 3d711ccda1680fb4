import ArgumentParser
import Articles
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
              wirewatchd --config /etc/wirewatch/wirewatch.conf --dictionary names.tsv

            SIGHUP (systemctl reload) re-reads the configuration file and the dictionary \
            without dropping an article; inbox and store changes need a restart.
            """
    )

    @Option(
        help: ArgumentHelp(
            "The folder to watch (and its sub-folders); default ./inbox or the configuration's.",
            valueName: "dir"))
    var inbox: String?

    @Option(
        help: ArgumentHelp(
            "The JSON-lines file records are appended to; created if missing; default ./store/articles.jsonl.",
            valueName: "file"))
    var store: String?

    @Option(
        help: ArgumentHelp(
            "Files larger than this many bytes are rejected unread (default 16777216).", valueName: "n"))
    var maxBytes: Int?

    @Option(
        help: ArgumentHelp(
            "A configuration file (key = value: inbox, store, max_bytes, dictionary); re-read on SIGHUP. Flags override it.",
            valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "A user dictionary (TYPE<TAB>canonical name[<TAB>alias...] a line) whose names are always recognised; re-read on SIGHUP.",
            valueName: "file"))
    var dictionary: String?

    @Flag(help: "Ingest the articles waiting in the inbox, then exit 0 (backfill, scripts).")
    var once = false

    func validate() throws {
        if let maxBytes, maxBytes <= 0 {
            throw ValidationError("--max-bytes must be a positive number of bytes, e.g. --max-bytes 16777216.")
        }
    }

    /// Checks the inbox the settings name is a folder.
    static func checkInbox(_ inbox: String) throws {
        var info = stat()
        guard stat(inbox, &info) == 0 else {
            throw ExitWith(
                message: "the inbox \(inbox) does not exist. Create it (mkdir -p \(inbox)) or pass --inbox DIR.")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ExitWith(message: "the inbox \(inbox) is not a folder; pass --inbox DIR with a folder.")
        }
    }

    func run() async throws {
        // Two malloc arenas are plenty for a pipeline of two workers and keep a burst's
        // freed memory from staying resident in one arena per thread.
        _ = glibcMallopt(-8 /* M_ARENA_MAX */, 2)
        // A fixed threshold: buffers of a megabyte or more (a huge article) are mapped and
        // unmapped on their own instead of staying in the heap once freed, and the heap's top
        // is handed back past 2 MiB free.
        _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, 1 << 20)
        _ = glibcMallopt(-1 /* M_TRIM_THRESHOLD */, 2 << 20)
        let reloader: DaemonReloader
        do {
            reloader = try DaemonReloader(
                configPath: config,
                flags: .init(inbox: inbox, store: store, maxBytes: maxBytes, dictionary: dictionary))
        } catch {
            throw ExitWith(message: error.description)
        }
        let settings = reloader.loaded.settings
        try Self.checkInbox(settings.inbox)
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label, identifier: "wirewatchd")
            handler.logLevel = label == "wirewatchd" ? .info : .warning
            return handler
        }
        let logger = Logger(label: "wirewatchd")
        let configuration = InboxService.Configuration(
            inbox: FilePath(settings.inbox), store: FilePath(settings.store), maxBytes: settings.maxBytes)
        let notifier = SystemdNotifier()
        let heartbeat = Heartbeat()
        let processor = ReloadableProcessor(reloader.loaded.processor)
        let service = InboxService(
            configuration: configuration, extractor: processor.current.extractor, logger: logger,
            notifier: notifier, heartbeat: heartbeat, reloadable: processor)
        do {
            if once {
                let counts = try await service.runOnce()
                logger.notice(
                    "ingested the inbox once: \(counts.ok) articles, \(counts.rejected) rejected, \(counts.duplicate) duplicates",
                    metadata: [
                        "ok": "\(counts.ok)", "rejected": "\(counts.rejected)", "duplicate": "\(counts.duplicate)",
                    ])
                return
            }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(
                    service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup),
                .init(
                    service: ReloadService(notifier: notifier) {
                        reloader.reload(into: processor, logger: logger)
                    }),
            ]
            if let interval = SystemdNotifier.watchdogInterval() {
                services.append(
                    .init(service: WatchdogService(interval: interval, notifier: notifier, heartbeat: heartbeat)))
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

/// glibc's `mallopt(3)`, which the Glibc module does not export.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
