import Foundation
import Testing

/// `--db URL` answers as the store file does: the same bytes on stdout, the same exit status.
@Suite(.serialized)
struct AnswersTests {
    static let questions: [[String]] = [
        ["query", "--entity", "OIC"], ["query", "--entity", "OIC", "--json"],
        ["query", "--entity", "OIC", "--format", "csv"], ["query", "--entity", "oic", "--count"],
        ["query", "--entity", "Organization of Islamic Cooperation", "--exact", "--format", "json"],
        ["query", "--type", "PERSON", "--since", "2020", "--count"], ["query", "--status", "ok", "--format", "tsv"],
        ["query", "--entity", "nobody-at-all"], ["query", "--path", "burst_00*", "--entity", "Azerbaijan"],
        ["entities", "--top", "0"], ["entities", "--type", "GPE", "--format", "csv"], ["entities", "--top", "3"],
        ["entities", "--all-types", "--top", "7", "--format", "json"],
        ["related", "OIC"], ["related", "Azerbaijan", "--format", "json", "--top", "0"],
        ["timeline", "Azerbaijan", "--by", "month"], ["timeline", "OIC", "--by", "year", "--format", "csv"],
        ["graph", "--format", "graphml"],
        ["graph", "--type", "GPE", "--type", "ORG", "--min-articles", "2", "--format", "gexf"],
        ["graph", "--format", "dot", "--min-articles", "3"], ["graph", "--since", "2021", "--format", "dot"],
    ]

    /// Asks every question of the store and of the database; they must agree.
    static func compare(store: URL, url: String) throws {
        for question in questions {
            let file = try Bin.run(question + ["--store", store.path])
            let db = try Bin.run(question + ["--db", url])
            #expect(db.status == file.status, "\(question): \(db.stderr)")
            #expect(db.stdout == file.stdout, "\(question) differs")
        }
    }

    @Test func theSeedsGiveTheSameAnswers() throws {
        let site = try Site()
        try site.ingest()
        let cluster = PostgresCluster.shared
        let db = try cluster.makeDatabase()
        let url = cluster.url(database: db)
        #expect(try Bin.run(["ship", "--to", url, "--store", site.store.path, "--once"]).status == 0)
        // The bar: OIC is named by 000, 002 and 003.
        let oic = try Bin.run(["query", "--db", url, "--entity", "OIC", "--format", "tsv"])
        #expect(oic.status == 0)
        let paths = Set(oic.stdout.split(separator: "\n").map { String($0.prefix(3)) })
        #expect(paths == ["000", "002", "003"], "\(oic.stdout)")
        try Self.compare(store: site.store, url: url)
        // Narrowed to one origin, or to one that shipped nothing.
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let name = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(try Bin.run(["query", "--db", url, "--origin", name, "--entity", "OIC", "--count"]).stdout == "3\n")
        let none = try Bin.run(["query", "--db", url, "--origin", "elsewhere", "--entity", "OIC", "--count"])
        #expect(none.status == 1 && none.stdout == "0\n")
        // Errors say what to do.
        let both = try Bin.run(["query", "--db", url, "--store", site.store.path])
        #expect(both.status == 2 && both.stderr.contains("cannot be used together"))
        let empty = try cluster.makeDatabase()
        let unshipped = try Bin.run(["entities", "--db", cluster.url(database: empty)])
        #expect(unshipped.status == 2 && unshipped.stderr.contains("ship a store into it first"), "\(unshipped.stderr)")
    }

    @Test func aBurstGivesTheSameAnswers() throws {
        let site = try Site()
        try site.drop(600, prefix: "burst")
        try site.ingest()
        #expect(site.lines.count == 605)
        let cluster = PostgresCluster.shared
        let db = try cluster.makeDatabase()
        let url = cluster.url(database: db)
        // More than one page (500 records); a third of the rows as the schema's first version
        // left them, without name words (any name query must still find them).
        #expect(try Bin.run(["ship", "--to", url, "--store", site.store.path, "--once", "--batch", "500"]).status == 0)
        _ = try cluster.psql(db, "UPDATE wirewatch.articles SET name_words = NULL WHERE seq % 3 = 0")
        try Self.compare(store: site.store, url: url)
    }

    /// Names beyond ASCII, which the database cannot key as the commands do (`lowercased()`):
    /// their rows come back and are keyed by the tool; case variants in one article count once.
    /// A KELVIN SIGN, whose lowercase is ASCII, sends `entities` back to reading the records.
    @Test func namesBeyondASCIIGiveTheSameAnswers() throws {
        func record(_ n: Int, _ entities: [(String, String, Int)]) -> String {
            let list = entities.map { type, name, mentions in
                let spans = (0..<mentions).map { "[\($0 * 20),\($0 * 20 + 5)]" }.joined(separator: ",")
                return #"{"type":"\#(type)","text":"\#(name)","canonical":"\#(name)","mentions":[\#(spans)]}"#
            }
            let id = String(repeating: String(n), count: 64).prefix(64)
            return
                #"{"v":1,"id":"\#(id)","path":"n\#(n).txt","ingested_at":"2026-12-05T01:0\#(n):00.000Z","status":"ok","#
                + #""published":"2024-0\#(n)-01","entities":[\#(list.joined(separator: ","))]}"#
        }
        let plain = [
            record(
                1,
                [("GPE", "Österreich", 2), ("GPE", "ÖSTERREICH", 1), ("GPE", "Wien", 3), ("PERSON", "José Martí", 1)]),
            record(2, [("GPE", "österreich", 1), ("GPE", "Wien", 1), ("ORG", "Kelvin Ltd", 2)]),
            record(3, [("PERSON", "JOSÉ MARTÍ", 4), ("GPE", "Wien", 1), ("ORG", "kelvin ltd", 1)]),
        ]
        let kelvin = plain + [record(4, [("ORG", "\u{212A}elvin Ltd", 5), ("GPE", "Wien", 1)])]
        let cluster = PostgresCluster.shared
        for lines in [plain, kelvin] {
            let site = try Site(seeds: false)
            try (lines.joined(separator: "\n") + "\n").write(to: site.store, atomically: false, encoding: .utf8)
            let db = try cluster.makeDatabase()
            let url = cluster.url(database: db)
            let shipped = try Bin.run(["ship", "--to", url, "--store", site.store.path, "--once"])
            #expect(shipped.status == 0, "\(shipped.stderr)")
            #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == lines.count)
            try Self.compare(store: site.store, url: url)
        }
    }
}
