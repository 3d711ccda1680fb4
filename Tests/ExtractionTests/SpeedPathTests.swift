import Testing

@testable import Extraction

#if canImport(Glibc)
    import Glibc
#endif

// The fast paths added for speed must agree with what they replace.
@Suite struct SpeedPathTests {
    @Test func caseIndexIsPositionInAllCases() {
        for t in EntityType.allCases { #expect(EntityType.allCases.firstIndex(of: t) == t.caseIndex) }
    }

    @Test func isNumericMatchesTheNumericTypes() {
        let numeric: Set<EntityType> = [.date, .time, .percent, .money, .quantity, .ordinal, .cardinal]
        for t in EntityType.allCases { #expect(t.isNumeric == numeric.contains(t)) }
    }

    @Test func indexMapAgreesWithDictionary() {
        var m = IndexMap()
        var d: [UInt64: Int] = [:]
        var x: UInt64 = 12345
        for i in 0..<5000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let key = i % 3 == 0 ? x : x % 512  // repeats and small keys, 0 included
            m.set(key, i)
            d[key] = i
        }
        #expect(m.count == d.count)
        for (k, v) in d { #expect(m[k] == v) }
        #expect(m[0xDEAD_BEEF_0000_0001] == d[0xDEAD_BEEF_0000_0001])
    }

    /// Random header-like ASCII lines: the byte reading of dates must agree with the Character one.
    @Test func findDateBytesAgreeWithCharacters() {
        let pieces = [
            "12", "1", "31", "32", "03", "4th", "1st", "22nd", "3rd", "5TH", "7.", "1996", "1996.", "2024", "1899",
            "2200", "1996-08-30", "1996-+8-30", "1996--0830", "2001-13-01", "+1996-1-01", "0", "of", "OF", "Of",
            "January", "JANUARY", "jan", "Jan.", "Sept", "sept.", "May", "MAY", "Mayday", "Dec", "Marc", "Octob",
            "Reuters", "LONDON", "By", "x", " ", " ", ",", "\t", "(", ")", "[", "]", "|", ":", ";", "-", ".",
            "\r\n", "\r", "\n", "+", "*",
        ]
        var x: UInt64 = 42
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        var found = 0
        for _ in 0..<50000 {
            var s = ""
            for _ in 0..<(1 + next(9)) { s += pieces[next(pieces.count)] }
            let bytes = Array(s.utf8)
            let fast = bytes.withUnsafeBufferPointer { findDateASCII($0) }
            let slow = hasYearDigits(s.utf8) ? findDateCharacters(s) : nil
            let viaBoth = findDate(s)
            #expect(hasYearDigits(s.utf8) ? fast == slow : true, "\(s.debugDescription)")
            #expect(viaBoth == slow, "\(s.debugDescription)")
            if slow != nil { found += 1 }
        }
        #expect(found > 500)  // the pieces do make dates (about 1 in 50)
    }

    /// Random header-like lines: the one-pass scans of the metadata's header must agree with the plain
    /// searches they replace ("By " / "by " and four digits; "writes " eight bytes at a time).
    @Test func headerScansAgreeWithPlainSearches() {
        let pieces = [
            "By", "by", "bY", "y", " ", "B", "b", "writes", "write", "w", "rites", "Writes", "wwrites", "1996", "199",
            "12", "x", "é", "“", "-", ",", "abcdefgh", "\t",
        ]
        var x: UInt64 = 99
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        var byOrYear = 0
        var writes = 0
        var byWords = 0
        for _ in 0..<30000 {
            var s = ""
            for _ in 0..<(1 + next(12)) { s += pieces[next(pieces.count)] }
            let bytes = Array(s.utf8)
            bytes.withUnsafeBufferPointer { u in
                let plain = hasYearDigits(u) || containsBy(u)
                #expect(hasYearDigitsOrBy(u) == plain, "\(s.debugDescription)")
                let wordBy = spaceSeparatedWords(s).contains { $0.utf8.count == 2 && ($0 == "By" || $0 == "by") }
                #expect(hasWordBy(u) == wordBy, "\(s.debugDescription)")
                if wordBy { byWords += 1 }
                if plain { byOrYear += 1 }
                // "writes " anywhere, from any start inside the buffer
                let from = next(3)
                guard from <= u.count else { return }
                let meta = Metadata(p: u, tokens: [])
                let line = TextLine(b0: from, b1: u.count, s0: 0, s1: 0)
                let needle = Array("writes ".utf8)
                let naive =
                    u.count - from >= 7
                    && (from...(u.count - 7)).contains { at in
                        (0..<7).allSatisfy { u[at + $0] == needle[$0] }
                    }
                // or an opening "aut"/"wri"/"rep"/"(re" (any case) after stars and spaces
                var a = from
                while a < u.count && (u[a] == 42 || u[a] == 32) { a += 1 }
                let opening =
                    u.count - a >= 7
                    && ["aut", "wri", "rep", "(re"].contains(
                        String(decoding: u[a..<(a + 3)].map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self))
                if naive { writes += 1 }
                #expect(meta.hasAuthorCue(line) == (naive || opening), "\(s.debugDescription) from \(from)")
            }
        }
        #expect(byOrYear > 1000)
        #expect(writes > 500)
        #expect(byWords > 300)
    }

    /// The lexicons' word hashes taken on the bytes agree with splitting into words and hashing each.
    @Test func hashedWordsAgreeWithSplitWords() {
        let lists = [
            NumLex.numberWordList, NumLex.unitList, NumLex.currencyPrefixList, GazLists.months, GazLists.gpe,
            DescriptorLex.person, DescriptorLex.peoples, "", " ", "  a  b ", "é x", "a é", "x\u{301} y", "|a||b|",
            "Côte d'Ivoire|São Paulo| x |", "a \u{301}b c",
        ]
        var words = 0
        for list in lists {
            for sep in [UInt8(32), UInt8(ascii: "|")] {
                let plain = splitOnASCII(list, sep).map { fnvLower(String($0)) }
                #expect(hashedWords(list, sep) == plain, "\(list.prefix(40).debugDescription) \(sep)")
                words += plain.count
            }
            #expect(hashedWords(list, 32) == list.split(separator: " ").map { fnvLower(String($0)) })
        }
        #expect(words > 800)
    }

    @Test func isCapsWordAgreesWithCharacters() {
        for w in ["AB", "A", "A-B.", "Ab", "AB\r\n", "\r\n", "ÉTÉ", "AÉ", "A\u{301}B", "--", "", "Ǆ", "ǅA", "A1"] {
            let sub = Substring(w)
            #expect(
                isCapsWord(sub) == (sub.count > 1 && sub.allSatisfy { $0.isUppercase || $0 == "-" || $0 == "." }),
                "\(w)")
        }
    }

    @Test func spaceSeparatedWordsAgreeWithSplit() {
        let pieces = ["a", "Bb", " ", "  ", "\u{301}", "é", "\r\n", "“", "x\u{301}", "\u{600}", "-", ""]
        var x: UInt64 = 7
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        for _ in 0..<20000 {
            var s = ""
            for _ in 0..<next(10) { s += pieces[next(pieces.count)] }
            let a = spaceSeparatedWords(s)
            let b = s.split(separator: " ")
            #expect(a.map(String.init) == b.map(String.init), "\(s.debugDescription)")
            #expect(a.map(\.startIndex) == b.map(\.startIndex) && a.map(\.endIndex) == b.map(\.endIndex))
            // and on "|", as the alias table and word lists are split
            let t = s.replacingOccurrences("-", with: "|").replacingOccurrences("  ", with: "||")
            let c = splitOnASCII(t, UInt8(ascii: "|"))
            let d = t.split(separator: "|")
            #expect(c.map(String.init) == d.map(String.init), "\(t.debugDescription)")
            #expect(c.map(\.startIndex) == d.map(\.startIndex) && c.map(\.endIndex) == d.map(\.endIndex))
        }
    }

    /// `leadingWords` is the first words of `spaceSeparatedWords`, and `replacingOccurrences` (which works
    /// on the bytes when an ASCII target has ASCII on both sides) what replacing whole Characters gives.
    @Test func leadingWordsAndReplacingAgreeWithCharacters() {
        let pieces = [
            "a", "Bb", " ", "  ", "\u{301}", "é", "*", "**", "***", "\u{200D}", "\u{FE0F}\u{20E3}", "“", "x\u{301}",
            "-",
        ]
        var x: UInt64 = 11
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        func replacedByCharacters(_ s: String, _ target: String, _ rep: String) -> String {
            let c = Array(s)
            let t = Array(target)
            var out = ""
            var i = 0
            while i < c.count {
                if i + t.count <= c.count && Array(c[i..<(i + t.count)]) == t {
                    out += rep
                    i += t.count
                } else {
                    out.append(c[i])
                    i += 1
                }
            }
            return out
        }
        for _ in 0..<20000 {
            var s = ""
            for _ in 0..<next(30) { s += pieces[next(pieces.count)] }
            let all = s.split(separator: " ").map(String.init)
            for n in [0, 1, 3, 12] {
                #expect(leadingWords(s, n).map(String.init) == Array(all.prefix(n)), "\(s.debugDescription) \(n)")
            }
            #expect(
                s.replacingOccurrences("**", with: "") == replacedByCharacters(s, "**", ""), "\(s.debugDescription)")
            #expect(
                s.replacingOccurrences("-", with: "|") == replacedByCharacters(s, "-", "|"), "\(s.debugDescription)")
        }
    }

    /// Random texts over a small vocabulary, so that words repeat.
    static func randomText(_ seed: UInt64, words: Int) -> String {
        let vocab = [
            "Paris", "paris", "Bank", "of", "England", "said", "the", "IBM", "Smith", "John", ",", ".", "\n", "\n\n",
            "Smith", "Moscow", "moscow", "UN", "(", ")", "Jr.", "1996", "Clinton", "visited", "Bill",
        ]
        var x = seed
        var out = ""
        for _ in 0..<words {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out += vocab[Int((x >> 33) % UInt64(vocab.count))] + " "
        }
        return out
    }

    /// The context aggregation (first two other occurrences of a capitalised word) against the
    /// sort-based version it replaced.
    @Test func aggregateMatchesSortedVersion() {
        for seed in 0..<200 {
            let bytes = Array(Self.randomText(UInt64(seed), words: 5 + seed * 3).utf8)
            bytes.withUnsafeBufferPointer { p in
                let input = TaggerInput(bytes: p, tokens: tokenize(p))
                let hs = input.hashes
                let n = hs.count
                var agg = [UInt64](repeating: 0, count: n > 1 ? 4 * n : 0)
                if n > 1 {
                    var occ: [(UInt64, Int32)] = []
                    for t in 0..<n where hs[t].flags & TF.cap != 0 && hs[t].flags & TF.punct == 0 {
                        occ.append((hs[t].lower, Int32(t)))
                    }
                    occ.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                    var r0 = 0
                    while r0 < occ.count {
                        var r1 = r0
                        while r1 + 1 < occ.count && occ[r1 + 1].0 == occ[r0].0 { r1 += 1 }
                        if r1 > r0 {
                            for ai in r0...r1 {
                                let a = Int(occ[ai].1)
                                var k = 0
                                for bi in r0...r1 where bi != ai && k < 4 {
                                    let j = Int(occ[bi].1)
                                    agg[4 * a + k] = j > 0 ? hs[j - 1].lower : boundaryHash
                                    agg[4 * a + k + 1] = j + 1 < n ? hs[j + 1].lower : boundaryHash
                                    k += 2
                                }
                            }
                        }
                        r0 = r1 + 1
                    }
                }
                #expect(input.aggregate == agg, "seed \(seed)")
            }
        }
    }

    /// Document-level type voting against the Dictionary-based version it replaced.
    @Test func documentVoteMatchesDictionaryVersion() {
        for seed in 0..<200 {
            let bytes = Array(Self.randomText(UInt64(seed) + 1000, words: 10 + seed * 2).utf8)
            bytes.withUnsafeBufferPointer { p in
                let tokens = tokenize(p)
                let hashes = TaggerInput(bytes: p, tokens: tokens).hashes
                let pipe = Pipeline(p: p, dictionary: nil)
                var x = UInt64(seed) &+ 99
                func next(_ n: Int) -> Int {
                    x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return Int((x >> 33) % UInt64(n))
                }
                var raw: [(Int, Int, Int)] = []
                for _ in 0..<next(30) {
                    let a = next(tokens.count)
                    raw.append((a, min(tokens.count - 1, a + next(3)), next(4)))
                }
                var votes: [UInt64: (Float, Float, Float, Float)] = [:]
                var keys = [UInt64](repeating: 0, count: raw.count)
                var personLast = Set<UInt64>()
                for (i, (a, b, t)) in raw.enumerated() {
                    let k = pipe.phraseHash(a, b, hashes)
                    keys[i] = k
                    let w: Float = hashes[a].flags & TF.lineAllCaps != 0 ? 0.5 : 1
                    var v = votes[k] ?? (0, 0, 0, 0)
                    switch t {
                    case 0: v.0 += w
                    case 1: v.1 += w
                    case 2: v.2 += w
                    default: v.3 += w
                    }
                    votes[k] = v
                    if t == 0 && b > a { personLast.insert(hashes[b].lower) }
                }
                var want = raw
                if raw.count > 1 {
                    for i in 0..<raw.count {
                        let (a, b, t) = raw[i]
                        if a == b && personLast.contains(hashes[a].lower) && t != 0 {
                            want[i].2 = 0
                            continue
                        }
                        guard let v = votes[keys[i]] else { continue }
                        let arr = [v.0, v.1, v.2, v.3]
                        var best = t
                        for k in 0..<4 where arr[k] > arr[best] { best = k }
                        want[i].2 = best
                    }
                }
                let got = pipe.documentVote(raw, hashes)
                #expect(got.map { [$0.0, $0.1, $0.2] } == want.map { [$0.0, $0.1, $0.2] }, "seed \(seed)")
            }
        }
    }

    @Test func firstIndexInLineAgreesWithCharacters() {
        let pieces = ["a", ",", ", ", "(", ")", " ", "é", ",\u{301}", "\u{301}", "“", "\r", "xy", "\u{600},", "Ab"]
        var x: UInt64 = 3
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        for _ in 0..<20000 {
            var s = ""
            for _ in 0..<next(25) { s += pieces[next(pieces.count)] }
            for (c, ch) in [(UInt8(44), Character(",")), (40, "("), (41, ")")] {
                let within = [40, 5, Int.max][next(3)]
                let fast = firstIndexInLine(of: c, in: s, within: within)
                let slow = s.firstIndex(of: ch)
                if let slow, s.distance(from: s.startIndex, to: slow) < within {
                    #expect(fast == slow, "\(s.debugDescription)")
                } else {
                    #expect(fast == nil || fast == slow, "\(s.debugDescription)")
                }
            }
        }
    }

    /// NumberRules.find skips tokens without a digit, listed word or currency symbol: no rule may match
    /// such a token.
    @Test func numberRulesNeedADigitWordOrSymbol() {
        let vocab = [
            "the", "Paris", "$", "US", "$", "£", "€", "¥", "5", "5.5", "1,000", "million", "percent", "%", "per",
            "cent", "Jan.", "March", "Monday", "today", "last", "week", "ago", "12:30", "p.m.", "1990s", "3rd",
            "first", "of", "1996-08-30", "::::", "a:bc", "km", "dollars", "rs.", "hk$", "year", ",", ".", "(",
            "\n", "twenty", "Mar", "dozen", "\u{301}", "é", "’s",
        ]
        var x: UInt64 = 11
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        var skipped = 0
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<(1 + next(40)) { text += vocab[next(vocab.count)] + (next(4) == 0 ? "" : " ") }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { p in
                let tokens = tokenize(p)
                guard !tokens.isEmpty else { return }
                let rules = NumberRules(p: p, tokens: tokens, hashes: TaggerInput(bytes: p, tokens: tokens).hashes)
                let covered = (0..<tokens.count).map { _ in next(5) == 0 }
                for i in 0..<tokens.count {
                    let b0 = rules.byte(i, 0)
                    if rules.lex[i] == 0 && !tokens[i].has(TF.digit) && b0 != 36 && b0 != 0xC2 && b0 != 0xE2 {
                        skipped += 1
                        #expect(rules.match(i, covered) == nil, "\(text.debugDescription) token \(i)")
                    }
                }
            }
        }
        #expect(skipped > 1000)
    }

    /// The hand gazetteer is read from its lists' bytes at start-up: the same phrases, masks and first
    /// tokens as splitting each list by Character and tokenising every phrase as a String.
    @Test func gazetteerListsReadAsBytesAgreeWithSplit() {
        let lists: [(String, GazCat)] = [
            (GazLists.gpe, .gpe), (GazLists.loc, .loc), (GazLists.norp, .norp), (GazLists.org, .org),
            (GazLists.teams, .org), (GazLists.firstNames, .firstName), (GazLists.titles, .title),
            ("||Türkiye|São Paulo| spaced  out |U.S.|al-Assad|Côte d'Ivoire|A\u{301}B|x||", .gpe),
            ("", .loc), ("|", .loc), ("single", .norp), ("New York|new york|NEW YORK", .gpe),
        ]
        var fast = Gazetteer()
        var phrases: [UInt64: UInt16] = [:]
        var first: [UInt64: Int] = [:]
        var maxLen = 1
        for (list, cat) in lists {
            fast.add(list, cat)
            for item in list.split(separator: "|") {
                let toks = phraseTokenHashes(String(item))
                guard !toks.isEmpty else { continue }
                phrases[toks.reduce(UInt64(0)) { seqHash($0, $1) }, default: 0] |= UInt16(1) << UInt16(cat.rawValue)
                first[toks[0]] = max(first[toks[0]] ?? 0, toks.count)
                maxLen = max(maxLen, toks.count)
            }
        }
        #expect(phrases.count > 1500)
        #expect(Dictionary(uniqueKeysWithValues: fast.phrases.pairs.map { ($0.0, UInt16($0.1)) }) == phrases)
        #expect(Dictionary(uniqueKeysWithValues: fast.firstTokens.pairs) == first)
        #expect(fast.maxLen == maxLen)
        // and the shared gazetteer answers every listed phrase with at least the list's category
        for (list, cat) in lists.prefix(7) {
            for item in list.split(separator: "|") {
                let h = phraseTokenHashes(String(item)).reduce(UInt64(0)) { seqHash($0, $1) }
                #expect((Gazetteer.shared.mask(h) ?? 0) & UInt16(1) << UInt16(cat.rawValue) != 0, "\(item)")
            }
        }
    }

    /// Lines and words are found eight bytes at a time while the bytes are ASCII (no line break among
    /// them, for lines): the same lines, scalar offsets and word count as one byte or scalar at a time.
    @Test func linesAndWordsEightBytesAtATimeAgreeWithOneAtATime() {
        let pieces = [
            "a", "Bb", "word.", "12,5", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}",
            "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "é", "€", "😀", "\u{301}", "x y", "abcdefgh",
            "        ", "\t\t\t\t\t\t\t\t", "ABCDEFGHIJKLMNOP",
        ]
        var x: UInt64 = 11
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        var words = 0
        for round in 0..<20000 {
            var text = ""
            for _ in 0..<(round == 0 ? 0 : next(40)) { text += pieces[next(pieces.count)] }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { p in
                let slow = referenceWordCount(p)
                #expect(wordCount(p) == slow, "\(text.debugDescription)")
                words += slow
                let m = Metadata(p: p, tokens: [])
                let fast = m.lines().map { [$0.b0, $0.b1, $0.s0, $0.s1] }
                let reference = referenceLines(p).map { [$0.b0, $0.b1, $0.s0, $0.s1] }
                #expect(fast == reference, "\(text.debugDescription)")
            }
        }
        #expect(words > 100_000)
        // and a text of Python's own: len(text.split()) for ASCII white space
        let text = "  The quick\tbrown\n\nfox,\r\njumps  over\u{0B}the\u{0C}lazy dog.  "
        Array(text.utf8).withUnsafeBufferPointer { #expect(wordCount($0) == 9) }
    }

    /// Which aliases match only in their own case: read as bytes for ASCII names, the same answer as by
    /// Unicode properties.
    @Test func shortAllCapsOnBytesAgreesWithProperties() {
        var names = AliasTable.rows.flatMap(\.names)
        names += ["UN", "U.S.", "NATO", "Nato", "ABCDEFG", "ABCDEF", "A1", "123", "", "-", "É.U.", "ÉU", "Ǆ", "x", "X"]
        let pieces = ["A", "b", "Z", "z", ".", "-", " ", "1", "@", "[", "`", "{", "É", "é"]
        var x: UInt64 = 5
        for _ in 0..<5000 {
            var s = ""
            for _ in 0..<Int(x % 9) {
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                s += pieces[Int((x >> 33) % UInt64(pieces.count))]
            }
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            names.append(s)
        }
        var caseSensitive = 0
        for name in names {
            #expect(isShortAllCaps(name) == isShortAllCapsByProperties(name), "\(name)")
            if isShortAllCaps(name) { caseSensitive += 1 }
        }
        #expect(caseSensitive > 100)
    }
}

