// Joining the pieces of one name the tagger cut apart: acronym definitions ("Center for Global & Strategic
// Studies (CGSS)") and the multi-word names of the alias table.

/// Word lists of the joins, cuts and type heads applied after the tagger.
enum NameLex {
    /// Words an expansion may contain without taking a letter of the acronym.
    static let connectors: FastSet = NumLex.set("for of and the de du des la le on in to at &")
    /// Words that head an organisation's name written "Head for|of|on Capitalised Words".
    static let orgHeads: FastSet = NumLex.set(
        "centre center institute university council ministry department committee commission association "
            + "organization organisation agency office bureau academy foundation school college society "
            + "authority directorate secretariat forum")
    static let orgLinks: FastSet = NumLex.set("for of on")
    /// Words that end an organisation's name, after which a person's name may follow with no comma:
    /// "... Institute of Peace and Diplomatic Studies Muhammad Asif Noor told".
    static let orgTails: FastSet = NumLex.set(
        "centre center institute university council ministry department committee commission association "
            + "organization organisation agency office bureau academy foundation school college society "
            + "authority directorate secretariat forum studies affairs relations research")
    /// Last (or "X of" first) words that make a tagged organisation a law: "Digital Markets Act".
    static let lawHeads: FastSet = NumLex.set(
        "act treaty charter constitution accord accords agreement resolution resolutions statement declaration "
            + "communique memorandum amendment")
    /// Last words that make a tagged organisation a facility: "DRV PNK Stadium", "Genocide Memorial Complex".
    static let facilityHeads: FastSet = NumLex.set(
        "stadium airport bridge complex tower arena highway motorway tunnel dam canal station museum terminal")
    static let space: UInt64 = fnvLower("space")
    /// Centre and Center name a facility after "Space" ("Kennedy Space Center") and an organisation
    /// otherwise ("Centre for Strategic Studies").
    static let centres: FastSet = NumLex.set("centre center")
    /// Lowercase English words no name holds inside it: a span of the tagger's that runs over one is two
    /// names ("Peace Agreement between Armenia", "Scout Motto is Sebar", "National Register since February").
    /// Particles of other languages ("Tour de France", "Gazzetta dello Sport", "Kengo wa Dondo") stay.
    static let cutters: FastSet = NumLex.set(
        "between while since is was are were be been being has have had said says say added adds told "
            + "after before with against from into during over under than then when where which who whose "
            + "that this these those but or not also as by its their his her our your we they he she it will "
            + "would could should may might can must does did because although though if unless until via per "
            + "about across through within without toward towards among amid despite including versus vs")
    /// Company-form words that do not change which company a name means: "Microsoft Corp", "Microsoft".
    static let companyForms: FastSet = NumLex.set(
        "corp corp. corporation inc inc. incorporated ltd ltd. limited plc llc co co. ag sa nv gmbh se")
    static let and: UInt64 = fnvLower("and")
    static let forWord: UInt64 = fnvLower("for")
    /// Lowercase particles inside names: "Lula da Silva", "Rio Grande do Sul", "Ludwig van Beethoven".
    static let particles: FastSet = NumLex.set("da de do dos das del della di du van von der den ter bin ibn")
    /// Particles that only follow another: "de la Torre", "van der Merwe", "de los Santos".
    static let secondParticles: FastSet = NumLex.set("la le los las der den")
}

/// The bookkeeping the joins share: which span holds each token, which spans a range holds, and the
/// list that results when runs of spans are replaced by one.
struct SpanJoiner {
    let spans: [Span]
    private var owner: [Int]
    private var drop: [Bool]
    private var added: [Span] = []

    init(_ spans: [Span], tokenCount: Int) {
        self.spans = spans
        owner = [Int](repeating: -1, count: tokenCount)
        for (i, s) in spans.enumerated() { for k in s.t0...s.t1 { owner[k] = i } }
        drop = [Bool](repeating: false, count: spans.count)
    }

    /// Whether a span holds token `k`.
    func isOwned(_ k: Int) -> Bool { owner[k] >= 0 }

