// What the text itself says a name is: "Atwick is a village", "Caloi, a Brazilian manufacturer of
// bicycles", "the island of Divar". A writer who introduces a name this way settles its type for the
// whole article, whatever the words of the name look like to the tagger.

/// Nouns that say what a described name is, with the type they give it.
enum DescriptorLex {
    static let person =
        "man woman boy girl singer actor actress politician player footballer cricketer golfer boxer athlete "
        + "swimmer writer author novelist poet playwright journalist reporter columnist musician rapper "
        + "guitarist drummer bassist pianist violinist composer songwriter painter artist sculptor photographer "
        + "filmmaker businessman businesswoman entrepreneur lawyer attorney doctor physician surgeon scientist "
        + "physicist chemist biologist economist historian philosopher professor teacher priest bishop monk nun "
        + "soldier pilot spokesman spokeswoman spokesperson diplomat senator congressman congresswoman lawmaker "
        + "legislator activist analyst engineer architect designer chef dancer comedian luthier inventor "
        + "explorer missionary coach striker midfielder defender goalkeeper quarterback pitcher jockey cyclist "
        + "wrestler tennis-player dj producer-songwriter singer-songwriter mathematician astronomer "
        + "theologian clergyman bandleader saxophonist trumpeter cellist conductor vocalist lyricist "
        + "minstrel troubadour baritone tenor soprano surfer skateboarder entertainer socialite illustrator "
        + "cartoonist presenter commentator scholar linguist botanist zoologist entomologist geologist "
        + "archaeologist anthropologist sociologist psychologist psychiatrist nurse banker financier "
        + "industrialist merchant farmer sailor admiral officer revolutionary dictator emperor monarch "
        + "aristocrat nobleman noblewoman saint rabbi imam cleric pastor preacher screenwriter editor critic "
        + "essayist translator biographer blogger youtuber influencer"
    static let organisation =
        "band group company firm corporation conglomerate manufacturer maker retailer chain label startup "
        + "start-up subsidiary bank insurer lender airline agency organisation organization association "
        + "society union federation party club team franchise newspaper magazine tabloid publisher school "
        + "university college academy institute charity foundation nonprofit non-profit ngo militia movement "
        + "coalition alliance consortium cooperative orchestra choir ensemble duo trio quartet quintet "
        + "supergroup broadcaster carmaker automaker chipmaker drugmaker insurer brokerage exchange "
        + "platform app service outlet"
    static let place =
        "village town city hamlet municipality commune borough suburb neighbourhood neighborhood county "
        + "parish province region state country nation territory capital settlement township oblast prefecture "
        + "canton kingdom republic emirate enclave locality"
    static let geography =
        "island archipelago peninsula river lake mountain volcano valley bay sea ocean desert forest "
        + "creek stream glacier plateau"
    /// "the Azna, a pagan people", "the Cagots were a persecuted minority".
    static let peoples = "people peoples tribe tribes minority clan clans caste castes"
    static let work =
        "album single song film movie novel book series game anthology opera musical episode anthem serial sitcom "
        + "documentary sequel compilation ep mixtape poem painting hymn ballad symphony concerto videogame"
    static let event = "festival convention tournament championship competition"

