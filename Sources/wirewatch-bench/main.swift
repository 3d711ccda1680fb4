#if canImport(Glibc)
    import Glibc
#endif

let usage = """
    usage: wirewatch-bench COMMAND [options]

    Measures wirewatchd from the outside, as a user would run it, and prints one
    `RESULT <figure> <median> <min> <max> <runs>` line per figure (scripts/bench.sh makes the table).

    commands:
      extract   --articles DIR[,DIR...] [--runs N] [--min-seconds S]
      latency   --daemon BIN --work DIR --articles DIR[,DIR...] [--count 1000] [--runs N]
      burst     --daemon BIN --work DIR --articles DIR[,DIR...] [--count 10000] [--runs N]
      startup   --daemon BIN --work DIR [--large-store FILE] [--runs N] [--large-runs N] [--label NAME] [--empty no]
                [--ready-timeout SECONDS]   (default 60; a first start that rebuilds a large ledger needs more)
      fsync     --work DIR --articles DIR[,DIR...] [--count 1000] [--runs N]
      make-store --articles DIR[,DIR...] --records N --out FILE
      html      --pages DIR [--runs N] [--min-seconds S] [--out FILE]

    Example:
      wirewatch-bench latency --daemon .build/release/wirewatchd --work /var/tmp/bench \\
          --articles corpus/test,corpus/dev,corpus/train,seeds --runs 3
    """

func fail(_ message: String) -> Never {
    note(message)
    exit(2)
}

func parse(_ all: [String]) -> (command: String, options: [String: String]) {
    var arguments = all
    guard let command = arguments.first, !command.hasPrefix("-") else { fail(usage) }
    arguments.removeFirst()
    var options: [String: String] = [:]
    while !arguments.isEmpty {
        let flag = arguments.removeFirst()
        guard flag.hasPrefix("--"), !arguments.isEmpty else {
            fail("expected --option VALUE, got \(flag)\n\(usage)")
        }
        options[String(flag.dropFirst(2))] = arguments.removeFirst()
    }
    return (command, options)
}

let (command, options) = parse(Array(CommandLine.arguments.dropFirst()))

func option(_ name: String) -> String {
    guard let value = options[name] else { fail("\(command) needs --\(name)\n\(usage)") }
    return value
}

func number(_ name: String, default value: Int) -> Int {
    guard let text = options[name] else { return value }
    guard let n = Int(text), n > 0 else {
        fail("--\(name) takes a positive whole number, e.g. --\(name) \(value)")
    }
    return n
}

/// `--work` as an absolute path (`sd_notify` only takes an absolute socket path), created.
func workFolder() -> String {
    let work = option("work")
    do { try Files.makeDirectories(work) } catch { fail("cannot create \(work): \(error)") }
    guard let resolved = realpath(work, nil) else { fail("cannot resolve \(work)") }
    defer { free(resolved) }
    return String(cString: resolved)
}

func loadArticles() -> [CorpusArticle] {
    let folders = option("articles").split(separator: ",").map(String.init)
    do {
        let articles = try Corpus.load(folders)
        guard !articles.isEmpty else {
            fail("no .txt or .md articles in \(folders.joined(separator: ", "))")
        }
        return articles
    } catch {
        fail("cannot read the articles: \(error)")
    }
}

do {
    switch command {
    case "extract":
        let bench = Benchmarks(
            daemon: "", work: "", articles: loadArticles(), runs: number("runs", default: 5))
        bench.extraction(minSeconds: Double(options["min-seconds"] ?? "1") ?? 1)
    case "latency":
        let bench = Benchmarks(
            daemon: option("daemon"), work: workFolder(), articles: loadArticles(),
            runs: number("runs", default: 3))
        try bench.latency(count: number("count", default: 1000))
    case "burst":
        let bench = Benchmarks(
            daemon: option("daemon"), work: workFolder(), articles: loadArticles(),
            runs: number("runs", default: 3))
        try bench.burst(count: number("count", default: 10000))
    case "startup":
        let bench = Benchmarks(
            daemon: option("daemon"), work: workFolder(), articles: [], runs: number("runs", default: 5))
        try bench.startup(
            largeStore: options["large-store"], largeRuns: number("large-runs", default: 3),
            label: options["label"] ?? "large", emptyRuns: options["empty"] != "no",
            readyTimeout: Int32(clamping: number("ready-timeout", default: 60) * 1000))
    case "fsync":
        let bench = Benchmarks(
            daemon: "", work: workFolder(), articles: loadArticles(), runs: number("runs", default: 3))
        try bench.fsyncBaseline(count: number("count", default: 1000))
    case "make-store":
        try StoreBuilder(articles: loadArticles()).build(
            records: number("records", default: 1_000_000), into: option("out"))
    case "html-phases":
        try pagePhases(option("pages"))
    case "html-debug":
        try describePage(option("page"))
    case "html":
        try PageBenchmark(folder: option("pages"), runs: number("runs", default: 5)).run(
            minSeconds: Double(options["min-seconds"] ?? "1") ?? 1, out: options["out"])
    default:
        fail("unknown command \(command)\n\(usage)")
    }
} catch {
    fail("\(command) failed: \(error)")
}