    /// The span holding token `k`, if any.
    func span(at k: Int) -> Span? { owner[k] >= 0 ? spans[owner[k]] : nil }

    /// The spans inside `a...b`, in order; nil when one runs past either end or `mustStay` keeps it.
    func pieces(_ a: Int, _ b: Int, mustStay: (Span) -> Bool) -> [Int]? {
        var inside: [Int] = []
        for k in a...b where owner[k] >= 0 && inside.last != owner[k] {
            let s = spans[owner[k]]
            if s.t0 < a || s.t1 > b || mustStay(s) { return nil }
            inside.append(owner[k])
        }
        return inside
    }

    /// Whether `pieces` is the one span `a...b` already.
    func isWhole(_ pieces: [Int], _ a: Int, _ b: Int) -> Bool {
        pieces.count == 1 && spans[pieces[0]].t0 == a && spans[pieces[0]].t1 == b
    }

    /// `span` takes the place of every span holding a token of `a...b`, even past either end, unless
    /// one of them is fixed (then nothing changes and the answer is false).
    mutating func replaceOverlapping(_ a: Int, _ b: Int, with span: Span) -> Bool {
        if (a...b).contains(where: { owner[$0] >= 0 && spans[owner[$0]].fixed }) { return false }
        for k in a...b where owner[k] >= 0 { drop[owner[k]] = true }
        added.append(span)
        return true
    }

    /// `span` takes the place of `pieces`.
    mutating func replace(_ pieces: [Int], with span: Span) {
        for i in pieces { drop[i] = true }
        added.append(span)
    }

    /// The spans with every replacement made, ordered by first token.
    func result() -> [Span] {
        guard !added.isEmpty else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count + added.count)
        for (i, s) in spans.enumerated() where !drop[i] { out.append(s) }
        out.append(contentsOf: added)
        out.sort { $0.t0 < $1.t0 }
        return out
    }
}