    /// word hash -> EntityType index in `types`
    static let types: [EntityType] = [.person, .org, .gpe, .loc, .workOfArt, .event, .language, .norp]
    /// The tagger's base type (BaseType) of each of `types`.
    static let baseOf: [Int] = [0, 1, 2, 2, 3, 3, 3, 3]
    static let nouns: FastMap = {
        var pairs: [(UInt64, UInt16)] = []
        for (i, list) in [person, organisation, place, geography, work, event, "language dialect", peoples].enumerated()
        {
            for h in hashedWords(list, 32) { pairs.append((h, UInt16(i))) }
        }
        return FastMap(pairs)
    }()
    /// Words a description may hold before its noun: "a small", "an innovative American", "a major".
    /// Anything else ends the search (a preposition, a verb, punctuation), so "a village in Kent"
    /// stops at "village" and "a lot of" finds nothing.
    static let stops: FastSet = NumLex.set(
        "of in on at for from by with to and or that which who whose where based located near , . ; : ( )")
    /// Words after a work's noun that go on describing the work: "a single released in", "a film directed
    /// by", "a novel set in".
    static let workContinuations: FastSet = NumLex.set(
        "released recorded written directed produced featuring starring about set performed sung composed "
            + "co-written published issued first originally later also taken lifted adapted inspired titled "
            + "entitled called named")
    /// Nouns that are as often adjectives or parts of another phrase right before a name: "no single
    /// Azerbaijani", "the novel COVID-19", "the game Monday".
    static let notBefore: FastSet = NumLex.set("single series game show play novel man woman boy girl")
    /// Place nouns that say what the name right before them is: "Guangdong province", "Arbil city".
    static let placeAfter: FastSet = NumLex.set(
        "province region prefecture oblast county district state city town village municipality département "
            + "commune canton parish borough area mountains caves valley")
    /// Natural features' nouns that say the name right before them is the feature's: "the Ganges river".
    static let naturalAfter: FastSet = NumLex.set("river lake glacier desert")
    /// Works' nouns after a work's name: "Star Trek novels" (not "series": "an All Black series triumph").
    static let workAfter: FastSet = NumLex.set(
        "film films movie movies novel novels book books franchise episode episodes trilogy saga sequel sequels")
    static let born = fnvLower("born")
    static let administration = fnvLower("administration")
    static let one = fnvLower("one")
    static let pronouns: FastSet = NumLex.set(
        "he she it they we i you this that these those there here his her its their our my one")
    /// The small words inside names: "30 Seconds to Mars", "Ein Lied von Liebe und Tod".
    static let nameConnectors: FastSet = NumLex.set(
        "of the to a an and for in on from de la le les von van der und y del da di du des et am")
    static let exampleWords: FastSet = NumLex.set("like including")
    static let such = fnvLower("such")
    static let asWord = fnvLower("as")
    static let copulas: FastSet = NumLex.set("is was are were")
    static let articles: FastSet = NumLex.set("a an")
}

