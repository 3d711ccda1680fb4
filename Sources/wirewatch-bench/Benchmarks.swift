import Articles
import Extraction
import Ingest
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The figures, each measured `runs` times.
struct Benchmarks {
    var daemon: String
    var work: String
    var articles: [CorpusArticle]
    var runs: Int

    /// Words per second of `Extractor().extract` over the articles, each run at least
    /// `minSeconds` long (the corpus is extracted again and again until then).
    func extraction(minSeconds: Double) {
        let texts = articles.map { String(decoding: $0.bytes, as: UTF8.self) }
        let words = texts.reduce(0) { $0 + Corpus.words($1) }
        let extractor = Extractor()
        var rates: [Double] = []
        var cpuRates: [Double] = []
        var entities = 0
        for _ in 0..<runs {
            var passes = 0
            let start = Clock.now()
            let cpuStart = Clock.cpu()
            var elapsed = 0.0
            repeat {
                for text in texts { entities &+= extractor.extract(text).entities.count }
                passes += 1
                elapsed = Double(Clock.now() - start) / 1e9
            } while elapsed < minSeconds
            rates.append(Double(words * passes) / elapsed)
            cpuRates.append(Double(words * passes) / (Double(Clock.cpu() - cpuStart) / 1e9))
        }
        note(
            "extraction: \(texts.count) articles, \(words) words per pass (\(entities) entities in all)")
        report("extract_words_per_s", rates)
        report("extract_words_per_cpu_s", cpuRates)
    }

    /// Drop-to-record latency: `count` articles renamed into the inbox one at a time, each
    /// waited for before the next (distinct articles first; copies only past the corpus).
    func latency(count: Int) throws {
        let drops = burstArticles(count: count)
        var visible: [String: [Double]] = [:]
        var durable: [String: [Double]] = [:]
        for run in 0..<runs {
            let session = try Session(binary: daemon, root: "\(work)/latency-\(run)")
            try session.observeStore()
            for article in drops { try session.stage(article.name, article.bytes) }
            var seen: [Double] = []
            var synced: [Double] = []
            for (i, article) in drops.enumerated() {
                let start = Clock.now()
                try session.drop(article.name)
                let (v, d) = try session.waitForRecords(i + 1, timeout: 10_000_000_000)
                seen.append(Clock.milliseconds(from: start, to: v))
                synced.append(Clock.milliseconds(from: start, to: d))
            }
            session.daemon.stop()
            seen.sort()
            synced.sort()
            for p in [50.0, 90, 99, 100] {
                let key = p == 100 ? "max" : "p\(Int(p))"
                visible[key, default: []].append(Statistics.percentile(seen, p))
                durable[key, default: []].append(Statistics.percentile(synced, p))
            }
            note(
                "latency run \(run + 1): durable p50 \(format(Statistics.percentile(synced, 50))) ms, p99 \(format(Statistics.percentile(synced, 99))) ms"
            )
            Files.removeTree(session.root)
        }
        for key in ["p50", "p90", "p99", "max"] {
            report("latency_durable_\(key)_ms", durable[key] ?? [])
            report("latency_visible_\(key)_ms", visible[key] ?? [])
        }
    }