extension Pipeline {
    /// Repairs the tagger's spans where world knowledge shows two names run together (before the joins):
    /// - a span that ends in a person's name after an organisation's last word is cut there
    ///   ("Diplomatic Studies | Muhammad Asif Noor": the first word a common first name somewhere in the
    ///   world, every word of the run capitalised);
    /// - a span ending "of|for Head" ("Eurasian Studies of Institute") loses that tail, the head kept as
    ///   an organisation of its own, so the organisation joins can take it;
    /// - a one-word PERSON that is a common first name and the PERSON right after it are one person
    ///   ("Ilham" + "Aliyev");
    /// - a place's or a people's name and a facility's head word the tagger left out after it are one
    ///   facility ("British Museum").
    func splitAndMergeNames(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard !spans.isEmpty else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        for (index, span) in spans.enumerated() {
            var s = span
            if !s.fixed && !s.hasCanonical && !s.type.isNumeric && s.t1 - s.t0 >= 3 && s.type != .person {
                // the person run at the end: at least two capitalised words, the first a first name
                var k = s.t1 - 1
                var cut = -1
                while k > s.t0 && tokens[k].has(TF.cap) && !tokens[k].has(TF.punct)
                    && tokens[k].line == tokens[s.t1].line
                {
                    if hashes[k].know.firstName >= 1 && hashes[k].know.firstName <= 2
                        && tokens[k - 1].has(TF.cap)
                        && (NameLex.orgTails.contains(hashes[k - 1].lower) || knownName(s.t0, k - 1, hashes))
                    {
                        cut = k
                        break
                    }
                    k -= 1
                }
                if cut > 0 && tokens[s.t1].has(TF.cap) && !tokens[s.t1].has(TF.punct) {
                    out.append(Span(t0: s.t0, t1: cut - 1, type: s.type))
                    s = Span(t0: cut, t1: s.t1, type: .person)
                }
            }
            // "Eurasian Studies of Institute of Peace": one organisation's last word, then "of|for" and
            // another's head, inside one span
            if !s.fixed && !s.hasCanonical && !s.type.isNumeric && s.type != .person && s.t1 - s.t0 >= 4 {
                var m = s.t0 + 1
                while m + 2 <= s.t1 {
                    if NameLex.orgLinks.contains(hashes[m].lower) && tokens[m].has(TF.lower)
                        && NameLex.orgTails.contains(hashes[m - 1].lower) && tokens[m - 1].has(TF.cap)
                        && NameLex.orgHeads.contains(hashes[m + 1].lower) && tokens[m + 1].has(TF.cap)
                    {
                        out.append(Span(t0: s.t0, t1: m - 1, type: s.type))
                        s = Span(t0: m + 1, t1: s.t1, type: .org)
                        break
                    }
                    m += 1
                }
            }
            // "British Museum and Waterloo Station": two facilities or organisations, each with its head
            if !s.fixed && !s.hasCanonical && !s.type.isNumeric && s.type != .person && s.t1 - s.t0 >= 3 {
                var m = s.t0 + 1
                while m + 1 <= s.t1 {
                    if hashes[m].lower == NameLex.and && tokens[m + 1].has(TF.cap)
                        && (NameLex.facilityHeads.contains(hashes[m - 1].lower)
                            || NameLex.orgTails.contains(hashes[m - 1].lower))
                        && (NameLex.facilityHeads.contains(hashes[s.t1].lower)
                            || NameLex.orgTails.contains(hashes[s.t1].lower))
                    {
                        out.append(Span(t0: s.t0, t1: m - 1, type: s.type))
                        s = Span(t0: m + 1, t1: s.t1, type: s.type)
                        break
                    }
                    m += 1
                }
            }
            if !s.fixed && !s.hasCanonical && !s.type.isNumeric && s.t1 - s.t0 >= 2
                && NameLex.orgLinks.contains(hashes[s.t1 - 1].lower) && tokens[s.t1 - 1].has(TF.lower)
                && NameLex.orgHeads.contains(hashes[s.t1].lower) && tokens[s.t1].has(TF.cap)
            {
                out.append(Span(t0: s.t0, t1: s.t1 - 2, type: s.type))
                s = Span(t0: s.t1, t1: s.t1, type: .org)
            }
            // "British" + "Museum", "Heathrow" + "Airport": a place or people's name with a facility's
            // head word after it that the tagger left out
            let next = s.t1 + 1
            if !s.fixed && !s.hasCanonical && (s.type == .norp || s.type == .gpe || s.type == .loc)
                && next < tokens.count && tokens[next].has(TF.cap) && !tokens[next].has(TF.punct)
                && tokens[next].line == tokens[s.t1].line && NameLex.facilityHeads.contains(hashes[next].lower)
                && (index + 1 == spans.count || spans[index + 1].t0 > next)
            {
                s = Span(t0: s.t0, t1: next, type: .fac)
            }
            if let last = out.last, last.type == .person, s.type == .person, last.t0 == last.t1,
                last.t1 + 1 == s.t0, !last.fixed, !s.fixed, !last.hasCanonical, !s.hasCanonical,
                hashes[last.t0].know.firstName >= 1, tokens[last.t0].line == tokens[s.t0].line
            {
                out[out.count - 1].t1 = s.t1
                continue
            }
            out.append(s)
        }
        return out
    }

    /// Whether the gazetteer knows tokens `a...b` as an organisation or a place ("European Union").
    func knownName(_ a: Int, _ b: Int, _ hashes: [TokHash]) -> Bool {
        guard b > a else { return false }
        let mask = Gazetteer.shared.mask(phraseHash(a, b, hashes)) ?? 0
        return mask & (GazCat.gpeMask | GazCat.orgBit) != 0
    }

