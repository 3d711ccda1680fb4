// One canonical name per thing in an article: aliases, acronyms, surnames, spelling variants.

extension EntityType {
    /// Position in `allCases` (declaration order).
    var caseIndex: Int {
        switch self {
        case .person: return 0
        case .norp: return 1
        case .fac: return 2
        case .org: return 3
        case .gpe: return 4
        case .loc: return 5
        case .product: return 6
        case .event: return 7
        case .workOfArt: return 8
        case .law: return 9
        case .language: return 10
        case .date: return 11
        case .time: return 12
        case .percent: return 13
        case .money: return 14
        case .quantity: return 15
        case .ordinal: return 16
        case .cardinal: return 17
        }
    }
}

extension Pipeline {
    func surface(_ s: Span, _ tokens: [Token]) -> String {
        text(Int(tokens[s.t0].b0), Int(tokens[s.t1].b1))
    }

    /// `collapseSpaces(text)` of the span's surface `text`, without reading the String when the span's
    /// bytes hold no line break or tab (nearly every name): then it is `text` itself.
    func collapsedSurface(_ s: Span, _ text: String, _ tokens: [Token]) -> String {
        for k in Int(tokens[s.t0].b0)..<Int(tokens[s.t1].b1) where p[k] == 10 || p[k] == 13 || p[k] == 9 {
            return collapseSpaces(text)
        }
        return text
    }

    /// Initials of the capitalised words of a span ("Organization of Islamic Cooperation" -> "OIC").
    func initials(_ s: Span, _ tokens: [Token]) -> [UInt8] {
        var out: [UInt8] = []
        for k in s.t0...s.t1 {
            let t = tokens[k]
            if t.has(TF.cap) && !t.has(TF.punct) { out.append(p[Int(t.b0)]) }
        }
        return out
    }

    func acronymLetters(_ t: Token) -> [UInt8]? {
        guard t.has(TF.allCaps), !t.has(TF.digit) else { return nil }
        var out: [UInt8] = []
        for i in Int(t.b0)..<Int(t.b1) {
            let c = p[i]
            if c >= 65 && c <= 90 { out.append(c) } else if c != 46 { return nil }
        }
        return out.count >= 2 && out.count <= 8 ? out : nil
    }

    /// Normalised-name hash of text bytes: ASCII case folded, punctuation and spaces dropped, a leading
    /// "the" dropped ("U.N." == "UN", "Nagorno-Karabakh" == "Nagorno Karabakh").
    func normHash(_ b0: Int, _ b1: Int) -> UInt64 {
        normalizedHash(UnsafeBufferPointer(rebasing: p[b0..<b1]))
    }

    struct Canon {
        var hash: UInt64
        var text: Int32  // explicit canonical name (as `Span.canonical` gives it: -1 none)
        var span: Int  // else: the surface of this span
    }

    /// The canonical name `ref` stands for (`Span.canonical`: an alias row or a dictionary entry), if any.
    func canonicalName(_ ref: Int32) -> String? {
        if ref >= 0 { return AliasTable.rows[Int(ref)].names[0] }
        if ref <= -2, let dictionary { return dictionary.entries[Int(-2 - ref)].canonical }
        return nil
    }

