import Testing

@testable import Store

@Suite("NameMatch, NameQuery and the word prefilter")
struct NameMatchTests {
    @Test(
        "words: letters and digits, case folded, everything else separates",
        arguments: [
            ("Nikol Pashinyan", ["nikol", "pashinyan"]),
            ("al-Assad", ["al", "assad"]),
            ("Nagorno-Karabakh", ["nagorno", "karabakh"]),
            ("O'Brien", ["o", "brien"]),
            ("U.S.", ["u", "s"]),
            ("Center for Global & Strategic Studies", ["center", "for", "global", "strategic", "studies"]),
            ("  G-20 / UN_Security  ", ["g", "20", "un", "security"]),
            ("Əliyev Bakı", ["əliyev", "bakı"]),
            ("ÉCOLE", ["école"]),
            ("5\u{212A}m", ["5", "m"]),
            ("--", []),
            ("", []),
        ])
    func words(name: String, expected: [String]) {
        #expect(NameMatch.words(name) == expected)
    }

    @Test("a precomposed and a decomposed accent are the same word")
    func canonicalEquivalence() {
        #expect(NameMatch.words("Caf\u{E9}") == NameMatch.words("Cafe\u{301}"))
        #expect(NameQuery(names: ["cafe\u{301}"]).matches(name: "Le Caf\u{C9}"))
    }

    @Test("a run of words matches; part of a word, another order or a diacritic does not")
    func runs() {
        func match(_ query: String, _ name: String, exact: Bool = false) -> Bool {
            NameQuery(names: [query], mode: exact ? .exact : .words).matches(name: name)
        }
        #expect(match("Pashinyan", "Nikol Pashinyan"))
        #expect(match("pashinyan", "NIKOL PASHINYAN"))
        #expect(match("aliyev", "Ilham Aliyev"))
        #expect(match("Aliyev", "Heydar Aliyev"))
        #expect(!match("Ali", "Aliyev"))
        #expect(!match("Ali", "Ilham Aliyev"))
        #expect(match("Nikol Pashinyan", "Prime Minister Nikol Pashinyan"))
        #expect(!match("Pashinyan Nikol", "Nikol Pashinyan"))
        #expect(!match("Nikol Minister", "Prime Minister Nikol Pashinyan"))
        #expect(match("Assad", "Bashar al-Assad"))
        #expect(match("al assad", "Bashar al-Assad"))
        #expect(match("Karabakh", "Nagorno-Karabakh"))
        #expect(!match("Aliyev", "Əliyev"))
        #expect(!match("Ilham Aliyev Foundation", "Ilham Aliyev"))
        // Only punctuation: the whole name.
        #expect(match("--", "--"))
        #expect(!match("--", "a -- b"))
        // --exact: whole names, ignoring case.
        #expect(match("nikol pashinyan", "Nikol Pashinyan", exact: true))
        #expect(!match("Pashinyan", "Nikol Pashinyan", exact: true))
    }

    @Test("an entity matches by its text or its canonical name, and by any equivalent name")
    func entities() {
        let entity = Record.Entity(
            type: "ORG", text: "OIC", canonical: "Organization of Islamic Cooperation", mentions: [.init(0, 3)])
        #expect(NameQuery(names: ["Islamic Cooperation"]).matches(entity))
        #expect(NameQuery(names: ["oic"]).matches(entity))
        #expect(!NameQuery(names: ["Islamic Cooperation"], mode: .exact).matches(entity))
        #expect(NameQuery(names: ["O.I.C.", "OIC"], mode: .exact).matches(entity))
        #expect(!NameQuery(names: ["Islam"]).matches(entity))
        let query = NameQuery(names: ["OIC", "oic", "Organization of Islamic Cooperation"])
        #expect(query.names == ["OIC", "Organization of Islamic Cooperation"])
    }

    /// Store lines, one per entity name, written by the real encoder.
    private func lines(_ names: [String], title: String = "t") -> [UInt8] {
        var bytes: [UInt8] = []
        for (k, name) in names.enumerated() {
            let record = Record(
                id: String(repeating: "a", count: 64), path: PathName("\(k).txt"),
                ingestedAt: "2026-11-23T04:10:00.123Z", status: .ok, title: title,
                entities: [.init(type: "PERSON", text: name, canonical: name, mentions: [.init(0, 1)])])
            bytes += RecordEncoder().encode(record)
        }
        return bytes
    }

    private func passing(_ filter: EntityPrefilter, _ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { filter.matchingLineStarts(in: $0) }.count
    }