    /// Where "Long Name (ACR)" appears and the tagger cut the long name into pieces (at "&", "for" or a
    /// line's markup), the capitalised words whose initials spell ACR become one span, typed as the piece
    /// at its head (its last word), and the pieces inside it go. Only an expansion the tagger already
    /// saw part of is taken: "Gross Domestic Product (GDP)" stays nothing.
    func joinAcronymExpansions(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard !spans.isEmpty, tokens.count > 3 else { return spans }
        var joiner: SpanJoiner?
        var j = 1
        while j + 2 < tokens.count {
            defer { j += 1 }
            guard isByte(tokens[j], 40), isByte(tokens[j + 2], 41), let acr = acronymLetters(tokens[j + 1]) else {
                continue
            }
            // walk back over the words before "(" matching the acronym's letters from its last one
            var letter = acr.count - 1
            var k = j - 1
            var start = -1
            let line = tokens[j].line
            while k >= 0 && tokens[k].line == line && j - k <= 3 * acr.count + 2 {
                let t = tokens[k]
                if t.has(TF.cap) && !t.has(TF.punct) && !t.has(TF.digit) {
                    guard p[Int(t.b0)] == acr[letter] else { break }
                    letter -= 1
                    if letter < 0 {
                        start = k
                        break
                    }
                } else if !NameLex.connectors.contains(hashes[k].lower) {
                    break
                }
                k -= 1
            }
            let end = j - 1
            guard start >= 0, end > start else { continue }
            if joiner == nil { joiner = SpanJoiner(spans, tokenCount: tokens.count) }
            // the pieces the tagger found inside; one whole span already there needs nothing
            guard let inside = joiner!.pieces(start, end, mustStay: { $0.fixed || $0.type.isNumeric }),
                let head = inside.last
            else { continue }
            // "Council of Foreign Ministers (CFM)": an organisation's head word makes it one
            var type = spans[head].type
            for k in start...end where NameLex.orgHeads.contains(hashes[k].lower) && tokens[k].has(TF.cap) {
                type = .org
                break
            }
            if joiner!.isWhole(inside, start, end) && spans[head].type == type { continue }
            joiner!.replace(inside, with: Span(t0: start, t1: end, type: type))
            j = end + 3
        }
        return joiner?.result() ?? spans
    }

    /// A multi-word name of the alias table written out in full ("Center for Global & Strategic Studies",
    /// "Organization of Islamic Cooperation") becomes one span of the table's type and canonical name,
    /// replacing the pieces the tagger found inside it. A name that a longer span crosses is left alone.
    func joinKnownNames(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        // names start with a capital: only those tokens are looked up
        let matcher = KnownNameMatcher.shared
        var found: [(Int, Int, Int)] = []
        var i = 0
        while i < tokens.count {
            if tokens[i].has(TF.cap), let (length, row) = matcher.longestMatch(at: i, hashes) {
                found.append((i, i + length - 1, row))
                i += length
            } else {
                i += 1
            }
        }
        guard !found.isEmpty else { return spans }
        var joiner = SpanJoiner(spans, tokenCount: tokens.count)
        for (a, b, e) in found where tokens[a].line == tokens[b].line && writtenAsAName(a, b, tokens, hashes) {
            guard let inside = joiner.pieces(a, b, mustStay: { $0.fixed }), !joiner.isWhole(inside, a, b) else {
                continue
            }
            let row = AliasTable.rows[e]
            joiner.replace(inside, with: Span(t0: a, t1: b, type: row.type, canonical: Span.aliasRow(e)))
        }
        return joiner.result()
    }

