import Testing

@testable import Extraction

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

private let repoRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/ExtractionTests/ExtractionTests.swift
    return parts.joined(separator: "/")
}()

private func readText(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out = [UInt8]()
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        out.append(contentsOf: buf[0..<n])
    }
    return String(decoding: out, as: UTF8.self)
}

private func listDir(_ dir: String) -> [String] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let e = readdir(d) {
        let name = withUnsafePointer(to: e.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if !name.hasPrefix(".") { names.append(name) }
    }
    return names.sorted()
}

private func seed(_ prefix: String) -> String {
    let name = listDir(repoRoot + "/seeds").first { $0.hasPrefix(prefix) }!
    return readText(repoRoot + "/seeds/" + name)!
}

/// Checks the output invariants; returns a failure description or nil.
private func invariantViolation(_ text: String, _ a: Article) -> String? {
    let scalars = Array(text.unicodeScalars)
    var lastFirst = -1
    for e in a.entities {
        guard let first = e.mentions.first else { return "entity without mentions: \(e.text)" }
        var prevEnd = -1
        for m in e.mentions {
            if m.start < 0 || m.end > scalars.count || m.start >= m.end { return "mention out of range \(m)" }
            if m.start < prevEnd { return "mentions overlap or are unsorted in \(e.text)" }
            prevEnd = m.end
        }
        if first.start <= lastFirst { return "entities not ordered by first mention at \(e.text)" }
        lastFirst = first.start
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first.start..<first.end])
        if String(view) != e.text { return "text \(e.text) != slice \(String(view))" }
    }
    return nil
}

private func entity(_ a: Article, _ text: String) -> Entity? {
    a.entities.first { $0.text == text || $0.canonical == text }
}

private let extractor = Extractor()

@Test func seed000Metadata() {
    let a = extractor.extract(seed("000"))
    #expect(a.published == "2023-09-11")
    #expect(a.dateline == "Islamabad")
    #expect(a.source == "TDI")
    #expect(a.words > 400)
}

@Test func seed000Entities() {
    let a = extractor.extract(seed("000"))
    #expect(entity(a, "Mumtaz Zahra Baloch")?.type == .person)
    #expect(entity(a, "Pakistan")?.type == .gpe)
    #expect(entity(a, "Azerbaijan")?.type == .gpe)
    let un = a.entities.filter { $0.canonical == "United Nations" }
    #expect(un.count == 1)
    #expect((un.first?.mentions.count ?? 0) >= 3)
    #expect(!a.entities.contains { $0.canonical == "UN" })
    let oic = a.entities.filter { $0.canonical == "Organization of Islamic Cooperation" }
    #expect(oic.count == 1)
    #expect((oic.first?.mentions.count ?? 0) >= 3)
    #expect(invariantViolation(seed("000"), a) == nil)
}

@Test func seedBylinesAndDates() {
    let a1 = extractor.extract(seed("001"))
    #expect(a1.published == "2020-03-06")
    #expect(a1.authors == ["Khalid Taimur Akram"])
    #expect(a1.title == "Illegal “Elections” in the Occupied Territories of the Republic of Azerbaijan")
    let a2 = extractor.extract(seed("002"))
    #expect(a2.authors == ["Aisha Jabbarova"])
    let a3 = extractor.extract(seed("003"))
    #expect(a3.published == "2020-04-07")
    #expect(a3.authors == ["Akbar Mammadov"])
    #expect(a3.source == "Azernews")
}