    func canonicalise(
        _ input: [Span], _ tokens: [Token], _ hashes: [TokHash], boilerplate: [(Int, Int)]
    )
        -> [Entity]
    {
        var spans = input
        let n = spans.count
        var canon = [Canon?](repeating: nil, count: n)
        var keyHash = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            let s = spans[i]
            // "Microsoft Corp" is "Microsoft": a company form at the end does not change the name
            var last = s.t1
            if s.type == .org && last > s.t0 && NameLex.companyForms.contains(hashes[last].lower) { last -= 1 }
            keyHash[i] = normHash(Int(tokens[s.t0].b0), Int(tokens[last].b1))
            if let c = canonicalName(s.canonical) {
                canon[i] = Canon(hash: normalizedHash(c), text: s.canonical, span: i)
            } else if !s.type.isNumeric, let row = AliasTable.rowIndex(hash: keyHash[i]) {
                canon[i] = Canon(hash: AliasTable.rows[row].hash, text: Span.aliasRow(row), span: i)
            }
        }
        // acronym definitions: "Long Name (ACR)"
        var acronyms = IndexMap()  // acronym letters -> index in acronymCanon
        var acronymCanon: [Canon] = []
        func setAcronym(_ key: UInt64, _ c: Canon) {
            if let k = acronyms[key] {
                acronymCanon[k] = c
            } else {
                acronyms.set(key, acronymCanon.count)
                acronymCanon.append(c)
            }
        }
        var added: [Span] = []
        var addedCanon: [Canon] = []
        for i in 0..<n where !spans[i].type.isNumeric && spans[i].t1 > spans[i].t0 {
            let s = spans[i]
            let a = s.t1 + 2
            guard a + 1 < tokens.count, tokens[s.t1 + 1].byteCount == 1, p[Int(tokens[s.t1 + 1].b0)] == 40,
                tokens[a + 1].byteCount == 1, p[Int(tokens[a + 1].b0)] == 41,
                let acr = acronymLetters(tokens[a])
            else { continue }
            let ini = initials(s, tokens)
            guard ini.first == acr.first, acr.count <= ini.count + 1 else { continue }
            let c = canon[i] ?? Canon(hash: keyHash[i], text: -1, span: i)
            setAcronym(fnv(acr), c)
            if !input.contains(where: { $0.t0 == a }) {
                added.append(Span(t0: a, t1: a, type: spans[i].type))
                addedCanon.append(c)
            }
        }
        // multi-word names define their initials as acronyms too (weaker than explicit definitions)
        for i in 0..<n where !spans[i].type.isNumeric && spans[i].type != .person {
            // count and fnv hash of initials(spans[i]), without building the array
            var count = 0
            var h = fnvOffset
            for k in spans[i].t0...spans[i].t1 where tokens[k].has(TF.cap) && !tokens[k].has(TF.punct) {
                count += 1
                h = (h ^ UInt64(p[Int(tokens[k].b0)])) &* fnvPrime
            }
            if count >= 3 && spans[i].t1 - spans[i].t0 + 1 >= count && acronyms[h] == nil {
                setAcronym(h, canon[i] ?? Canon(hash: keyHash[i], text: -1, span: i))
            }
        }
        for (k, s) in added.enumerated() {
            spans.append(s)
            canon.append(addedCanon[k])
            keyHash.append(normHash(Int(tokens[s.t0].b0), Int(tokens[s.t1].b1)))
        }
        let m = spans.count
        if !acronymCanon.isEmpty {
            for i in 0..<m where canon[i] == nil && spans[i].t0 == spans[i].t1 && !spans[i].type.isNumeric {
                if let acr = acronymLetters(tokens[spans[i].t0]), let k = acronyms[fnv(acr)] {
                    canon[i] = acronymCanon[k]
                }
            }
        }
        // surname merge: a shorter PERSON name that ends a longer one in the article
        var persons: [Int] = []
        for i in 0..<m where spans[i].type == .person && !spans[i].fixed { persons.append(i) }
        if persons.count > 1 {
            // every proper suffix (last 1..len-1 tokens) of every person name -> the longest name ending
            // with it (the first such in `persons` order on ties); linear instead of persons^2
            func suffixKey(_ t1: Int, _ len: Int) -> UInt64 {
                var h: UInt64 = 0
                for k in 0..<len { h = seqHash(h, hashes[t1 - k].lower) }
                return h
            }
            // a generation ends no surname: "Patrick Carlineo Jr." is Carlineo's full name
            func end(_ j: Int) -> Int {
                let t1 = spans[j].t1
                return t1 > spans[j].t0 && SpanLex.generations.contains(hashes[t1].lower) ? t1 - 1 : t1
            }
            var longest = IndexMap(capacity: persons.count * 2)
            for j in persons {
                let lj = end(j) - spans[j].t0 + 1
                var h: UInt64 = 0
                for len in 1..<max(lj, 1) {
                    h = seqHash(h, hashes[end(j) - len + 1].lower)
                    if let b = longest[h], end(b) - spans[b].t0 + 1 >= lj { continue }
                    longest.set(h, j)
                }
            }
            for i in persons where canon[i] == nil {
                let len = spans[i].t1 - spans[i].t0 + 1
                guard let j = longest[suffixKey(spans[i].t1, len)], end(j) - spans[j].t0 + 1 > len else {
                    continue
                }
                var ok = true
                for k in 0..<len where hashes[spans[i].t1 - k].lower != hashes[end(j) - k].lower {
                    ok = false
                    break
                }
                if ok { canon[i] = canon[j] ?? Canon(hash: keyHash[j], text: -1, span: j) }
            }
        }
        // spelling variants: the first name with the same key is canonical
        var order = Array(0..<m)
        order.sort { spans[$0].t0 < spans[$1].t0 }
        var firstByKey = IndexMap(capacity: m)  // key -> index in firstCanon
        var firstCanon: [Canon] = []
        for i in order {
            if canon[i] == nil {
                canon[i] = firstByKey[keyHash[i]].map { firstCanon[$0] } ?? Canon(hash: keyHash[i], text: -1, span: i)
            }
            if firstByKey[canon[i]!.hash] == nil {
                firstByKey.set(canon[i]!.hash, firstCanon.count)
                firstCanon.append(canon[i]!)
            }
        }
        // group by (canonical, type)
        var groups = IndexMap(capacity: m)
        var entities: [Entity] = []
        var fixed: [Bool] = []
        for i in order {
            let s = spans[i]
            let mention = Mention(start: Int(tokens[s.t0].s0), end: Int(tokens[s.t1].s1))
            // site chrome and teasers for other stories are not the article's
            if boilerplate.contains(where: { mention.start >= $0.0 && mention.end <= $0.1 }) { continue }
            let c = canon[i]!
            let gk = c.hash ^ (UInt64(s.type.caseIndex) &* 0x9E37_79B9_7F4A_7C15)
            if let g = groups[gk] {
                entities[g].mentions.append(mention)
                fixed[g] = fixed[g] || s.fixed
            } else {
                groups.set(gk, entities.count)
                let text = surface(s, tokens)
                let canonical =
                    canonicalName(c.text)
                    ?? (c.span == i
                        ? collapsedSurface(s, text, tokens) : collapseSpaces(surface(spans[c.span], tokens)))
                entities.append(Entity(type: s.type, text: text, canonical: canonical, mentions: [mention]))
                fixed.append(s.fixed)
            }
        }
        for g in 0..<entities.count where entities[g].mentions.count > 1 {
            entities[g].mentions.sort()
        }
        return joinMisspellings(entities, fixed: fixed)
    }
}