// The byte-at-a-time versions the fast paths replaced, kept here to hold them to.

/// Words as `wordCount(_:)` counts them, one scalar at a time (how the pipeline counted them before).
func referenceWordCount(_ p: UnsafeBufferPointer<UInt8>) -> Int {
    var words = 0
    var inWord = false
    var i = 0
    let n = p.count
    while i < n {
        let c = p[i]
        var space: Bool
        if c < 0x80 {
            space = c == 32 || (c >= 9 && c <= 13)
            i += 1
        } else {
            let (v, l) = decodeScalar(p, i)
            space = classOf(scalar: v) == .space && v >= 0xA0
            i += l
        }
        if !space && !inWord { words += 1 }
        inWord = !space
    }
    return words
}

/// `Metadata.lines()` as it was written first, byte by byte.
func referenceLines(_ p: UnsafeBufferPointer<UInt8>) -> [TextLine] {
    var out: [TextLine] = []
    var i = 0
    var s = 0
    let n = p.count
    var start = 0
    var sStart = 0
    while i <= n {
        if i == n || p[i] == 10 {
            var a = start
            var sa = sStart
            var b = i
            var sb = s
            while a < b, p[a] == 32 || p[a] == 9 || p[a] == 13 {
                a += 1
                sa += 1
            }
            while b > a, p[b - 1] == 32 || p[b - 1] == 9 || p[b - 1] == 13 {
                b -= 1
                sb -= 1
            }
            out.append(TextLine(b0: a, b1: b, s0: sa, s1: sb))
            if i == n { break }
            i += 1
            s += 1
            start = i
            sStart = s
            continue
        }
        if p[i] & 0xC0 != 0x80 { s += 1 }
        i += 1
    }
    return out
}

