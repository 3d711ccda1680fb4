import Foundation
import Testing

/// Runs Python 3 (installed by scripts/deps.sh) on `script` with `input` on stdin; the outputs
/// of wirewatch are checked by real parsers (csv, xml.etree, networkx when importable).
func python(_ script: String, input: String) throws -> Tool.Result {
    let dir = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let inputURL = dir.appendingPathComponent("input")
    try Data(input.utf8).write(to: inputURL)
    let scriptURL = dir.appendingPathComponent("check.py")
    try Data(script.utf8).write(to: scriptURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", scriptURL.path]
    let outURL = dir.appendingPathComponent("stdout")
    let errURL = dir.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardInput = try FileHandle(forReadingFrom: inputURL)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return Tool.Result(
        status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// Parses CSV with Python's `csv` module; the rows as dictionaries (by the header), as JSON.
func parseCSV(_ text: String) throws -> (header: [String], rows: [[String: String]]) {
    let result = try python(
        """
        import csv, json, sys
        reader = csv.DictReader(sys.stdin.buffer.read().decode("utf-8").splitlines(keepends=True), strict=True)
        rows = list(reader)
        print(json.dumps({"header": reader.fieldnames, "rows": rows}))
        """, input: text)
    #expect(result.status == 0, "python csv: \(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    return (object["header"] as? [String] ?? [], object["rows"] as? [[String: String]] ?? [])
}

/// Seed file names.
private let seed000 = "000_dfec17d03ea7e3d2.txt"
private let seed001 = "001_94104663cb213346.txt"
private let seed003 = "003_51db2a0073652ed1.txt"
private let seed004 = "004_df3783716ed73a7d.txt"

@Suite("wirewatch: name parts, formats, timeline, graph")
struct AnalystTests {
    let seeds = SeedStore.shared

    @Test("--entity matches a word or run of words of a name: Pashinyan finds 004, aliyev 001 and 004, Ali nothing")
    func nameParts() throws {
        let pashinyan = try seeds.run(["query", "--entity", "Pashinyan", "--json"])
        #expect(pashinyan.status == 0)
        #expect(paths(pashinyan.lines) == [seed004])
        let aliyev = try seeds.run(["query", "--entity", "aliyev", "--json"])
        #expect(paths(aliyev.lines) == [seed001, seed004])
        #expect(try seeds.run(["query", "--entity", "aliyev", "--count"]).stdout == "2\n")
        let run = try seeds.run(["query", "--entity", "nikol pashinyan", "--count"])
        #expect(run.stdout == "1\n")
        // Part of a word is not a word; the words must come in order.
        #expect(try seeds.run(["query", "--entity", "Ali", "--count"]).status == 1)
        #expect(try seeds.run(["query", "--entity", "Pashinyan Nikol", "--count"]).status == 1)
        // A hyphen separates words: Karabakh is a word of Nagorno-Karabakh.
        let karabakh = try seeds.run(["query", "--entity", "karabakh", "--type", "GPE", "--json"])
        let nagorno = try seeds.run(["query", "--entity", "Nagorno-Karabakh", "--json"])
        #expect(paths(nagorno.lines).isSubset(of: paths(karabakh.lines)))
        #expect(!paths(nagorno.lines).isEmpty)
    }

    @Test("--exact matches whole names only (text, canonical name, aliases)")
    func exact() throws {
        #expect(try seeds.run(["query", "--entity", "Pashinyan", "--exact", "--count"]).status == 1)
        let whole = try seeds.run(["query", "--entity", "nikol pashinyan", "--exact", "--json"])
        #expect(paths(whole.lines) == [seed004])
        let alias = try seeds.run(["query", "--entity", "OIC", "--exact", "--count"])
        #expect(alias.stdout == "3\n")
        #expect(try seeds.run(["related", "Pashinyan", "--exact"]).status == 1)
        let usage = try seeds.run(["query", "--exact"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--entity"))
    }

    @Test("related and timeline match name parts too")
    func namePartsElsewhere() throws {
        let related = try seeds.run(["related", "Pashinyan", "--top", "0"])
        #expect(related.status == 0)
        #expect(related.lines.contains { $0.hasSuffix("\tIlham Aliyev") })
        #expect(!related.lines.contains { $0.hasSuffix("\tNikol Pashinyan") }, "NAME itself is not its own company")
        let timeline = try seeds.run(["timeline", "aliyev", "--by", "year", "--csv"])
        let rows = try parseCSV(timeline.stdout).rows
        #expect(rows.reduce(0) { $0 + (Int($1["articles"] ?? "") ?? 0) } == 2)
    }

    @Test("show --entity lists and marks only the entities a name part matches")
    func showEntity() throws {
        let result = try seeds.run(["show", seed004, "--entity", "pashinyan", "--inbox", seeds.inbox.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[[Nikol Pashinyan]]") || result.stdout.contains("[[Pashinyan]]"))
        #expect(!result.stdout.contains("[[Ilham Aliyev]]"))
        let listed = result.lines.filter { $0.hasPrefix("  ") && $0.contains("×") }
        #expect(listed.count == 1)
        #expect(listed.first?.contains("Nikol Pashinyan") == true)
        let none = try seeds.run(["show", seed000, "--entity", "Pashinyan", "--no-text"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("Pashinyan"))
    }

    @Test("query --entity OIC --format csv: three RFC 4180 rows with path and published columns")
    func queryCSV() throws {
        let result = try seeds.run(["query", "--entity", "OIC", "--format", "csv"])
        #expect(result.status == 0)
        let (header, rows) = try parseCSV(result.stdout)
        #expect(
            header == ["path", "published", "title", "source", "authors", "entities", "ingested_at", "status", "error"])
        #expect(rows.count == 3)
        let oic = try seeds.run(["query", "--entity", "OIC", "--json"])
        #expect(Set(rows.compactMap { $0["path"] }) == paths(oic.lines))
        #expect(rows.first { $0["path"] == seed000 }?["published"] == "2023-09-11")
        #expect(rows.allSatisfy { $0["status"] == "ok" && $0["entities"]?.contains("; ") == true })
        #expect(result.stdout.contains("\r\n"), "RFC 4180 lines end in CRLF")
    }

    @Test("CSV quotes commas, quotes and line breaks so they come back intact")
    func csvQuoting() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("articles.jsonl")
        let title = "He said \"no\", twice;\nthen left"
        let record: [String: Any] = [
            "v": 1, "id": String(repeating: "a", count: 64), "path": "odd, name.txt",
            "ingested_at": "2026-11-23T04:10:00.123Z", "status": "ok", "title": title,
            "authors": ["Doe, Jane", "Roe"],
            "entities": [["type": "PERSON", "text": "Jane Doe", "canonical": "Jane Doe", "mentions": [[0, 8]]]],
        ]
        let rejected: [String: Any] = [
            "v": 1, "id": String(repeating: "b", count: 64), "path": "photo.txt",
            "ingested_at": "2026-11-23T04:10:01.123Z", "status": "rejected",
            "error": "not text: it has NUL bytes, so it is not an article",
        ]
        try
            (JSONSerialization.data(withJSONObject: record) + Data("\n".utf8)
            + JSONSerialization.data(withJSONObject: rejected) + Data("\n".utf8)).write(to: store)
        let result = try Tool.run(["query", "--entity", "doe", "--format", "csv", "--store", store.path])
        #expect(result.status == 0)
        let rows = try parseCSV(result.stdout).rows
        #expect(rows.count == 1)
        #expect(rows.first?["title"] == title)
        #expect(rows.first?["path"] == "odd, name.txt")
        #expect(rows.first?["authors"] == "Doe, Jane; Roe")
        #expect(rows.first?["published"] == "")
        #expect(rows.first?["error"] == "")
        let all = try parseCSV(try Tool.run(["query", "--format", "csv", "--store", store.path]).stdout).rows
        #expect(all.count == 2)
        #expect(all.last?["status"] == "rejected")
        #expect(all.last?["title"] == "")
        #expect(all.last?["error"] == "not text: it has NUL bytes, so it is not an article")
    }

    @Test("--format table|tsv|csv|json on query, entities and related")
    func formats() throws {
        // A table even when piped: a header and aligned columns.
        let table = try seeds.run(["entities", "--format", "table", "--top", "5"])
        #expect(table.lines.first?.hasPrefix("ARTICLES") == true)
        #expect(table.lines.count == 6)
        let typeColumn = table.lines.first!.range(of: "TYPE")!.lowerBound.utf16Offset(in: table.lines.first!)
        for line in table.lines.dropFirst() {
            let character = line[line.index(line.startIndex, offsetBy: typeColumn)]
            #expect(character.isUppercase, "columns are aligned: \(line)")
        }
        let queryTable = try seeds.run(["query", "--entity", "OIC", "--format", "table"])
        #expect(queryTable.lines.first?.hasPrefix("PATH") == true)
        #expect(queryTable.lines.count == 4)
        // tsv: today's piped output.
        let tsv = try seeds.run(["entities", "--format", "tsv", "--top", "5"])
        #expect(tsv.lines.count == 5)
        #expect(tsv.lines.allSatisfy { $0.split(separator: "\t").count == 4 })
        #expect(tsv.stdout == (try seeds.run(["entities", "--top", "5"])).stdout)
        // csv with a header.
        let csv = try parseCSV(try seeds.run(["related", "OIC", "--format", "csv"]).stdout)
        #expect(csv.header == ["shared", "mentions", "type", "entity"])
        #expect(csv.rows.contains { $0["entity"] == "Azerbaijan" && $0["shared"] == "3" })
        let entitiesCSV = try parseCSV(try seeds.run(["entities", "--format", "csv", "--top", "0"]).stdout)
        #expect(entitiesCSV.header == ["articles", "mentions", "type", "entity"])
        #expect(entitiesCSV.rows.count > 20)
        // json: one object per line, numbers as numbers.
        let json = try seeds.run(["entities", "--format", "json", "--top", "3"])
        #expect(json.lines.count == 3)
        for line in json.lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["articles"] is Int)
            #expect(object?["entity"] is String)
        }
        // query's json is the records' own bytes, as --json.
        let queryJSON = try seeds.run(["query", "--entity", "OIC", "--format", "json"])
        #expect(queryJSON.stdout == (try seeds.run(["query", "--entity", "OIC", "--json"])).stdout)
        let clash = try seeds.run(["query", "--json", "--format", "csv"])
        #expect(clash.status == 2)
        let bad = try seeds.run(["entities", "--format", "xlsx"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("csv"))
    }

    /// The months from `first` to `last` (`2020-03`), in order.
    private func months(from first: String, to last: String) -> [String] {
        func parts(_ m: String) -> (Int, Int) {
            let p = m.split(separator: "-").map { Int($0)! }
            return (p[0], p[1])
        }
        var (y, m) = parts(first)
        let end = parts(last)
        var result: [String] = []
        while (y, m) <= end {
            result.append(String(format: "%04d-%02d", y, m))
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        return result
    }

    @Test("timeline Azerbaijan --by month --csv: one article in 2020-03, 2020-04 and 2023-09, every month listed")
    func timelineMonths() throws {
        let result = try seeds.run(["timeline", "Azerbaijan", "--by", "month", "--csv"])
        #expect(result.status == 0)
        let (header, rows) = try parseCSV(result.stdout)
        #expect(header == ["period", "articles", "mentions", "dated_by_published", "dated_by_ingested"])
        let byPeriod = Dictionary(uniqueKeysWithValues: rows.map { ($0["period"]!, $0) })
        for month in ["2020-03", "2020-04", "2023-09"] {
            #expect(byPeriod[month]?["articles"] == "1", "\(month)")
            #expect(byPeriod[month]?["dated_by_published"] == "1", "\(month)")
            #expect((Int(byPeriod[month]?["mentions"] ?? "") ?? 0) >= 1)
        }
        // Zero-filled: every month from the first to the last, in order.
        let periods = rows.map { $0["period"]! }
        #expect(periods == months(from: periods.first!, to: periods.last!))
        #expect(byPeriod["2020-05"]?["articles"] == "0")
        #expect(byPeriod["2020-05"]?["mentions"] == "0")
        // Every article counted once, dated one way or the other.
        let count = try seeds.run(["query", "--entity", "Azerbaijan", "--status", "ok", "--count"])
        let total = rows.reduce(0) { $0 + Int($1["articles"]!)! }
        #expect("\(total)\n" == count.stdout)
        #expect(
            rows.allSatisfy {
                Int($0["articles"]!)! == Int($0["dated_by_published"]!)! + Int($0["dated_by_ingested"]!)!
            })
        // Articles without a published date are dated by ingested_at.
        let undated = seeds.lines.filter { !$0.contains("\"published\"") }.count
        #expect(rows.reduce(0) { $0 + Int($1["dated_by_ingested"]!)! } == undated)
    }

    @Test("timeline --since/--until bound the periods; days and weeks are ISO dates (weeks by their Monday)")
    func timelineBoundsAndUnits() throws {
        let year = try parseCSV(
            try seeds.run(["timeline", "Azerbaijan", "--since", "2020", "--until", "2020", "--csv"]).stdout
        ).rows
        #expect(year.map { $0["period"]! } == months(from: "2020-01", to: "2020-12"))
        #expect(year.map { $0["articles"]! }.filter { $0 != "0" } == ["1", "1"])
        let weeks = try parseCSV(
            try seeds.run([
                "timeline", "Azerbaijan", "--by", "week", "--since", "2020-03-01", "--until", "2020-04-30", "--csv",
            ]).stdout
        ).rows
        let check = try python(
            """
            import datetime, json, sys
            periods = json.load(sys.stdin)
            dates = [datetime.date.fromisoformat(p) for p in periods]
            assert all(d.weekday() == 0 for d in dates), dates
            assert all((b - a).days == 7 for a, b in zip(dates, dates[1:])), dates
            assert dates[0] <= datetime.date(2020, 3, 1) < dates[0] + datetime.timedelta(days=7), dates[0]
            print(len(dates))
            """,
            input: String(
                decoding: try JSONSerialization.data(withJSONObject: weeks.map { $0["period"]! }), as: UTF8.self))
        #expect(check.status == 0, "\(check.stderr)")
        #expect(weeks.first { $0["period"] == "2020-03-02" }?["articles"] == "1")
        #expect(weeks.first { $0["period"] == "2020-04-06" }?["articles"] == "1")
        let days = try seeds.run([
            "timeline", "Azerbaijan", "--by", "day", "--since", "2020-03-05", "--until", "2020-03-07",
        ])
        #expect(days.lines.count == 3)
        #expect(days.lines.first == "2020-03-05\t0\t0\t0\t0")
        #expect(days.lines.last == "2020-03-07\t0\t0\t0\t0")
        #expect(days.lines.dropFirst().first?.hasPrefix("2020-03-06\t1\t") == true)
        #expect(days.lines.dropFirst().first?.hasSuffix("\t1\t0") == true)
        let json = try seeds.run(["timeline", "Azerbaijan", "--by", "year", "--format", "json"])
        #expect(json.lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
        #expect(try seeds.run(["timeline", "Atlantis"]).status == 1)
        // --type keeps to entities of that type: Azerbaijan the place, not the NORP or an ORG.
        let typed = try parseCSV(
            try seeds.run(["timeline", "Azerbaijan", "--type", "GPE", "--by", "year", "--csv"]).stdout)
        let gpe = try seeds.run(["query", "--entity", "Azerbaijan", "--type", "GPE", "--count"])
        #expect("\(typed.rows.reduce(0) { $0 + Int($1["articles"]!)! })\n" == gpe.stdout)
        #expect(try seeds.run(["timeline", "Azerbaijan", "--type", "MONEY"]).status == 1)
        let bad = try seeds.run(["timeline", "Azerbaijan", "--by", "fortnight"])
        #expect(bad.status == 2)
    }

    @Test("timeline draws a bar chart scaled to the terminal's width")
    func timelineChart() throws {
        // `script` (util-linux) gives the command a terminal; COLUMNS sets its width.
        let command =
            "COLUMNS=60 '\(Tool.binDirectory.appendingPathComponent("wirewatch").path)' timeline Azerbaijan "
            + "--by year --store '\(seeds.store.path)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        #expect(process.terminationStatus == 0)
        let text = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        // A terminal ends lines in CR LF (one Character in Swift).
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let bars = lines.filter { $0.hasPrefix("20") }
        #expect(bars.count >= 4, "\(text)")
        #expect(bars.allSatisfy { $0.count <= 60 })
        // The busiest year fills the bar; an empty year has none.
        let longest = bars.map { $0.filter { $0 == "█" }.count }.max() ?? 0
        #expect(longest >= 30)
        #expect(bars.contains { $0.hasPrefix("2021") && !$0.contains("█") })
        #expect(bars.contains { $0.hasPrefix("2020") && $0.contains("█") })
    }

    @Test("graph --format graphml is valid GraphML in which Azerbaijan–Armenia weighs at least 4 articles")
    func graphML() throws {
        let result = try seeds.run(["graph", "--format", "graphml"])
        #expect(result.status == 0)
        let check = try python(
            """
            import sys, xml.etree.ElementTree as ET
            ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
            root = ET.fromstring(sys.stdin.buffer.read())
            assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml", root.tag
            keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
            graph = root.find("g:graph", ns)
            assert graph.get("edgedefault") == "undirected"
            labels = {}
            ids = set()
            for node in graph.findall("g:node", ns):
                data = {keys[d.get("key")]: d.text for d in node.findall("g:data", ns)}
                ids.add(node.get("id"))
                # a node is a (canonical name, type): the countries are the GPE nodes
                if data["type"] == "GPE" or data["label"] not in labels:
                    labels[data["label"]] = node.get("id")
                assert int(data["articles"]) >= 1 and data["type"]
            weight = {}
            for edge in graph.findall("g:edge", ns):
                assert edge.get("source") in ids and edge.get("target") in ids
                w = int(edge.find("g:data", ns).text)
                weight[frozenset((edge.get("source"), edge.get("target")))] = w
            print(weight[frozenset((labels["Azerbaijan"], labels["Armenia"]))])
            try:
                import networkx
            except ImportError:
                sys.exit(0)
            import io
            sys.stdin.buffer.seek(0)
            g = networkx.read_graphml(sys.stdin.buffer)
            by_label = {d["label"]: n for n, d in g.nodes(data=True) if d["type"] == "GPE"}
            print(g.edges[by_label["Azerbaijan"], by_label["Armenia"]]["weight"])
            """, input: result.stdout)
        #expect(check.status == 0, "\(check.stderr)")
        let weights = check.lines.compactMap { Int($0) }
        #expect(!weights.isEmpty)
        #expect(weights.allSatisfy { $0 >= 4 })
    }

    @Test("graph --format gexf is valid GEXF with the same network; --type, --min-articles, --until filter it")
    func gexfAndFilters() throws {
        let result = try seeds.run(["graph", "--format", "gexf", "--type", "GPE", "--type", "PERSON"])
        #expect(result.status == 0)
        let check = try python(
            """
            import sys, xml.etree.ElementTree as ET
            ns = {"x": "http://www.gexf.net/1.2draft"}
            root = ET.fromstring(sys.stdin.buffer.read())
            assert root.tag == "{http://www.gexf.net/1.2draft}gexf", root.tag
            graph = root.find("x:graph", ns)
            nodes = {n.get("id"): n for n in graph.find("x:nodes", ns)}
            types = {n.find("x:attvalues", ns).find("x:attvalue[@for='type']", ns).get("value") for n in nodes.values()}
            assert types <= {"GPE", "PERSON"}, types
            labels = {n.get("label"): i for i, n in nodes.items()}
            weight = {frozenset((e.get("source"), e.get("target"))): int(e.get("weight")) for e in graph.find("x:edges", ns)}
            print(weight[frozenset((labels["Azerbaijan"], labels["Armenia"]))])
            print(weight.get(frozenset((labels["Ilham Aliyev"], labels["Nikol Pashinyan"])), 0))
            try:
                import networkx
            except ImportError:
                sys.exit(0)
            sys.stdin.buffer.seek(0)
            g = networkx.read_gexf(sys.stdin.buffer)
            assert g.number_of_nodes() == len(nodes)
            """, input: result.stdout)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.lines.count == 2)
        #expect((Int(check.lines.first ?? "") ?? 0) >= 4)
        #expect(check.lines.last == "1", "Aliyev and Pashinyan share one article (004)")

        // --min-articles and --until, checked on the DOT output.
        let dot = try seeds.run(["graph", "--format", "dot", "--min-articles", "2", "--until", "2020-12-31"])
        #expect(dot.status == 0)
        let nodes = dot.lines.filter { $0.contains("[label=") }
        #expect(!nodes.isEmpty)
        // Only 001 and 003 are dated 2020: no entity is in more than two articles, none in fewer.
        for node in nodes {
            let articles = node.firstMatch(of: /articles=(\d+)/).map { Int($0.1)! }
            #expect(articles == 2, "\(node)")
        }
        let none = try seeds.run(["graph", "--min-articles", "99"])
        #expect(none.status == 1)
    }

    @Test("graph --format dot is a well-formed undirected Graphviz graph")
    func dot() throws {
        let result = try seeds.run(["graph", "--format", "dot"])
        #expect(result.status == 0)
        let lines = result.lines
        #expect(lines.first == "graph wirewatch {")
        #expect(lines.last == "}")
        var declared = Set<String>()
        var edges = 0
        for line in lines.dropFirst().dropLast() {
            if let node = line.wholeMatch(
                of: #/\s\s(n\d+) \[label="((?:[^"\\]|\\.)*)", type="[A-Z_]+", articles=\d+, mentions=\d+\];/#)
            {
                #expect(declared.insert(String(node.1)).inserted)
            } else if let edge = line.wholeMatch(of: #/\s\s(n\d+) -- (n\d+) \[weight=(\d+)\];/#) {
                #expect(declared.contains(String(edge.1)) && declared.contains(String(edge.2)))
                #expect(Int(edge.3)! >= 1)
                edges += 1
            } else {
                Issue.record("not a node or an edge: \(line)")
            }
        }
        #expect(declared.count > 10)
        #expect(edges > declared.count)
    }
}