    /// What an `fsync` costs on the store's file system: `count` appends of an article's bytes to
    /// a file in `work`, each followed by `fsync`, timed alone.
    func fsyncBaseline(count: Int) throws {
        var p50: [Double] = []
        var p99: [Double] = []
        let line = (articles.first?.bytes ?? Array("wirewatch".utf8)) + [0x0A]
        for run in 0..<runs {
            try Files.makeDirectories(work)
            let path = "\(work)/fsync-\(run).jsonl"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw BenchError("cannot create \(path): errno \(errno)") }
            var times: [Double] = []
            for _ in 0..<count {
                _ = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                let start = Clock.now()
                fsync(fd)
                times.append(Clock.milliseconds(from: start, to: Clock.now()))
            }
            close(fd)
            unlink(path)
            times.sort()
            p50.append(Statistics.percentile(times, 50))
            p99.append(Statistics.percentile(times, 99))
        }
        report("fsync_p50_ms", p50)
        report("fsync_p99_ms", p99)
    }

    /// The articles for a burst: `count` files, every one with its own bytes so each is
    /// extracted in full. Copy `k` of an article is the article followed by `k` more newlines
    /// (no words are added; only the bytes, and so the SHA-256, differ).
    func burstArticles(count: Int) -> [CorpusArticle] {
        var out: [CorpusArticle] = []
        out.reserveCapacity(count)
        var copy = 0
        while out.count < count {
            for article in articles where out.count < count {
                out.append(
                    CorpusArticle(
                        name: "c\(copy)-\(article.name)",
                        bytes: article.bytes + [UInt8](repeating: 0x0A, count: copy)))
            }
            copy += 1
        }
        return out
    }

    /// Burst throughput and memory: `count` articles renamed into the inbox as fast as possible.
    func burst(count: Int) throws {
        let batch = burstArticles(count: count)
        var rates: [Double] = []
        var idle: [Double] = []
        var peak: [Double] = []
        var perCPUSecond: [Double] = []
        for run in 0..<runs {
            let session = try Session(binary: daemon, root: "\(work)/burst-\(run)")
            try session.observeStore()
            for article in batch { try session.stage(article.name, article.bytes) }
            // Let the start-up settle before the idle sample.
            usleep(300_000)
            idle.append(session.daemon.memory("VmRSS"))
            let cpuBefore = session.daemon.cpuSeconds()
            let start = Clock.now()
            for article in batch { try session.drop(article.name) }
            let renamed = Clock.now()
            let (_, durable) = try session.waitForRecords(
                count, timeout: 600_000_000_000, sampleRSS: true)
            let seconds = Double(durable - start) / 1e9
            rates.append(Double(count) / seconds)
            // The daemon's own CPU for the burst: what a busy machine disturbs least.
            let cpu = session.daemon.cpuSeconds() - cpuBefore
            if cpu > 0 { perCPUSecond.append(Double(count) / cpu) }
            let hwm = session.daemon.memory("VmHWM")
            peak.append(max(hwm, session.peakSampledRSS))
            note(
                "burst run \(run + 1): \(count) renames in \(format(Clock.milliseconds(from: start, to: renamed))) ms, all durable after \(format(seconds)) s; VmHWM \(format(hwm)) MiB"
            )
            session.daemon.stop()
            Files.removeTree(session.root)
        }
        report("burst_articles_per_s", rates)
        if !perCPUSecond.isEmpty { report("burst_articles_per_cpu_s", perCPUSecond) }
        report("rss_idle_mib", idle)
        report("rss_peak_mib", peak)
    }

    /// Process start to `READY=1`, on an empty store and (when given) on `largeStore`; the
    /// first start on `largeStore` is reported on its own (it builds the ledger when there is
    /// none), with its peak memory (`VmHWM`), as are the idle memory and start-up of the rest.
    func startup(
        largeStore: String?, largeRuns: Int, label: String = "large", emptyRuns: Bool = true,
        readyTimeout: Int32 = 60_000
    ) throws {
        var empty: [Double] = []
        for run in 0..<(emptyRuns ? runs : 0) {
            let session = try Session(binary: daemon, root: "\(work)/startup-\(run)")
            empty.append(Clock.milliseconds(from: session.daemon.startedAt, to: session.readyAt))
            session.daemon.stop()
            Files.removeTree(session.root)
        }
        if emptyRuns { report("startup_empty_ms", empty) }
        guard let largeStore else { return }
        var large: [Double] = []
        var rss: [Double] = []
        var firstPeak: Double?
        for run in 0..<largeRuns {
            let session = try Session(
                binary: daemon, root: "\(work)/startup-large-\(run)", store: largeStore, readyTimeout: readyTimeout)
            large.append(Clock.milliseconds(from: session.daemon.startedAt, to: session.readyAt))
            if run == 0 { firstPeak = session.daemon.memory("VmHWM") }
            usleep(300_000)
            rss.append(session.daemon.memory("VmRSS"))
            note(
                "start-up on the large store, run \(run + 1): \(format(large.last!)) ms, idle VmRSS \(format(rss.last!)) MiB"
            )
            session.daemon.stop()
            Files.removeTree(session.root)
        }
        // The first start on a store without its ledger index builds the index; later ones load it.
        report("startup_\(label)_first_ms", Array(large.prefix(1)))
        if let firstPeak { report("rss_peak_\(label)_first_mib", [firstPeak]) }
        if large.count > 1 { report("startup_\(label)_ms", Array(large.dropFirst())) }
        // Idle memory with the ledger present (the starts after the first, when there are any).
        report("rss_idle_\(label)_mib", rss.count > 1 ? Array(rss.dropFirst()) : rss)
    }
}
