import Testing

@testable import Extraction

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
        }
    }
}
