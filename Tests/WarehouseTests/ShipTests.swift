import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `wirewatch ship` against a real PostgreSQL: exactly once, across kills, outages and hosts.
@Suite(.serialized)
struct ShipTests {
    let cluster = PostgresCluster.shared

    @Test func seedsShippedOnceAreFiveRowsAndAgainStillFive() throws {
        let site = try Site()
        try site.ingest()
        let db = try cluster.makeDatabase()
        let url = cluster.url(database: db)
        let first = try Bin.run(["ship", "--to", url, "--store", site.store.path, "--once", "--origin", "alpha"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == 5)
        #expect(try cluster.count(db, "SELECT count(DISTINCT id) FROM wirewatch.articles WHERE origin = 'alpha'") == 5)
        // Every entity of every record, once.
        let entities = site.lines.reduce(0) { sum, line in
            let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return sum + ((record?["entities"] as? [Any])?.count ?? 0)
        }
        #expect(entities > 0)
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.entities") == entities)
        // The columns carry the record; the line is kept byte for byte.
        let ids = Set(site.lines.map { String($0.dropFirst(#"{"v":1,"id":""#.count).prefix(64)) })
        let rows = try cluster.psql(db, "SELECT id FROM wirewatch.articles ORDER BY seq").split(separator: "\n")
        #expect(Set(rows.map(String.init)) == ids)
        #expect(
            try cluster.psql(db, "SELECT line FROM wirewatch.articles ORDER BY seq").split(separator: "\n")
                .map(String.init) == site.lines)
        #expect(
            try cluster.count(
                db,
                "SELECT count(*) FROM wirewatch.articles WHERE record->>'id' = id AND path LIKE '00%.txt' AND ingested_at IS NOT NULL"
            ) == 5)
        // The position covers the whole store, and a second run adds nothing.
        #expect(try cluster.count(db, #"SELECT "offset" FROM wirewatch.positions"#) == site.size)
        let again = try Bin.run(["ship", "--to", url, "--store", site.store.path, "--once", "--origin", "alpha"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("shipped 0 records"), "\(again.stderr)")
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == 5)
        #expect(try cluster.count(db, "SELECT records FROM wirewatch.positions") == 5)
        #expect(try cluster.count(db, "SELECT max(version) FROM wirewatch.schema_version") >= 1)
    }

    @Test func killedWithSigkillInABurstAndRunAgainLeavesEveryRecordOnce() throws {
        let site = try Site()
        let db = try cluster.makeDatabase()
        let url = cluster.url(database: db)
        let daemon = try Child(["--inbox", site.inbox.path, "--store", site.store.path], binary: "wirewatchd")
        #expect(eventually { site.lines.count >= 5 })
        // Small transactions, so the kill lands between and inside many of them.
        let shipper = try Child(["ship", "--to", url, "--store", site.store.path, "--batch", "25", "--origin", "burst"])
        try site.drop(1000, prefix: "burst")
        #expect(eventually { (try? cluster.count(db, "SELECT count(*) FROM wirewatch.articles")) ?? 0 > 100 })
        shipper.signal(SIGKILL)
        _ = shipper.wait()
        let atKill = try cluster.count(db, "SELECT count(*) FROM wirewatch.articles")
        #expect(atKill < 1005, "the kill came too late to test anything")
        #expect(eventually(timeout: 60) { site.lines.count >= 1005 })
        daemon.signal(SIGTERM)
        _ = daemon.wait()
        let again = try Bin.run(["ship", "--to", url, "--store", site.store.path, "--once", "--origin", "burst"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(site.lines.count == 1005)
        #expect(try cluster.count(db, "SELECT count(DISTINCT id) FROM wirewatch.articles") == 1005)
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == 1005)
        // The position moved with the rows: every line was committed exactly once.
        #expect(try cluster.count(db, "SELECT records FROM wirewatch.positions") == 1005)
        #expect(try cluster.count(db, #"SELECT "offset" FROM wirewatch.positions"#) == site.size)
        #expect(
            try cluster.count(
                db,
                "SELECT count(*) FROM wirewatch.articles a WHERE jsonb_array_length(a.record->'entities') <> (SELECT count(*) FROM wirewatch.entities e WHERE e.article_id = a.id)"
            ) == 0)
        // Batches written side by side still number their rows in the store's order.
        let ids = site.lines.map { String($0.dropFirst(#"{"v":1,"id":""#.count).prefix(64)) }
        #expect(
            try cluster.psql(db, "SELECT id FROM wirewatch.articles ORDER BY seq").split(separator: "\n").map(
                String.init) == ids)
    }

    @Test func startedWhileTheDatabaseIsDownItWaitsDeliversAndStopsOnSigterm() throws {
        let site = try Site()
        try site.ingest()
        let down = try PostgresCluster()
        defer { down.remove() }
        let url = down.url(database: "postgres")
        let shipper = try Child(["ship", "--to", url, "--store", site.store.path, "--origin", "late"])
        #expect(eventually(timeout: 10) { shipper.stderr.contains("retrying in") })
        #expect(shipper.process.isRunning)
        #expect(shipper.stderr.contains("cannot connect to postgresql://postgres@127.0.0.1:\(down.port)/postgres"))
        try down.start()
        #expect(eventually { (try? down.count("postgres", "SELECT count(*) FROM wirewatch.articles")) == 5 })
        // A restart of the server mid-run: the shipper reconnects and goes on.
        down.stop()
        try site.drop(3, prefix: "after")
        try site.ingest()
        try down.start()
        #expect(
            eventually { (try? down.count("postgres", "SELECT count(*) FROM wirewatch.articles")) == 8 },
            "store: \(site.lines.count) lines; shipper: \(shipper.stderr)")
        shipper.signal(SIGTERM)
        #expect(shipper.wait(timeout: 10))
        #expect(shipper.process.terminationReason == .exit)
        #expect(shipper.process.terminationStatus == 0, "\(shipper.stderr)")
        #expect(shipper.stderr.contains("shipping resumes"), "\(shipper.stderr)")
    }

    @Test func undecodableLinesAreSkippedByOffsetAndOddNamesLand() throws {
        let site = try Site()
        // A file name that is not UTF-8: its record's path has a lone surrogate escape.
        let name = Array((site.inbox.path + "/caf").utf8) + [0xE9] + Array(".txt".utf8)
        let created = name.withUnsafeBufferPointer { buffer -> Bool in
            let path = buffer.map { CChar(bitPattern: $0) } + [0]
            let handle = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
            guard handle >= 0 else { return false }
            let text = Array("KARACHI: The OIC met in Jeddah on Monday.\n".utf8)
            _ = text.withUnsafeBytes { write(handle, $0.baseAddress, $0.count) }
            close(handle)
            return true
        }
        #expect(created)
        try site.ingest()
        var lines = site.lines
        #expect(lines.contains { $0.contains(#"\udce9"#) })
        let garbage = #"{"v":1,"id":"not a record"#
        lines.insert(garbage, at: 2)
        try (lines.joined(separator: "\n") + "\n").write(to: site.store, atomically: false, encoding: .utf8)
        let offset = lines[0..<2].reduce(0) { $0 + $1.utf8.count + 1 }
        let db = try cluster.makeDatabase()
        let result = try Bin.run(["ship", "--to", cluster.url(database: db), "--store", site.store.path, "--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("offset \(offset): skipped a record that cannot be decoded"), "\(result.stderr)")
        #expect(result.stderr.contains("skipped 1 undecodable"))
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == lines.count - 1)
        #expect(try cluster.count(db, "SELECT skipped FROM wirewatch.positions") == 1)
        #expect(
            try cluster.count(
                db,
                #"SELECT count(*) FROM wirewatch.articles WHERE line LIKE '%\udce9%' AND path = 'caf'||U&'\FFFD'||'.txt'"#
            ) == 1)
        // The default origin is the host name.
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        #expect(
            try cluster.psql(db, "SELECT DISTINCT origin FROM wirewatch.articles")
                == String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    @Test func followsTheStoreAcrossReplacement() throws {
        let site = try Site()
        try site.ingest()
        let all = site.lines
        let store = site.store
        try (all[0..<2].joined(separator: "\n") + "\n").write(to: store, atomically: false, encoding: .utf8)
        let db = try cluster.makeDatabase()
        let url = cluster.url(database: db)
        let shipper = try Child(["ship", "--to", url, "--store", store.path, "--origin", "r"])
        #expect(eventually { (try? cluster.count(db, "SELECT count(*) FROM wirewatch.articles")) == 2 })
        // Grows (a torn tail first, then its end), then is replaced by a new file.
        let handle = try FileHandle(forWritingTo: store)
        handle.seekToEndOfFile()
        let third = Data((all[2] + "\n").utf8)
        handle.write(third.prefix(20))
        usleep(300_000)
        handle.write(third.dropFirst(20))
        try handle.close()
        #expect(eventually { (try? cluster.count(db, "SELECT count(*) FROM wirewatch.articles")) == 3 })
        let next = store.deletingLastPathComponent().appendingPathComponent("next.jsonl")
        try (all[3...].joined(separator: "\n") + "\n").write(to: next, atomically: false, encoding: .utf8)
        rename(next.path, store.path)
        #expect(eventually { (try? cluster.count(db, "SELECT count(*) FROM wirewatch.articles")) == 5 })
        #expect(shipper.stderr.contains("was replaced"), "\(shipper.stderr)")
        shipper.signal(SIGTERM)
        #expect(shipper.wait(timeout: 10))
        #expect(shipper.process.terminationStatus == 0)
        #expect(try cluster.count(db, #"SELECT "offset" FROM wirewatch.positions"#) == site.size)
    }

    @Test func passwordsComeFromAPrivateFileOrACredentialNeverTheCommandLine() throws {
        let site = try Site()
        try site.ingest()
        let db = try cluster.makeDatabase()
        _ = try cluster.psql(
            db, "CREATE ROLE wirewatch_pw LOGIN PASSWORD 's3cret'; GRANT ALL ON DATABASE \(db) TO wirewatch_pw")
        _ = try cluster.psql(db, "GRANT ALL ON SCHEMA public TO wirewatch_pw")
        let url = cluster.url(database: db, user: "wirewatch_pw")
        let file = site.root.appendingPathComponent("pgpassword")
        try "s3cret\n".write(to: file, atomically: false, encoding: .utf8)
        chmod(file.path, 0o644)
        let open = try Bin.run([
            "ship", "--to", url, "--store", site.store.path, "--once", "--password-file", file.path,
        ])
        #expect(open.status == 2)
        #expect(open.stderr.contains("chmod 600"), "\(open.stderr)")
        chmod(file.path, 0o600)
        let none = try Child(["ship", "--to", url, "--store", site.store.path, "--once"])
        #expect(eventually(timeout: 10) { none.stderr.contains("password") }, "\(none.stderr)")
        none.signal(SIGTERM)
        _ = none.wait()
        let good = try Bin.run([
            "ship", "--to", url, "--store", site.store.path, "--once", "--password-file", file.path,
        ])
        #expect(good.status == 0, "\(good.stderr)")
        // The systemd credential, as LoadCredential= hands it over.
        let credentials = site.root.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try "s3cret".write(to: credentials.appendingPathComponent("pgpassword"), atomically: false, encoding: .utf8)
        let viaCredential = try Bin.run(
            ["ship", "--to", url, "--store", site.store.path, "--once", "--origin", "cred"],
            environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(viaCredential.status == 0, "\(viaCredential.stderr)")
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == 5)
        // A password in a URL never shows in messages.
        let wrong = try Child([
            "ship", "--to", "postgresql://wirewatch_pw:nope@127.0.0.1:\(cluster.port)/\(db)", "--store",
            site.store.path,
        ])
        #expect(eventually(timeout: 10) { wrong.stderr.contains("retrying") })
        wrong.signal(SIGTERM)
        #expect(wrong.wait().status == 0)
        #expect(!wrong.stderr.contains("nope"))
    }
}
