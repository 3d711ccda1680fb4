import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the scenarios against the real daemon binary, each in a temporary folder of its own.
final class Suite: @unchecked Sendable {
    let daemonPath: String
    let wirewatchPath: String?
    let quick: Bool
    let only: Set<String>
    let base: String
    private(set) var rows: [Row] = []
    private var readerLines = 0
    private var readerBad = 0
    private var readerFirstBad: String?
    private var readerRestarts = 0
    private var started = Date()
    private var tailLines = 0
    private var tailBad = 0
    private var tailFirstBad: String?
    /// What `wirewatch tail -f` did wrong in the scenario just finished (its own row judges it).
    private(set) var tailNote = ""

    init(daemon: String, wirewatch: String?, quick: Bool, only: Set<String>) {
        self.daemonPath = daemon
        self.wirewatchPath = wirewatch
        self.quick = quick
        self.only = only
        var template = Array("/tmp/wirewatch-reliability-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        base = made.map { String(cString: $0) } ?? "/tmp/wirewatch-reliability-\(getpid())"
        chmod(base, 0o755)
    }

    var isRoot: Bool { geteuid() == 0 }

    func run() -> [Row] {
        defer { if ProcessInfo.processInfo.environment["RELIABILITY_KEEP"] == nil { FS.removeTree(base) } }
        let scenarios: [(String, () -> Void)] = [
            ("crash", crash), ("flood", flood), ("hostile", hostile), ("inbox", inboxScenario), ("disk", fullDisk),
        ]
        for (name, body) in scenarios where only.isEmpty || only.contains(name) {
            started = Date()
            log("scenario \(name) ...")
            body()
            log("scenario \(name) done in \(elapsed)")
        }
        add(
            "readers",
            "a follower (reads appended bytes by path, hands out only newline-ended lines) ran through every scenario",
            "every line it sees is whole, valid schema-v1 JSON",
            "\(readerLines) lines seen, \(readerBad) bad\(readerFirstBad.map { " (first: \($0))" } ?? ""), \(readerRestarts) restarts",
            readerLines > 0 && readerBad == 0)
        if let wirewatchPath {
            add(
                "readers",
                "the real `\(wirewatchPath.split(separator: "/").last ?? "") tail -n 0 -f --json --store STORE` ran through every scenario",
                "it shows every record, each a whole, valid JSON line",
                "\(tailLines) lines shown, \(tailBad) problems\(tailFirstBad.map { " (first: \($0))" } ?? "")",
                tailLines > 0 && tailBad == 0)
        } else {
            skip("readers", "wirewatch tail -f --json", "no --wirewatch PATH given")
        }
        return rows
    }

    var elapsed: String { String(format: "%.1f s", Date().timeIntervalSince(started)) }

    func log(_ message: String) {
        FileHandle.standardError.write(Data("wirewatch-reliability: \(message)\n".utf8))
    }

    func add(_ scenario: String, _ tried: String, _ expected: String, _ found: String, _ pass: Bool) {
        rows.append(
            Row(scenario: scenario, tried: tried, expected: expected, found: found, result: pass ? .pass : .fail))
        log("\(pass ? "PASS" : "FAIL") \(scenario): \(found)")
    }

    func skip(_ scenario: String, _ tried: String, _ why: String) {
        rows.append(Row(scenario: scenario, tried: tried, expected: "-", found: why, result: .skip))
    }

    func absorb(_ report: Follower.Report) {
        readerLines += report.lines
        readerBad += report.bad
        readerRestarts += report.restarts
        if readerFirstBad == nil { readerFirstBad = report.firstBad }
    }

    struct Bench {
        let dir: String
        let inbox: String
        let store: String
        let notify: NotifyListener
        let follower: Follower
        let tail: TailProcess?
    }

    /// A scenario's folder: inbox, store folder, notify socket, and a follower on the store.
    func bench(_ name: String, storeDir: String? = nil, owner: (uid_t, gid_t)? = nil) throws -> Bench {
        let dir = base + "/" + name
        FS.mkdirs(dir + "/inbox")
        let folder = storeDir ?? dir + "/store"
        let store = folder + "/articles.jsonl"
        FS.mkdirs(folder)
        // An empty store exists from the start so `wirewatch tail -f` can follow it from line 1.
        FS.write(store, [])
        if let owner {
            chown(folder, owner.0, owner.1)
            chown(store, owner.0, owner.1)
        }
        let tail = wirewatchPath.flatMap { TailProcess(wirewatch: $0, store: store, outPath: dir + "/tail.out") }
        return Bench(
            dir: dir, inbox: dir + "/inbox", store: store, notify: try NotifyListener(path: dir + "/notify.sock"),
            follower: Follower(path: store), tail: tail)
    }

    func start(_ bench: Bench, extra: [String] = [], unprivileged: Bool = false, binary: String? = nil) throws -> Daemon
    {
        try Daemon(
            binary: binary ?? daemonPath, inbox: bench.inbox, store: bench.store, extra: extra,
            unprivileged: unprivileged,
            logPath: bench.dir + "/daemon.log", notify: bench.notify)
    }

    func finish(_ bench: Bench) -> Follower.Report {
        bench.notify.stop()
        let report = bench.follower.finish()
        tailNote = ""
        absorb(report)
        if let tail = bench.tail {
            let seen = tail.finish(expected: StoreAudit(path: bench.store).lines)
            tailLines += seen.lines
            tailBad += seen.bad
            if tailFirstBad == nil, let bad = seen.firstBad {
                tailFirstBad = "\(bench.dir.split(separator: "/").last ?? ""): \(bad)"
            }
            if seen.bad > 0 { tailNote = "; wirewatch tail -f showed \(seen.bad) bad line(s), see readers" }
        }
        return report
    }

    func readerText(_ report: Follower.Report) -> String {
        (report.bad == 0
            ? "reader saw \(report.lines) whole lines" : "reader saw \(report.bad) BAD lines: \(report.firstBad ?? "")")
            + tailNote
    }

    /// Waits until every file in `want` has its record, or nothing new lands for `idle` seconds
    /// (a file that never gets one must not hold the run up), or `timeout` passes.
    func waitForAll(_ want: Dropped, in store: String, timeout: Double, idle: Double? = nil) -> Bool {
        var lastLines = -1
        var lastChange = Date()
        let idleLimit = idle ?? (quick ? 6 : 15)
        var done = false
        waitUntil(timeout, every: 0.3) {
            let audit = StoreAudit(path: store)
            if want.recorded(in: audit) == want.files.count {
                done = true
                return true
            }
            if audit.lines != lastLines {
                lastLines = audit.lines
                lastChange = Date()
            }
            return Date().timeIntervalSince(lastChange) > idleLimit
        }
        return done
    }

    // MARK: 1. Crashes

    func crash() {
        let cycles = quick ? 3 : 20
        let files = quick ? 300 : 5000
        let tried =
            "kill -9 at random moments, \(cycles) cycles, while \(files) files are dropped (3/4 by rename, 1/4 written in place); a torn half-record appended to the store after every 5th kill (power-cut simulation)"
        let expected = "exactly one record per file version, no torn/invalid line, none missing, restarts come up READY"
        do {
            let bench = try bench("crash")
            var daemon = try start(bench)
            guard daemon.waitReady(after: 0) else {
                add("crash", tried, expected, "daemon never sent READY=1: \(daemon.log.suffix(300))", false)
                _ = finish(bench)
                return
            }
            let dropped = Locked(Dropped())
            let producerDone = DispatchSemaphore(value: 0)
            let averageCycle = quick ? 0.5 : 0.8
            let perFile = averageCycle * Double(cycles) / Double(files)
            let inbox = bench.inbox
            Thread {
                for i in 0..<files {
                    let name = "crash-\(i).txt"
                    let content = article(i, tag: "crash")
                    let inPlace = i % 4 == 3
                    if inPlace { FS.write(inbox + "/" + name, content) } else { _ = FS.drop(inbox, name, content) }
                    dropped.with { $0.add(name, content, inPlace: inPlace) }
                    Thread.sleep(forTimeInterval: perFile * Double.random(in: 0.2...1.8))
                }
                producerDone.signal()
            }.start()
            var notReady = 0
            var torn = 0
            for cycle in 0..<cycles {
                Thread.sleep(forTimeInterval: Double.random(in: 0.05...(2 * averageCycle)))
                daemon.kill9()
                if cycle % 5 == 2 {
                    let fd = open(bench.store, O_WRONLY | O_APPEND)
                    if fd >= 0 {
                        _ = FS.writeAll(fd, Array(#"{"v":1,"id":"0123456789abcdef","path":"torn-by-the-test"#.utf8))
                        close(fd)
                        torn += 1
                    }
                }
                Thread.sleep(forTimeInterval: Double.random(in: 0...0.3))
                let seen = bench.notify.all.count
                daemon = try start(bench)
                if !daemon.waitReady(after: seen) { notReady += 1 }
            }
            producerDone.wait()
            let want = files
            let complete = waitUntil(quick ? 60 : 300, every: 0.5) {
                dropped.get.recorded(in: StoreAudit(path: bench.store)) == want || !daemon.isRunning
            }
            let exit = daemon.terminate()
            let audit = StoreAudit(path: bench.store)
            let verdict = dropped.get.verdict(audit)
            let report = finish(bench)
            let pass = complete && verdict.ok && audit.healthy && notReady == 0 && exit == 0 && report.bad == 0
            add(
                "crash", tried, expected,
                "\(cycles) kills, \(torn) torn tails injected; \(audit.summary); \(verdict.text); \(notReady) restarts not READY; final SIGTERM exit \(exit.map(String.init) ?? "hung"); \(readerText(report))",
                pass)
        } catch {
            add("crash", tried, expected, "harness error: \(error)", false)
        }
    }

    // MARK: 2. Floods

    func flood() {
        var files = quick ? 2000 : 50000
        let sysctl = "/proc/sys/fs/inotify/max_queued_events"
        let original =
            FS.read(sysctl).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            ?? "?"
        var queueLimit = Int(original) ?? 16384
        var lowered = false
        if quick {
            if isRoot, FS.write(sysctl, Array("256\n".utf8)) {
                lowered = true
                queueLimit = 256
            } else {
                files = max(files, (queueLimit / 2) + 2000)
            }
        }
        // The daemon is paused (SIGSTOP) for the first part of the flood so the kernel queue
        // certainly overflows; it drains the rest while it runs.
        let pausedFor = quick ? min(files, queueLimit * 2) : 20000
        let tried =
            "\(files) small files written as fast as possible, max_queued_events=\(queueLimit)\(lowered ? " (lowered from \(original) for the run)" : ""); daemon SIGSTOPped for the first \(pausedFor) files"
        let expected = "queue overflow recovered by a rescan; every file recorded once; RSS < 64 MiB throughout"
        do {
            let bench = try bench("flood")
            let daemon = try start(bench)
            let ready = daemon.waitReady(after: 0)
            if lowered { FS.write(sysctl, Array((original + "\n").utf8)) }
            guard ready else {
                add("flood", tried, expected, "daemon never sent READY=1", false)
                _ = finish(bench)
                return
            }
            let sampler = RSSSampler(pid: daemon.pid)
            let idleMiB = Double(daemon.rssKiB) / 1024
            var dropped = Dropped()
            let t0 = Date()
            daemon.signal(SIGSTOP)
            for i in 0..<files {
                if i == pausedFor { daemon.signal(SIGCONT) }
                let name = "flood-\(i).txt"
                let content = Array(
                    "Flood \(i): Islamabad, Jeddah and Baku, note \(i &* 2_654_435_761 % 1_000_003).\n".utf8)
                FS.write(bench.inbox + "/" + name, content)
                dropped.add(name, content, inPlace: true)
            }
            daemon.signal(SIGCONT)
            let dropSeconds = Date().timeIntervalSince(t0)
            let snapshot = dropped
            let complete = waitUntil(quick ? 90 : 600, every: 1) {
                snapshot.recorded(in: StoreAudit(path: bench.store)) == files || !daemon.isRunning
            }
            let ingestSeconds = Date().timeIntervalSince(t0)
            let logged = daemon.log.contains("overflow")
            let afterMiB = Double(daemon.rssKiB) / 1024
            // The kernel queue holds max_queued_events; two events a file while the daemon is
            // stopped make the overflow certain, whatever the log says.
            let overflowed = 2 * pausedFor > queueLimit
            let exit = daemon.terminate()
            sampler.stop()
            let audit = StoreAudit(path: bench.store)
            let verdict = dropped.verdict(audit)
            let report = finish(bench)
            let peakMiB = Double(sampler.peakKiB) / 1024
            let pass =
                complete && overflowed && verdict.ok && audit.healthy && peakMiB < 64 && exit == 0 && report.bad == 0
            add(
                "flood", tried, expected,
                String(
                    format:
                        "dropped in %.1f s, %@ after %.1f s; queue overflow %@, overflow warning %@; %@; %@; peak RSS %.1f MiB (%.1f idle before, %.1f once done); exit %@; %@",
                    dropSeconds, complete ? "all recorded" : "NOT all recorded", ingestSeconds,
                    overflowed ? "certain" : "not forced", logged ? "logged" : "not found in stderr/journal",
                    audit.summary, verdict.text,
                    peakMiB, idleMiB, afterMiB, exit.map(String.init) ?? "hung", readerText(report)),
                pass)
        } catch {
            if lowered { FS.write(sysctl, Array((original + "\n").utf8)) }
            add("flood", tried, expected, "harness error: \(error)", false)
        }
    }

    // MARK: 4. The inbox itself

    func inboxScenario() {
        let tried =
            "inbox removed (rm -rf) and re-created, files dropped at once; then replaced by a rename (mv inbox inbox.old; mv inbox.new inbox) with files already in the new one and more dropped after; files put in the moved-away folder"
        let expected =
            "watching resumes; every file in the (new) inbox recorded once; nothing from the moved-away folder"
        do {
            let bench = try bench("inbox")
            let daemon = try start(bench)
            guard daemon.waitReady(after: 0) else {
                add("inbox", tried, expected, "daemon never sent READY=1", false)
                _ = finish(bench)
                return
            }
            var dropped = Dropped()
            func drop(_ prefix: String, _ count: Int, into dir: String? = nil) {
                for i in 0..<count {
                    let content = article(i, tag: prefix)
                    _ = FS.drop(dir ?? bench.inbox, "\(prefix)-\(i).txt", content)
                    if dir == nil { dropped.add("\(prefix)-\(i).txt", content) }
                }
            }
            func settled(_ timeout: Double) -> Bool {
                waitForAll(dropped, in: bench.store, timeout: timeout)
            }
            drop("before", 20)
            let first = settled(20)
            // Deleted and re-created at once.
            FS.removeTree(bench.inbox)
            FS.mkdirs(bench.inbox)
            drop("recreated-fast", 20)
            let second = settled(20)
            // Deleted, gone for a while, re-created.
            FS.removeTree(bench.inbox)
            Thread.sleep(forTimeInterval: 1.5)
            FS.mkdirs(bench.inbox)
            drop("recreated-late", 20)
            let third = settled(20)
            // Replaced by a rename.
            let fresh = bench.dir + "/inbox.new"
            let old = bench.dir + "/inbox.old"
            FS.mkdirs(fresh)
            for i in 0..<10 {
                let content = article(i, tag: "waiting")
                _ = FS.drop(fresh, "waiting-\(i).txt", content)
                dropped.add("waiting-\(i).txt", content)
            }
            rename(bench.inbox, old)
            rename(fresh, bench.inbox)
            drop("after-rename", 20)
            drop("moved-away", 5, into: old)
            let fourth = settled(20)
            Thread.sleep(forTimeInterval: 0.5)
            drop("later", 20)
            let fifth = settled(20)

            // Folders inside the inbox: one renamed in place, one moved in from outside.
            var folders = Dropped()
            func dropInto(_ folder: String, _ prefix: String, _ count: Int) {
                for i in 0..<count {
                    let content = article(i, tag: "\(folder)/\(prefix)")
                    _ = FS.drop(bench.inbox + "/" + folder, "\(prefix)-\(i).txt", content)
                    folders.add("\(folder)/\(prefix)-\(i).txt", content)
                }
            }
            func foldersSettled(_ timeout: Double) -> Bool {
                waitForAll(folders, in: bench.store, timeout: timeout)
            }
            FS.mkdirs(bench.inbox + "/desk-a/nested")
            dropInto("desk-a", "first", 5)
            dropInto("desk-a/nested", "first", 5)
            let renamedBefore = foldersSettled(20)
            rename(bench.inbox + "/desk-a", bench.inbox + "/desk-b")
            Thread.sleep(forTimeInterval: 0.5)
            var renamedFolder = Dropped()
            for i in 0..<10 {
                let content = article(i, tag: "desk-b/after")
                _ = FS.drop(bench.inbox + "/desk-b", "after-\(i).txt", content)
                renamedFolder.add("desk-b/after-\(i).txt", content)
                let nested = article(i, tag: "desk-b/nested/after")
                _ = FS.drop(bench.inbox + "/desk-b/nested", "after-\(i).txt", nested)
                renamedFolder.add("desk-b/nested/after-\(i).txt", nested)
            }
            let renamedAfter = waitForAll(renamedFolder, in: bench.store, timeout: 20)
            let outside = bench.dir + "/outside-folder"
            FS.mkdirs(outside)
            var movedIn = Dropped()
            for i in 0..<10 {
                let content = article(i, tag: "moved-in/waiting")
                _ = FS.drop(outside, "waiting-\(i).txt", content)
                movedIn.add("moved-in/waiting-\(i).txt", content)
            }
            rename(outside, bench.inbox + "/moved-in")
            Thread.sleep(forTimeInterval: 0.3)
            for i in 0..<10 {
                let content = article(i, tag: "moved-in/after")
                _ = FS.drop(bench.inbox + "/moved-in", "after-\(i).txt", content)
                movedIn.add("moved-in/after-\(i).txt", content)
            }
            let movedSettled = waitForAll(movedIn, in: bench.store, timeout: 20)
            let alive = daemon.isRunning
            let exit = daemon.terminate()
            let audit = StoreAudit(path: bench.store)
            let verdict = dropped.verdict(audit)
            let strays = audit.records.filter { String(decoding: $0.path, as: UTF8.self).hasPrefix("moved-away") }.count
            let report = finish(bench)
            let steps = [first, second, third, fourth, fifth].map { $0 ? "ok" : "STUCK" }.joined(separator: "/")
            let pass =
                [first, second, third, fourth, fifth].allSatisfy { $0 } && alive && verdict.ok && audit.healthy
                && strays == 0 && exit == 0 && report.bad == 0
            add(
                "inbox", tried, expected,
                "steps before/recreated-fast/recreated-late/renamed/later: \(steps); \(audit.summary); \(verdict.text); \(strays) records from the moved-away folder; exit \(exit.map(String.init) ?? "hung"); \(readerText(report))",
                pass)
            let renamedVerdict = renamedFolder.verdict(audit)
            add(
                "inbox",
                "a sub-folder (with a nested one) renamed inside the inbox (mv desk-a desk-b), 20 files dropped into it afterwards",
                "watching follows the folder; every file dropped afterwards recorded once",
                "files before the rename: \(renamedBefore ? "recorded" : "NOT recorded"); after: \(renamedAfter ? "all recorded" : "NOT all recorded"); \(renamedVerdict.text)",
                renamedBefore && renamedAfter && renamedVerdict.ok)
            let movedVerdict = movedIn.verdict(audit)
            add(
                "inbox", "a folder with 10 files moved into the inbox from outside, 10 more dropped into it after",
                "all 20 recorded once",
                "\(movedSettled ? "all recorded" : "NOT all recorded"); \(movedVerdict.text)",
                movedSettled && movedVerdict.ok)
        } catch {
            add("inbox", tried, expected, "harness error: \(error)", false)
        }
    }

    /// How many times, polling for `seconds`, the store did not end in a newline.
    static func halfRecordsSeen(_ store: String, seconds: Double) -> Int {
        let fd = open(store, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var seen = 0
        var last: UInt8 = 0
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            for _ in 0..<1000 {
                var st = stat()
                guard fstat(fd, &st) == 0, st.st_size > 0 else { continue }
                if pread(fd, &last, 1, st.st_size - 1) == 1, last != 0x0A { seen += 1 }
            }
        }
        return seen
    }

    // MARK: 5. A full disk

    func fullDisk() {
        let tried =
            "store on a 2 MiB tmpfs, all but 64 KiB taken by a ballast file; 600 articles dropped, 100 more while paused; kill -9 and restart while full; ballast deleted"
        let expected =
            "no half record; STATUS= says paused and a warning is logged; a restart on the full disk comes up and waits; resumes by itself; every file recorded once"
        guard isRoot else {
            skip("disk", tried, "needs root to mount a tmpfs")
            return
        }
        let mount = base + "/disk/fs"
        FS.mkdirs(mount)
        guard FS.run("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mount]) == 0 else {
            skip("disk", tried, "mount -t tmpfs failed here")
            return
        }
        defer { _ = FS.run("/bin/umount", ["-l", mount]) }
        do {
            FS.mkdirs(mount + "/store")
            let ballast = mount + "/ballast"
            // Leave about 64 KiB for the store: a few hundred records fill it.
            var fs = statvfs()
            statvfs(mount, &fs)
            let free = Int(fs.f_bavail) * Int(fs.f_frsize)
            FS.write(ballast, [UInt8](repeating: 0x61, count: max(0, free - 64 * 1024)))
            let bench = try bench("disk", storeDir: mount + "/store")
            var daemon = try start(bench)
            guard daemon.waitReady(after: 0) else {
                add("disk", tried, expected, "daemon never sent READY=1", false)
                _ = finish(bench)
                return
            }
            var dropped = Dropped()
            for i in 0..<600 {
                let content = article(i, tag: "disk")
                _ = FS.drop(bench.inbox, "disk-\(i).txt", content)
                dropped.add("disk-\(i).txt", content)
                if i % 50 == 0 { Thread.sleep(forTimeInterval: 0.05) }
            }
            let paused = waitUntil(30) { bench.notify.contains("paused") || !daemon.isRunning }
            let warned = waitUntil(5) { daemon.log.contains("full") }
            for i in 600..<700 {
                let content = article(i, tag: "disk")
                _ = FS.drop(bench.inbox, "disk-\(i).txt", content)
                dropped.add("disk-\(i).txt", content)
            }
            // For 3 s of the pause, look at the store's last byte as fast as a reader can: a
            // retried append that fills the disk part-way leaves a half record there until
            // its rollback.
            let halfSeen = Self.halfRecordsSeen(bench.store, seconds: 3)
            let whileFull = StoreAudit(path: bench.store)
            let recordedWhileFull = dropped.recorded(in: whileFull)
            let stillRunning = daemon.isRunning
            // A crash while the disk is full: kill -9, restart on the still-full disk.
            daemon.kill9()
            let before = bench.notify.all.count
            daemon = try start(bench)
            let restartReady = daemon.waitReady(after: before, timeout: 20)
            Thread.sleep(forTimeInterval: 1)
            let restartAlive = daemon.isRunning
            let restartLog = restartAlive ? "" : " (\(daemon.log.suffix(200)))"
            let afterRestart = StoreAudit(path: bench.store)
            unlink(ballast)
            let resumed = waitForAll(dropped, in: bench.store, timeout: 60)
            let statusLine =
                bench.notify.all.last { $0.contains("paused") }?
                .split(separator: "\n").first { $0.hasPrefix("STATUS=") }.map(String.init) ?? "(none)"
            let exit = daemon.terminate()
            let audit = StoreAudit(path: bench.store)
            if ProcessInfo.processInfo.environment["RELIABILITY_KEEP"] != nil {
                FS.write(bench.dir + "/store-copy.jsonl", FS.read(bench.store) ?? [])
                FS.write(bench.dir + "/notify.txt", Array(bench.notify.all.joined(separator: "\n").utf8))
            }
            let verdict = dropped.verdict(audit)
            let report = finish(bench)
            let pass =
                paused && warned && stillRunning && whileFull.healthy && halfSeen == 0 && restartReady && restartAlive
                && afterRestart.healthy && resumed && verdict.ok && audit.healthy && exit == 0 && report.bad == 0
            add(
                "disk", tried, expected,
                "while full: \(whileFull.summary), \(recordedWhileFull) of 700 recorded, daemon \(stillRunning ? "alive" : "DEAD"), a half record seen at the store's end \(halfSeen) times in 3 s of polling; \(paused ? statusLine : "NO paused STATUS"); warning \(warned ? "logged" : "NOT logged"); kill -9 and restart on the full disk: \(restartReady ? "READY" : "NOT READY"), \(restartAlive ? "running" : "EXITED\(restartLog)"), \(afterRestart.summary); after space returned: \(resumed ? "resumed" : "DID NOT resume"), \(audit.summary); \(verdict.text); exit \(exit.map(String.init) ?? "hung"); \(readerText(report))",
                pass)
        } catch {
            add("disk", tried, expected, "harness error: \(error)", false)
        }
    }
}