extension Pipeline {
    /// The type each described name gets, by phrase hash: from "NAME is|was a|an|the ... NOUN",
    /// "NAME, a|an ... NOUN" and "the NOUN of NAME" (place nouns only). The first description of a
    /// name wins.
    func describedTypes(
        _ spans: [(Int, Int, Int)], _ tokens: [Token], _ hashes: [TokHash], typeScores: [Float] = []
    ) -> IndexMap {
        var found = IndexMap()
        let n = tokens.count
        func isPunct(_ k: Int, _ c: UInt8) -> Bool {
            tokens[k].has(TF.punct) && tokens[k].byteCount == 1 && p[Int(tokens[k].b0)] == c
        }
        exampleLists(spans, tokens, hashes, into: &found)
        for (a, b, t) in spans {
            let key = phraseHash(a, b, hashes)
            if found[key] != nil { continue }
            var k = b + 1
            // "Angelo Fresquet was born in Fort Lauderdale", "William Atessis ( born July 16 , 1949 )",
            // "Caloi, born in 1962": only a person is born (also after an aside: "Chad Edward Gaudin
            // ( pronounced go-DAN ) ( born March 24 , 1983")
            var kb = k
            if k < n && isPunct(k, 40) && !(k + 1 < n && hashes[k + 1].lower == DescriptorLex.born) {
                var j = k + 1
                while j < n && j <= k + 12 && !isPunct(j, 41) && tokens[j].line == tokens[b].line { j += 1 }
                if j + 1 < n && isPunct(j, 41) && isPunct(j + 1, 40) { kb = j + 1 }
            }
            if kb + 1 < n && (DescriptorLex.copulas.contains(hashes[kb].lower) || isPunct(kb, 40) || isPunct(kb, 44))
                && hashes[kb + 1].lower == DescriptorLex.born && tokens[kb].line == tokens[b].line
            {
                found.set(key, 0)
                // and so are the person's first name and surname written alone in the article ("Angelo")
                if b > a {
                    for w in [a, b] where found[phraseHash(w, w, hashes)] == nil && tokens[w].has(TF.cap) {
                        found.set(phraseHash(w, w, hashes), 0)
                    }
                }
                continue
            }
            // "the Obama administration": a one-word name before "administration" is a president's (not a
            // country's or a people's: "the US administration", "the Afghan administration"), as is a name
            // opening with a given name ("the George W. Bush administration" was a place)
            if (a == b || hashes[a].know.firstName != 0) && k < n && hashes[k].lower == DescriptorLex.administration
                && tokens[k].has(TF.lower)
                && !tokens[a].has(TF.allCaps)
            {
                let mask = Gazetteer.shared.mask(key) ?? 0
                if mask & (GazCat.placeMask | GazCat.orgBit | GazCat.norpBit) == 0 {
                    found.set(key, 0)
                    continue
                }
            }
            // a bracketed aside right after the name: "30 Seconds to Mars ( or Thirty Seconds to Mars ) is"
            if k < n && isPunct(k, 40) {
                var j = k + 1
                while j < n && j <= k + 24 && !isPunct(j, 41) { j += 1 }
                if j < n && isPunct(j, 41) { k = j + 1 }
            }
            // "the Guangdong province of China", "Arbil city": a place noun right after the name
            // (not an adjective: "the Kurdish region", "a Palestinian state")
            if k < n && tokens[k].has(TF.lower) && DescriptorLex.placeAfter.contains(hashes[k].lower)
                && (t != BaseType.per.rawValue || ownTypeMargin(a, t, typeScores) < voteKeepMargin)
            {
                let mask = Gazetteer.shared.mask(key) ?? 0
                let place = mask & GazCat.placeMask != 0
                // (not a listed organisation's: "the Al Qaeda caves")
                if mask & GazCat.norpBit == 0 && (place || t != BaseType.misc.rawValue)
                    && (place || mask & GazCat.orgBit == 0)
                {
                    found.set(key, 2)
                    continue
                }
            }
            // "the Ganges river": a name the gazetteer does not list before a natural feature's noun is the
            // feature, whatever the tagger took it for (a people's, here)
            if k < n && tokens[k].has(TF.lower) && DescriptorLex.naturalAfter.contains(hashes[k].lower)
                && !tokens[a].has(TF.allCaps) && Gazetteer.shared.mask(key) == nil
            {
                found.set(key, 3)
                continue
            }
            // "two Star Trek novels", "the rebooted Star Trek film series": a name the tagger took for an
            // organisation or a miscellaneous one before a work's noun is the work (not a name the lists
            // hold: "Netflix series", "American films"; nor an acronym: "NFL Films"; a person stays one too)
            if k < n && tokens[k].has(TF.lower) && DescriptorLex.workAfter.contains(hashes[k].lower)
                && (t == BaseType.org.rawValue || t == BaseType.misc.rawValue) && !tokens[a].has(TF.allCaps)
                && Gazetteer.shared.mask(key) == nil
            {
                found.set(key, 4)
                continue
            }
            guard k + 1 < n else { continue }
            var start = -1
            // "a" or "an" only: "X was the team's star" describes the team
            if DescriptorLex.copulas.contains(hashes[k].lower) && DescriptorLex.articles.contains(hashes[k + 1].lower) {
                start = k + 2
            } else if isPunct(k, 44) && DescriptorLex.articles.contains(hashes[k + 1].lower) {
                start = k + 2
            }
            if start >= 0 {
                // not the tail of a longer name the tagger cut: "Bullocks to | Stan is an episode"
                // (but "the CEO of Hipcricket, a marketing company" describes Hipcricket)
                let tail =
                    a > 1 && tokens[a - 1].line == tokens[a].line && tokens[a - 1].has(TF.lower)
                    && DescriptorLex.nameConnectors.contains(hashes[a - 1].lower)
                    && !DescriptorLex.articles.contains(hashes[a - 1].lower) && hashes[a - 1].lower != SpanLex.the
                    && tokens[a - 2].has(TF.cap) && !tokens[a - 2].has(TF.allCaps)
                    && !SpanLex.titles.contains(hashes[a - 2].lower) && tokens[a - 2].line == tokens[a].line
                if !tail, let d = descriptorNoun(from: start, tokens, hashes) {
                    // a country is nobody: "his arrest in the UK, a lawyer for the woman said"
                    let mask = d == 0 ? Gazetteer.shared.mask(key) ?? 0 : 0
                    if mask & GazCat.gpeMask == 0 || mask & 1 << UInt16(GazCat.firstName.rawValue) != 0 {
                        found.set(key, d)
                    }
                }
                continue
            }
            // "beauty company Coty", "rapper Drake", "the film Oppenheimer": a person's, organisation's or
            // work's noun right before the name (not a place's: "the state Department of Education")
            // — unless the tagger clearly scored another type there: "told Itar-Tass news agency Yeltsin was"
            // (and over a capitalised article, which only a title takes: "the film The Last Emperor")
            let article =
                a >= 2 && tokens[a - 1].has(TF.cap) && SpanLex.quotedArticles.contains(hashes[a - 1].lower)
                && !tokens[a - 1].has(TF.sentStart)
            let nb = article ? a - 2 : a - 1
            if nb >= 0 && tokens[nb].has(TF.lower), let d = DescriptorLex.nouns[hashes[nb].lower],
                d != 2 && d != 3 && d != 7, article || !DescriptorLex.notBefore.contains(hashes[nb].lower),
                DescriptorLex.baseOf[Int(d)] == t || ownTypeMargin(a, t, typeScores) < voteKeepMargin
            {
                found.set(key, Int(d))
                continue
            }
            // "the island of Divar", "the main northern Iraqi city of Arbil" (not an owner's: "the true state
            // of HIH's finances", nor a listed organisation's)
            if a >= 2 && hashes[a - 1].lower == NumLex.of && tokens[a - 2].has(TF.lower),
                let t = DescriptorLex.nouns[hashes[a - 2].lower], t == 2 || t == 3,
                b + 1 >= n
                    || (hashes[b + 1].lower != SpanLex.possessive && hashes[b + 1].lower != SpanLex.possessiveCurly),
                !isListedOrganisationOnly(a, b, tokens, hashes)
            {
                found.set(key, Int(t))
            }
        }
        return found
    }
}