/// The seeds' texts (the repository's own sample articles).
private func seedTexts() -> [String] {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/ExtractionTests/SpeedPathTests.swift
    let dir = parts.joined(separator: "/") + "/seeds/"
    return (0..<5).compactMap { k -> String? in
        guard let d = opendir(dir) else { return nil }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name.hasPrefix("00\(k)_"), let f = fopen(dir + name, "rb") else { continue }
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
        return nil
    }
}

@Suite struct TaggerScoreTests {
    /// Tags and scores of `text` under the embedded model: with the word cache (twice: the second run
    /// takes every word from it) and without (`onToken` turns it off).
    func scored(_ text: String) -> [([UInt8], [Float])] {
        guard let model = EmbeddedModel.shared else { return [] }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { p in
            let input = TaggerInput(bytes: p, tokens: tokenize(p))
            var out: [([UInt8], [Float])] = []
            for cached in [true, true, false] {
                var scores = [Float](repeating: 0, count: 4 * input.tokens.count)
                let tags = scores.withUnsafeMutableBufferPointer { ts in
                    cached
                        ? decode(input, model, gate: true, typeScores: ts.baseAddress!)
                        : decode(input, model, gate: true, typeScores: ts.baseAddress!) { _, _, _, _ in }
                }
                out.append((tags, scores))
            }
            return out
        }
    }