@Test func boilerplateTeasers() {
    let text = seed("004")
    let a = extractor.extract(text)
    #expect(a.title == "World community does not recognise “elections” held by Karabakh separatists")
    #expect(a.authors == ["Mazahir Afandiyev"])
    // "Rafael Grossi" is only in the teasers after "You May Also Like": not the article's
    #expect(text.contains("Rafael Grossi"))
    #expect(entity(a, "Rafael Grossi") == nil)
    #expect(entity(a, "Azerbaijan") != nil)
    let small = extractor.extract(
        "Pakistan praised Turkey in Berlin.\n\nYou May Also Like\n\nJohn Smith visited Berlin.\n")
    #expect(entity(small, "Pakistan") != nil)
    #expect(entity(small, "John Smith") == nil)
    // an article's entity keeps its own mentions only, none from the teaser
    #expect(entity(small, "Berlin")?.mentions.count == 1)
    // a marker in the middle of the story: its block ends where the story's prose comes back (two
    // sentences in a row); teaser summaries cut short with "..." are not the story's prose
    let middle = extractor.extract(
        "Pakistan praised Turkey in Berlin.\nDON'T MISS\nJohn Smith visits Berlin\n"
            + "Mary Jones said in Ankara that the talks with the ministers had gone far better than expected.\n"
            + "They worry that China is taking back the freedoms that were given to Hong Kong in the past.\n")
    #expect(entity(middle, "John Smith") == nil)
    #expect(entity(middle, "Mary Jones") != nil)
    #expect(entity(middle, "China") != nil)
    let cut = extractor.extract(
        "Pakistan praised Turkey in Berlin.\nYou May Also Like\n"
            + "Mary Jones said in Ankara that the talks with the ministers had gone far better than expected....\n"
            + "They worry that China is taking back the freedoms that were given to Hong Kong in the past...\n")
    #expect(entity(cut, "Mary Jones") == nil)
    #expect(entity(cut, "China") == nil)
    let shared = extractor.extract("Share this article:\nFacebook Twitter WhatsApp\n\nPakistan praised Turkey.\n")
    #expect(entity(shared, "WhatsApp") == nil)
    #expect(entity(shared, "Pakistan") != nil)
}

@Test func acronymExpansionAndAliases() {
    let text = "The Organization of Islamic Cooperation (OIC) met in Jeddah. Later the OIC said it would act."
    let a = extractor.extract(text)
    let oic = a.entities.filter { $0.canonical == "Organization of Islamic Cooperation" }
    #expect(oic.count == 1)
    #expect(oic.first?.mentions.count == 3)
    let b = extractor.extract("Officials at the OIC said so on Monday. The OIC has 57 members.")
    #expect(b.entities.contains { $0.canonical == "Organization of Islamic Cooperation" && $0.text == "OIC" })
    let c = extractor.extract("The Centre for Policy Research (CPR) said. CPR is based in Delhi.")
    if let cpr = c.entities.first(where: { $0.text == "CPR" }) {
        #expect(cpr.canonical == "Centre for Policy Research")
    }
}

@Test func surnameMerge() {
    let text =
        "President Ilham Aliyev met officials in Baku on Tuesday. Aliyev said the talks were useful."
    let a = extractor.extract(text)
    let al = a.entities.filter { $0.canonical == "Ilham Aliyev" }
    #expect(al.count == 1)
    #expect(al.first?.mentions.count == 2)
}

@Test func knownNames() {
    #expect(
        KnownNames.equivalents(of: "OIC") == [
            "Organization of Islamic Cooperation", "OIC", "Organisation of Islamic Cooperation",
        ])
    #expect(KnownNames.equivalents(of: "un") == ["United Nations", "UN", "U.N."])
    #expect(KnownNames.equivalents(of: "U.N.") == ["United Nations", "UN", "U.N."])
    #expect(KnownNames.equivalents(of: "Zzyzx Widgets") == ["Zzyzx Widgets"])
    let a = extractor.extract("The U.N. and the United Nations and the UN are one body, officials said.")
    let un = a.entities.filter { $0.canonical == "United Nations" }
    #expect(un.count == 1)
}