extension Pipeline {
    /// An article or paragraph that opens by saying what its subject is names it whole, whatever the tagger
    /// cut out of it: "Bilje is a village and municipality", "Distance Records is a French dance music
    /// record label", "30 Seconds to Mars ( or Thirty Seconds to Mars ) is an alternative rock band",
    /// "Darkness Death Doom is the sixth album by Runemagick". The subject: up to eight capitalised words,
    /// numbers and the small words of names, from the line's start to "is"/"was"/"are"/"were" (over one
    /// bracketed aside), followed by "a"/"an"/"the" and a noun of `DescriptorLex` within five words.
    func definitionalOpeners(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var out = spans
        var changed = false
        var defined: [(Int, Int)] = []
        let n = tokens.count
        var a = 0
        // an article has a few such openers; a file of thousands of lines is not searched past the first 16
        var tried = 0
        while a < n && tried < 16 {
            defer { a += 1 }
            guard a == 0 || tokens[a].has(TF.lineStart), tokens[a].has(TF.cap) || tokens[a].has(TF.digit),
                !tokens[a].has(TF.punct), !tokens[a].has(TF.lineAllCaps),
                !DescriptorLex.pronouns.contains(hashes[a].lower)
            else { continue }
            // a sentence's "The" or "But" is no part of the name: "The Echelon is the band's street team"
            let a =
                SpanLex.leadingStop.contains(hashes[a].lower) && !DescriptorLex.articles.contains(hashes[a].lower)
                    && a + 1 < n && tokens[a + 1].line == tokens[a].line
                ? a + 1 : a
            guard tokens[a].has(TF.cap) || tokens[a].has(TF.digit), !tokens[a].has(TF.punct) else { continue }
            var e = a
            while e + 1 < n && e - a < 8 && tokens[e + 1].line == tokens[a].line {
                let t = tokens[e + 1]
                let h = hashes[e + 1].lower
                if DescriptorLex.copulas.contains(h) || isByte(t, 40) || isByte(t, 44) { break }
                guard
                    (t.has(TF.cap) || t.has(TF.digit) || DescriptorLex.nameConnectors.contains(h)
                        || isByte(t, 38) || h == SpanLex.possessive), !(t.has(TF.punct) && !isByte(t, 38))
                else { e = -1; break }
                e += 1
            }
            guard e >= a, e + 1 < n, tokens[e].has(TF.cap) || tokens[e].has(TF.digit) else { continue }
            var k = e + 1
            if isByte(tokens[k], 40) {
                var j = k + 1
                while j < n && j <= k + 24 && !isByte(tokens[j], 41) && tokens[j].line == tokens[a].line { j += 1 }
                guard j < n, isByte(tokens[j], 41) else { continue }
                k = j + 1
            }
            guard k + 2 < n, DescriptorLex.copulas.contains(hashes[k].lower) else { continue }
            var found: Int? = nil
            if DescriptorLex.articles.contains(hashes[k + 1].lower) || hashes[k + 1].lower == SpanLex.the {
                found = descriptorNoun(from: k + 2, tokens, hashes)
            } else if k + 4 < n && hashes[k + 1].lower == DescriptorLex.one && hashes[k + 2].lower == NumLex.of
                && hashes[k + 3].lower == SpanLex.the
            {
                // "Connecticut Classic Lotto is one of the games offered by ..."
                var j = k + 4
                while j < n && j < k + 8 && !tokens[j].has(TF.punct) {
                    if tokens[j].has(TF.lower), let h = pluralStem(tokens[j]), let d = DescriptorLex.nouns[h] {
                        found = Int(d)
                        break
                    }
                    if DescriptorLex.stops.contains(hashes[j].lower) { break }
                    j += 1
                }
            }
            guard let d = found, d != 7 else { continue }
            tried += 1
            let type = DescriptorLex.types[d]
            if out.contains(where: { $0.fixed && $0.t0 <= e && $0.t1 >= a }) { continue }
            // a single capitalised word the tagger already took is its call (the vote and the descriptions
            // have typed it); the opener only mends cut or missed names
            if let i = out.firstIndex(where: { $0.t0 == a && $0.t1 == e }), !out[i].type.isNumeric {
                if e > a {
                    out[i].type = type
                    defined.append((a, e))
                }
                continue
            }
            out.removeAll { $0.t0 <= e && $0.t1 >= a }
            out.append(Span(t0: a, t1: e, type: type))
            defined.append((a, e))
            changed = true
        }
        guard !defined.isEmpty else { return changed ? out.sorted { $0.t0 < $1.t0 } : out }
        // the name so introduced, written again in the article, is the same name ("30 Seconds to Mars"),
        // and so is its end of two words or more that the tagger found alone ("Classic Lotto"); one pass
        // over the spans and one over the tokens per name
        var endTypes = IndexMap()  // phrase hash of an end -> index into `defined`
        for (d, (a, e)) in defined.enumerated() where e > a + 1 {
            for x in (a + 1)..<e where endTypes[phraseHash(x, e, hashes)] == nil {
                endTypes.set(phraseHash(x, e, hashes), d)
            }
        }
        let definedTypes = defined.map { (a, e) in out.first { $0.t0 == a && $0.t1 == e }?.type ?? .org }
        if endTypes.count > 0 {
            for i in out.indices where !out[i].fixed && out[i].t1 > out[i].t0 && !out[i].type.isNumeric {
                if let d = endTypes[phraseHash(out[i].t0, out[i].t1, hashes)] { out[i].type = definedTypes[d] }
            }
        }
        var joiner = SpanJoiner(out, tokenCount: n)
        var replaced = [Bool](repeating: false, count: n)  // tokens of the names found again
        var foundAgain = false
        for (d, (a, e)) in defined.enumerated() where e > a {
            var k = 0
            while k + (e - a) < n {
                defer { k += 1 }
                guard k != a, hashes[k].lower == hashes[a].lower, tokens[k].has(TF.cap) || tokens[k].has(TF.digit)
                else { continue }
                let y = k + (e - a)
                guard (1...(e - a)).allSatisfy({ hashes[k + $0].lower == hashes[a + $0].lower }),
                    tokens[y].line == tokens[k].line,
                    !(k...y).contains(where: { replaced[$0] }),
                    let pieces = joiner.pieces(k, y, mustStay: { $0.fixed })
                else { continue }
                for j in k...y { replaced[j] = true }
                joiner.replace(pieces, with: Span(t0: k, t1: y, type: definedTypes[d]))
                foundAgain = true
                k = y
            }
        }
        if foundAgain { return joiner.result() }
        if changed { out.sort { $0.t0 < $1.t0 } }
        return out
    }

