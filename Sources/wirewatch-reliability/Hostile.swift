import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Suite {
    /// What a hostile case must end in.
    enum Expect {
        case ok
        case rejected(because: String)
        case okOrRejected

        var text: String {
            switch self {
            case .ok: return "an ok record"
            case .rejected(let because): return "a rejected record saying \"\(because)\""
            case .okOrRejected: return "an ok or a rejected record with a reason"
            }
        }
    }

    struct HostileCase {
        var name: String
        var tried: String
        var path: [UInt8]
        var content: [UInt8]?
        var expect: Expect
    }

    // MARK: 3. Hostile and broken input

    func hostile() {
        let unprivileged = isRoot
        let who = unprivileged ? "daemon as nobody (setpriv)" : "daemon as the current user"
        do {
            let owner = unprivileged ? getpwnam("nobody").map { ($0.pointee.pw_uid, $0.pointee.pw_gid) } : nil
            let bench = try bench("hostile", owner: owner)
            // `nobody` may not reach the build folder (a clone under /root): run a copy from here.
            var binary = daemonPath
            if unprivileged, let bytes = FS.read(daemonPath), FS.write(bench.dir + "/wirewatchd", bytes, mode: 0o755) {
                chmod(bench.dir + "/wirewatchd", 0o755)
                binary = bench.dir + "/wirewatchd"
            }
            let daemon = try start(bench, unprivileged: unprivileged, binary: binary)
            guard daemon.waitReady(after: 0) else {
                add("hostile", who, "READY=1", "daemon never sent READY=1: \(daemon.log.suffix(300))", false)
                _ = finish(bench)
                return
            }
            let sampler = RSSSampler(pid: daemon.pid)
            let inbox = bench.inbox
            func at(_ name: [UInt8]) -> [UInt8] { Array(inbox.utf8) + [UInt8(ascii: "/")] + name }
            var cases: [HostileCase] = []
            func file(_ name: String, _ tried: String, _ content: [UInt8], _ expect: Expect) {
                let path = Array(name.utf8)
                FS.write(at(path), content)
                cases.append(HostileCase(name: name, tried: tried, path: path, content: content, expect: expect))
            }
            // The slow writer runs while everything else is dropped.
            let slowContent = article(1, tag: "slow")
            let slowDone = DispatchSemaphore(value: 0)
            Thread {
                let fd = open(inbox + "/slow.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                let chunk = (slowContent.count + 9) / 10
                for i in 0..<10 {
                    _ = FS.writeAll(fd, Array(slowContent[(i * chunk)..<min(slowContent.count, (i + 1) * chunk)]))
                    Thread.sleep(forTimeInterval: 0.5)
                }
                close(fd)
                slowDone.signal()
            }.start()

            file("empty.txt", "an empty file", [], .rejected(because: "empty"))
            file("nul.txt", "NUL bytes in text", Array("Islamabad\0\0\0 news".utf8), .rejected(because: "NUL"))
            file(
                "latin1.txt", "invalid UTF-8 (Latin-1 bytes)",
                Array("Caf".utf8) + [0xE9] + Array(" in Baku, 2023.\n".utf8), .rejected(because: "UTF-8"))
            let text16 = String(decoding: article(2, tag: "utf16"), as: UTF8.self)
            file(
                "utf16.txt", "UTF-16LE with a BOM",
                [0xFF, 0xFE] + text16.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, .ok)
            let crlf = String(decoding: article(3, tag: "crlf"), as: UTF8.self).replacingOccurrences(
                of: "\n", with: "\r\n")
            file("crlf.txt", "CRLF line ends", Array(crlf.utf8), .ok)
            var line: [UInt8] = []
            line.reserveCapacity(10 << 20)
            let words = Array("Baloch met Aliyev in Jeddah on 12 September 2023 while the OIC watched ".utf8)
            // 10 MiB in the full run; 1 MiB in --quick, which runs against the debug build.
            let lineMiB = quick ? 1 : 10
            while line.count < lineMiB << 20 { line.append(contentsOf: words) }
            line.removeSubrange((lineMiB << 20)...)
            file("longline.txt", "one \(lineMiB) MiB line, no newline", line, .okOrRejected)

            mkfifo(inbox + "/pipe.txt", 0o644)
            cases.append(
                HostileCase(
                    name: "pipe.txt", tried: "a FIFO (nobody writes to it)", path: Array("pipe.txt".utf8), content: nil,
                    expect: .rejected(because: "FIFO")))
            symlink("/etc/passwd", inbox + "/link.txt")
            cases.append(
                HostileCase(
                    name: "link.txt", tried: "a symlink to /etc/passwd", path: Array("link.txt".utf8), content: nil,
                    expect: .rejected(because: "symbolic link")))
            symlink("/etc", inbox + "/etc-link")
            cases.append(
                HostileCase(
                    name: "etc-link", tried: "a symlink to a folder outside (/etc)", path: Array("etc-link".utf8),
                    content: nil, expect: .rejected(because: "symbolic link")))
            let linkSource = bench.dir + "/hardlink-source.txt"
            let linked = article(7, tag: "hardlink")
            FS.write(linkSource, linked)
            link(linkSource, inbox + "/hardlink.txt")
            cases.append(
                HostileCase(
                    name: "hardlink.txt", tried: "a hard link made into the inbox (ln FILE inbox/)",
                    path: Array("hardlink.txt".utf8), content: linked, expect: .ok))
            FS.mkdirs(inbox + "/sub/deeper")
            file("sub/a.txt", "a sub-folder created, files written at once", article(4, tag: "sub"), .ok)
            file("sub/deeper/b.txt", "a sub-sub-folder", article(5, tag: "deeper"), .ok)
            if unprivileged {
                FS.write(at(Array("secret.txt".utf8)), article(6, tag: "secret"), mode: 0o600)
                cases.append(
                    HostileCase(
                        name: "secret.txt", tried: "an unreadable file (0600 root, daemon is nobody)",
                        path: Array("secret.txt".utf8), content: nil, expect: .rejected(because: "permission denied")))
            }
            let names: [(String, [UInt8])] = [
                ("a newline", Array("line\nbreak.txt".utf8)),
                ("quotes", Array("say \"hi\" 'there'.txt".utf8)),
                ("a backslash", Array("back\\slash.txt".utf8)),
                ("invalid UTF-8 bytes", Array("bad".utf8) + [0xFF, 0xFE, 0xC3] + Array(" name.txt".utf8)),
                ("tab and control bytes", Array("tab\there\u{1}.txt".utf8)),
            ]
            for (i, (what, name)) in names.enumerated() {
                let content = article(10 + i, tag: "name")
                FS.write(at(name), content)
                cases.append(
                    HostileCase(
                        name: String(decoding: name, as: UTF8.self), tried: "a name with \(what)", path: name,
                        content: content, expect: .ok))
            }
            // Files deleted right after they are closed: between the event and the open.
            var vanished: [[UInt8]] = []
            for i in 0..<100 {
                let name = Array("vanish-\(i).txt".utf8)
                FS.write(at(name), article(i, tag: "vanish"))
                unlink(FS.cPath(at(name)))
                vanished.append(name)
            }

            let snapshotCases = cases
            // Until every case has a record, or nothing new has landed for a while (a case that never
            // gets one must not hold up the rest), at most 120 s.
            var lastLines = -1
            var lastChange = Date()
            let allIn = waitUntil(120, every: 0.3) {
                let audit = StoreAudit(path: bench.store)
                if audit.lines != lastLines {
                    lastLines = audit.lines
                    lastChange = Date()
                }
                return snapshotCases.allSatisfy { !audit.records(forPath: $0.path).isEmpty } || !daemon.isRunning
                    || Date().timeIntervalSince(lastChange) > (quick ? 6 : 15)
            }
            slowDone.wait()

            // 100 MiB, rejected by size without being read: count the bytes the daemon reads.
            let readBefore = daemon.readBytes
            let huge = open(inbox + "/huge.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            let mib = [UInt8](repeating: 0x61, count: 1 << 20)
            for _ in 0..<100 { _ = FS.writeAll(huge, mib) }
            close(huge)
            let hugeIn = waitUntil(60) {
                !StoreAudit(path: bench.store).records(forPath: Array("huge.txt".utf8)).isEmpty
            }
            let hugeRead = daemon.readBytes - readBefore

            // Still answering: a plain article afterwards.
            let canary = article(99, tag: "canary")
            FS.write(inbox + "/canary.txt", canary)
            let canaryIn = waitUntil(20) {
                StoreAudit(path: bench.store).byID[versionID(path: Array("canary.txt".utf8), content: canary)] != nil
            }
            let fromEtc = StoreAudit(path: bench.store).records.filter {
                $0.path.starts(with: Array("etc-link/".utf8))
            }.count
            let alive = daemon.isRunning
            Thread.sleep(forTimeInterval: 0.5)
            let settledMiB = Double(daemon.rssKiB) / 1024
            let exit = daemon.terminate()
            sampler.stop()
            let audit = StoreAudit(path: bench.store)
            let report = finish(bench)

            for c in cases {
                let records = audit.records(forPath: c.path)
                let found: String
                var pass: Bool
                if records.isEmpty {
                    found = allIn ? "no record" : "no record (timed out)"
                    pass = false
                } else {
                    let r = records[0]
                    found = "\(records.count) record(s): \(r.status)" + (r.error.map { ": \($0)" } ?? "")
                    switch c.expect {
                    case .ok: pass = r.status == "ok"
                    case .rejected(let because):
                        pass = r.status == "rejected" && (r.error ?? "").localizedCaseInsensitiveContains(because)
                    case .okOrRejected: pass = r.status == "ok" || (r.status == "rejected" && !(r.error ?? "").isEmpty)
                    }
                    pass = pass && records.count == 1
                    if let content = c.content, r.status == "ok" {
                        pass = pass && r.id == versionID(path: c.path, content: content)
                    }
                }
                let expected = c.expect.text + (c.tried.hasPrefix("a name") ? ", path round-trips byte for byte" : "")
                add("hostile", c.tried, expected, found, pass)
            }
            let slow = audit.records(forPath: Array("slow.txt".utf8))
            let slowFinal = slow.filter { $0.id == versionID(path: Array("slow.txt".utf8), content: slowContent) }.count
            add(
                "hostile", "a file appended to slowly for 5 s through one descriptor",
                "exactly one record, of the final content",
                "\(slow.count) record(s), \(slowFinal) of the final content"
                    + (slow.first.map { " (\($0.status))" } ?? ""),
                slow.count == 1 && slowFinal == 1)
            let vanishedRecords = audit.records.filter { vanished.contains($0.path) }
            let vanishedRejected = vanishedRecords.filter { $0.status != "ok" }
            add(
                "hostile", "100 files deleted right after close (between the event and the open)",
                "no rejection and no crash: each is skipped as gone, or recorded ok if it was read in time",
                "\(vanishedRecords.count) recorded ok-or-otherwise, \(vanishedRejected.count) not ok"
                    + (vanishedRejected.first.map { " (e.g. \($0.status): \($0.error ?? ""))" } ?? ""),
                vanishedRejected.isEmpty)
            let hugeRecords = audit.records(forPath: Array("huge.txt".utf8))
            add(
                "hostile", "a 100 MiB file",
                "rejected by the size limit without being read (< 1 MiB read)",
                hugeIn
                    ? "\(hugeRecords.first?.status ?? "?"): \(hugeRecords.first?.error ?? ""); daemon read \(hugeRead) bytes meanwhile"
                    : "no record",
                hugeIn && hugeRecords.count == 1 && hugeRecords[0].status == "rejected" && hugeRead < 1 << 20)
            add(
                "hostile", "nothing under the symlinked folder is read", "no record with a path under etc-link/",
                "\(fromEtc) records under etc-link/", fromEtc == 0)
            let peakMiB = Double(sampler.peakKiB) / 1024
            add(
                "hostile", "all of the above against one \(who)",
                "never blocks (a later article is recorded), never crashes, valid store; memory bounded: back under 64 MiB once done, peak under 64 MiB + 32x the longest article (\(lineMiB) MiB)",
                String(
                    format:
                        "later article %@; daemon %@; exit on SIGTERM %@; %@; peak RSS %.1f MiB (during the long line), %.1f MiB after; %@",
                    canaryIn ? "recorded" : "NOT recorded", alive ? "alive" : "DEAD", exit.map(String.init) ?? "hung",
                    audit.summary, peakMiB, settledMiB, readerText(report)),
                canaryIn && alive && exit == 0 && audit.healthy && peakMiB < Double(64 + 32 * lineMiB)
                    && settledMiB < 64 && report.bad == 0)
        } catch {
            add("hostile", who, "-", "harness error: \(error)", false)
        }
    }
}