/// Spelling variants one typo apart ("Nagorno-Karabkh", "Nagorno-Karabakh"): an entity whose canonical
/// name has at least 8 letters and fewer mentions than another's one edit away (a letter changed, added,
/// dropped, or two neighbours swapped) joins that entity, taking its canonical name and type. Names with as
/// many mentions stay apart, and so do the user dictionary's. Entities stay ordered by first mention.
func joinMisspellings(_ input: [Entity], fixed: [Bool]) -> [Entity] {
    guard input.count > 1, input.count <= 4096 else { return input }
    var candidates: [(letters: [UInt8], entity: Int)] = []
    for g in 0..<input.count where input[g].canonical.utf8.count >= 8 && !fixed[g] && !input[g].type.isNumeric {
        var name = input[g].canonical
        let letters: [UInt8] = name.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for b in bytes {
                if b >= 65 && b <= 90 {
                    out.append(b | 0x20)
                } else if (b >= 97 && b <= 122) || b >= 0x80 {
                    out.append(b)
                }
            }
            return out
        }
        if letters.count >= 8 { candidates.append((letters, g)) }
    }
    guard candidates.count > 1 else { return input }
    candidates.sort { ($0.letters[0], $0.letters.count) < ($1.letters[0], $1.letters.count) }
    var target = [Int](repeating: -1, count: input.count)
    for x in 0..<candidates.count {
        let (a, ga) = candidates[x]
        var best = -1
        func consider(_ y: Int) {
            let (b, gb) = candidates[y]
            if input[gb].mentions.count > input[ga].mentions.count && oneEditApart(a, b)
                && (best < 0 || input[gb].mentions.count > input[best].mentions.count)
            {
                best = gb
            }
        }
        // neighbours in (first letter, length) order, nearest first: same first letter, length within one
        var y = x - 1
        while y >= 0 && candidates[y].letters[0] == a[0] && candidates[y].letters.count >= a.count - 1 {
            consider(y)
            y -= 1
        }
        y = x + 1
        while y < candidates.count && candidates[y].letters[0] == a[0] && candidates[y].letters.count <= a.count + 1 {
            consider(y)
            y += 1
        }
        target[ga] = best
    }
    guard target.contains(where: { $0 >= 0 }) else { return input }
    var out = input
    for g in 0..<input.count where target[g] >= 0 && target[target[g]] < 0 {
        let t = target[g]
        if input[g].mentions[0] < out[t].mentions[0] { out[t].text = input[g].text }
        out[t].mentions.append(contentsOf: input[g].mentions)
        out[t].mentions.sort()
    }
    var merged: [Entity] = []
    merged.reserveCapacity(out.count)
    for g in 0..<out.count where !(target[g] >= 0 && target[target[g]] < 0) { merged.append(out[g]) }
    merged.sort { $0.mentions[0] < $1.mentions[0] }
    return merged
}