    /// The index in `DescriptorLex.types` of the first descriptor noun from `start` on, within five words
    /// and before any stop word or punctuation ("a village in Kent" -> village; "a lot of" -> nil).
    func descriptorNoun(from start: Int, _ tokens: [Token], _ hashes: [TokHash]) -> Int? {
        var j = start
        let n = tokens.count
        while j < n && j < start + 5 {
            let h = hashes[j].lower
            if tokens[j].has(TF.lower), var t = DescriptorLex.nouns[h] {
                // a compound's head is its last noun: "a company spokesman" is a person
                while j + 1 < n && tokens[j + 1].has(TF.lower), let next = DescriptorLex.nouns[hashes[j + 1].lower] {
                    j += 1
                    t = next
                }
                // "a village", but not "a village's mayor": the noun ends the description
                if j + 1 < n && (isByte(tokens[j + 1], 39) || hashes[j + 1].lower == SpanLex.possessive) { return nil }
                // a work's noun before another word is that word's modifier unless the word goes on to say
                // whose work it is: "a single by", "an album released in" but "a single father", "a serial
                // killer", "a film critic"
                if DescriptorLex.types[Int(t)] == .workOfArt && j + 1 < n && tokens[j + 1].has(TF.lower)
                    && !tokens[j + 1].has(TF.punct) && !DescriptorLex.stops.contains(hashes[j + 1].lower)
                    && !DescriptorLex.workContinuations.contains(hashes[j + 1].lower)
                {
                    j += 1
                    continue
                }
                return Int(t)
            }
            if DescriptorLex.stops.contains(h) || tokens[j].has(TF.punct) { return nil }
            j += 1
        }
        return nil
    }

