enum NumLex {
    static func keys(_ s: String) -> [UInt64] { hashedWords(s, 32) }
    static func set(_ s: String) -> FastSet { FastSet(keys(s)) }
    static let numberWordList =
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        + "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
        + "million billion trillion dozen dozens hundreds thousands millions billions"
    static let scaleList = "hundred thousand million billion trillion bn mln m k"
    static let ordinalList =
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        + "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth "
        + "fiftieth hundredth thousandth"
    static let currencyWordList =
        "dollar dollars euro euros pound pounds sterling yen rupee rupees manat manats franc francs mark marks "
        + "lira liras cent cents yuan renminbi rouble roubles ruble rubles dinar dinars riyal riyals dirham "
        + "dirhams peso pesos rand shekel shekels won krona kronor krone guilders guilder pence"
    static let currencyPrefixList = "usd eur gbp jpy rs rs. pkr azn inr us$ a$ c$ hk$"
    static let percentWordList = "percent pct percentage"
    static let pointList = "point points"
    static let unitList =
        "km kilometre kilometres kilometer kilometers mile miles kg kilogram kilograms tonne tonnes ton tons "
        + "metre metres meter meters m2 feet foot ft acres acre hectares hectare barrels barrel bpd litres "
        + "liters gallons mw megawatts gw kw kwh cm mm inches inch pounds lbs ounces degrees sq square cubic "
        + "mph kph km/h"
    static let dateRelList = "today yesterday tomorrow tonight"
    static let relModList = "last next this past previous coming recent same"
    static let periodList =
        "day days week weeks weekend month months year years decade decades century centuries quarter "
        + "quarters season"
    static let timeSuffixList = "a.m. p.m. am pm gmt utc est pst cet"
    /// Time zones written after a time: "3:45 PM ET", "10:00 GMT".
    static let zoneList =
        "et edt est ct cdt cst mt mdt mst pt pdt pst gmt utc bst cet cest eet eest ist pkt msk jst aest"

    // Bits of `lexicon`: which of the word lists a lowercased token hash is in.
    static let numberWords: UInt16 = 1 << 0
    static let scale: UInt16 = 1 << 1
    static let ordinals: UInt16 = 1 << 2
    static let currencyWords: UInt16 = 1 << 3
    static let currencyPrefix: UInt16 = 1 << 4
    static let percentWords: UInt16 = 1 << 5
    static let units: UInt16 = 1 << 6
    static let months: UInt16 = 1 << 7
    static let weekdays: UInt16 = 1 << 8
    static let dateRel: UInt16 = 1 << 9
    static let relMod: UInt16 = 1 << 10
    static let periods: UInt16 = 1 << 11
    static let timeSuffix: UInt16 = 1 << 12
    static let points: UInt16 = 1 << 13
    static let zones: UInt16 = 1 << 14
    /// Not a word list of the number rules: words that start no name (`TaggerInput.startsNoEntity`).
    static let startsNoName: UInt16 = 1 << 15
    /// Pronouns, determiners, conjunctions and sentence adverbs, the days of the week and the months
    /// that are no given names, before a lowercase word; and the possessive "'s" anywhere. Over eng.train the model, scoring them, tagged
    /// all of them that opened a sentence O. Left out: words that did start names there or can ("A" in
    /// Group A, "An", "No", "All", "Who" for WHO, "Wednesday" for the football club, "April", "May",
    /// "June", "August"), and prepositions, which open titles ("On the Waterfront" in eng.testa).
    static let startsNoNameList =
        "the he she it we they i you his her its their our my your this that these those there here but and or "
        + "so if when while what which where why how also however although though then now yet still monday "
        + "tuesday thursday friday saturday sunday january february march july september october november "
        + "december 's ’s in at after for with to according during despite following as some many even another "
        + "both since just once earlier because several among over each every before maybe any only later about "
        + "neither unlike having instead shortly through almost until perhaps throughout overall nothing none "
        + "whatever without most other others"