/// Whether `a` and `b` differ by exactly one substitution, insertion, deletion or swap of neighbours,
/// not at the end: an ending changed or added is another word ("Azerbaijan", "Azerbaijani", "Armenians").
func oneEditApart(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    if a == b || abs(a.count - b.count) > 1 { return false }
    var i = 0
    while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
    if i >= min(a.count, b.count) - 1 { return false }
    if a.count == b.count {
        if a[(i + 1)...] == b[(i + 1)...] { return true }  // substitution
        return i + 1 < a.count && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)...] == b[(i + 2)...]
    }
    let (long, short) = a.count > b.count ? (a, b) : (b, a)
    return long[(i + 1)...] == short[i...]
}

/// See `Pipeline.normHash`.
func normalizedHash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h = fnvOffset
    var words = 0
    var wordStart = true
    var firstWord: UInt32 = 0  // up to 4 lowercased bytes of the first word
    var firstLen = 0
    var hAfterFirst = fnvOffset
    for c in b {
        var x: UInt8
        if c >= 65 && c <= 90 {
            x = c | 0x20
        } else if (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c >= 0x80 {
            x = c
        } else {
            if c == 32 || c == 45 || c == 10 || c == 9 || c == 13 || c == 95 { wordStart = true }
            continue
        }
        if wordStart {
            words += 1
            wordStart = false
            if words == 2 { hAfterFirst = fnvOffset }
        }
        if words == 1 {
            if firstLen < 4 { firstWord = firstWord << 8 | UInt32(x) }
            firstLen += 1
        } else {
            hAfterFirst = (hAfterFirst ^ UInt64(x)) &* fnvPrime
        }
        h = (h ^ UInt64(x)) &* fnvPrime
    }
    // drop a leading "the"
    if words > 1 && firstLen == 3 && firstWord == 0x74_6865 { return hAfterFirst }
    return h
}

func normalizedHash(_ s: String) -> UInt64 {
    var a = Array(s.utf8)
    return a.withUnsafeMutableBufferPointer { normalizedHash(UnsafeBufferPointer($0)) }
}

func collapseSpaces(_ s: String) -> String {
    var needs = false
    for b in s.utf8 where b == 10 || b == 13 || b == 9 {
        needs = true
        break
    }
    guard needs else { return s }
    return spaceJoined(s.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == " " }))
}