@Test func numbersAndDates() {
    let text =
        "On 11 September 2023 the bank lent $5.5 million, up 20% from 2020, at 10:30 a.m.; "
        + "it was the first loan of 3 per cent and covered 15 km in 44 days."
    let a = extractor.extract(text)
    func type(_ s: String) -> EntityType? { a.entities.first { $0.text == s }?.type }
    #expect(type("11 September 2023") == .date)
    #expect(type("$5.5 million") == .money)
    #expect(type("20%") == .percent)
    #expect(type("2020") == .date)
    #expect(type("10:30 a.m.") == .time)
    #expect(type("first") == .ordinal)
    #expect(type("3 per cent") == .percent)
    #expect(type("15 km") == .quantity)
    #expect(type("44 days") == .date)
    #expect(invariantViolation(text, a) == nil)
}

@Test func userDictionary() throws {
    let d = try UserDictionary(
        parsing: "# my names\nORG\tWidget Works\tWW\n\nPERSON\tJane Q. Doe\tJQD\tDoe  # trailing comment\n")
    #expect(d.entries.count == 2)
    #expect(d.entries[1].aliases == ["JQD", "Doe"])
    let ex = Extractor(dictionary: d)
    let a = ex.extract("Shares of Widget Works rose. WW said Doe would lead; ww is not it.")
    let ww = a.entities.filter { $0.canonical == "Widget Works" }
    #expect(ww.count == 1)
    #expect(ww.first?.type == .org)
    #expect(ww.first?.mentions.count == 2)
    #expect(a.entities.contains { $0.canonical == "Jane Q. Doe" && $0.type == .person })
}

@Test func userDictionaryErrors() {
    do {
        _ = try UserDictionary(parsing: "ORG\tFine\n\nno tab here\n")
        Issue.record("expected an error")
    } catch let e as UserDictionary.ParseError {
        #expect(e.line == 3)
        #expect(e.description.contains("line 3"))
    } catch {
        Issue.record("unexpected error \(error)")
    }
    do {
        _ = try UserDictionary(parsing: "# c\nWIDGET\tThing\n")
        Issue.record("expected an error")
    } catch let e as UserDictionary.ParseError {
        #expect(e.line == 2)
        #expect(e.description.contains("WIDGET"))
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test func offsetsWithEmojiAndCombiningMarks() {
    let text = "👍🏽 Cafe\u{301} news: 🇺🇳 Ilham Aliyev met Recep Tayyip Erdogan in Ankara on Monday."
    let a = extractor.extract(text)
    #expect(invariantViolation(text, a) == nil)
    let scalars = Array(text.unicodeScalars)
    if let e = a.entities.first(where: { $0.text.contains("Ankara") }) {
        let m = e.mentions[0]
        #expect(String(String.UnicodeScalarView(scalars[m.start..<m.end])) == "Ankara")
    } else {
        Issue.record("Ankara not found")
    }
}

@Test func wordsAndEmpty() {
    #expect(extractor.extract("").entities.isEmpty)
    #expect(extractor.extract("").words == 0)
    #expect(extractor.extract("  one two\tthree\nfour  ").words == 4)
    #expect(extractor.extract("\u{0}\u{0}").entities.isEmpty)
}

@Test func corpusReplay() {
    let dir = repoRoot + "/Fuzz/corpus/extractor"
    let files = listDir(dir)
    #expect(files.count >= 20)
    for name in files {
        guard let text = readText(dir + "/" + name) else { continue }
        let a = extractor.extract(text)
        #expect(invariantViolation(text, a) == nil, "\(name)")
        if let d = try? UserDictionary(parsing: text) {
            let b = Extractor(dictionary: d).extract(text)
            #expect(invariantViolation(text, b) == nil, "\(name) with dictionary")
        }
    }
}

@Test func hugeSingleLine() {
    let line = String(repeating: "Pakistan and Azerbaijan signed 3 deals worth $5 million. ", count: 1_000)
    let a = extractor.extract(line)
    #expect(a.words == 9 * 1_000)
    #expect(invariantViolation(line, a) == nil)
}

@Test func deterministic() {
    let t = seed("002")
    #expect(extractor.extract(t) == extractor.extract(t))
}
