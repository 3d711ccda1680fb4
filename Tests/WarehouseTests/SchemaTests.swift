import Foundation
import Store
import Testing

@testable import Warehouse

/// Schema version 3 (the line stored once, `record` parsed on read; entities without indexes)
/// and the rows `COPY` carries.
@Suite(.serialized)
struct SchemaTests {
    let cluster = PostgresCluster.shared

    /// A database at version 2, as the wirewatch before version 3 left it, with a row whose
    /// line `jsonb` refuses as it is (`\u0000`), is migrated by the next shipper and keeps
    /// every record, its `record` readable.
    @Test func aVersion2DatabaseIsMigratedAndKeepsItsRecords() throws {
        let db = try cluster.makeDatabase()
        var sql = """
            CREATE SCHEMA wirewatch;
            CREATE TABLE wirewatch.schema_version (version int PRIMARY KEY, description text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now());

            """
        for migration in Schema.migrations where migration.version <= 2 {
            for statement in migration.statements { sql += statement + ";\n" }
            sql += "INSERT INTO wirewatch.schema_version (version, description) VALUES (\(migration.version), 'v');\n"
        }
        let line =
            #"{"v":1,"id":"old-1","path":"old.txt","ingested_at":"2026-01-02T03:04:05.006Z","status":"ok","title":"a\u0000b","entities":[]}"#
        sql += """
            INSERT INTO wirewatch.articles (id, origin, path, status, title, record, line, name_words)
            VALUES ('old-1', 'v2', 'old.txt', 'ok', 'a' || U&'\\FFFD' || 'b',
                replace('\(line)', '\\u0000', '\\ufffd')::jsonb, '\(line)', '{}');

            """
        _ = try cluster.psql(db, sql)
        #expect(try cluster.count(db, "SELECT max(version) FROM wirewatch.schema_version") == 2)

        let site = try Site()
        try site.ingest()
        let shipped = try Bin.run([
            "ship", "--to", cluster.url(database: db), "--store", site.store.path, "--once", "--origin", "v3",
        ])
        #expect(shipped.status == 0, "\(shipped.stderr)")
        #expect(try cluster.count(db, "SELECT max(version) FROM wirewatch.schema_version") == Schema.latest)
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == 6)
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles WHERE record->>'id' = id") == 6)
        #expect(try cluster.psql(db, "SELECT line FROM wirewatch.articles WHERE id = 'old-1'") == line)
        #expect(
            try cluster.psql(db, "SELECT record->>'title' = title FROM wirewatch.articles WHERE id = 'old-1'") == "t")
        // The table keeps the line once; the view gives the record.
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.article_rows WHERE safe IS NOT NULL") == 1)
        #expect(
            try cluster.count(
                db,
                "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'wirewatch' AND table_name = 'article_rows' AND column_name = 'record'"
            ) == 0)
        #expect(
            try cluster.psql(db, "SELECT relkind FROM pg_class WHERE oid = 'wirewatch.articles'::regclass") == "v")
        #expect(
            try cluster.count(
                db, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'wirewatch' AND tablename = 'entities'")
                == 0)
    }

    /// A store the database has every record of already (shipped again as another origin):
    /// `COPY` meets the first duplicate id, the batch goes through `ON CONFLICT`, and nothing
    /// is added, not even entity rows.
    @Test func recordsTheDatabaseHasAreNotAddedAgain() throws {
        let site = try Site()
        try site.ingest()
        let db = try cluster.makeDatabase()
        let url = cluster.url(database: db)
        #expect(try Bin.run(["ship", "--to", url, "--store", site.store.path, "--once", "--origin", "a"]).status == 0)
        let entities = try cluster.count(db, "SELECT count(*) FROM wirewatch.entities")
        #expect(entities > 0)
        // One new record among the old: it goes in, with its entities, and only it.
        try site.drop(1, prefix: "new")
        try site.ingest()
        let again = try Bin.run(["ship", "--to", url, "--store", site.store.path, "--once", "--origin", "b"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == 6)
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles WHERE origin = 'b'") == 1)
        #expect(
            try cluster.count(
                db,
                "SELECT count(*) FROM wirewatch.articles a WHERE jsonb_array_length(a.record->'entities') <> (SELECT count(*) FROM wirewatch.entities e WHERE e.article_id = a.id)"
            ) == 0)
        #expect(try cluster.count(db, "SELECT records FROM wirewatch.positions WHERE origin = 'b'") == 6)
    }

    /// A record the database refuses (an impossible date) in a batch written beside others: the
    /// batch is halved down to it, it is skipped by offset, the rest land once and in order.
    @Test func aRecordTheDatabaseRefusesIsSkippedAndTheRestLandInOrder() throws {
        let site = try Site()
        try site.ingest()
        var lines = site.lines
        func renamed(_ line: String, _ id: String) -> String {
            let prefix = #"{"v":1,"id":""#
            return prefix + id + line.dropFirst(prefix.count + 64)
        }
        let bad = renamed(lines[1], String(repeating: "b", count: 64)).replacingOccurrences(
            of: #""ingested_at":""#, with: #""ingested_at":"2026-02-30T00:00:00.000Z","x":""#)
        lines.insert(bad, at: 3)
        lines.append(renamed(lines[2], String(repeating: "c", count: 64)))
        try (lines.joined(separator: "\n") + "\n").write(to: site.store, atomically: false, encoding: .utf8)
        let offset = lines[0..<3].reduce(0) { $0 + $1.utf8.count + 1 }
        let db = try cluster.makeDatabase()
        let result = try Bin.run([
            "ship", "--to", cluster.url(database: db), "--store", site.store.path, "--once", "--batch", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("offset \(offset): skipped a record the database refused"), "\(result.stderr)")
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.articles") == lines.count - 1)
        #expect(try cluster.count(db, "SELECT skipped FROM wirewatch.positions") == 1)
        #expect(try cluster.count(db, #"SELECT "offset" FROM wirewatch.positions"#) == site.size)
        let ids = lines.filter { $0 != bad }.map { String($0.dropFirst(#"{"v":1,"id":""#.count).prefix(64)) }
        #expect(
            try cluster.psql(db, "SELECT id FROM wirewatch.articles ORDER BY seq").split(separator: "\n").map(
                String.init) == ids)
    }

    @Test func copyTextEscapesWhatTheFormatNeeds() {
        var out = CopyText()
        out.field("a\tb\nc\rd\\e\u{0}f")
        out.tab()
        out.field(nil as String?)
        out.tab()
        out.array(["null", #"say "hi""#, #"back\slash"#])
        out.end()
        #expect(
            String(decoding: out.bytes, as: UTF8.self)
                == "a\\tb\\nc\\rd\\\\e\u{FFFD}f\t\\N\t{\"null\",\"say \\\\\"hi\\\\\"\",\"back\\\\\\\\slash\"}\n")
        // Long fields (read eight bytes at a time): every byte value, at every alignment.
        let all = (0...255).map { UInt8($0) }
        for shift in 0..<9 {
            let raw = Array(repeating: UInt8(ascii: "x"), count: shift) + all + all.reversed()
            var long = CopyText()
            raw.withUnsafeBufferPointer { long.field($0) }
            var expected: [UInt8] = []
            for byte in raw {
                switch byte {
                case 0x5C: expected += [0x5C, 0x5C]
                case 0x09: expected += [0x5C, 0x74]
                case 0x0A: expected += [0x5C, 0x6E]
                case 0x0D: expected += [0x5C, 0x72]
                case 0x00: expected += [0xEF, 0xBF, 0xBD]
                default: expected.append(byte)
                }
            }
            #expect(long.bytes == expected, "shift \(shift)")
        }
        #expect(ShipRows.isTimestamp("2026-11-23T04:10:00.123Z"))
        #expect(ShipRows.isTimestamp("2026-11-23T04:10:00Z"))
        #expect(!ShipRows.isTimestamp("2026-11-23T04:10:00.Z"))
        #expect(!ShipRows.isTimestamp("2026-11-23 04:10:00Z"))
        #expect(!ShipRows.isTimestamp("yesterday"))
    }

    /// The words `name_words` gets are `NameMatch.words`'s, ASCII fast path or not.
    @Test func entityNameWordsAreNameMatchWords() {
        let names = [
            "U.S. Open", "O'Neil & Sons", "AT&T 2024", "Null", "Caf\u{E9} de Flore", "Cafe\u{301}", "  ", "K\u{212A}",
            "ŁÓDŹ", "東京 Tower",
        ]
        let entities = names.map { Record.Entity(type: "ORG", text: $0, canonical: $0.uppercased(), mentions: []) }
        let record = Record(id: "x", path: PathName("x"), ingestedAt: "", status: .ok, entities: entities)
        var expected: [String] = []
        for name in names.flatMap({ [$0, $0.uppercased()] }) {
            for word in NameMatch.words(name) where !expected.contains(word) { expected.append(word) }
        }
        #expect(StoreCursor.words(of: record) == expected)
    }
}