    @Test func wordCacheScoresAgreeWithLookups() {
        #expect(EmbeddedModel.shared != nil)
        let texts = seedTexts()
        #expect(texts.count == 5)
        // the same words in every case and position, and a word whose slot another word takes over
        let mixed = "Paris. PARIS paris Paris\nParis said.\n\nParis Hilton met Paris officials in PARIS.\n"
        for text in texts + [mixed, String(repeating: "Lee Kuan Yew of Singapore. ", count: 40)] {
            let runs = scored(text)
            #expect(runs.count == 3)
            guard runs.count == 3 else { continue }
            #expect(runs[0].1.contains { $0 != 0 })  // the model scored something
            for r in runs.dropFirst() {
                #expect(r.0 == runs[0].0)
                // bit for bit: the sums are integers, so where a word's part came from cannot matter
                #expect(r.1.map(\.bitPattern) == runs[0].1.map(\.bitPattern))
            }
        }
    }

    /// `text`'s words, the tokens the gated decoder scored, and its tags; nil (an issue recorded) without
    /// the embedded model.
    func gated(_ text: String) -> (words: [String], scored: [Int], tags: [UInt8])? {
        guard let model = EmbeddedModel.shared else {
            Issue.record("no embedded model")
            return nil
        }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { p in
            let input = TaggerInput(bytes: p, tokens: tokenize(p))
            let words = input.tokens.map { String(decoding: p[Int($0.b0)..<Int($0.b1)], as: UTF8.self) }
            var scored: [Int] = []
            let tags = decode(input, model, gate: true) { i, _, _, _ in scored.append(i) }
            return (words, scored, tags)
        }
    }