    /// "Centre for Central Asia and Eurasian Studies", "Institute of Peace and Diplomatic Studies": an
    /// organisation head word, "for", "of" or "on", and capitalised words (joined by "and" or "&") are one
    /// ORG when the tagger saw part of it and no span of its runs past it.
    func joinOrganisationNames(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard !spans.isEmpty else { return spans }
        var joiner: SpanJoiner?
        var i = 0
        while i + 2 < tokens.count {
            defer { i += 1 }
            guard tokens[i].has(TF.cap), NameLex.orgHeads.contains(hashes[i].lower),
                NameLex.orgLinks.contains(hashes[i + 1].lower), tokens[i + 1].has(TF.lower),
                tokens[i + 2].has(TF.cap), !tokens[i + 2].has(TF.punct)
            else { continue }
            if joiner == nil { joiner = SpanJoiner(spans, tokenCount: tokens.count) }
            // a head the tagger left alone still heads a name: "the OIC's Council of Foreign Ministers"
            guard joiner!.isOwned(i) || !tokens[i].has(TF.lineAllCaps) else { continue }
            let line = tokens[i].line
            var end = i + 2
            var k = i + 3
            while k < tokens.count && tokens[k].line == line {
                if tokens[k].has(TF.cap) && !tokens[k].has(TF.punct) && !tokens[k].has(TF.digit) {
                    end = k
                    k += 1
                } else if k + 1 < tokens.count && (hashes[k].lower == NameLex.and || isByte(tokens[k], 38))
                    && tokens[k + 1].has(TF.cap) && !tokens[k + 1].has(TF.punct) && tokens[k + 1].line == line
                {
                    k += 1
                } else {
                    break
                }
            }
            // the words before the head are the name's own: "National Institute on Drug Abuse"
            var start = i
            // ("Energy Ministry for Bre-X and Barrick" is a ministry and two companies: not after "for",
            // unless what follows is a field of common words: "Salk Institute for Biological Studies")
            if let held = joiner!.span(at: i), held.t0 < i, held.t1 == i, held.type == .org,
                hashes[i + 1].lower != NameLex.forWord || isCommonField(i + 2, end, tokens, hashes),
                (held.t0..<i).allSatisfy({ tokens[$0].has(TF.cap) && !tokens[$0].has(TF.punct) })
            {
                start = held.t0
            }
            guard
                let inside = joiner!.pieces(
                    start, end,
                    mustStay: { $0.fixed || $0.type.isNumeric || $0.hasCanonical || $0.type == .person }),
                !joiner!.isWhole(inside, start, end)
            else { continue }
            joiner!.replace(inside, with: Span(t0: start, t1: end, type: .org))
            i = end
        }
        return joiner?.result() ?? spans
    }

    /// Whether the capitalised words of tokens `a...b` name a field of work in common English words
    /// ("Biological Studies", "International Economics", "Disease Control"), not a company or a place:
    /// each is in English's commoner words (Zipf 3 and up) or a science's name ("Astrophysics",
    /// "Paleontology", "Agronomy"), no listed name, no person's name.
    func isCommonField(_ a: Int, _ b: Int, _ tokens: [Token], _ hashes: [TokHash]) -> Bool {
        guard a <= b else { return false }
        for k in a...b where tokens[k].has(TF.cap) {
            let know = hashes[k].know
            if (know.zipf < 5 && !isScienceName(tokens[k])) || know.firstName != 0 || know.lastName != 0 {
                return false
            }
            if Gazetteer.shared.mask(phraseHash(k, k, hashes)) != nil { return false }
        }
        return true
    }

    /// Whether the token is a science's name by its ending: "Astrophysics", "Paleontology", "Agronomy",
    /// "Biochemistry" (seven letters or more, ASCII).
    func isScienceName(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        guard b1 - b0 >= 7 else { return false }
        func ends(_ suffix: StaticString) -> Bool {
            let n = suffix.utf8CodeUnitCount
            let s = suffix.utf8Start
            for j in 0..<n where p[b1 - n + j] != s[j] { return false }
            return true
        }
        return ends("ics") || ends("ology") || ends("onomy") || ends("istry") || ends("graphy")
    }

    /// A word like "al-Sisi", "el-Baradei", "ash-Sharaa": a lowercase Arabic article, a hyphen, then a
    /// capitalised name.
    func isArabicArticleName(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        guard b1 - b0 >= 4, p[b0] >= 97, p[b0] <= 122 else { return false }
        var h = b0
        while h < b1 && h < b0 + 4 && p[h] != 45 { h += 1 }
        guard h < b1 - 1, p[h] == 45, h - b0 >= 2, h - b0 <= 3 else { return false }
        let article = (p[b0], p[b0 + 1], h - b0 == 3 ? p[b0 + 2] : 0)
        switch article {
        case (97, 108, 0), (101, 108, 0), (97, 100, 0), (97, 115, 0), (97, 116, 0), (97, 114, 0), (97, 122, 0),
            (97, 110, 0), (97, 115, 104), (97, 116, 104):  // al el ad as at ar az an ash ath
            break
        default: return false
        }
        return p[h + 1] >= 65 && p[h + 1] <= 90
    }