    /// "bands like The Cult, The Mission and Korn", "companies such as AT&T and Wachovia", "artists
    /// including Drake": a plural noun of `DescriptorLex` before "like", "including" or "such as" says
    /// what every name of the list after it is. Not a person's noun ("artists such as Gwen Stefani, Linkin
    /// Park", "financial players like Fortress and Alden" hold bands and firms) nor a people's ("tribes like").
    func exampleLists(_ spans: [(Int, Int, Int)], _ tokens: [Token], _ hashes: [TokHash], into found: inout IndexMap) {
        var i = 0
        while i < spans.count {
            defer { i += 1 }
            var a = spans[i].0
            if a >= 1 && tokens[a - 1].has(TF.cap) && SpanLex.quotedArticles.contains(hashes[a - 1].lower) { a -= 1 }
            guard a >= 2 else { continue }
            var nb = -1
            if DescriptorLex.exampleWords.contains(hashes[a - 1].lower) {
                nb = a - 2
            } else if a >= 3 && hashes[a - 1].lower == DescriptorLex.asWord && hashes[a - 2].lower == DescriptorLex.such
            {
                nb = a - 3
            }
            guard nb >= 0, tokens[nb].has(TF.lower), tokens[nb].line == tokens[a].line,
                let h = pluralStem(tokens[nb]), let d = DescriptorLex.nouns[h], d != 7, d != 0
            else { continue }
            var j = i
            while true {
                let key = phraseHash(spans[j].0, spans[j].1, hashes)
                if found[key] == nil { found.set(key, Int(d)) }
                guard j + 1 < spans.count, listGap(spans[j].1, spans[j + 1].0, tokens, hashes) else { break }
                j += 1
            }
            i = j
        }
    }

    /// The lowercase hash of a plural noun's singular ("bands" -> "band", "companies" -> "company"), or nil.
    func pluralStem(_ t: Token) -> UInt64? {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        guard b1 - b0 >= 4, p[b1 - 1] | 0x20 == 115, p[b1 - 2] | 0x20 != 115 else { return nil }
        if p[b1 - 2] | 0x20 == 101 && p[b1 - 3] | 0x20 == 105 {
            let h = fnvLower(UnsafeBufferPointer(rebasing: p[b0..<(b1 - 3)]))
            return (h ^ UInt64(121)) &* fnvPrime  // + "y"
        }
        return fnvLower(UnsafeBufferPointer(rebasing: p[b0..<(b1 - 1)]))
    }