    /// Expects the gated decoder over `text` to score none of the words `notScored` and each of `scored`.
    func expectScoring(
        _ text: String, notScored: [String], scored: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let (words, indices, _) = gated(text) else { return }
        let found = Set(indices.map { words[$0] })
        for w in notScored { #expect(!found.contains(w), "\(w) was scored", sourceLocation: sourceLocation) }
        for w in scored { #expect(found.contains(w), "\(w) was not scored", sourceLocation: sourceLocation) }
    }

    @Test func numbersBeforeNoCapitalStartNoEntityAndAreNotScored() {
        let text = "Sales rose 12.5 percent in 1996 , 3-1 . Leeds 2 Chelsea 1\n1860 Munich and 3M said 7 .\n"
        guard let (words, indices, tags) = gated(text) else { return }
        let scored = Set(indices.map { words[$0] })
        for (i, w) in words.enumerated() where ["12.5", "1996", "3-1", "1", "7", "2"].contains(w) {
            #expect(!scored.contains(w), "\(w) was scored")
            #expect(tags[i] == 0)
        }
        // a four-digit number before a capitalised word, and a word with digits and letters, are scored
        for w in ["1860", "3M", "Leeds", "Munich"] { #expect(scored.contains(w), "\(w) was not scored") }
        #expect(!scored.contains("rose") && !scored.contains(","))
    }

    @Test func onlyYearsThousandsAndRangesBeforeACapitalAreScored() {
        // what started a name in the corpora: "1860 Munich", "1,000 Guineas", "1966-76 ..."; never a number
        // of one to three digits, a decimal or a fraction
        expectScoring(
            "Leeds 2 Chelsea 1 . Oil at 12.5 Dollars , 3/4 Cup . 1,000 Guineas , 1860 Munich , 1966-76 Era .\n",
            notScored: ["2", "12.5", "3/4"], scored: ["1,000", "1860", "1966-76"])
    }

    @Test func thePronounIAndHeadlineFunctionWordsAreNotScored() {
        // a capitalised "THE" did start names ("THE HAGUE"), and names are scored
        expectScoring(
            "I think so .\nSOCCER - MILAN WIN AT HOME AFTER DRAW WITH ROMA .\nTHE HAGUE .\n",
            notScored: ["I", "AT", "AFTER", "WITH"], scored: ["THE", "MILAN", "ROMA"])
    }

    @Test func ordinalsAndCaselessWordsAreNotScored() {
        // digits with lowercase letters before no capitalised word, a word of a script without case, a
        // symbol: none started a name in the corpora; a code in capitals, or before a capitalised word, is
        // still scored ("3M", "21st Century Fox")
        expectScoring(
            "He was 10th , in the 1990s . 사진 ½ . 3M said so . 21st Century Fox won .\n",
            notScored: ["10th", "1990s", "사진", "½"], scored: ["3M", "21st"])
    }

    @Test func closedClassWordsBeforeALowercaseWordAreNotScored() {
        let text =
            "He said so . The company fell . Friday was calm . The Hague met . On the Waterfront won . May said no . "
            + "Britain's Tony Blair . In the end , Tuesday , September 5 .\n"
        guard let (words, scored, tags) = gated(text) else { return }
        // (and a sentence's first preposition before a lowercase word; a weekday or a month before no
        // capitalised word)
        let notScored =
            ["He", "Friday", "'s", "In", "Tuesday", "September"].compactMap { words.firstIndex(of: $0) }
            + [words.firstIndex(of: "The")!]
        #expect(notScored.count == 7)
        for i in notScored {
            #expect(!scored.contains(i), "\(words[i]) was scored")
            #expect(tags[i] == 0)
        }
        // before a capitalised word, a preposition (titles open with one) and a month that is a name
        let theHague = words.lastIndex(of: "The")!
        #expect(words[theHague + 1] == "Hague")
        for i in [theHague] + ["On", "May"].compactMap({ words.firstIndex(of: $0) }) {
            #expect(scored.contains(i), "\(words[i]) was not scored")
        }
    }

    @Test func staticFeaturesAreTheWordsThenTheContexts() {
        let bytes = Array("Mr. O'Neill met Angela Merkel in Berlin on Monday.\n".utf8)
        bytes.withUnsafeBufferPointer { p in
            let input = TaggerInput(bytes: p, tokens: tokenize(p))
            let all = UnsafeMutablePointer<UInt64>.allocate(capacity: maxFeatures)
            let part = UnsafeMutablePointer<UInt64>.allocate(capacity: maxFeatures)
            defer {
                all.deallocate()
                part.deallocate()
            }
            for i in 0..<input.tokens.count {
                let n = input.staticFeatures(i, all)
                let w = TaggerInput.wordFeatures(WordView(input.hashes[i]), part)
                let c = input.contextFeatures(i, part + w)
                #expect(n == w + c)
                #expect(
                    Array(UnsafeBufferPointer(start: all, count: n))
                        == Array(UnsafeBufferPointer(start: part, count: n)))
            }
        }
    }
}

@Suite struct WordHashCacheTests {
    /// Every field of every token's hashes, and the aggregated contexts, of `text`.
    func input(_ text: String) -> [[UInt64]] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { p in
            let input = TaggerInput(bytes: p, tokens: tokenize(p))
            var rows = input.hashes.map { h -> [UInt64] in
                [
                    h.lower, h.exact, h.shape, h.pre3, h.suf2, h.suf3, h.suf4, h.gaz, UInt64(h.flags), UInt64(h.doc),
                    UInt64(h.lenBucket), UInt64(h.capRun), UInt64(h.know.raw), UInt64(UInt16(bitPattern: h.vec.k4096)),
                    UInt64(UInt16(bitPattern: h.vec.k512)), UInt64(UInt16(bitPattern: h.vec.fine)),
                    UInt64(UInt16(bitPattern: h.vec.mid)), UInt64(h.numLex),
                ]
            }
            rows.append(input.aggregate)
            return rows
        }
    }

    /// A text's tagger input is the same worked out from its bytes (empty cache), from the cache, and
    /// after other texts took over some of its words' slots.
    @Test func cachedWordsAgreeWithWorkedOut() {
        let texts =
            seedTexts() + [
                "Dr. Ng Kwok-wing, 58, met Zoë Ångström at Zürich's ETH on Mon. 3 March 2025 (12:30 GMT).\n",
                "NEW YORK — IBM, Apple and al-Qaeda; Kuala Lumpur; São Paulo; U.S.-based; 1,234.5 km; #hashtag\n",
            ]
        #expect(texts.count == 7)
        ThreadCaches.current.words.clear()
        let fresh = texts.map { t -> [[UInt64]] in
            ThreadCaches.current.words.clear()
            return input(t)
        }
        ThreadCaches.current.words.clear()
        for (k, t) in texts.enumerated() {
            let first = input(t)  // the words of the texts before it in the cache
            let again = input(t)  // all of its own
            #expect(first == fresh[k])
            #expect(again == fresh[k])
        }
        for (k, t) in texts.enumerated().reversed() { #expect(input(t) == fresh[k]) }
        #expect(fresh[0].contains { $0[12] != 0 })  // the word knowledge was looked up
        // and each word's NumLex bits are the lexicon's
        let lexicon = NumLex.lexicon
        for t in texts {
            let bytes = Array(t.utf8)
            bytes.withUnsafeBufferPointer { p in
                for h in TaggerInput(bytes: p, tokens: tokenize(p)).hashes {
                    #expect(h.numLex == lexicon[h.lower] ?? 0)
                }
            }
        }
        #expect(fresh[0].contains { $0[17] != 0 })
    }
}

@Suite struct WordFlagTests {
    /// The byte loop `computeFlags` runs on other words, for ASCII: the reference.
    func byteFlags(_ b: [UInt8]) -> UInt16 {
        var f: UInt16 = 0
        var hasUpper = false
        var hasLower = false
        var hasDigit = false
        var allDigit = true
        for (k, c) in b.enumerated() {
            let up = c >= 65 && c <= 90
            let lo = c >= 97 && c <= 122
            if k == 0 && up { f |= TF.cap }
            if k == 0 && lo { f |= TF.lower }
            hasUpper = hasUpper || up
            hasLower = hasLower || lo
            if c >= 48 && c <= 57 {
                hasDigit = true
            } else if c != 44 && c != 46 {
                allDigit = false
            }
        }
        if hasUpper || hasLower { f |= TF.alpha }
        if hasUpper && !hasLower { f |= TF.allCaps }
        if hasDigit { f |= TF.digit }
        if hasDigit && allDigit { f |= TF.allDigit }
        return f
    }

    @Test func eightAsciiBytesAtATimeAgreeWithTheByteLoop() {
        // every byte value at the edges of the ranges, and random words of 1 to 8 bytes
        let edges: [UInt8] = [
            0, 1, 43, 44, 45, 46, 47, 48, 57, 58, 64, 65, 90, 91, 96, 97, 122, 123, 127, 128, 200, 255,
        ]
        var x: UInt64 = 7
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        var checked = 0
        for round in 0..<60000 {
            let count = 1 + next(8)
            var word = (0..<count).map { _ in round % 2 == 0 ? edges[next(edges.count)] : UInt8(next(128)) }
            let tail = (0..<(8 - count)).map { _ in UInt8(next(256)) }  // bytes after the word: ignored
            if round % 3 == 0 { word = word.map { $0 & 0x7F } }
            let bytes = word + tail
            let v = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let fast = asciiWordFlags(UInt64(littleEndian: v), count)
            if word.allSatisfy({ $0 < 0x80 }) {
                #expect(fast == byteFlags(word), "\(word)")
                checked += 1
            } else {
                #expect(fast == nil, "\(word)")
            }
        }
        #expect(checked > 20000)
    }
}

@Suite struct TokenBufferTests {
    /// More tokens than the buffer's first guess (a fifth of the bytes): it grows and keeps them all.
    @Test func punctuationDenseTextKeepsEveryToken() {
        let text = String(repeating: "a,(b);", count: 500) + "\nZ."
        let bytes = Array(text.utf8)
        let tokens = bytes.withUnsafeBufferPointer { tokenize($0) }
        #expect(tokens.count == 3000 + 1)
        for (k, t) in tokens.dropLast().enumerated() {
            #expect(Int(t.b0) == k && Int(t.b1) == k + 1)
        }
        #expect(tokens.last.map { Int($0.b0) } == 3001 && tokens.last.map { $0.has(TF.lineStart) } == true)
    }
}

@Suite struct PackedModelTests {
    /// A model of `n` random keys with random weights, and the weights each key was given.
    static func randomModel(_ n: Int, seed: UInt64) -> (PackedModel, [UInt64: [Int16]]) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return mix64(state)
        }
        var keys: [UInt64] = []
        var seen = Set<UInt32>()
        while keys.count < n {
            let k = next()
            // the table keeps the top 32 bits (made odd): keys that collide there are one key to it
            if seen.insert(UInt32(truncatingIfNeeded: k >> 32) | 1).inserted { keys.append(k) }
        }
        keys.sort()
        var weights: [Int16] = []
        for _ in 0..<(n * numTags) { weights.append(Int16(truncatingIfNeeded: Int(next() % 2001) - 1000)) }
        // one row scale of 1 and the largest weight 1000: the global scale is 1000 / 32767
        let model = PackedModel(keys: keys, scales: [Float](repeating: 1, count: n), weights: weights)
        var want: [UInt64: [Int16]] = [:]
        for (r, k) in keys.enumerated() {
            want[k] = (0..<numTags).map { t in
                let v = (Float(weights[r * numTags + t]) / model.scale).rounded()
                return Int16(max(-32767, min(32767, v)))
            }
        }
        return (model, want)
    }