    @Test("the word prefilter keeps every line a decoded match would keep")
    func prefilterIsSafe() {
        let names = [
            "Nikol Pashinyan", "PASHINYAN", "Pashinyan's", "x\nPashinyan", "Pashinyan\u{A0}Jr", "Ilham Aliyev",
            "Aliyevich", "Bashar al-Assad", "éPashinyan", "Pashinyané", "Pashinyan\u{301}", "x-pashinyan-y", "Bakı",
            "Le Café", "Le Cafe\u{301}", "Ə Əliyev", "İlham", "\"Quoted\" Name",
            "a\\nb", "--", "G-20",
        ]
        let queries = [
            "Pashinyan", "aliyev", "Assad", "al Assad", "Bakı", "café", "cafe\u{301}", "Əliyev", "ilham", "lham",
            "quoted", "name", "n", "b", "--", "g 20", "20", "Jr",
        ]
        for text in queries {
            let query = NameQuery(names: [text])
            let expected = names.filter { query.matches(name: $0) }.count
            let bytes = lines(names)
            let filter = query.prefilter()
            let kept = bytes.withUnsafeBufferPointer { filter.matchingLineStarts(in: $0) }
            // Every matching line passes (more may pass: they are decoded and checked).
            var starts = [0]
            for (k, byte) in bytes.enumerated() where byte == 0x0A && k + 1 < bytes.count { starts.append(k + 1) }
            #expect(starts.count == names.count)
            let matching = zip(names, starts).filter { query.matches(name: $0.0) }.map(\.1)
            #expect(Set(matching).isSubset(of: Set(kept)), "query \(text)")
            // A line marked sure does match.
            let sure = bytes.withUnsafeBufferPointer { filter.matchingLines(in: $0) }.filter(\.sure).map(\.start)
            #expect(Set(sure).isSubset(of: Set(matching)), "query \(text)")
            #expect(kept.count >= expected)
        }
    }

    @Test("random names: the word prefilter keeps every matching line and is sure only of matches")
    func prefilterRandom() {
        // A fixed-seed generator: the same names every run.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let pieces = [
            "ali", "Ali", "ALIYEV", "yev", "al", "Pashinyan", "oic", "OIC", "é", "e\u{301}", "Ə", "ı", "İ", "ß", "1",
            "20", " ", " ", "-", "'", ".", "\"", "\\", "\n", "\t", "\u{A0}", "\u{212A}", "&", "_", "/", "’",
        ]
        func randomName(_ maxPieces: Int) -> String {
            (0..<(1 + next(maxPieces))).map { _ in pieces[next(pieces.count)] }.joined()
        }
        let names = (0..<400).map { _ in randomName(6) }
        let bytes = lines(names)
        var starts = [0]
        for (k, byte) in bytes.enumerated() where byte == 0x0A && k + 1 < bytes.count { starts.append(k + 1) }
        #expect(starts.count == names.count)
        var matchedSomething = 0
        for _ in 0..<150 {
            let query = NameQuery(names: [randomName(3)], mode: next(5) == 0 ? .exact : .words)
            let filter = query.prefilter()
            let kept = bytes.withUnsafeBufferPointer { filter.matchingLines(in: $0) }
            let keptStarts = Set(kept.map(\.start))
            let matching = Set(zip(names, starts).filter { query.matches(name: $0.0) }.map(\.1))
            if !matching.isEmpty { matchedSomething += 1 }
            #expect(matching.isSubset(of: keptStarts), "query \(query.names)")
            #expect(Set(kept.filter(\.sure).map(\.start)).isSubset(of: matching), "query \(query.names)")
        }
        #expect(matchedSomething > 30)
    }

    @Test("the word prefilter checks word boundaries, so a longer word rules a line out")
    func prefilterBoundaries() {
        let filter = NameQuery(names: ["Ali"]).prefilter()
        #expect(!filter.isExact)
        #expect(passing(filter, lines(["Aliyev", "Khalid", "Alison"])) == 0)
        #expect(passing(filter, lines(["Ali", "Muhammad Ali", "Ali-Baba", "x\nAli"])) == 4)
        // Any field may hold the word: such lines pass and are checked after decoding.
        #expect(passing(filter, lines(["Nobody"], title: "Ali says")) == 1)
        // Found as a run of words inside an entity's name that is all ASCII, a name whose words
        // are ASCII needs no decoding; found elsewhere in the line, or in a name with escapes or
        // non-ASCII letters, it does.
        let pashinyan = NameQuery(names: ["pashinyan"]).prefilter()
        let sure = { (filter: EntityPrefilter, bytes: [UInt8]) in
            bytes.withUnsafeBufferPointer { filter.matchingLines(in: $0) }.map(\.sure)
        }
        #expect(sure(pashinyan, lines(["Nikol Pashinyan", "x\nPASHINYAN", "Nikol-Pashinyan"])) == [true, false, true])
        #expect(sure(pashinyan, lines(["Nobody"], title: "Pashinyan")) == [false])
        #expect(sure(pashinyan, lines(["Pashinyané", "éPashinyan"])) == [false, false])
        #expect(sure(pashinyan, lines(["Nikol Pashinyan"], title: "Pashinyan")) == [true])
        let twoWords = NameQuery(names: ["Nikol Pashinyan"]).prefilter()
        #expect(
            sure(twoWords, lines(["Prime Minister Nikol Pashinyan", "Pashinyan, Nikol", "Nikol Pashinyanov"]))
                == [true, false])
        // An exact query keeps today's byte search, exact for ASCII names.
        let exact = NameQuery(names: ["Ali"], mode: .exact).prefilter()
        #expect(exact.isExact)
        #expect(passing(exact, lines(["Ali", "Muhammad Ali"])) == 1)
    }
}