    /// What kind of quotation mark a token is: 1 opening (“), 2 closing (”), 3 straight ("), 0 none.
    func quoteKind(_ t: Token) -> Int {
        guard t.has(TF.punct) else { return 0 }
        let b = Int(t.b0)
        if t.byteCount == 1 && p[b] == 34 { return 3 }
        if t.byteCount == 3 && p[b] == 0xE2 && p[b + 1] == 0x80 {
            if p[b + 2] == 0x9C { return 1 }
            if p[b + 2] == 0x9D { return 2 }
        }
        return 0
    }
}

/// Words that announce a quoted title: 'the single "Was It a Dream?"', 'the film "Oppenheimer"'.
enum TitleLex {
    static let before: FastSet = NumLex.set(
        "song songs single singles album albums track tracks film films movie movies book books novel novels "
            + "series show shows play plays poem poems opera titled entitled called named hit ep anthem")
}

extension Pipeline {
    /// Titles of works in quotation marks after a word that announces them ('the single "Was It a
    /// Dream?"', 'the songs "Hero" and "Fallen"') are works of art: the names the tagger found inside
    /// them give way.
    func quotedTitles(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        let n = tokens.count
        func quote(_ k: Int) -> Int { quoteKind(tokens[k]) }
        var titles: [(Int, Int)] = []
        var index: SpanJoiner? = nil  // which span holds each token (built when first needed)
        func spanIndex() -> SpanJoiner {
            if index == nil { index = SpanJoiner(spans, tokenCount: n) }
            return index!
        }
        var k = 1
        var lastClose = -10
        while k + 2 < n {
            guard quote(k) & 1 != 0 else {
                k += 1
                continue
            }
            let announced =
                TitleLex.before.contains(hashes[k - 1].lower)
                || (k >= 2 && TitleLex.before.contains(hashes[k - 2].lower) && tokens[k - 1].has(TF.lower) == false
                    && tokens[k - 1].has(TF.punct))
                || (lastClose >= 0 && k - lastClose <= 2
                    && (hashes[k - 1].lower == NameLex.and || (tokens[k - 1].has(TF.punct) && k - 1 != lastClose)
                        || k - 1 == lastClose))
            var e = k + 1
            while e < n && e <= k + 12 && quote(e) & 2 == 0 && tokens[e].line == tokens[k].line { e += 1 }
            guard e < n, quote(e) & 2 != 0, e > k + 1 else {
                k += 1
                continue
            }
            if tokens[k + 1].has(TF.cap) {
                // title case: most words of four letters or more capitalised
                var long = 0
                var capped = 0
                for j in (k + 1)..<e where tokens[j].byteCount >= 4 && !tokens[j].has(TF.punct) {
                    long += 1
                    if tokens[j].has(TF.cap) { capped += 1 }
                }
                // unannounced, a quotation in strict title case of two to six words in which the tagger
                // found only part of a name is a title too: '" From Yesterday "', '" Anarchy in Tokyo "'
                // (a whole quoted name stays what it is: 'the so-called " Islamic State "')
                var partial = !announced && capped == long && e - k - 1 >= 2 && e - k - 1 <= 6
                if partial {
                    let owned = spanIndex()
                    let inner = ((k + 1)..<e).contains { t in
                        guard let s = owned.span(at: t) else { return false }
                        return s.t0 > k && s.t1 < e && (s.t0 > k + 1 || s.t1 < e - 1)
                    }
                    partial = inner && !owned.isOwned(k) && !owned.isOwned(e)
                }
                if (announced && 2 * capped >= long) || partial {
                    var y = e - 1
                    while y > k + 1 && tokens[y].has(TF.punct)
                        && !(tokens[y].byteCount == 1 && p[Int(tokens[y].b0)] == 63)
                    {
                        y -= 1
                    }
                    titles.append((k + 1, y))
                    lastClose = e
                }
            }
            k = e + 1
        }
        guard !titles.isEmpty else { return spans }
        var inTitle = [Bool](repeating: false, count: n)
        for (a, b) in titles { for j in a...b { inTitle[j] = true } }
        var out = spans.filter { s in s.fixed || !(s.t0...s.t1).contains { inTitle[$0] } }
        let anyFixed = spans.contains { $0.fixed }
        for (a, b) in titles where !anyFixed || !(a...b).contains(where: { spanIndex().span(at: $0)?.fixed == true }) {
            out.append(Span(t0: a, t1: b, type: .workOfArt))
        }
        out.sort { $0.t0 < $1.t0 }
        return out
    }
}