    /// The integer sum each tag gets from looking up `keys`.
    static func sums(_ model: PackedModel, _ keys: [UInt64]) -> [Int32] {
        var s = PackedModel.Sums()
        keys.withUnsafeBufferPointer { model.table.sum($0.baseAddress!, keys.count, into: &s) }
        return (0..<8).flatMap { [s.even[$0], s.odd[$0]] } + [s.last]
    }

    @Test func everyKeyIsFoundWithItsWeightsAndNoOtherIs() {
        let (model, want) = Self.randomModel(3000, seed: 7)
        for (k, w) in want {
            #expect(Self.sums(model, [k]) == w.map { Int32($0) }, "key \(k)")
        }
        // keys that are not there add nothing, wherever their look-up starts and however far it walks
        var state: UInt64 = 99
        var absent = 0
        for _ in 0..<20000 {
            state = mix64(state &+ 0x9E37_79B9_7F4A_7C15)
            if want[state] != nil { continue }
            absent += 1
            #expect(Self.sums(model, [state]) == [Int32](repeating: 0, count: numTags), "absent key \(state)")
        }
        #expect(absent > 19000)
        // and many at once sum exactly
        let some = Array(want.keys.prefix(100))
        let total = (0..<numTags).map { t in some.reduce(Int32(0)) { $0 + Int32(want[$1]![t]) } }
        #expect(Self.sums(model, some) == total)
    }