    /// One lookup answers every word-list question about a token (same key matching as `FastSet`).
    static let lexicon: FastMap = {
        var bits = IndexMap(capacity: 512)  // (a Dictionary made the runtime look its type up at start-up)
        func add(_ keys: [UInt64], _ bit: UInt16) { for k in keys { bits.set(k | 1, (bits[k | 1] ?? 0) | Int(bit)) } }
        func gaz(_ s: String) -> [UInt64] { hashedWords(s, UInt8(ascii: "|")) }
        add(keys(numberWordList), numberWords)
        add(keys(scaleList), scale)
        add(keys(ordinalList), ordinals)
        add(keys(currencyWordList), currencyWords)
        add(keys(currencyPrefixList), currencyPrefix)
        add(keys(percentWordList), percentWords)
        add(keys(unitList), units)
        add(gaz(GazLists.months), months)  // as WordSets.months
        add(gaz(GazLists.weekdays), weekdays)  // as WordSets.weekdays
        add(keys(dateRelList), dateRel)
        add(keys(relModList), relMod)
        add(keys(periodList), periods)
        add(keys(timeSuffixList), timeSuffix)
        add(keys(pointList), points)
        add(keys(zoneList), zones)
        add(keys(startsNoNameList), startsNoName)
        return FastMap(bits.pairs.map { ($0.0, UInt16($0.1)) })
    }()

    static let ago = fnvLower("ago")
    static let of = fnvLower("of")
    static let per = fnvLower("per")
    static let cent = fnvLower("cent")
    static let the = fnvLower("the")
}

struct NumberRules {
    let p: UnsafeBufferPointer<UInt8>
    let tokens: [Token]
    let hashes: [TokHash]
    /// `NumLex.lexicon` bits of each token (`TaggerInput` looks them up once per word and keeps them in
    /// its word cache).
    let lex: [UInt16]

    init(p: UnsafeBufferPointer<UInt8>, tokens: [Token], hashes: [TokHash]) {
        self.p = p
        self.tokens = tokens
        self.hashes = hashes
        lex = hashes.map { $0.numLex }
    }

    func byte(_ t: Int, _ k: Int) -> UInt8 { p[Int(tokens[t].b0) + k] }
    func len(_ t: Int) -> Int { tokens[t].byteCount }
    func lower(_ t: Int) -> UInt64 { hashes[t].lower }
    /// Whether token `t` is in the word list(s) `bits` (`NumLex`).
    func isIn(_ t: Int, _ bits: UInt16) -> Bool { lex[t] & bits != 0 }

    func isPunct(_ t: Int, _ c: UInt8) -> Bool { len(t) == 1 && byte(t, 0) == c }

