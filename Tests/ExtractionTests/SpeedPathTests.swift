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
}
