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
        + "theologian clergyman bandleader saxophonist trumpeter cellist conductor vocalist lyricist"
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
    static let work = "album single song film movie novel book series game anthology opera musical"
    static let event = "festival convention tournament championship competition"

    /// word hash -> EntityType index in `types`
    static let types: [EntityType] = [.person, .org, .gpe, .loc, .workOfArt, .event, .language]
    /// The tagger's base type (BaseType) of each of `types`.
    static let baseOf: [Int] = [0, 1, 2, 2, 3, 3, 3]
    static let nouns: FastMap = {
        var pairs: [(UInt64, UInt16)] = []
        for (i, list) in [person, organisation, place, geography, work, event, "language dialect"].enumerated() {
            for w in list.split(separator: " ") { pairs.append((fnvLower(String(w)), UInt16(i))) }
        }
        return FastMap(pairs)
    }()
    /// Words a description may hold before its noun: "a small", "an innovative American", "a major".
    /// Anything else ends the search (a preposition, a verb, punctuation), so "a village in Kent"
    /// stops at "village" and "a lot of" finds nothing.
    static let stops: FastSet = NumLex.set(
        "of in on at for from by with to and or that which who whose where based located near , . ; : ( )")
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
        for (a, b, t) in spans {
            let key = phraseHash(a, b, hashes)
            if found[key] != nil { continue }
            var k = b + 1
            // a bracketed aside right after the name: "30 Seconds to Mars ( or Thirty Seconds to Mars ) is"
            if k < n && isPunct(k, 40) {
                var j = k + 1
                while j < n && j <= k + 24 && !isPunct(j, 41) { j += 1 }
                if j < n && isPunct(j, 41) { k = j + 1 }
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
                var j = start
                while j < n && j < start + 5 {
                    let h = hashes[j].lower
                    if tokens[j].has(TF.lower), let t = DescriptorLex.nouns[h] {
                        // "a village", but not "a village's mayor": the noun ends the description
                        if j + 1 < n && (isPunct(j + 1, 39) || hashes[j + 1].lower == fnvPossessive) { break }
                        found.set(key, Int(t))
                        break
                    }
                    if DescriptorLex.stops.contains(h) || tokens[j].has(TF.punct) { break }
                    j += 1
                }
                continue
            }
            // "beauty company Coty", "rapper Drake", "the film Oppenheimer": a person's, organisation's or
            // work's noun right before the name (not a place's: "the state Department of Education")
            // — unless the tagger clearly scored another type there: "told Itar-Tass news agency Yeltsin was"
            if a >= 1 && tokens[a - 1].has(TF.lower), let d = DescriptorLex.nouns[hashes[a - 1].lower],
                d != 2 && d != 3,
                DescriptorLex.baseOf[Int(d)] == t || ownTypeMargin(a, t, typeScores) < voteKeepMargin
            {
                found.set(key, Int(d))
                continue
            }
            // "the island of Divar", "the city of Kherson"
            if a >= 3 && hashes[a - 1].lower == NumLex.of && hashes[a - 3].lower == fnvThe,
                let t = DescriptorLex.nouns[hashes[a - 2].lower], t == 2 || t == 3
            {
                found.set(key, Int(t))
            }
        }
        return found
    }
}

private let fnvThe = fnvLower("the")
private let fnvPossessive = fnvLower("'s")