    /// Integer value of an all-digit token (no separators), or nil.
    func intValue(_ t: Int) -> Int? {
        let n = len(t)
        guard n > 0 && n <= 4 else { return nil }
        var v = 0
        for k in 0..<n {
            let c = byte(t, k)
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// "6th", "31st" -> 6, 31
    func ordinalDigits(_ t: Int) -> Int? {
        let n = len(t)
        guard n >= 3 && n <= 4 else { return nil }
        var v = 0
        var k = 0
        while k < n, byte(t, k) >= 48 && byte(t, k) <= 57 {
            v = v * 10 + Int(byte(t, k) - 48)
            k += 1
        }
        guard k > 0 && n - k == 2 else { return nil }
        let a = asciiLower(byte(t, k))
        let b = asciiLower(byte(t, k + 1))
        let ok = (a == 115 && b == 116) || (a == 110 && b == 100) || (a == 114 && b == 100) || (a == 116 && b == 104)
        return ok ? v : nil
    }

    func isNumber(_ t: Int) -> Bool {
        tokens[t].has(TF.allDigit) || isIn(t, NumLex.numberWords)
    }
    func isYear(_ t: Int) -> Bool {
        guard let v = intValue(t), len(t) == 4 else { return false }
        return v >= 1000 && v <= 2199
    }
    func isDay(_ t: Int) -> Bool {
        if let v = intValue(t), len(t) <= 2 { return v >= 1 && v <= 31 }
        if let v = ordinalDigits(t) { return v >= 1 && v <= 31 }
        return false
    }
    func isMonth(_ t: Int) -> Bool { tokens[t].has(TF.cap) && isIn(t, NumLex.months) }

    /// yyyy-mm-dd, dd/mm/yyyy, dd.mm.yyyy
    func isNumericDate(_ t: Int) -> Bool {
        let n = len(t)
        guard n >= 8 && n <= 10 && tokens[t].has(TF.digit) else { return false }
        var seps = 0
        for k in 0..<n {
            let c = byte(t, k)
            if c == 45 || c == 47 || c == 46 {
                seps += 1
            } else if !(c >= 48 && c <= 57) {
                return false
            }
        }
        return seps == 2
    }

    /// A rupee amount written as one word: "Rs1.1", "Rs.500", "PKR500".
    func isGluedMoney(_ t: Int) -> Bool {
        let n = len(t)
        guard n >= 3, tokens[t].has(TF.digit) else { return false }
        var k = 0
        if asciiLower(byte(t, 0)) == 114 && asciiLower(byte(t, 1)) == 115 {  // rs
            k = 2
            if byte(t, 2) == 46 { k = 3 }  // rs.
        } else if n >= 4 && asciiLower(byte(t, 0)) == 112 && asciiLower(byte(t, 1)) == 107
            && asciiLower(byte(t, 2)) == 114
        {
            k = 3  // pkr
        }
        guard k > 0, k < n else { return false }
        for j in k..<n {
            let c = byte(t, j)
            if !((c >= 48 && c <= 57) || c == 46 || c == 44) { return false }
        }
        return byte(t, k) >= 48 && byte(t, k) <= 57
    }

    func isTime(_ t: Int) -> Bool {
        let n = len(t)
        guard n >= 4 && n <= 5 else { return false }
        var colon = -1
        for k in 0..<n {
            let c = byte(t, k)
            if c == 58 { colon = k } else if !(c >= 48 && c <= 57) { return false }
        }
        return colon >= 1 && n - colon == 3
    }

    mutating func find(covered: [Bool]) -> [Span] {
        var out: [Span] = []
        let n = tokens.count
        var i = 0
        while i < n {
            if covered[i] {
                i += 1
                continue
            }
            // every rule needs a digit, a listed word or a currency symbol in its first token
            let b0 = byte(i, 0)
            if lex[i] & ~NumLex.startsNoName == 0 && !tokens[i].has(TF.digit) && b0 != 36 && b0 != 0xC2 && b0 != 0xE2 {
                i += 1
                continue
            }
            if let (end, type) = match(i, covered) {
                out.append(Span(t0: i, t1: end, type: type))
                i = end + 1
            } else {
                i += 1
            }
        }
        return out
    }

    func ok(_ t: Int, _ covered: [Bool]) -> Bool { t < tokens.count && !covered[t] }

    /// Whether the tagger's span `a...b` is calendar words the date and time rules should have instead:
    /// "Mon May" before "6, 2024", or a time zone after a time ("3:45 PM ET").
    func isCalendarSpan(_ a: Int, _ b: Int) -> Bool {
        // calendar words, then (inside the span or right after it) a day number: "Mon May" + "6, 2024",
        // or the tagger's "Mon May 6"
        var k = a
        while k <= b && (isIn(k, NumLex.months) || isIn(k, NumLex.weekdays)) { k += 1 }
        if k > a && k <= b && tokens[k].has(TF.allDigit) {
            var d = k
            while d <= b && tokens[d].has(TF.allDigit) { d += 1 }
            if d > b { return true }
        }
        if k > b && b + 1 < tokens.count && tokens[b + 1].has(TF.allDigit) && tokens[b + 1].line == tokens[b].line {
            return true
        }
        if a == b && a > 0 && tokens[a].has(TF.allCaps) && isIn(a, NumLex.zones) {
            return isIn(a - 1, NumLex.timeSuffix) || isTime(a - 1)
        }
        return false
    }

    /// Extends a number over scale words and separators ("5.5 million"); returns the last token.
    func numberEnd(_ i: Int, _ covered: [Bool]) -> Int {
        var e = i
        while ok(e + 1, covered), isIn(e + 1, NumLex.scale) || isIn(e + 1, NumLex.numberWords) {
            e += 1
        }
        return e
    }

    func match(_ i: Int, _ c: [Bool]) -> (Int, EntityType)? {
        let tok = tokens[i]
        // DATE: day month [year] / month day[,] [year] / month year
        if isDay(i), ok(i + 1, c) {
            var j = i + 1
            if lower(j) == NumLex.of, ok(j + 1, c) { j += 1 }
            if isMonth(j) {
                var e = j
                if ok(e + 1, c), isYear(e + 1) {
                    e += 1
                } else if ok(e + 2, c), isPunct(e + 1, 44), isYear(e + 2) {
                    e += 2
                }
                return (e, .date)
            }
        }
        if isMonth(i) {
            var e = i
            if ok(i + 1, c), isDay(i + 1) {
                e = i + 1
                if ok(e + 1, c), isYear(e + 1) {
                    e += 1
                } else if ok(e + 2, c), isPunct(e + 1, 44), isYear(e + 2) {
                    e += 2
                }
            } else if ok(i + 1, c), isYear(i + 1) {
                e = i + 1
            } else if len(i) <= 3 && !(i + 1 < tokens.count && isPunct(i + 1, 46)) {
                // bare "Mar", "Jun": too ambiguous
                if !isIn(i, NumLex.months) { return nil }
                if len(i) < 4 { return nil }
            }
            return (e, .date)
        }
        // a weekday before a date belongs to it: "Mon May 6, 2024", "Tuesday, 5 March 2024"
        if tok.has(TF.cap) && isIn(i, NumLex.weekdays), ok(i + 1, c) {
            let j = isPunct(i + 1, 44) && ok(i + 2, c) ? i + 2 : i + 1
            if isMonth(j) || isDay(j), let (e, type) = match(j, c), type == .date, e > j { return (e, .date) }
        }
        if tok.has(TF.cap) && isIn(i, NumLex.weekdays) && len(i) > 3 { return (i, .date) }
        if isIn(i, NumLex.dateRel) { return (i, .date) }
        if isIn(i, NumLex.relMod), ok(i + 1, c), isIn(i + 1, NumLex.periods) { return (i + 1, .date) }
        if isNumericDate(i) { return (i, .date) }
        if isTime(i) {
            var e = i
            if ok(e + 1, c), isIn(e + 1, NumLex.timeSuffix) { e += 1 }
            if ok(e + 1, c), tokens[e + 1].has(TF.allCaps), isIn(e + 1, NumLex.zones) { e += 1 }
            return (e, .time)
        }
        // MONEY: "Rs1.1 trillion", "PKR500" (the currency glued to the number)
        if isGluedMoney(i) { return (numberEnd(i, c), .money) }
        // MONEY: symbol + number
        let b0 = byte(i, 0)
        let isSymbol =
            (len(i) == 1 && b0 == 36) || (len(i) == 2 && b0 == 0xC2 && (byte(i, 1) == 0xA3 || byte(i, 1) == 0xA5))
            || (len(i) == 3 && b0 == 0xE2 && byte(i, 1) == 0x82)
        if isSymbol || isIn(i, NumLex.currencyPrefix), ok(i + 1, c) {
            var j = i + 1
            if isSymbol == false && isPunct(j, 36), ok(j + 1, c) { j += 1 }  // US $
            if isNumber(j) { return (numberEnd(j, c), .money) }
        }
        if isNumber(i) || ordinalDigits(i) != nil || isIn(i, NumLex.ordinals) {
            if ordinalDigits(i) != nil || isIn(i, NumLex.ordinals) { return (i, .ordinal) }
            let e = numberEnd(i, c)
            if ok(e + 1, c) {
                let nx = lower(e + 1)
                if isPunct(e + 1, 37) { return (e + 1, .percent) }
                if isIn(e + 1, NumLex.percentWords) {
                    // "0.25 percentage points"
                    if ok(e + 2, c), isIn(e + 2, NumLex.points) { return (e + 2, .percent) }
                    return (e + 1, .percent)
                }
                if nx == NumLex.per, ok(e + 2, c), lower(e + 2) == NumLex.cent { return (e + 2, .percent) }
                if isIn(e + 1, NumLex.currencyWords) { return (e + 1, .money) }
                if isIn(e + 1, NumLex.units) { return (e + 1, .quantity) }
                if isIn(e + 1, NumLex.periods) {
                    if ok(e + 2, c), lower(e + 2) == NumLex.ago { return (e + 2, .date) }
                    return (e + 1, .date)
                }
                if isIn(e + 1, NumLex.timeSuffix), intValue(i) != nil, let v = intValue(i), v <= 12 {
                    return (e + 1, .time)
                }
            }
            if e == i && isYear(i) { return (i, .date) }
            return (e, .cardinal)
        }
        if len(i) == 5, byte(i, 4) == 115, byte(i, 3) == 48, tok.has(TF.digit) {
            var digits = true
            for k in 0..<4 where !(byte(i, k) >= 48 && byte(i, k) <= 57) { digits = false }
            if digits { return (i, .date) }  // 1990s
        }
        return nil
    }
}
