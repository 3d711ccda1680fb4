import Foundation
import Testing

@Suite("wirewatch query")
struct QueryTests {
    let seeds = SeedStore.shared

    @Test("--entity OIC finds the articles that name the OIC by either name, with the exact bytes")
    func entityByAlias() throws {
        let result = try seeds.run(["query", "--entity", "OIC", "--json"])
        #expect(result.status == 0)
        let expected = seedsMentioning(#"\bOIC\b|Organi[sz]ation of Islamic Cooperation"#)
        #expect(expected.count == 3)
        #expect(paths(result.lines) == expected)
        // The records come out unchanged: each is a line of the store.
        let store = Set(seeds.lines)
        for line in result.lines { #expect(store.contains(line)) }
    }

    @Test("--entity is case-insensitive and finds the long name too")
    func entityCaseInsensitive() throws {
        let short = try seeds.run(["query", "--entity", "oic", "--json"])
        let long = try seeds.run(["query", "--entity", "organization of islamic cooperation", "--json"])
        #expect(short.status == 0)
        #expect(paths(short.lines) == paths(long.lines))
    }

    @Test("--count counts, and nothing found exits 1 with no output")
    func countAndNoMatch() throws {
        let all = try seeds.run(["query", "--count"])
        #expect(all.status == 0)
        #expect(all.stdout == "\(Tool.seeds.count)\n")
        let none = try seeds.run(["query", "--entity", "Atlantis Liberation Front"])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
        let noneCount = try seeds.run(["query", "--entity", "Atlantis Liberation Front", "--count"])
        #expect(noneCount.status == 1)
        #expect(noneCount.stdout == "0\n")
    }

    @Test("filters combine: --status, --path, --since/--until")
    func filtersCombine() throws {
        let ok = try seeds.run(["query", "--status", "ok", "--count"])
        #expect(ok.stdout == "\(Tool.seeds.count)\n")
        let rejected = try seeds.run(["query", "--status", "rejected", "--count"])
        #expect(rejected.status == 1)
        let one = try seeds.run(["query", "--path", "000_*", "--entity", "OIC", "--json"])
        #expect(paths(one.lines) == ["000_dfec17d03ea7e3d2.txt"])
        let other = try seeds.run(["query", "--path", "001_*", "--entity", "OIC", "--count"])
        #expect(other.status == 1)
        // Every record falls between 1900 and the far future, by published or ingested date.
        let dated = try seeds.run(["query", "--since", "1900-01-01", "--until", "2999-12-31", "--count"])
        #expect(dated.stdout == "\(Tool.seeds.count)\n")
        let future = try seeds.run(["query", "--since", "2999", "--count"])
        #expect(future.status == 1)
    }

    @Test("piped output is plain tab-separated rows, one per record, no colour")
    func pipedTable() throws {
        let result = try seeds.run(["query", "--entity", "OIC"])
        #expect(result.status == 0)
        #expect(result.lines.count == 3)
        #expect(!result.stdout.contains("\u{1B}"))
        for line in result.lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 4)
            #expect(fields.first.map { $0.hasSuffix(".txt") } == true)
        }
    }

    @Test("a bad --type or date is an error with exit status 2")
    func badArguments() throws {
        let type = try seeds.run(["query", "--type", "WIZARD"])
        #expect(type.status == 2)
        #expect(type.stderr.contains("PERSON"))
        let date = try seeds.run(["query", "--since", "last tuesday"])
        #expect(date.status == 2)
        #expect(date.stderr.contains("2023-09-11"))
    }
}