    @Test func slotsKeepTheRobinHoodOrder() {
        let (model, _) = Self.randomModel(5000, seed: 11)
        let base = model.tableBase
        let stride = PackedModel.stride
        var used = 0
        for i in 0..<model.capacity {
            let dist = Int(base[i * stride + 2])
            if dist == 0 {
                #expect(base[i * stride] == 0 && base[i * stride + 1] == 0)
                continue
            }
            used += 1
            // a key `dist - 1` slots from its home: every slot between holds a key at least as far from
            // its own home as that slot is from this key's home
            let next = (i + 1) % model.capacity
            let nextDist = Int(base[next * stride + 2])
            #expect(nextDist <= dist + 1, "slot \(next) after \(i)")
        }
        #expect(used == 5000)
        // every key's bits are in the filter, and the filter leaves out most of the keys that are not there
        var passed = 0
        for i in 0..<model.capacity where base[i * stride + 2] != 0 {
            let (word, bits) = PackedModel.filterBits(UInt32(base[i * stride]) | UInt32(base[i * stride + 1]) << 16)
            #expect(model.filterBase[word] & bits == bits)
        }
        for k in 0..<100_000 {
            let (word, bits) = PackedModel.filterBits(UInt32(truncatingIfNeeded: mix64(UInt64(k))) | 1)
            if model.filterBase[word] & bits == bits { passed += 1 }
        }
        #expect(passed < 1000, "\(passed) of 100,000 absent keys pass the filter")
    }

    @Test func serialisedModelReadsBackAndOldFormatsAreNamed() {
        let (model, want) = Self.randomModel(500, seed: 3)
        let bytes = model.serialize()
        #expect(Array(bytes[0..<4]) == Array("WWN7".utf8))
        let back = bytes.withUnsafeBufferPointer { PackedModel.deserialize($0) }
        #expect(back != nil)
        if let back {
            for (k, w) in want.prefix(50) { #expect(Self.sums(back, [k]) == w.map { Int32($0) }) }
        }
        var old = bytes
        old[3] = UInt8(ascii: "5")
        let problem = old.withUnsafeBufferPointer { PackedModel.formatProblem($0) } ?? ""
        #expect(problem.contains("WWN5") && problem.contains("make train"), "\(problem)")
        #expect(old.withUnsafeBufferPointer { PackedModel.deserialize($0) } == nil)
        let cut = Array(bytes.dropLast(2))
        #expect(cut.withUnsafeBufferPointer { PackedModel.formatProblem($0) }?.contains("damaged") == true)
        #expect(EmbeddedModel.bytes.count > 16 && PackedModel.formatProblem(EmbeddedModel.bytes) == nil)
    }
}