    /// Every word capitalised but for connectors ("of", "and"): "New York City", not "New York city".
    func writtenAsAName(_ a: Int, _ b: Int, _ tokens: [Token], _ hashes: [TokHash]) -> Bool {
        for k in a...b where tokens[k].has(TF.lower) && !NameLex.connectors.contains(hashes[k].lower) {
            return false
        }
        return true
    }

    /// A person's or place's name goes on over lowercase particles and the capitalised words after them:
    /// "Luiz Inácio Lula" + "da" + "Silva" is one PERSON. What the tagger found after the particle is taken in.
    func joinParticleNames(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard spans.count > 0 else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        var i = 0
        while i < spans.count {
            var s = spans[i]
            i += 1
            guard !s.fixed && !s.hasCanonical && (s.type == .person || s.type == .gpe || s.type == .loc) else {
                out.append(s)
                continue
            }
            while true {
                var k = s.t1 + 1
                // an Arabic name's article written onto the next word: "Abdel Fattah" + "al-Sisi"
                if k < tokens.count && tokens[k].line == tokens[s.t1].line && isArabicArticleName(tokens[k])
                    && (i >= spans.count || spans[i].t0 > k)
                {
                    s.t1 = k
                    continue
                }
                // capitalised words the tagger left out before the particle belong to the name too
                // ("Luiz Inácio" + "Lula" + "da Silva")
                while k < tokens.count && tokens[k].has(TF.cap) && !tokens[k].has(TF.punct)
                    && tokens[k].line == tokens[s.t1].line && (i >= spans.count || spans[i].t0 > k) && k - s.t1 <= 2
                {
                    k += 1
                }
                guard k < tokens.count, NameLex.particles.contains(hashes[k].lower), tokens[k].has(TF.lower)
                else { break }
                k += 1
                if k < tokens.count && NameLex.secondParticles.contains(hashes[k].lower) && tokens[k].has(TF.lower) {
                    k += 1
                }
                guard k < tokens.count, tokens[k].has(TF.cap), !tokens[k].has(TF.punct),
                    tokens[k].line == tokens[s.t1].line
                else { break }
                var end = k
                while end + 1 < tokens.count && tokens[end + 1].has(TF.cap) && !tokens[end + 1].has(TF.punct)
                    && !tokens[end + 1].has(TF.sentStart) && tokens[end + 1].line == tokens[k].line
                {
                    end += 1
                }
                // spans of the tagger inside the continuation are taken in; one running past it stops the join
                var j = i
                var fits = true
                while j < spans.count && spans[j].t0 <= end {
                    if spans[j].t1 > end || spans[j].fixed { fits = false }
                    j += 1
                }
                guard fits else { break }
                i = j
                s.t1 = end
            }
            out.append(s)
        }
        return out
    }

    @inline(__always) func isByte(_ t: Token, _ c: UInt8) -> Bool {
        t.byteCount == 1 && p[Int(t.b0)] == c
    }
}

/// The alias table's names of two words or more, as a token-hash phrase matcher whose entries are the
/// table's rows.
enum KnownNameMatcher {
    static let shared: DictionaryMatcher = {
        var entries: [UserDictionary.Entry] = []
        for row in AliasTable.rows {
            // names of two words or more (the table's are single-spaced) that open with a capital
            let long = row.names.filter { name in
                guard name.utf8.contains(32), let f = name.utf8.first else { return false }
                return f < 0x80 ? f >= 65 && f <= 90 : name.first.map { $0.isUppercase } == true
            }
            // one entry per row, so the matcher's entry index is the row index
            entries.append(
                UserDictionary.Entry(type: row.type, canonical: long.first ?? "", aliases: Array(long.dropFirst())))
        }
        return DictionaryMatcher(UserDictionary(entries: entries))
    }()
}
