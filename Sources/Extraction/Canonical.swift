// One canonical name per thing in an article: aliases, acronyms, surnames, spelling variants.

/// Fast key for ASCII names; falls back to `normalizedKey` otherwise.
func quickKey(_ s: String) -> String {
    var ascii = true
    for b in s.utf8 where b >= 0x80 {
        ascii = false
        break
    }
    guard ascii else { return normalizedKey(s) }
    var words: [[UInt8]] = [[]]
    for b in s.utf8 {
        if (b >= 48 && b <= 57) || (b >= 97 && b <= 122) {
            words[words.count - 1].append(b)
        } else if b >= 65 && b <= 90 {
            words[words.count - 1].append(b | 0x20)
        } else if b == 32 || b == 45 || b == 10 || b == 95 || b == 9 || b == 13 {
            if !words[words.count - 1].isEmpty { words.append([]) }
        }
    }
    if words.last?.isEmpty == true { words.removeLast() }
    if words.count > 1 && words[0] == [116, 104, 101] { words.removeFirst() }
    return String(decoding: words.joined(), as: UTF8.self)
}

let numericTypes: Set<EntityType> = [.date, .time, .percent, .money, .quantity, .ordinal, .cardinal]

extension Pipeline {
    func surface(_ s: Span, _ tokens: [Token]) -> String {
        text(Int(tokens[s.t0].b0), Int(tokens[s.t1].b1))
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

    func canonicalise(_ input: [Span], _ tokens: [Token], _ hashes: [TokHash], boilerplate: [(Int, Int)])
        -> [Entity]
    {
        var spans = input
        let n = spans.count
        var surfaces = spans.map { surface($0, tokens) }
        var canon = [String?](repeating: nil, count: n)
        for i in 0..<n {
            if let c = spans[i].canonical {
                canon[i] = c
            } else if !numericTypes.contains(spans[i].type), let c = KnownNames.canonical(of: surfaces[i]) {
                canon[i] = c
            }
        }
        // acronym definitions: "Long Name (ACR)"
        var acronyms: [[UInt8]: (String, EntityType)] = [:]
        var spanAt = [Int: Int]()  // first token -> span index
        for (i, s) in spans.enumerated() { spanAt[s.t0] = i }
        var added: [Span] = []
        for i in 0..<n where !numericTypes.contains(spans[i].type) && spans[i].t1 > spans[i].t0 {
            let s = spans[i]
            let a = s.t1 + 2
            guard a + 1 < tokens.count, tokens[s.t1 + 1].byteCount == 1, p[Int(tokens[s.t1 + 1].b0)] == 40,
                tokens[a + 1].byteCount == 1, p[Int(tokens[a + 1].b0)] == 41,
                let acr = acronymLetters(tokens[a])
            else { continue }
            let ini = initials(s, tokens)
            guard ini.first == acr.first, acr.count <= ini.count + 1 else { continue }
            let c = canon[i] ?? surfaces[i]
            acronyms[acr] = (c, spans[i].type)
            if spanAt[a] == nil {
                added.append(Span(t0: a, t1: a, type: spans[i].type, canonical: c))
            }
        }
        // multi-word names define their initials as acronyms too (weaker than explicit definitions)
        for i in 0..<n where !numericTypes.contains(spans[i].type) && spans[i].type != .person {
            let ini = initials(spans[i], tokens)
            if ini.count >= 3 && spans[i].t1 - spans[i].t0 + 1 >= ini.count && acronyms[ini] == nil {
                acronyms[ini] = (canon[i] ?? surfaces[i], spans[i].type)
            }
        }
        if !added.isEmpty {
            for s in added {
                spans.append(s)
                surfaces.append(surface(s, tokens))
                canon.append(s.canonical)
            }
        }
        let m = spans.count
        for i in 0..<m where canon[i] == nil && spans[i].t0 == spans[i].t1 && !numericTypes.contains(spans[i].type) {
            if let acr = acronymLetters(tokens[spans[i].t0]), let (c, _) = acronyms[acr] {
                canon[i] = c
            }
        }
        // surname merge: a shorter PERSON name that ends a longer one in the article
        var persons: [Int] = []
        for i in 0..<m where spans[i].type == .person && !spans[i].fixed { persons.append(i) }
        if persons.count > 1 {
            for i in persons where canon[i] == nil {
                let len = spans[i].t1 - spans[i].t0 + 1
                var bestJ = -1
                var bestLen = len
                for j in persons where j != i {
                    let lj = spans[j].t1 - spans[j].t0 + 1
                    guard lj > bestLen else { continue }
                    var ok = true
                    for k in 0..<len where hashes[spans[i].t1 - k].lower != hashes[spans[j].t1 - k].lower {
                        ok = false
                        break
                    }
                    if ok {
                        bestJ = j
                        bestLen = lj
                    }
                }
                if bestJ >= 0 { canon[i] = canon[bestJ] ?? collapseSpaces(surfaces[bestJ]) }
            }
        }
        // spelling variants: the first surface with the same key is canonical
        var firstByKey: [String: String] = [:]
        var keys = [String](repeating: "", count: m)
        var order = Array(0..<m)
        order.sort { spans[$0].t0 < spans[$1].t0 }
        for i in order {
            let c = canon[i] ?? collapseSpaces(surfaces[i])
            let k = quickKey(c)
            keys[i] = k
            if canon[i] == nil {
                if let f = firstByKey[k] { canon[i] = f } else { canon[i] = c }
            }
            if firstByKey[k] == nil { firstByKey[k] = canon[i]! }
        }
        // group by (canonical, type)
        struct GroupKey: Hashable {
            var key: String
            var type: EntityType
        }
        var groups: [GroupKey: Int] = [:]
        var entities: [Entity] = []
        var allBoiler: [Bool] = []
        for i in order {
            let s = spans[i]
            let mention = Mention(start: Int(tokens[s.t0].s0), end: Int(tokens[s.t1].s1))
            let inBoiler = boilerplate.contains { mention.start >= $0.0 && mention.end <= $0.1 }
            let gk = GroupKey(key: quickKey(canon[i]!), type: s.type)
            if let g = groups[gk] {
                entities[g].mentions.append(mention)
                allBoiler[g] = allBoiler[g] && inBoiler
            } else {
                groups[gk] = entities.count
                entities.append(
                    Entity(type: s.type, text: surfaces[i], canonical: canon[i]!, mentions: [mention]))
                allBoiler.append(inBoiler)
            }
        }
        for g in 0..<entities.count {
            entities[g].boilerplate = allBoiler[g]
            entities[g].mentions.sort()
        }
        return entities
    }
}

func collapseSpaces(_ s: String) -> String {
    var needs = false
    for b in s.utf8 where b == 10 || b == 13 || b == 9 {
        needs = true
        break
    }
    guard needs else { return s }
    return s.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == " " }).joined(
        separator: " ")
}
