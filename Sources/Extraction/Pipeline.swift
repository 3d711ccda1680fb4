// The extraction pipeline: tokenise, tag, rules, user dictionary, canonicalise, metadata.

struct Span {
    var t0: Int  // first token
    var t1: Int  // last token (inclusive)
    var type: EntityType
    /// The canonical name given with the span: none (-1), a row of `AliasTable.rows` (0...), or an entry
    /// of the user dictionary (-2 - its index). An index, not the String, keeps `Span` plain data: the
    /// rules copy and drop arrays of spans many times an article with no reference counting.
    var canonical: Int32 = -1
    var fixed = false  // from the user dictionary: type and canonical are final

    var hasCanonical: Bool { canonical != -1 }

    static func aliasRow(_ row: Int) -> Int32 { Int32(row) }
    static func dictionaryEntry(_ entry: Int) -> Int32 { -2 - Int32(entry) }
}

struct Pipeline {
    let p: UnsafeBufferPointer<UInt8>
    let dictionary: DictionaryMatcher?

    init(p: UnsafeBufferPointer<UInt8>, dictionary: DictionaryMatcher?) {
        self.p = p
        self.dictionary = dictionary
    }

    func text(_ b0: Int, _ b1: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[b0..<b1]), as: UTF8.self)
    }

    func run() -> Article {
        let tokens = tokenize(p)
        let words = wordCount(p)
        guard !tokens.isEmpty else { return Article(words: words) }
        let input = TaggerInput(bytes: p, tokens: tokens)
        let hashes = input.hashes
        var spans: [Span] = []
        var weakWords: [Int] = []  // one-word names `isWeakCommonWord` doubts
        if let model = EmbeddedModel.shared {
            var typeScores = [Float](repeating: 0, count: 4 * tokens.count)
            let tags = typeScores.withUnsafeMutableBufferPointer {
                decode(input, model, gate: true, typeScores: $0.baseAddress!)
            }
            let cleaned = splitAtCommonWords(
                trimTitleTails(cleanSpans(tagSpans(of: tags), tokens, hashes), tokens, hashes), tokens, hashes)
            let voted = harmoniseLists(
                documentVote(cleaned, hashes, typeScores: typeScores), tokens, hashes, typeScores)
            let described = describedTypes(voted, tokens, hashes, typeScores: typeScores)
            var surnames = IndexMap()  // last words of the article's multi-word persons
            for (a, b, t) in voted where t == BaseType.per.rawValue && b > a { surnames.set(hashes[b].lower, 0) }
            for (a, b, t) in voted {
                if described.count > 0, let d = described[phraseHash(a, b, hashes)] {
                    spans.append(Span(t0: a, t1: b, type: DescriptorLex.types[d]))
                    continue
                }
                let margin = ownTypeMargin(a, t, typeScores)
                var base = headBase(a, b, t, tokens, hashes, margin: margin)
                // a country or region of the world gazetteer that is nobody's name, which the tagger only
                // weakly took for a person or a miscellaneous name, is the place: "Chechnya", "Sri Lanka"
                if base == t && (t == BaseType.per.rawValue || t == BaseType.misc.rawValue) && margin < voteKeepMargin {
                    let mask = Gazetteer.shared.mask(phraseHash(a, b, hashes)) ?? 0
                    let other: UInt16 =
                        1 << UInt16(GazCat.firstName.rawValue) | GazCat.norpBit
                        | GazCat.orgBit | 1 << UInt16(GazCat.language.rawValue)
                    let region: UInt16 =
                        1 << UInt16(GazCat.gpe.rawValue) | 1 << UInt16(GazCat.region.rawValue)
                        | 1 << UInt16(GazCat.country.rawValue)
                    let surname = a == b && (hashes[a].know.lastName != 0 || hashes[a].know.firstName != 0)
                    if mask & region != 0 && mask & other == 0 && !surname { base = BaseType.loc.rawValue }
                }
                let type = refineType(a, b, base, tokens, hashes)
                if a == b && isWeakCommonWord(a, type, margin: margin, tokens, hashes, surnames: surnames) {
                    weakWords.append(a)
                }
                spans.append(Span(t0: a, t1: b, type: type))
            }
        }
        placesInLocativeContext(&spans, tokens, hashes)
        placesNearby(&spans, tokens, hashes)
        clubsInSportsContext(&spans, tokens, hashes)
        // numbers and dates on tokens the tagger left alone
        var rules = NumberRules(p: p, tokens: tokens, hashes: hashes)
        spans.removeAll { rules.isCalendarSpan($0.t0, $0.t1) || ($0.t0 == $0.t1 && rules.isGluedMoney($0.t0)) }
        spans.append(contentsOf: rules.find(covered: coveredTokens(spans, tokens.count)))
        spans.sort { $0.t0 < $1.t0 }
        spans = splitAndMergeNames(spans, tokens, hashes)
        spans = joinAcronymExpansions(spans, tokens, hashes)
        spans = joinKnownNames(spans, tokens, hashes)
        spans = joinOrganisationNames(spans, tokens, hashes)
        spans = joinParticleNames(spans, tokens, hashes)
        spans = quotedTitles(spans, tokens, hashes)
        spans = titledPersons(spans, tokens, hashes)
        spans = joinAmpersands(spans, tokens)
        spans = bodyHeadPersons(spans, tokens, hashes)
        spans = joinModifiedNames(spans, tokens, hashes)
        quotedArticles(&spans, tokens, hashes)
        spans = extendNameEnds(spans, tokens, hashes)
        completeNamesEndedEarly(&spans, tokens, hashes)
        directionalPlaces(&spans, tokens, hashes)
        spans = untaggedStreets(spans, tokens, hashes)
        spans = arabicArticleNames(spans, tokens, hashes)
        spans = patronymicNames(spans, tokens, hashes)
        spans = stateAbbreviations(spans, tokens, hashes)
        spans = celestialPlaces(spans, tokens, hashes)
        spans = splitAtJoiners(spans, tokens, hashes)
        spans = callSigns(spans, tokens, hashes)
        spans = definitionalOpeners(spans, tokens, hashes)
        organisationHeads(&spans, tokens, hashes)
        // a word of two common words run together is a brand, not a person: "WeWork", "AirPods", "PayPal"
        for i in spans.indices where !spans[i].fixed && spans[i].type == .person && spans[i].t0 == spans[i].t1 {
            if isCompoundBrand(tokens[spans[i].t0]) { spans[i].type = .org }
        }
        // a league of people is the organisation, not a competition: "Australian League of Rights"
        // ("Premier League", "Major League Baseball" stay what CoNLL makes them)
        for i in spans.indices where !spans[i].fixed && spans[i].type == .event && spans[i].t1 > spans[i].t0 {
            let s = spans[i]
            for k in s.t0..<s.t1 where hashes[k].lower == SpanLex.league && tokens[k].has(TF.cap) {
                if hashes[k + 1].lower == NumLex.of { spans[i].type = .org }
            }
        }
        // nobody's name ends in an institution's head word: "Dave Matthews Band", "George Washington
        // University Hospital", "Outback Press"
        for i in spans.indices where !spans[i].fixed && spans[i].type == .person && spans[i].t1 > spans[i].t0 {
            let b = spans[i].t1
            if tokens[b].has(TF.cap) && HeadLex.institutions.contains(hashes[b].lower) { spans[i].type = .org }
        }
        spans = officeHolders(spans, tokens, hashes)
        spans = nicknamedPersons(spans, tokens, hashes)
        speakingSurnames(&spans, tokens, hashes)
        laterSurnames(&spans, tokens, hashes)
        organisationLastWords(&spans, tokens, hashes)
        nationalitiesBeforeNouns(&spans, tokens, hashes)
        peoplesNamedAsOrganisations(&spans, tokens, hashes)
        // a religion named alone is a faith (NORP, as CoNLL's MISC), not a person or a firm, unless the
        // article names someone with it as a surname ("Nazrul Islam ... Islam said")
        if spans.contains(where: { $0.t0 == $0.t1 && SpanLex.religions.contains(hashes[$0.t0].lower) }) {
            let surnames = personSurnames(spans, hashes)
            for i in spans.indices where !spans[i].fixed && spans[i].t0 == spans[i].t1 {
                let h = hashes[spans[i].t0].lower
                if SpanLex.religions.contains(h) && surnames[h] == nil { spans[i].type = .norp }
            }
        }
        // a country the alias table names is a place, not an organisation, whatever the tagger and the vote
        // made of it: "US officials", "the US maintains" (an all-caps "US" looks like an acronym)
        for i in spans.indices where !spans[i].fixed && spans[i].type == .org {
            if isAliasTableCountry(spans[i].t0, spans[i].t1, tokens) { spans[i].type = .gpe }
        }
        // a company form left alone by a comma ("Tyvak Nano-Satellite Systems, Inc.") is no name
        spans.removeAll { $0.t0 == $0.t1 && NameLex.companyForms.contains(hashes[$0.t0].lower) }
        // a name that is exactly a product of today's technology news is that product, whatever the tagger
        // (trained on 1996 news) made of it: "MacBook Pro", "Stadia", "AirPods" were firms, places, people
        // (and one cut short before the product's last capitalised words, in no other name: "Magic" + "Mouse")
        for i in spans.indices where !spans[i].fixed && spans[i].type != .product && !spans[i].type.isNumeric {
            let s = spans[i]
            if let mask = Gazetteer.shared.mask(phraseHash(s.t0, s.t1, hashes)), mask & GazCat.productBit != 0 {
                spans[i].type = .product
                continue
            }
            let next = i + 1 < spans.count ? spans[i + 1].t0 : tokens.count
            var e = s.t1 + 1
            while e < next && e <= s.t1 + 2 && tokens[e].has(TF.cap) && tokens[e].line == tokens[s.t0].line {
                if let mask = Gazetteer.shared.mask(phraseHash(s.t0, e, hashes)), mask & GazCat.productBit != 0 {
                    spans[i] = Span(t0: s.t0, t1: e, type: .product)
                    break
                }
                e += 1
            }
        }
        // a name the gazetteer lists as an organisation only that the joins made a person's is the
        // organisation too (as `refineType` does with the tagger's): "Hayat Tahrir" + "al-Sham"; so is one
        // the tagger took for a country or a people ("2,000 Al Qaeda members" was a GPE), unless it is the
        // seat a government is named by ("White House", "Downing Street": places in CoNLL's gold)
        for i in spans.indices where !spans[i].fixed {
            let s = spans[i]
            guard s.type == .person || s.type == .gpe || s.type == .norp else { continue }
            if s.type != .person && SpanLex.seats.contains(hashes[s.t1].lower) { continue }
            if isListedOrganisationOnly(s.t0, s.t1, tokens, hashes) { spans[i].type = .org }
        }
        spans = productModels(spans, tokens, hashes)
        listedOrganisationHeads(&spans, tokens, hashes)
        spans = listedOrganisationsWhole(spans, tokens, hashes)
        // a website named by its domain is the firm behind it: "Polygraph.info" was a PERSON, "NJ.com" a
        // place, "Spacetoday.net" a nationality
        for i in spans.indices where !spans[i].fixed {
            let t = spans[i].type
            if (t == .person || t == .gpe || t == .norp || t == .loc) && isDomainName(tokens[spans[i].t1]) {
                spans[i].type = .org
            }
        }
        solarSystemBodies(&spans, tokens, hashes)
        // a question word is no name, even capitalised after a colon ("the question: Who can voters
        // trust?" was the World Health Organization); the agency is written "WHO"
        spans.removeAll { s in
            !s.fixed && s.t0 == s.t1 && !tokens[s.t0].has(TF.allCaps)
                && SpanLex.questionWords.contains(hashes[s.t0].lower)
        }
        // a plural of an abbreviation is a common noun's, never a person, a place or a people: "ICUs",
        // "DSPs", "LEDs", "NGOs" (the tagger, which saw few, typed them at random)
        spans.removeAll { s in
            !s.fixed && s.t0 == s.t1 && (s.type == .person || s.type == .gpe || s.type == .loc || s.type == .norp)
                && isPluralAbbreviation(tokens[s.t0])
        }
        // an office named alone is nobody's name: "The Treasurer, Peter Costello, says" was a firm (not a
        // word that is somebody's name too: "King said")
        // (nor a hyphenated office: "to step down as Governor-General" was a place)
        spans.removeAll { s in
            !s.fixed && s.t0 == s.t1 && (s.type == .org || s.type == .person || s.type == .gpe)
                && tokens[s.t0].has(TF.cap) && !tokens[s.t0].has(TF.allCaps)
                && ((SpanLex.titles.contains(hashes[s.t0].lower) && hashes[s.t0].know.lastName == 0
                    && hashes[s.t0].know.firstName == 0) || isHyphenatedOffice(tokens[s.t0]))
        }
        // a listed place before an office's capitalised title is the place whose office it is, not a firm:
        // "Queensland Premier Peter Beattie", "New York Mayor Rudolph Giuliani" (a team's is the team's: "Texas
        // Coach Darrell Royal")
        for i in spans.indices where !spans[i].fixed && spans[i].type == .org && spans[i].t1 + 2 < tokens.count {
            let k = spans[i].t1 + 1
            guard tokens[k].has(TF.cap), !tokens[k].has(TF.allCaps), tokens[k].line == tokens[spans[i].t1].line,
                SpanLex.titles.contains(hashes[k].lower), !SpanLex.teamTitles.contains(hashes[k].lower),
                tokens[k + 1].has(TF.cap)
            else { continue }
            if isListedPlaceOnly(spans[i].t0, spans[i].t1, hashes) { spans[i].type = .gpe }
        }
        // a quarter of the compass alone is a region, not a firm or a person: "airports in the Northeast"
        // (as eng.train's gold has "Midwest", "Mideast")
        for i in spans.indices
        where !spans[i].fixed && spans[i].t0 == spans[i].t1 && (spans[i].type == .org || spans[i].type == .person) {
            let k = spans[i].t0
            if tokens[k].has(TF.cap) && !tokens[k].has(TF.allCaps) && SpanLex.regions.contains(hashes[k].lower) {
                spans[i].type = .loc
            }
        }
        // an abbreviation of a common noun in capitals alone is no name, whatever rule made it one: "a smart
        // TV", "the PV industry" (the tagger, which saw few, made them firms and peoples)
        spans.removeAll { s in
            let h = hashes[s.t0].lower
            return !s.fixed && s.t0 == s.t1 && !s.type.isNumeric && tokens[s.t0].has(TF.allCaps)
                && (SpanLex.capitalAbbreviations.contains(h) || SpanLex.commonAbbreviations.contains(h))
        }
        // a unit's abbreviation after a number is a measure, no name: "1 Tbsp. green onions" was a firm
        spans.removeAll { s in
            !s.fixed && s.t0 == s.t1 && s.t0 > 0 && tokens[s.t0 - 1].has(TF.digit)
                && SpanLex.unitAbbreviations.contains(hashes[s.t0].lower)
        }
        spans = countedColours(spans, tokens, hashes)
        listedPersons(&spans, tokens, hashes)
        // a name ending in an office's word is that office, nobody's name: "Chief Strategy Officer", "Art
        // Director" were persons (not after a first name the word lists know: a family name then)
        spans.removeAll { s in
            !s.fixed && s.type == .person && s.t1 > s.t0 && tokens[s.t1].has(TF.cap)
                && HeadLex.offices.contains(hashes[s.t1].lower) && hashes[s.t0].know.firstName == 0
        }
        // a common word the tagger only weakly took for a place, a people or a person, and that no rule
        // has since made part of a longer name ("Occam's Razor" in quotes), is no name
        if !weakWords.isEmpty {
            spans.removeAll { s in !s.fixed && s.t0 == s.t1 && weakWords.contains(s.t0) }
        }
        spans = sentenceOpeningWords(spans, tokens, hashes)
        // a social-media handle or hashtag is no name in the text ("Governor @MattBevin", "(@NYTopinion)",
        // "#HealthyHydration"): the tagger, which never saw one, typed them at random
        spans.removeAll { s in
            let b = Int(tokens[s.t0].b0)
            return !s.fixed && b > 0 && (p[b - 1] == UInt8(ascii: "@") || p[b - 1] == UInt8(ascii: "#"))
        }
        // an article not in English (the tagger knows English only) keeps only the names that are more
        // than a capitalised word: in German, Portuguese or Russian every sentence's first word and
        // every noun is capitalised ("Что", "Assista", "Natale" were names), so a single word stays
        // only when the world gazetteer or the alias table knows it ("Köln", "Carlos", "Brasil")
        if isForeign(tokens, hashes) {
            spans.removeAll { s in
                guard !s.fixed && s.t0 == s.t1 && !s.type.isNumeric else { return false }
                let h = phraseHash(s.t0, s.t1, hashes)
                return Gazetteer.shared.mask(h) == nil && AliasTable.rowIndex(hash: h) == nil
            }
        }
        spans = organisationFieldLists(spans, tokens, hashes)
        spans = repeatedNames(spans, tokens, hashes)
        spans = balancedBrackets(spans, tokens)
        // user dictionary overrides the tagger
        if let dict = dictionary {
            let found = dict.matches(hashes)
            if !found.isEmpty {
                var mark = [Bool](repeating: false, count: tokens.count)
                for (a, b, _) in found { for k in a...b { mark[k] = true } }
                spans.removeAll { s in (s.t0...s.t1).contains { mark[$0] } }
                for (a, b, e) in found {
                    let entry = dict.entries[e]
                    spans.append(Span(t0: a, t1: b, type: entry.type, canonical: Span.dictionaryEntry(e), fixed: true))
                }
                spans.sort { $0.t0 < $1.t0 }
            }
        }
        let meta = Metadata(p: p, tokens: tokens)
        let info = meta.analyse()
        // the dateline's city is a place and a byline's names are people, whatever the tagger said
        if info.dateline != nil || !info.authors.isEmpty {
            for i in spans.indices where !spans[i].fixed && !spans[i].hasCanonical && tokens[spans[i].t0].line < 12 {
                let s = spans[i]
                guard s.type == .org || s.type == .gpe || s.type == .person || s.type == .loc || s.type == .norp
                else { continue }
                let name = surface(s, tokens)
                if name == info.dateline {
                    spans[i].type = .gpe
                } else if info.authors.contains(name) {
                    spans[i].type = .person
                }
            }
        }
        let entities = canonicalise(spans, tokens, hashes, boilerplate: info.boilerplate)
        return Article(
            title: info.title, published: info.published, dateline: info.dateline, authors: info.authors,
            source: info.source, words: words, entities: entities)
    }

    // MARK: types

    /// The type a name's own head word says, over the tagger's guess: "John Birch Society" is an
    /// organisation, "Hay Street" a place, "Battle of Antietam" an event, whatever the words before the
    /// head look like. Only for names of two words or more whose head is capitalised; the heads are those
    /// CoNLL-2003's and WikiGold's annotators agree on (not "League", "Division", "Hospital", "Hall").
    /// `margin`: how clearly the tagger scored its own type at the first word (`ownTypeMargin`).
    func headBase(_ a: Int, _ b: Int, _ t: Int, _ tokens: [Token], _ hashes: [TokHash], margin: Float) -> Int {
        guard b > a, tokens[b].has(TF.cap) else { return t }
        let last = hashes[b].lower
        if t != BaseType.org.rawValue && HeadLex.org.contains(last) { return BaseType.org.rawValue }
        if last == HeadLex.district && hashes[b - 1].lower == HeadLex.school { return BaseType.org.rawValue }
        // "San Francisco Bay Area", "Greater Toronto Area" (a free trade area is a bloc: "Central European Free
        // Trade Area")
        if last == HeadLex.area && hashes[b - 1].lower == HeadLex.trade { return t }
        if t != BaseType.loc.rawValue && HeadLex.loc.contains(last) {
            // "Notts County" the football club: a clearly scored organisation stays one
            if last == HeadLex.county && t == BaseType.org.rawValue && margin >= voteKeepMargin { return t }
            return BaseType.loc.rawValue
        }
        // "Deccan Plateau", "Lincoln Reservoir", "Clarence Dock": unless clearly scored another type
        if t != BaseType.loc.rawValue && HeadLex.geo.contains(last) && margin < voteKeepMargin {
            return BaseType.loc.rawValue
        }
        if t != BaseType.misc.rawValue {
            if HeadLex.event.contains(last) { return BaseType.misc.rawValue }
            if b > a + 1 && HeadLex.eventFirst.contains(hashes[a].lower) && hashes[a + 1].lower == NumLex.of {
                return BaseType.misc.rawValue
            }
        }
        return t
    }

    /// An office and its holder the tagger ran together are the holder: "US Secretary of State Mike
    /// Pompeo" is "Mike Pompeo" (a person: the span's last two or three capitalised words, a first name the
    /// word lists know first, a title word before them), with the country before the office kept as a
    /// place ("US").
    func officeHolders(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard spans.contains(where: { !$0.fixed && $0.t1 - $0.t0 >= 3 }) else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count + 2)
        for s in spans {
            guard !s.fixed && !s.hasCanonical && s.t1 - s.t0 >= 3 else {
                out.append(s)
                continue
            }
            // the holder: the last two or three words, a known first name first, a title word before them
            // ("Secretary of State", "Prime Minister")
            var holder = -1
            for first in [s.t1 - 1, s.t1 - 2] where first > s.t0 + 1 {
                guard hashes[first].know.firstName != 0, !tokens[first].has(TF.allCaps),
                    (first...s.t1).allSatisfy({ tokens[$0].has(TF.cap) && !tokens[$0].has(TF.punct) }),
                    (s.t0..<first).contains(where: {
                        SpanLex.titles.contains(hashes[$0].lower) && tokens[$0].has(TF.cap)
                    }),
                    !SpanLex.titles.contains(hashes[first].lower)
                else { continue }
                holder = first
                break
            }
            guard holder > 0 else {
                out.append(s)
                continue
            }
            let a = s.t0
            if tokens[a].has(TF.cap), (Gazetteer.shared.mask(phraseHash(a, a, hashes)) ?? 0) & GazCat.gpeMask != 0 {
                out.append(Span(t0: a, t1: a, type: .gpe))
            }
            out.append(Span(t0: holder, t1: s.t1, type: .person))
        }
        return out
    }

    /// A surname the article gives a person in full, standing alone before "said", "told", "testified"
    /// ..., is that person wherever it stands alone: "Secretary of State Mike Pompeo ... Pompeo said"
    /// (the tagger had made the lone "Pompeo" an organisation). Only with that evidence: the bicycle
    /// maker "Caloi", named after its founder "Luigi Caloi", stays a firm.
    func speakingSurnames(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var surnames = IndexMap()
        for s in spans where s.type == .person && s.t1 > s.t0 && tokens[s.t1].has(TF.cap) {
            surnames.set(hashes[s.t1].lower, 0)
        }
        guard surnames.count > 0 else { return }
        var speaking = IndexMap()
        for s in spans where !s.fixed && s.t0 == s.t1 && s.type != .person && !s.type.isNumeric {
            let h = hashes[s.t0].lower
            guard surnames[h] != nil, s.t1 + 1 < tokens.count, tokens[s.t0].has(TF.cap),
                !tokens[s.t0].has(TF.allCaps), SpanLex.speechVerbs.contains(hashes[s.t1 + 1].lower)
            else { continue }
            speaking.set(h, 0)
        }
        guard speaking.count > 0 else { return }
        for i in spans.indices where !spans[i].fixed && spans[i].t0 == spans[i].t1 && spans[i].type != .person {
            if speaking[hashes[spans[i].t0].lower] != nil && !spans[i].type.isNumeric { spans[i].type = .person }
        }
    }

    /// A lone word that ends an organisation's name of several words in the article is that organisation's
    /// short name where the tagger made a people of it: "Las Vegas Sands ... Sands" (a people in 12
    /// mentions). Not a name the gazetteer lists ("Cleveland Indians ... Indians") nor a common word
    /// ("Service", "People"); places, works and products stay as they are ("Hapoel Taibe ... Taibe",
    /// "Bank of Israel ... Israel"). In eng.train's gold 126 of the 129 such lone words that are no place
    /// are the organisation.
    func organisationLastWords(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var lastWords = IndexMap()  // a set
        for s in spans where s.type == .org && s.t1 > s.t0 && tokens[s.t1].has(TF.cap) {
            lastWords.set(hashes[s.t1].lower, 0)
        }
        guard lastWords.count > 0 else { return }
        for i in spans.indices where !spans[i].fixed && spans[i].t0 == spans[i].t1 && spans[i].type == .norp {
            let k = spans[i].t0
            guard lastWords[hashes[k].lower] != nil, tokens[k].has(TF.cap), hashes[k].know.zipf <= 6 else { continue }
            if Gazetteer.shared.mask(phraseHash(k, k, hashes)) == nil { spans[i].type = .org }
        }
    }

    /// A planet or moon of the Solar System named alone is a place, whatever firm or country the tagger
    /// (which saw few) took it for: NASA's "Moon", "Europa", "Jupiter" were ORG and GPE, "Titan" a people or a
    /// person. A name the names data holds too ("Venus" Williams, Bruno "Mars") is the body only in an article
    /// that names another body ("Jupiter's moon Europa": Jupiter was a person).
    func solarSystemBodies(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var bodies = IndexMap()  // a set: the bodies the article names alone
        for s in spans where s.t0 == s.t1 && SpanLex.celestial.contains(hashes[s.t0].lower) {
            bodies.set(hashes[s.t0].lower, 0)
        }
        for i in spans.indices where !spans[i].fixed && spans[i].t0 == spans[i].t1 {
            let t = spans[i].type
            let h = hashes[spans[i].t0]
            let named = bodies.count < 2 && (h.know.firstName != 0 || h.know.lastName != 0)
            if (t == .org || t == .gpe || t == .norp || (t == .person && !named)) && SpanLex.celestial.contains(h.lower)
                && !tokens[spans[i].t0].has(TF.allCaps)
            {
                spans[i].type = .loc
            }
        }
    }

    /// A name never holds half a pair of brackets: "Coach (Frank) Vogel" made the person "Frank) Vogel",
    /// "Treasury Secretary ( Robert ) Rubin" "Robert ) Rubin". A name is cut after a closing bracket it
    /// holds no opening for, and before an opening one it does not close; one left with nothing goes.
    func balancedBrackets(_ spans: [Span], _ tokens: [Token]) -> [Span] {
        @inline(__always) func bracket(_ k: Int) -> Int {  // 1 opening, -1 closing, 0 neither
            guard tokens[k].byteCount == 1 else { return 0 }
            switch p[Int(tokens[k].b0)] {
            case UInt8(ascii: "("), UInt8(ascii: "["): return 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): return -1
            default: return 0
            }
        }
        guard spans.contains(where: { s in s.t1 > s.t0 && (s.t0...s.t1).contains { bracket($0) != 0 } }) else {
            return spans
        }
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        for s in spans {
            guard !s.fixed, s.t1 > s.t0 else {
                out.append(s)
                continue
            }
            var a = s.t0
            var b = s.t1
            var open = 0
            for k in s.t0...s.t1 {
                let x = bracket(k)
                if x > 0 { open += 1 } else if x < 0 { if open == 0 { a = k + 1 } else { open -= 1 } }
            }
            var close = 0
            var k = b
            while k >= a {
                let x = bracket(k)
                if x < 0 { close += 1 } else if x > 0 { if close == 0 { b = k - 1 } else { close -= 1 } }
                k -= 1
            }
            if a > b { continue }
            var t = s
            t.t0 = a
            t.t1 = b
            out.append(t)
        }
        return out
    }

    /// A common English word (Zipf 4 and up) opening a sentence before a lower-case word, which the article
    /// also writes in lower case, is no name, however sure the tagger was: "Health care providers have
    /// protested", "People will ask you", "Light effects give the illusion", "One of the ..." were firms and
    /// "Four teams" a person. Not a word a person's name in the article holds ("Tom Green ... Green and his
    /// wife"), nor one the gazetteer lists.
    func sentenceOpeningWords(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var opening = [Bool](repeating: false, count: spans.count)
        var any = false
        for (i, s) in spans.enumerated() where !s.fixed && s.t0 == s.t1 && !s.type.isNumeric {
            let k = s.t0
            guard tokens[k].has(TF.sentStart), tokens[k].has(TF.cap), !tokens[k].has(TF.allCaps),
                !tokens[k].has(TF.digit), hashes[k].know.zipf >= 7, k + 1 < tokens.count, tokens[k + 1].has(TF.lower),
                !tokens[k + 1].has(TF.punct), tokens[k + 1].line == tokens[k].line,
                Gazetteer.shared.mask(phraseHash(k, k, hashes)) == nil
            else { continue }
            opening[i] = true
            any = true
        }
        guard any else { return spans }
        var lower = IndexMap()  // a set: the article's words written in lower case
        for k in tokens.indices where tokens[k].has(TF.lower) { lower.set(hashes[k].lower, 0) }
        var named = IndexMap()  // a set: the words of its persons' names
        for (i, s) in spans.enumerated() where !opening[i] && s.type == .person {
            for k in s.t0...s.t1 { named.set(hashes[k].lower, 0) }
        }
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        for (i, s) in spans.enumerated() {
            let h = hashes[s.t0].lower
            if opening[i] && lower[h] != nil && named[h] == nil { continue }
            out.append(s)
        }
        return out
    }

    /// A people's name of several words ending in an organisation's head word is the organisation: "State
    /// Emergency Service", "International Boxing Federation" (the tagger's miscellaneous names).
    func peoplesNamedAsOrganisations(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        for i in spans.indices where !spans[i].fixed && spans[i].type == .norp && spans[i].t1 > spans[i].t0 {
            let b = spans[i].t1
            if tokens[b].has(TF.cap) && !tokens[b].has(TF.allCaps)
                && (HeadLex.org.contains(hashes[b].lower) || HeadLex.federations.contains(hashes[b].lower))
            {
                spans[i].type = .org
            }
        }
    }

    /// A nationality the gazetteer lists, alone before a lower-case word, describes that word: it is the
    /// people, not an organisation ("the expelled Azerbaijani population", where the article's
    /// "Azerbaijani Foreign Ministry" had made the tagger take every later "Azerbaijani" for the ministry).
    /// Not a party's name ("the former Labour government").
    func nationalitiesBeforeNouns(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        for i in spans.indices where !spans[i].fixed && spans[i].t0 == spans[i].t1 && spans[i].type == .org {
            let k = spans[i].t0
            guard k + 1 < tokens.count, tokens[k + 1].has(TF.lower), !tokens[k + 1].has(TF.punct),
                tokens[k + 1].line == tokens[k].line, tokens[k].has(TF.cap), !tokens[k].has(TF.allCaps),
                !SpanLex.partyMembers.contains(hashes[k].lower),
                let mask = Gazetteer.shared.mask(phraseHash(k, k, hashes)), mask & GazCat.norpBit != 0,
                mask & GazCat.orgBit == 0
            else { continue }
            spans[i].type = .norp
        }
    }

    /// A name with a quoted nickname inside is one person's: 'Lee “Faker” Sang-hyeok', 'Dwayne "The Rock"
    /// Johnson' (the tagger had made "Lee" a person, "Faker" another and "Sang-hyeok" a people). The
    /// first word must be a name the names data holds and the last a given name romanised with a hyphen or
    /// a surname; one to three capitalised words between the quotes, all on one line. The nickname alone
    /// is the person too ("Keria" was a firm).
    func nicknamedPersons(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var found: [(Int, Int, nickname: UInt64)] = []  // the name's first and last token, the nickname's hash
        var k = 0
        while k + 4 < tokens.count {
            defer { k += 1 }
            guard tokens[k].has(TF.cap), !tokens[k].has(TF.punct), !tokens[k].has(TF.allCaps),
                hashes[k].know.firstName != 0 || hashes[k].know.lastName != 0,
                quoteKind(tokens[k + 1]) == 1 || quoteKind(tokens[k + 1]) == 3
            else { continue }
            var j = k + 2
            while j < tokens.count && j - k <= 5 && tokens[j].has(TF.cap) && !tokens[j].has(TF.punct) { j += 1 }
            guard j > k + 2, j - k <= 5, j + 1 < tokens.count, quoteKind(tokens[j]) == 2 || quoteKind(tokens[j]) == 3,
                tokens[j + 1].has(TF.cap), !tokens[j + 1].has(TF.punct), tokens[j + 1].line == tokens[k].line,
                isHyphenatedGivenName(tokens[j + 1]) || hashes[j + 1].know.lastName != 0
            else { continue }
            // given names before the word: 'William Herbert "Buckshot" May'
            var a = k
            while a > 0 && k - a < 2 && tokens[a - 1].line == tokens[k].line && tokens[a - 1].has(TF.cap)
                && !tokens[a - 1].has(TF.punct) && !tokens[a - 1].has(TF.allCaps) && hashes[a - 1].know.firstName != 0
                && !SpanLex.titles.contains(hashes[a - 1].lower)
            {
                a -= 1
            }
            found.append((a, j + 1, phraseHash(k + 2, j - 1, hashes)))
            k = j + 1
        }
        guard !found.isEmpty else { return spans }
        var out = spans.filter { s in !found.contains { s.t1 >= $0.0 && s.t0 <= $0.1 } || s.fixed }
        var nicknames = IndexMap()  // a set: the quoted nicknames, which are the persons alone too
        for (a, b, nickname) in found where !out.contains(where: { $0.fixed && $0.t1 >= a && $0.t0 <= b }) {
            out.append(Span(t0: a, t1: b, type: .person))
            nicknames.set(nickname, 0)
        }
        for i in out.indices where !out[i].fixed && out[i].type != .person && !out[i].type.isNumeric {
            if nicknames[phraseHash(out[i].t0, out[i].t1, hashes)] != nil { out[i].type = .person }
        }
        out.sort { $0.t0 < $1.t0 }
        return out
    }

    /// A given name romanised with a hyphen, more widely than `isRomanisedGivenName`: syllables of up to
    /// six letters, a capital after the hyphen as some write Chinese given names ("Sang-hyeok",
    /// "Min-hyeong", "Yuan-Hao").
    func isHyphenatedGivenName(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        guard b1 - b0 >= 4 && b1 - b0 <= 14, p[b0] >= 65 && p[b0] <= 90 else { return false }
        var i = b0 + 1
        while i < b1 && p[i] >= 97 && p[i] <= 122 { i += 1 }
        guard i - b0 >= 2 && i - b0 <= 6, i + 1 < b1, p[i] == UInt8(ascii: "-") else { return false }
        i += 1
        let start = i
        if p[i] >= 65 && p[i] <= 90 { i += 1 }
        while i < b1 && p[i] >= 97 && p[i] <= 122 { i += 1 }
        return i == b1 && i - start >= 2 && i - start <= 6
    }

    /// A lone word the article gave before as the surname of a person named in full is that person
    /// wherever it stands alone afterwards, whatever the tagger made of it: "U.S. Ambassador to the
    /// European Union Gordon Sondland ... suggestions from Sondland" (the lone "Sondland" was an
    /// organisation; the article-level vote makes such words persons only when the full name was a
    /// person from the tagger, and here a title rule made it one). In eng.train's gold 1,552 of the 1,561
    /// lone words after a full name ending in them are the person. Not a word that stood alone before its
    /// full name (the bicycle maker "Caloi" before its founder "Luigi Caloi"), nor a listed place
    /// ("Washington" after "George Washington").
    func laterSurnames(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var fullNameAt = IndexMap()  // surname -> the token of its first full name's surname
        for s in spans where s.type == .person && s.t1 > s.t0 && tokens[s.t1].has(TF.cap) {
            if fullNameAt[hashes[s.t1].lower] == nil { fullNameAt.set(hashes[s.t1].lower, s.t1) }
        }
        guard fullNameAt.count > 0 else { return }
        var earlier = IndexMap()  // a set: surnames that stood alone before their full name
        for s in spans where s.t0 == s.t1 {
            if let at = fullNameAt[hashes[s.t0].lower], s.t0 < at { earlier.set(hashes[s.t0].lower, 0) }
        }
        for i in spans.indices where !spans[i].fixed && spans[i].t0 == spans[i].t1 && spans[i].type != .person {
            let k = spans[i].t0
            let h = hashes[k].lower
            guard !spans[i].type.isNumeric, let at = fullNameAt[h], k > at, earlier[h] == nil,
                tokens[k].has(TF.cap), !tokens[k].has(TF.allCaps), !isListedPlace(k, k, hashes)
            else { continue }
            spans[i].type = .person
        }
    }

    /// The capitalised words after an abbreviated title are a person's name, whatever the tagger made of
    /// them: "Rep. Alexandria Ocasio-Cortez", "Sen. Ted Cruz" (not "Lt. Gov. ...": the last title opens it).
    /// Only the forms with a period: "Gov Digital Service" is no person. A stage title in capitals is part
    /// of the name it opens: "DJ Khaled", "MC Hammer".
    func titledPersons(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var joiner: SpanJoiner? = nil  // built at the first title
        var k = 0
        while k + 1 < tokens.count {
            defer { k += 1 }
            guard tokens[k].has(TF.cap) else { continue }
            let stage = tokens[k].has(TF.allCaps) && SpanLex.stageTitles.contains(hashes[k].lower)
            guard stage || (p[Int(tokens[k].b1) - 1] == 0x2E && SpanLex.titleAbbreviations.contains(hashes[k].lower))
            else { continue }
            var e = k
            while e + 1 < tokens.count && e - k < 4 && tokens[e + 1].has(TF.cap) && !tokens[e + 1].has(TF.punct)
                && !tokens[e + 1].has(TF.lineStart) && !SpanLex.titleAbbreviations.contains(hashes[e + 1].lower)
            {
                e += 1
            }
            guard e > k else { continue }
            let a = stage ? k : k + 1
            if joiner == nil { joiner = SpanJoiner(spans, tokenCount: tokens.count) }
            if joiner!.replaceOverlapping(a, e, with: Span(t0: a, t1: e, type: .person)) { k = e }
        }
        return joiner?.result() ?? spans
    }

    /// Capitalised words ending in a street's head word that the tagger left alone are a place: "a shop on
    /// Hay Street in Perth", "Abbey Road". One to three words before the head, on one line.
    func untaggedStreets(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        let covered = coveredTokens(spans, tokens.count)
        var out = spans
        var added = false
        for k in 1..<max(1, tokens.count) where tokens[k].has(TF.cap) && !covered[k] {
            guard HeadLex.streets.contains(hashes[k].lower), !tokens[k].has(TF.lineStart) else { continue }
            var a = k
            while a > 0 && k - a < 3 && tokens[a - 1].has(TF.cap) && !tokens[a - 1].has(TF.punct) && !covered[a - 1]
                && !tokens[a].has(TF.lineStart) && !tokens[a - 1].has(TF.allCaps)
            {
                a -= 1
            }
            guard a < k, !tokens[a].has(TF.sentStart) else { continue }
            out.append(Span(t0: a, t1: k, type: .fac))
            added = true
        }
        if added { out.sort { $0.t0 < $1.t0 } }
        return out
    }

    /// Names that open with the Arabic article in lower case ("al-Qaeda", "al-Tanf", "al-Aqsa", "el-Baz"),
    /// which the tagger, for which a lower-case word starts no name, leaves alone unless a capitalised
    /// name runs into them ("Abu Bakr al-Baghdadi"). Such a word left alone is the organisation
    /// `SpanLex.arabicOrganisations` names ("al-Qaeda", "al-Jazeera"); else the person whose multi-word
    /// name in the article ends with it ("al-Baghdadi" after "Abu Bakr al-Baghdadi"); else a place where
    /// the article writes it as one: before a place's common noun ("al-Daih village", "the al-Ram
    /// checkpoint", "al-Aqsa mosque"), after "in", "at", "near"... ("in al-Tanf"), or owned by a place
    /// ("Syria's al-Tanf"). Every mention of it left alone is then typed so; otherwise it stays no name.
    /// A listed organisation the tagger typed otherwise, capitalised, is retyped too ("Al-Jazeera").
    func arabicArticleNames(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var spans = spans
        // the listed organisations are, capitalised too, whatever place or person the tagger took them for
        // ("Al-Jazeera" was a GPE)
        for i in spans.indices where !spans[i].fixed && spans[i].t0 == spans[i].t1 && spans[i].type != .org {
            if SpanLex.arabicOrganisations.contains(hashes[spans[i].t0].lower) { spans[i].type = .org }
        }
        var candidates: [Int] = []
        for k in tokens.indices where tokens[k].has(TF.lower) && isArabicArticleName(tokens[k]) { candidates.append(k) }
        guard !candidates.isEmpty else { return spans }
        var covered = [Bool](repeating: false, count: tokens.count)
        var placeAt = [Bool](repeating: false, count: tokens.count)  // inside a place's name
        for s in spans {
            let place = s.type == .gpe || s.type == .loc
            for k in s.t0...s.t1 {
                covered[k] = true
                placeAt[k] = place
            }
        }
        candidates.removeAll { covered[$0] }
        guard !candidates.isEmpty else { return spans }
        var decided = IndexMap()  // the word's lower-case hash -> EntityType's index in `arabicTypes`
        let arabicTypes: [EntityType] = [.org, .person, .fac, .gpe, .loc]
        func decide(_ h: UInt64, _ type: EntityType) {
            if decided[h] == nil { decided.set(h, arabicTypes.firstIndex(of: type)!) }
        }
        for k in candidates {
            let h = hashes[k].lower
            if SpanLex.arabicOrganisations.contains(h) { decide(h, .org) }
        }
        for s in spans where s.type == .person && s.t1 > s.t0 {
            let h = hashes[s.t1].lower
            if decided[h] == nil && candidates.contains(where: { hashes[$0].lower == h }) { decide(h, .person) }
        }
        for k in candidates where decided[hashes[k].lower] == nil {
            let h = hashes[k].lower
            if k + 1 < tokens.count && tokens[k + 1].line == tokens[k].line && tokens[k + 1].has(TF.lower) {
                let next = hashes[k + 1].lower
                if SpanLex.arabicFacilityNouns.contains(next) {
                    decide(h, .fac)
                    continue
                }
                if SpanLex.arabicSettlementNouns.contains(next) {
                    decide(h, .gpe)
                    continue
                }
            }
            guard k > 0, tokens[k - 1].line == tokens[k].line else { continue }
            let before = hashes[k - 1].lower
            if SpanLex.arabicPlacePrepositions.contains(before) && !tokens[k - 1].has(TF.cap) {
                decide(h, .gpe)
            } else if (before == SpanLex.possessive || before == SpanLex.possessiveCurly) && k > 1 && placeAt[k - 2] {
                decide(h, .gpe)
            }
        }
        guard decided.count > 0 else { return spans }
        var out = spans
        for k in candidates {
            if let t = decided[hashes[k].lower] { out.append(Span(t0: k, t1: k, type: arabicTypes[t])) }
        }
        out.sort { $0.t0 < $1.t0 }
        return out
    }

    /// A US state abbreviated in the news agencies' style is a place with its period: "HAYWARD, Calif. (AP)",
    /// "Paramount, Calif., said" (CoNLL's gold writes "Calif."; the tokenizer, which keeps a period only
    /// with the abbreviations it lists, had left it out of the tagger's "Calif"). The tagger's span takes
    /// the period right after it; a state's abbreviation the tagger left alone is a place after a place's
    /// name and a comma ("COLUMBIA, S.C. (AP)", "SANTA FE, N.M."); and the name before ", Fla." is a
    /// place ("Orlando" was a person).
    func stateAbbreviations(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        func period(after k: Int) -> Bool {
            k + 1 < tokens.count && tokens[k + 1].b0 == tokens[k].b1 && isByte(tokens[k + 1], 46)
        }
        var out = spans
        var placeEnds: [Int] = []  // last tokens of places, for the abbreviations left alone
        var covered: [Bool] = []
        for i in out.indices where !out[i].fixed {
            let s = out[i]
            if s.type == .gpe || s.type == .loc { placeEnds.append(s.t1) }
            // (not a postal code in capitals, "Elkton, MD.": its period is the sentence's)
            guard s.t0 == s.t1, tokens[s.t0].has(TF.cap), !tokens[s.t0].has(TF.allCaps),
                SpanLex.stateAbbreviations.contains(hashes[s.t0].lower),
                period(after: s.t0), i + 1 == out.count || out[i + 1].t0 > s.t0 + 1
            else { continue }
            out[i].t1 = s.t0 + 1
            out[i].type = .gpe
        }
        var added = false
        for e in placeEnds
        where e + 2 < tokens.count && isByte(tokens[e + 1], 44) && tokens[e + 2].line == tokens[e].line {
            let k = e + 2
            guard tokens[k].has(TF.cap) else { continue }
            let h = hashes[k].lower
            let dotted = SpanLex.dottedStateAbbreviations.contains(h)
            guard
                dotted
                    || (SpanLex.stateAbbreviations.contains(h) && !tokens[k].has(TF.allCaps) && period(after: k))
            else { continue }
            if covered.isEmpty { covered = coveredTokens(out, tokens.count) }
            guard !covered[k] else { continue }
            out.append(Span(t0: k, t1: dotted ? k : k + 1, type: .gpe))
            added = true
        }
        if added { out.sort { $0.t0 < $1.t0 } }
        // the name before ", Fla." is a place, whatever person or firm the tagger took it for: "Orlando, Fla."
        for i in out.indices.dropFirst() where out[i].type == .gpe && out[i].t0 >= 2 {
            let k = out[i].t0
            let h = hashes[k].lower
            guard SpanLex.dottedStateAbbreviations.contains(h) || SpanLex.stateAbbreviations.contains(h),
                isByte(tokens[k - 1], 44), out[i - 1].t1 == k - 2, !out[i - 1].fixed,
                // (a firm of several words stays one: a bond list's "Bay Co Bldg Auth, Mich.")
                out[i - 1].type == .person || out[i - 1].type == .norp
                    || (out[i - 1].type == .org && out[i - 1].t0 == out[i - 1].t1),
                out[i - 1].t1 - out[i - 1].t0 < 3
            else { continue }
            out[i - 1].type = .gpe
        }
        return out
    }

    /// A planet or moon of the Solar System named alone inside a sentence, which the tagger (that saw few)
    /// left alone, is a place: "life beyond Earth", "humans to Mars", "boots on the Moon". Not at a
    /// sentence's start, not next to another capitalised word ("Earth First", "Bruno Mars", "Blue Moon",
    /// "Mars Express") nor closing a title ("Thirty Seconds to Mars"), and "Moon" only after "the" (a
    /// Korean family name too: "Moon Jae-in").
    func celestialPlaces(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var covered: [Bool] = []
        var out = spans
        for k in 1..<max(1, tokens.count) where tokens[k].has(TF.cap) && !tokens[k].has(TF.allCaps) {
            guard SpanLex.celestial.contains(hashes[k].lower),
                !tokens[k].has(TF.sentStart) && !tokens[k].has(TF.lineStart),
                !tokens[k - 1].has(TF.cap),
                k + 1 >= tokens.count || !tokens[k + 1].has(TF.cap)
                    || tokens[k + 1].line != tokens[k].line
            else { continue }
            if hashes[k].lower == SpanLex.moon && hashes[k - 1].lower != SpanLex.the { continue }
            // nor a title's last word: "Thirty Seconds to Mars", "The Dark Side of the Moon"
            var j = k - 1
            while j > 0 && k - j <= 2 && SpanLex.titleLinks.contains(hashes[j].lower) && !tokens[j].has(TF.cap) {
                j -= 1
            }
            if j < k - 1 && tokens[j].has(TF.cap) && !tokens[j].has(TF.sentStart) { continue }
            if covered.isEmpty { covered = coveredTokens(spans, tokens.count) }
            guard !covered[k] else { continue }
            out.append(Span(t0: k, t1: k, type: .loc))
        }
        if out.count > spans.count { out.sort { $0.t0 < $1.t0 } }
        return out
    }

    /// An organisation's name whose head word the writer put in lower case ("the GUAM, organization of
    /// Islamic Cooperation (OIC)"), which the tagger left out, is the listed organisation whole: a name
    /// after "<word> of" that the gazetteer lists with them as an organisation takes them in.
    /// And an organisation's name the tagger ended early goes on to the listed name's end: "Hayat Tahrir" +
    /// "al-Sham" (capitalised words after it on its line, or names with the Arabic article, in no other
    /// span, making a name the gazetteer lists as an organisation).
    func listedOrganisationHeads(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        for i in spans.indices where !spans[i].fixed && spans[i].type == .org {
            let (a, b) = (spans[i].t0, spans[i].t1)
            guard let longest = Gazetteer.shared.longest(hashes[a].lower), Int(longest) > b - a + 1 else { continue }
            var end = min(a + Int(longest) - 1, tokens.count - 1, i + 1 < spans.count ? spans[i + 1].t0 - 1 : Int.max)
            while end > b && tokens[end].line != tokens[a].line { end -= 1 }
            // only capitalised words ("Xinhua" + "news agency", "Moody" + "'s" stay as they are)
            var k = b + 1
            while k <= end && (tokens[k].has(TF.cap) || isArabicArticleName(tokens[k])) { k += 1 }
            end = k - 1
            while end > b {
                if let mask = Gazetteer.shared.mask(phraseHash(a, end, hashes)), mask & GazCat.orgBit != 0 {
                    spans[i].t1 = end
                    spans[i].canonical = -1
                    break
                }
                end -= 1
            }
        }
        for i in spans.indices where !spans[i].fixed && spans[i].type == .org && spans[i].t0 >= 2 {
            let a = spans[i].t0
            guard hashes[a - 1].lower == NumLex.of, tokens[a - 2].has(TF.lower), tokens[a - 2].line == tokens[a].line,
                i == 0 || spans[i - 1].t1 < a - 2,
                let mask = Gazetteer.shared.mask(phraseHash(a - 2, spans[i].t1, hashes)), mask & GazCat.orgBit != 0
            else { continue }
            spans[i].t0 = a - 2
        }
    }

    /// A body's head word that the tagger took alone for a person ("the Australian Transport Safety Bureau",
    /// "The New South Wales Weather Bureau": "Bureau" was a PERSON) is the organisation it names with the
    /// capitalised words before it on its line that no other name holds (at least one), and a place's or
    /// a people's name right before them.
    func bodyHeadPersons(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        for s in spans {
            let k = s.t0
            guard
                !s.fixed && s.type == .person && s.t1 == k && tokens[k].has(TF.cap) && !tokens[k].has(TF.allCaps)
                    && HeadLex.bodies.contains(hashes[k].lower)
            else {
                out.append(s)
                continue
            }
            let previousEnd = out.last?.t1 ?? -1
            var a = k
            while a - 1 > previousEnd && tokens[a - 1].line == tokens[k].line && tokens[a - 1].has(TF.cap)
                && !tokens[a - 1].has(TF.punct) && !tokens[a - 1].has(TF.allCaps)
                && !SpanLex.leadingStop.contains(hashes[a - 1].lower)
            {
                a -= 1
            }
            guard a < k else {
                out.append(s)
                continue
            }
            if let last = out.last, !last.fixed, last.t1 == a - 1, tokens[last.t1].line == tokens[k].line,
                last.type == .gpe || last.type == .norp || last.type == .loc
            {
                out[out.count - 1] = Span(t0: last.t0, t1: k, type: .org)
            } else {
                out.append(Span(t0: a, t1: k, type: .org))
            }
        }
        return out
    }

    /// "bin Laden": the Arabic patronymic particle in lower case before a person's name is the name's
    /// ("Laden" was the person), and a person's name right before it joins ("Mohammed" + "bin Salman").
    func patronymicNames(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        for s in spans {
            let j = s.t0 - 1
            guard
                !s.fixed && s.type == .person && j >= 0 && tokens[j].has(TF.lower)
                    && SpanLex.patronymics.contains(hashes[j].lower) && tokens[j].line == tokens[s.t0].line
                    && (out.last?.t1 ?? -1) < j
            else {
                out.append(s)
                continue
            }
            if let last = out.last, !last.fixed, last.type == .person, last.t1 == j - 1,
                tokens[last.t1].line == tokens[j].line
            {
                out[out.count - 1] = Span(t0: last.t0, t1: s.t1, type: .person)
            } else {
                out.append(Span(t0: j, t1: s.t1, type: .person))
            }
        }
        return out
    }

    /// An organisation of three words or more that the gazetteer lists whole, where the tagger cut it (at
    /// "and", a comma or a title's word: "Immigration and Customs Enforcement" was a place and a people,
    /// "Customs and Border Protection" two firms, "Bureau of Alcohol, Tobacco, Firearms and Explosives"
    /// three, "Medecins" + "Frontieres" a firm and a people): the names inside it become the one
    /// organisation, as does the whole name the tagger typed otherwise or left alone. Only when every
    /// name there lies inside it (a name the tagger ran past either end stays as it is) and the listed
    /// name ends in a capitalised word.
    func listedOrganisationsWhole(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var joiner: SpanJoiner? = nil
        var k = 0
        while k + 2 < tokens.count {
            guard tokens[k].has(TF.cap), let longest = Gazetteer.shared.longest(hashes[k].lower), longest >= 3 else {
                k += 1
                continue
            }
            var e = min(k + Int(longest) - 1, tokens.count - 1)
            while e > k + 1 && tokens[e].line != tokens[k].line { e -= 1 }
            var found = -1
            var place = false
            while e >= k + 2 {
                if tokens[e].has(TF.cap), let mask = Gazetteer.shared.mask(phraseHash(k, e, hashes)),
                    mask & GazCat.orgBit != 0
                {
                    found = e
                    place = mask & GazCat.placeMask != 0
                    break
                }
                e -= 1
            }
            guard found > 0 else {
                k += 1
                continue
            }
            if joiner == nil { joiner = SpanJoiner(spans, tokenCount: tokens.count) }
            // a country's or a union's abbreviation the tagger joined to the name's first words is the name's
            // too: "U.S. House" + "Intelligence Committee", "U.N. Intergovernmental Panel" + "Climate Change"
            var a = k
            if k > 0, let before = joiner!.span(at: k - 1), before.t0 == k - 1, before.t1 >= k,
                let type = aliasTableType(k - 1, k - 1, tokens), type == .gpe || type == .org
            {
                a = k - 1
            }
            // (the whole name typed otherwise is the organisation too, unless the gazetteer lists it as a place)
            if let pieces = joiner!.pieces(a, found, mustStay: { $0.fixed }),
                !joiner!.isWhole(pieces, a, found) || (spans[pieces[0]].type != .org && !place)
            {
                joiner!.replace(pieces, with: Span(t0: a, t1: found, type: .org))
            }
            k = found + 1
        }
        return joiner?.result() ?? spans
    }

    /// Products of today's technology news with their model's words and numbers: "iPhone 11 Pro Max",
    /// "Apple Watch Series 3", "Galaxy Note 10 Plus", "Pixel 4 XL". A product the gazetteer lists is one
    /// (not one another rule made: "Toyota Celica 12" is a results table's line); one the gazetteer lists, written
    /// with a lower-case first letter and a capital (which the tagger, for which such a word starts no
    /// name, left alone: "iPhone", "iPad"), is one; a name whose first words are a listed product and whose
    /// other words are model words ("Apple Watch Series", which was a firm) is one; a family's name
    /// (`SpanLex.productFamilies`: "Pixel", "Galaxy", "Surface", a firm or a common word alone) is one
    /// before a model number or word. Each then takes in the model words and numbers after it, on its
    /// line, and whatever the tagger made of them ("Pro Max" and "XL" were firms, "11" a number).
    func productModels(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var joiner: SpanJoiner? = nil
        func isProduct(_ a: Int, _ b: Int) -> Bool {
            (Gazetteer.shared.mask(phraseHash(a, b, hashes)) ?? 0) & GazCat.productBit != 0
        }
        // where each product starts: spans typed so, their listed beginnings, lower-case-first products
        var starts: [(Int, Int)] = []  // first and last token of the product's listed name
        for s in spans where !s.fixed && !s.type.isNumeric {
            // (a product another rule found, "Toyota Celica" in a results table, takes no numbers after it)
            if s.type == .product {
                if isProduct(s.t0, s.t1) { starts.append((s.t0, s.t1)) }
                continue
            }
            if SpanLex.productFamilies.contains(hashes[s.t0].lower) && s.t1 + 1 < tokens.count
                && isModelWord(s.t1 + 1, tokens, hashes, number: true)
                && (s.t0..<s.t1).allSatisfy({ isModelWord($0 + 1, tokens, hashes, number: true) })
            {
                starts.append((s.t0, s.t0))
                continue
            }
            guard s.t1 > s.t0 && s.t1 - s.t0 <= 4 else { continue }
            // "Apple Watch Series": the longest listed beginning, the rest model words
            var b = s.t1 - 1
            while b >= s.t0 && isModelWord(b + 1, tokens, hashes, number: true) {
                if isProduct(s.t0, b) {
                    starts.append((s.t0, b))
                    break
                }
                b -= 1
            }
        }
        for k in tokens.indices where tokens[k].has(TF.lower) && isCamelWord(tokens[k]) {
            if isProduct(k, k) {
                if joiner == nil { joiner = SpanJoiner(spans, tokenCount: tokens.count) }
                if !joiner!.isOwned(k) { starts.append((k, k)) }
            }
        }
        guard !starts.isEmpty else { return spans }
        if joiner == nil { joiner = SpanJoiner(spans, tokenCount: tokens.count) }
        starts.sort { $0.0 < $1.0 }
        var done = -1
        for (a, listedEnd) in starts where a > done {
            var e = listedEnd
            while e + 1 < tokens.count && e - listedEnd < 4 && tokens[e + 1].line == tokens[a].line
                && isModelWord(e + 1, tokens, hashes, number: true)
            {
                e += 1
            }
            // a name the tagger ran past the model's words stays as it is
            if let owner = joiner!.span(at: a), owner.t0 < a || owner.t1 > e { continue }
            if e + 1 < tokens.count, let after = joiner!.span(at: e + 1), after.t0 <= e { continue }
            if let owner = joiner!.span(at: a), owner.t0 == a && owner.t1 == e && owner.type == .product {
                done = e
                continue
            }
            if joiner!.replaceOverlapping(a, e, with: Span(t0: a, t1: e, type: .product)) { done = e }
        }
        return joiner!.result()
    }

    /// Whether token `k` is a model's word ("Pro", "Max", "Series", "XL") or, with `number`, a model
    /// number: up to four digits, perhaps a capital after them ("11", "7T"; not "38mm", "64GB", "S10").
    func isModelWord(_ k: Int, _ tokens: [Token], _ hashes: [TokHash], number: Bool) -> Bool {
        let t = tokens[k]
        if t.has(TF.cap) && SpanLex.modelWords.contains(hashes[k].lower) { return true }
        guard number, t.has(TF.digit), !t.has(TF.punct) else { return false }
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        var i = b0
        while i < b1 && p[i] >= 48 && p[i] <= 57 { i += 1 }
        let digits = i - b0
        guard digits >= 1 && digits <= 4 && b1 - i <= 1 else { return false }
        while i < b1 {
            let c = p[i]
            guard c >= 65 && c <= 90 else { return false }  // "7T"; not a unit: "38mm"
            i += 1
        }
        return true
    }

    /// Whether the token is a lower-case letter then a capital, then letters: "iPhone", "eBay" (ASCII).
    func isCamelWord(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        guard Int(t.b1) - b0 >= 3, p[b0] >= 97 && p[b0] <= 122, p[b0 + 1] >= 65 && p[b0 + 1] <= 90 else {
            return false
        }
        return true
    }

    /// Whether tokens `a...b` are several words (or a hyphenated one) the gazetteer lists as an organisation
    /// and as no place, people or first name: such a name is that organisation whatever person the tagger
    /// took it for ("Al Qaeda", "Goldman Sachs", "Jaish-e-Mohammed"; "Ford" alone stays a person: Gerald Ford).
    func isListedOrganisationOnly(_ a: Int, _ b: Int, _ tokens: [Token], _ hashes: [TokHash]) -> Bool {
        guard b > a || hasHyphen(tokens[a]), let mask = Gazetteer.shared.mask(phraseHash(a, b, hashes)) else {
            return false
        }
        let other = GazCat.placeMask | GazCat.norpBit | 1 << UInt16(GazCat.firstName.rawValue)
        return mask & GazCat.orgBit != 0 && mask & other == 0
    }

    /// Whether the token is capitalised words joined by a lower-case small word of places' names with
    /// hyphens: "Mar-a-Lago", "Chester-le-Street", "Stratford-upon-Avon", "Mont-sur-Marchienne" (ASCII).
    func isJoinedPlaceName(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        guard b1 - b0 >= 7, p[b0] >= 65 && p[b0] <= 90 else { return false }
        var parts: [(Int, Int)] = []
        var start = b0
        for i in b0...b1 where i == b1 || p[i] == UInt8(ascii: "-") {
            guard i > start else { return false }
            parts.append((start, i))
            start = i + 1
        }
        guard parts.count >= 3, let last = parts.last, p[last.0] >= 65 && p[last.0] <= 90 else { return false }
        for (x, y) in parts.dropFirst().dropLast() {
            guard SpanLex.placeJoiners.contains(fnvLower(UnsafeBufferPointer(rebasing: p[x..<y]))), p[x] >= 97
            else { return false }
        }
        return true
    }

    /// Whether the token is an office written with hyphens, each part a title's word: "Governor-General",
    /// "Secretary-General", "Vice-President", "Attorney-General".
    func isHyphenatedOffice(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        var parts = 0
        var start = b0
        for i in b0...b1 where i == b1 || p[i] == UInt8(ascii: "-") {
            guard i > start else { return false }
            let h = fnvLower(UnsafeBufferPointer(rebasing: p[start..<i]))
            guard SpanLex.titles.contains(h) || SpanLex.officeParts.contains(h) else { return false }
            parts += 1
            start = i + 1
        }
        return parts >= 2
    }

    /// Whether the gazetteer lists the name `a...b` as an organisation.
    func isListedOrganisation(_ a: Int, _ b: Int, _ hashes: [TokHash]) -> Bool {
        (Gazetteer.shared.mask(phraseHash(a, b, hashes)) ?? 0) & GazCat.orgBit != 0
    }

    /// Whether the gazetteer lists the name `a...b` as a place.
    func isListedPlace(_ a: Int, _ b: Int, _ hashes: [TokHash]) -> Bool {
        (Gazetteer.shared.mask(phraseHash(a, b, hashes)) ?? 0) & GazCat.placeMask != 0
    }

    /// Whether the gazetteer lists the name `a...b` as a place and not as an organisation.
    func isListedPlaceOnly(_ a: Int, _ b: Int, _ hashes: [TokHash]) -> Bool {
        let mask = Gazetteer.shared.mask(phraseHash(a, b, hashes)) ?? 0
        return mask & GazCat.placeMask != 0 && mask & GazCat.orgBit == 0
    }

    /// For each of `count` tokens, whether one of `spans` holds it.
    func coveredTokens(_ spans: [Span], _ count: Int) -> [Bool] {
        var covered = [Bool](repeating: false, count: count)
        for s in spans { for k in s.t0...s.t1 { covered[k] = true } }
        return covered
    }

    /// Whether the token has a hyphen inside: "Jaish-e-Mohammed", "Coca-Cola".
    func hasHyphen(_ t: Token) -> Bool {
        UnsafeBufferPointer(rebasing: p[Int(t.b0)..<Int(t.b1)]).contains(UInt8(ascii: "-"))
    }

    /// Whether the token is two or more capital letters and a plural "s": "ICUs", "NGOs" (ASCII).
    func isPluralAbbreviation(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        guard b1 - b0 >= 3, p[b1 - 1] == UInt8(ascii: "s") else { return false }
        for i in b0..<(b1 - 1) where p[i] < 65 || p[i] > 90 { return false }
        return true
    }

    /// Two names joined by "&" are one firm when either is one: "Douglas & Lomason", "Bear Stearns & Co
    /// Inc" (on one line, nothing else between them; two persons stay two: "Karl Langdon & Harvey Deegan").
    func joinAmpersands(_ spans: [Span], _ tokens: [Token]) -> [Span] {
        guard spans.count > 1 else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        for s in spans {
            if let last = out.last, !last.fixed, !s.fixed, s.t0 == last.t1 + 2,
                isByte(tokens[last.t1 + 1], 38),
                tokens[s.t0].line == tokens[last.t1].line,
                [EntityType.person, .org, .gpe].contains(last.type), [EntityType.person, .org, .gpe].contains(s.type),
                last.type == .org || s.type == .org
            {
                out[out.count - 1] = Span(t0: last.t0, t1: s.t1, type: .org)
                continue
            }
            out.append(s)
        }
        return out
    }

    /// Pieces of one name the tagger typed apart, side by side with nothing between them: a people's or
    /// country's name before an organisation of several words is the organisation's ("German Air Force",
    /// "Iceland Air Defense Force"); a model designation before capitalised words names a product
    /// ("F-86 Sabre", "P-38 Lightning").
    func joinModifiedNames(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard spans.count > 1 else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        for s in spans {
            // a unit's or an event's number is its name's: "65th Air Division", "Fourth Air Force",
            // "2nd Battle of Fredericksburg", "38th NAACP Image Awards"
            if !s.fixed && s.t0 > 0 && (s.type == .org || s.type == .event)
                && tokens[s.t0 - 1].line == tokens[s.t0].line
                && isOrdinalWord(tokens[s.t0 - 1], hashes[s.t0 - 1].lower)
            {
                if let last = out.last, last.t1 == s.t0 - 1 {
                    if last.t0 == last.t1 && !last.fixed && (last.type == .ordinal || last.type == .cardinal) {
                        out[out.count - 1] = Span(t0: s.t0 - 1, t1: s.t1, type: s.type)
                        continue
                    }
                } else {
                    out.append(Span(t0: s.t0 - 1, t1: s.t1, type: s.type))
                    continue
                }
            }
            if let last = out.last, !last.fixed, !s.fixed, s.t0 == last.t1 + 1,
                tokens[s.t0].line == tokens[last.t1].line, !tokens[s.t0].has(TF.punct), tokens[s.t0].has(TF.cap)
            {
                if last.type == .norp && s.type == .org && s.t1 > s.t0
                    && !tokens[last.t1].has(TF.lower) && !hasLowerTail(tokens[last.t1])
                {
                    out[out.count - 1] = Span(t0: last.t0, t1: s.t1, type: .org)
                    continue
                }
                if last.t0 == last.t1 && isModelDesignation(tokens[last.t0]) && s.type != .date {
                    out[out.count - 1] = Span(t0: last.t0, t1: s.t1, type: .product)
                    continue
                }
                // a country's or a people's own force, league or party: "Iceland Air Defense Force",
                // "West Australian Football League", "Swiss Super League"
                if (last.type == .gpe || last.type == .norp) && (s.type == .org || s.type == .event) && s.t1 > s.t0
                    && HeadLex.nationalBodies.contains(hashes[s.t1].lower) && !hasLowerTail(tokens[last.t1])
                {
                    out[out.count - 1] = Span(t0: last.t0, t1: s.t1, type: .org)
                    continue
                }
            }
            // the tagger's own span over a designation and a name: "F-102 Delta Dagger" is no organisation
            if !s.fixed && s.t1 > s.t0 && s.type != .product && isModelDesignation(tokens[s.t0]) {
                out.append(Span(t0: s.t0, t1: s.t1, type: .product))
                continue
            }
            out.append(s)
        }
        return out
    }

    /// A place the gazetteer knows, which the tagger or the article's vote made an organisation, is the
    /// place where the words before it say where: "left Philadelphia at 5:40 pm", "born in Marseille",
    /// "near Lancashire" (sports news names teams after cities: "beat Philadelphia" stays a team).
    /// So is one the tagger made a person, after "in" ("in Brittany"), and so are the places of a list
    /// after such a word: "in the Navarrese Pyrenees, Bearn, Gascony and also Brittany".
    func placesInLocativeContext(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var places = IndexMap()  // a set: the names made places here
        var listStart = 0  // the first span of the list spans[i] is in
        for i in spans.indices {
            if i > 0 && !listGap(spans[i - 1].t1, spans[i].t0, tokens, hashes, words: SpanLex.listWords, widest: 4) {
                listStart = i
            }
            if i == 0 { listStart = 0 }
            let s = spans[i]
            guard !s.fixed, s.type == .org || s.type == .person else { continue }
            let k = spans[listStart].t0
            guard k > 0, SpanLex.locativeWords.contains(hashes[k - 1].lower), tokens[k - 1].line == tokens[k].line,
                !tokens[k - 1].has(TF.cap)
            else { continue }
            if s.type == .person {
                guard hashes[k - 1].lower == SpanLex.inWord,
                    s.t1 + 1 >= tokens.count || hashes[s.t1 + 1].lower != SpanLex.possessive
                else { continue }
            }
            let mask = Gazetteer.shared.mask(phraseHash(s.t0, s.t1, hashes)) ?? 0
            guard mask & GazCat.gpeMask != 0, mask & GazCat.orgBit == 0 else { continue }
            spans[i].type = .gpe
            places.set(phraseHash(s.t0, s.t1, hashes), 0)
        }
        // the article's other mentions of a place so found that the tagger took for an organisation are the
        // place too ("New South Wales firefighters ... across New South Wales ... the south coast of New
        // South Wales"), unless one of them stands by a number, as a team in results does ("New South Wales
        // 250"), or an organisation's name opens with it ("Slough Estates ... Shares in Slough")
        guard places.count > 0 else { return }
        var scored = IndexMap()  // a set
        for s in spans {
            if places[phraseHash(s.t0, s.t1, hashes)] != nil {
                if (s.t0 > 0 && tokens[s.t0 - 1].has(TF.digit))
                    || (s.t1 + 1 < tokens.count && tokens[s.t1 + 1].has(TF.digit))
                {
                    scored.set(phraseHash(s.t0, s.t1, hashes), 0)
                }
            } else if s.type == .org && s.t1 > s.t0 {
                var h: UInt64 = 0
                for k in s.t0..<s.t1 {
                    h = seqHash(h, hashes[k].lower)
                    if places[h] != nil { scored.set(h, 0) }
                }
            }
        }
        for i in spans.indices where !spans[i].fixed && spans[i].type == .org {
            let h = phraseHash(spans[i].t0, spans[i].t1, hashes)
            if places[h] != nil && scored[h] == nil { spans[i].type = .gpe }
        }
    }

    /// A name the tagger or the vote made a person's, right after "near" or "around", none of whose words is
    /// a common given name (top 100 of a country), is a place, and so are its other mentions in the article the tagger made a
    /// person's: "in the mountains around Tora Bora near the Pakistan border", eng.train's "near Turner,
    /// Arkansas" ("around Mother Teresa" stays the person). So is a people's name there that the gazetteer
    /// does not list as one ("the Saxeten River Gorge near Interlaken"; not "near Kurdish regions").
    func placesNearby(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var places = IndexMap()  // a set
        for s in spans where !s.fixed && (s.type == .person || s.type == .norp) && s.t0 > 0 {
            let k = s.t0 - 1
            guard SpanLex.nearWords.contains(hashes[k].lower), !tokens[k].has(TF.cap),
                tokens[k].line == tokens[s.t0].line,
                s.type == .person || (Gazetteer.shared.mask(phraseHash(s.t0, s.t1, hashes)) ?? 0) & GazCat.norpBit == 0,
                !(s.t0...s.t1).contains(where: {
                    hashes[$0].know.firstName == 1 || tokens[$0].has(TF.allCaps)
                }),
                s.t1 + 1 >= tokens.count || hashes[s.t1 + 1].lower != SpanLex.possessive
            else { continue }
            places.set(phraseHash(s.t0, s.t1, hashes), 0)
        }
        guard places.count > 0 else { return }
        for i in spans.indices where !spans[i].fixed && (spans[i].type == .person || spans[i].type == .norp) {
            if places[phraseHash(spans[i].t0, spans[i].t1, hashes)] != nil { spans[i].type = .gpe }
        }
    }

    /// Two names of one list, the first ending at token `l` and the next starting at `r`: only commas and
    /// `words` between them, on one line, `r` at most `widest` tokens after `l` ("A, B and C"; with "also"
    /// and a width of 4, "A, and also B").
    func listGap(
        _ l: Int, _ r: Int, _ tokens: [Token], _ hashes: [TokHash], words: FastSet = SpanLex.andOr, widest: Int = 3
    ) -> Bool {
        guard r > l + 1, r - l <= widest, tokens[l].line == tokens[r].line else { return false }
        for k in (l + 1)..<r {
            guard isByte(tokens[k], 44) || words.contains(hashes[k].lower) else { return false }
        }
        return true
    }

    /// A word ending in one "s" (not "ss"): a plural's look, "Sirens", "Dolls".
    func endsInSingleS(_ t: Token) -> Bool {
        let e = Int(t.b1)
        return t.byteCount >= 2 && p[e - 1] == 115 && p[e - 2] != 115
    }

    /// Words a name's ends take that the tagger leaves out: a person's generation ("Andrew J. Evans Jr.",
    /// "Glenn A. Profitt II"), a unit's number ("65 Air Division", "VIII Fighter Command"), and a unit or a
    /// firm named after its owner ("Howe 's Brigade", "Nicholson 's Limited"). Number spans the rules found
    /// on those words go.
    func extendNameEnds(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard !spans.isEmpty else { return spans }
        var out = spans
        var dropped = false
        func sameLine(_ a: Int, _ b: Int) -> Bool { tokens[a].line == tokens[b].line }
        /// The live span covering token k, looked for next to span i (the spans are sorted and do not
        /// overlap, so it is the next one after i for a token after it, the one before i for a token before).
        func covering(_ k: Int, near i: Int) -> Int? {
            if k > out[i].t1 {
                var j = i + 1
                while j < out.count && out[j].t0 <= k {
                    if out[j].t1 >= k { return j }
                    j += 1
                }
            } else {
                var j = i - 1
                while j >= 0 {
                    if out[j].t1 >= 0 {
                        if out[j].t1 < k { return nil }
                        if out[j].t0 <= k { return j }
                    }
                    j -= 1
                }
            }
            return nil
        }
        /// The span covering token k alone, when it is a number or nothing: its index (or -1), or nil.
        func freeOrNumber(_ k: Int, near i: Int) -> Int?? {
            guard let j = covering(k, near: i) else { return .some(nil) }
            let s = out[j]
            return s.t0 == k && s.t1 == k && !s.fixed && s.type.isNumeric ? .some(j) : nil
        }
        for i in out.indices where !out[i].fixed && out[i].t1 >= 0 {
            let s = out[i]
            if s.type == .person && s.t1 + 1 < tokens.count && sameLine(s.t1, s.t1 + 1)
                && SpanLex.generations.contains(hashes[s.t1 + 1].lower) && tokens[s.t1 + 1].has(TF.cap),
                let free = freeOrNumber(s.t1 + 1, near: i)
            {
                if let j = free { out[j].t1 = -1; dropped = true }
                out[i].t1 = s.t1 + 1
                continue
            }
            guard s.type == .org, HeadLex.units.contains(hashes[s.t1].lower) else { continue }
            if s.t0 > 0 && sameLine(s.t0 - 1, s.t0) && (isUnitNumber(tokens[s.t0 - 1])),
                let free = freeOrNumber(s.t0 - 1, near: i)
            {
                if let j = free { out[j].t1 = -1; dropped = true }
                out[i].t0 = s.t0 - 1
            }
        }
        // a model's designation and the capitalised words of its name after it: "F-104 Starfighter",
        // "F-100 Super Sabre", "F-4 Phantom II" (a name the tagger found among them goes into it)
        for i in out.indices where !out[i].fixed && out[i].t1 >= 0 && out[i].t0 == out[i].t1 {
            guard isModelDesignation(tokens[out[i].t0]) else { continue }
            var e = out[i].t0
            var absorbed: [Int] = []
            while e + 1 < tokens.count && e - out[i].t0 < 3 && sameLine(e, e + 1) && tokens[e + 1].has(TF.cap)
                && !tokens[e + 1].has(TF.punct) && (!tokens[e + 1].has(TF.allCaps) || isUnitNumber(tokens[e + 1]))
            {
                if let j = covering(e + 1, near: i) {
                    guard !out[j].fixed, out[j].t0 == e + 1, !out[j].type.isNumeric else { break }
                    absorbed.append(j)
                    e = out[j].t1
                } else {
                    e += 1
                }
            }
            guard e > out[i].t0 else { continue }
            for j in absorbed { out[j].t1 = -1 }
            dropped = dropped || !absorbed.isEmpty
            out[i].t1 = e
            out[i].type = .product
        }
        // "Howe 's Brigade": an owner, "'s", and a unit's or a firm's head word
        for i in out.indices where !out[i].fixed && out[i].t1 >= 0 {
            let s = out[i]
            let k = s.t1 + 2
            guard s.type == .person || s.type == .org, k < tokens.count, sameLine(s.t1, k),
                hashes[s.t1 + 1].lower == SpanLex.possessive, tokens[k].has(TF.cap),
                HeadLex.units.contains(hashes[k].lower) || NameLex.companyForms.contains(hashes[k].lower)
            else { continue }
            var end = k
            if let j = covering(k, near: i) {
                guard !out[j].fixed, out[j].t0 == k else { continue }
                end = out[j].t1
                out[j].t1 = -1
                dropped = true
            }
            out[i].t1 = end
            out[i].type = .org
        }
        if dropped { out.removeAll { $0.t1 < 0 } }
        return out
    }

    /// "65", "4", "VIII", "IV": a unit's number before its name.
    func isUnitNumber(_ t: Token) -> Bool {
        let n = t.byteCount
        guard n >= 1 && n <= 4 else { return false }
        var digits = true
        var roman = true
        for i in Int(t.b0)..<Int(t.b1) {
            let c = p[i]
            if c < 48 || c > 57 { digits = false }
            if c != 73 && c != 86 && c != 88 { roman = false }  // I V X
        }
        return (digits && n <= 3) || roman
    }

    /// The names of a list of three or more ("Moses Mendelssohn, Gotthold Ephraim Lessing, Friedrich
    /// Schlegel, Germaine de Staël") are mostly of one kind: a person, organisation or place the tagger only
    /// weakly typed otherwise, among at least two thirds of another of the three, takes the list's type
    /// where what is known of the name agrees (a first name, a gazetteer place or organisation, an
    /// organisation's head word).
    func harmoniseLists(
        _ raw: [(Int, Int, Int)], _ tokens: [Token], _ hashes: [TokHash], _ typeScores: [Float]
    ) -> [(Int, Int, Int)] {
        guard raw.count >= 3 else { return raw }
        var out = raw
        var i = 0
        while i < raw.count {
            var j = i
            while j + 1 < raw.count && listGap(raw[j].1, raw[j + 1].0, tokens, hashes) { j += 1 }
            defer { i = j + 1 }
            let n = j - i + 1
            guard n >= 3 else { continue }
            var counts = [0, 0, 0, 0]
            for k in i...j { counts[min(raw[k].2, 3)] += 1 }
            guard let major = (0..<3).first(where: { 3 * counts[$0] >= 2 * n }) else { continue }
            for k in i...j where raw[k].2 != major && raw[k].2 < 3 {
                let (a, b, t) = raw[k]
                guard ownTypeMargin(a, t, typeScores) < voteKeepMargin else { continue }
                // and what is known of the name agrees: a first name opens a person, a place is in the
                // gazetteer, an organisation is one there or ends in an organisation's head word
                let mask = Gazetteer.shared.mask(phraseHash(a, b, hashes)) ?? 0
                let agrees: Bool
                switch major {
                case BaseType.per.rawValue:
                    // (a band among musicians keeps its type: "Sheryl Crow, Goo Goo Dolls, Miley Cyrus")
                    agrees =
                        b > a && hashes[a].know.firstName != 0 && hashes[b].know.lastName != 0 && mask == 0
                        && !endsInSingleS(tokens[b])
                case BaseType.loc.rawValue: agrees = mask & GazCat.placeMask != 0
                default: agrees = mask & GazCat.orgBit != 0 || (b > a && HeadLex.org.contains(hashes[b].lower))
                }
                if agrees { out[k].2 = major }
            }
        }
        return out
    }

    /// Words no name holds split the span the tagger or a join made over them: a lone "/" ("Snatch / Amika"),
    /// a lowercase noun of a role ("One Nation member Graeme Campbell", "U.S. Amateur champions Kelli
    /// Kuehne"), and "in" inside an organisation's or a place's name ("Constitutional Monarchy in Portugal").
    /// The part after a role noun that opens with a first name is a person; a gazetteer place after "in" is
    /// the place. An organisation's name ending in "and" and a listed organisation is two organisations.
    func splitAtJoiners(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var out: [Span] = []
        out.reserveCapacity(spans.count)
        var changed = false
        for s in spans {
            guard !s.fixed, s.t1 - s.t0 >= 2, !s.type.isNumeric, s.type != .workOfArt else {
                out.append(s)
                continue
            }
            var x = s.t0
            for k in (s.t0 + 1)..<s.t1 {
                let h = hashes[k].lower
                let slash = isByte(tokens[k], 47)
                let role = tokens[k].has(TF.lower) && (SpanLex.roleWords.contains(h) || SpanLex.titles.contains(h))
                // "in" only before a gazetteer place, and not in a long name of small words ("Organisation
                // for Security and Cooperation in Europe")
                let inside =
                    h == SpanLex.inWord && tokens[k].has(TF.lower) && s.type != .person
                    && !(s.t0..<k).contains { tokens[$0].has(TF.lower) }
                    && isListedPlace(k + 1, s.t1, hashes)
                // "and" before a listed organisation that ends an organisation's name the list does not hold:
                // "the Islamic Jihad and Hamas groups" (not "Procter and Gamble", "Bosnia and Herzegovina")
                let andListed =
                    h == SpanLex.andWord && s.type == .org && tokens[k].has(TF.lower)
                    && isListedOrganisation(k + 1, s.t1, hashes)
                    && Gazetteer.shared.mask(phraseHash(s.t0, s.t1, hashes)) == nil
                guard slash || role || inside || andListed, k > x,
                    tokens[k + 1].has(TF.cap) || tokens[k + 1].has(TF.digit)
                else {
                    continue
                }
                out.append(Span(t0: x, t1: k - 1, type: s.type))
                x = k + 1
                changed = true
                if role && hashes[x].know.firstName != 0 {
                    out.append(Span(t0: x, t1: s.t1, type: .person)); x = s.t1 + 1; break
                }
                if andListed {
                    out.append(Span(t0: x, t1: s.t1, type: .org))
                    x = s.t1 + 1
                    break
                }
                if inside {
                    out.append(Span(t0: x, t1: s.t1, type: .gpe))
                    x = s.t1 + 1
                    break
                }
            }
            if x <= s.t1 { out.append(Span(t0: x, t1: s.t1, type: s.type)) }
        }
        return changed ? out : spans
    }

    /// A body's head word alone that is a later word of an organisation's name in the article is that
    /// organisation: "the League" after "the Australian League of Rights", "the Corps" after "the Marine
    /// Corps" (for miscellaneous guesses only: an event, a nationality, a work, a product, a law).
    func organisationHeads(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var heads = IndexMap()
        for s in spans where s.type == .org && s.t1 > s.t0 {
            for k in (s.t0 + 1)...s.t1 where tokens[k].has(TF.cap) && HeadLex.bodies.contains(hashes[k].lower) {
                heads.set(hashes[k].lower, 0)
            }
        }
        guard heads.count > 0 else { return }
        for i in spans.indices where !spans[i].fixed && spans[i].t0 == spans[i].t1 {
            switch spans[i].type {
            case .event, .norp, .workOfArt, .product, .law:
                let k = spans[i].t0
                guard heads[hashes[k].lower] != nil else { continue }
                let mask = Gazetteer.shared.mask(phraseHash(k, k, hashes)) ?? 0
                if mask & (GazCat.placeMask | GazCat.norpBit) == 0 { spans[i].type = .org }
            default: continue
            }
        }
    }

    /// "WeWork", "AirPods", "YouTube", "SoftBank": a capitalised word with one inner capital after a
    /// lowercase letter, whose two halves are each a common English word (Zipf 3 or more) and whose first
    /// half is no surname's prefix: not a person's "McLean", "DeVos", "LeBron", "DiCaprio".
    func isCompoundBrand(_ t: Token) -> Bool {
        guard t.has(TF.cap), !t.has(TF.allCaps), !t.has(TF.digit), t.byteCount >= 5, t.byteCount <= 24,
            let words = WordKnowledge.shared
        else { return false }
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        var split = -1
        for i in (b0 + 1)..<b1 {
            let c = p[i]
            if c >= 65 && c <= 90 {
                guard split < 0, p[i - 1] >= 97 && p[i - 1] <= 122 else { return false }
                split = i
            } else if !(c >= 97 && c <= 122) {
                return false
            }
        }
        guard split - b0 >= 2, b1 - split >= 2 else { return false }
        let leftHash = fnvLower(UnsafeBufferPointer(rebasing: p[b0..<split]))
        if SpanLex.namePrefixes.contains(leftHash) { return false }
        let left = words.info(leftHash)
        let right = words.info(fnvLower(UnsafeBufferPointer(rebasing: p[split..<b1])))
        return left.zipf >= 6 && right.zipf >= 6
    }

    /// "North India", "Southern California", "East Java": a compass word before a place the gazetteer
    /// knows is no person (one made every "India" of an article a person through the article vote); a
    /// club stays one ("East Stirling").
    func isDirectedPlace(_ a: Int, _ b: Int, _ hashes: [TokHash]) -> Bool {
        guard b > a, SpanLex.compass.contains(hashes[a].lower) else { return false }
        return isListedPlaceOnly(a + 1, b, hashes)
    }

    /// A code of a digit and capitals that the article writes twice or more is a station's or a firm's name:
    /// "6PR", "3AW" ("3M"), not a size or an ordinal ("4WD", "2ND", "5PM"), with a station's frequency
    /// before it ("882 6PR"). Outside headlines in capitals.
    func callSigns(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var seen = IndexMap()
        var found: [Int] = []
        for k in tokens.indices
        where tokens[k].flags & (TF.digit | TF.allDigit | TF.lineAllCaps) == TF.digit && isCallSign(tokens[k]) {
            let h = hashes[k].lower
            seen.set(h, (seen[h] ?? 0) + 1)
            found.append(k)
        }
        guard !found.isEmpty else { return spans }
        var covered = [Bool](repeating: false, count: tokens.count)
        for s in spans where !s.type.isNumeric { for k in s.t0...s.t1 { covered[k] = true } }
        var added: [Span] = []
        var replaced = [Bool](repeating: false, count: tokens.count)
        for k in found where !covered[k] && (seen[hashes[k].lower] ?? 0) >= 2 {
            // a station's frequency before it is part of its name: "882 6PR"
            let a =
                k > 0 && !covered[k - 1] && tokens[k - 1].line == tokens[k].line && tokens[k - 1].has(TF.allDigit)
                    && (3...4).contains(tokens[k - 1].byteCount) ? k - 1 : k
            for j in a...k { replaced[j] = true }
            added.append(Span(t0: a, t1: k, type: .org))
        }
        guard !added.isEmpty else { return spans }
        var out = spans.filter { !(replaced[$0.t0] && replaced[$0.t1]) }
        out.append(contentsOf: added)
        out.sort { $0.t0 < $1.t0 }
        return out
    }

    /// "6PR", "3AW", "3M": a digit, then two or three capitals (no ordinal, time or unit ending).
    func isCallSign(_ t: Token) -> Bool {
        let b = Int(t.b0)
        let n = t.byteCount
        guard n >= 2 && n <= 4, p[b] >= 49 && p[b] <= 57 else { return false }
        for i in (b + 1)..<(b + n) where p[i] < 65 || p[i] > 90 { return false }
        if n == 2 { return p[b + 1] == 77 }  // "3M"
        let tail = (UInt16(p[b + n - 2]) << 8) | UInt16(p[b + n - 1])
        return !SpanLex.codeTails.contains(tail)
    }

    /// A place that someone plays for, signs with or coaches is a club, and so are its other mentions in
    /// the article but where they say where ("in North Melbourne"): "played with Footscray and North
    /// Melbourne", "signed with Coburg", "coached North Melbourne", "26 games for Lausanne". A person
    /// played with stays one ("played with Miles Davis").
    func clubsInSportsContext(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var clubs = IndexMap()
        func placeLike(_ s: Span) -> Bool { s.type == .gpe || s.type == .loc }
        func clubContext(_ k: Int) -> Bool {
            guard k >= 1 else { return false }
            let w = hashes[k - 1].lower
            if SpanLex.coachWords.contains(w) { return true }
            guard k >= 2, w == SpanLex.forWord || w == SpanLex.withWord else { return false }
            let v = hashes[k - 2].lower
            return SpanLex.playWords.contains(v) || (w == SpanLex.forWord && SpanLex.gamesWords.contains(v))
        }
        for i in spans.indices where !spans[i].fixed && placeLike(spans[i]) {
            var k = spans[i].t0
            // "played with Footscray and North Melbourne": the second club of the pair too
            if i > 0, k >= 2, hashes[k - 1].lower == SpanLex.andWord, spans[i - 1].t1 == k - 2,
                clubs[phraseHash(spans[i - 1].t0, spans[i - 1].t1, hashes)] != nil
            {
                k = spans[i - 1].t0
            }
            guard clubContext(k), tokens[k - 1].line == tokens[spans[i].t0].line else { continue }
            clubs.set(phraseHash(spans[i].t0, spans[i].t1, hashes), 0)
            spans[i].type = .org
        }
        guard clubs.count > 0 else { return }
        for i in spans.indices where !spans[i].fixed && placeLike(spans[i]) {
            guard clubs[phraseHash(spans[i].t0, spans[i].t1, hashes)] != nil else { continue }
            if spans[i].t0 > 0 && SpanLex.locativeWords.contains(hashes[spans[i].t0 - 1].lower) { continue }
            spans[i].type = .org
        }
    }

    /// A name that fills a quotation but for its opening "The" or "A" keeps it: '" The Kill "',
    /// '" A Beautiful Lie "' are titles (unquoted, "the" stays out of names: "the Kremlin"). So does an
    /// organisation's or a work's name after a capitalised "The"/"A" in running text, where only a name
    /// capitalises it: "supporting The Used", "the film The Last Emperor", "album A Beautiful Lie"; a
    /// nationality-like guess there is a title ("The Kill"), a people in the gazetteer is left alone.
    func quotedArticles(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        func isQuote(_ k: Int) -> Bool { quoteKind(tokens[k]) != 0 }
        var joined: [UInt64: EntityType] = [:]
        for i in spans.indices where !spans[i].fixed && spans[i].t0 >= 2 && spans[i].t1 + 1 < tokens.count {
            let a = spans[i].t0
            guard tokens[a - 1].has(TF.cap), SpanLex.quotedArticles.contains(hashes[a - 1].lower) else { continue }
            if isQuote(a - 2) && isQuote(spans[i].t1 + 1) && tokens[a - 2].line == tokens[spans[i].t1].line {
                spans[i].t0 = a - 1
                continue
            }
            guard let type = runningTextArticleType(spans[i], tokens, hashes) else { continue }
            spans[i].t0 = a - 1
            spans[i].type = type
            joined[phraseHash(a, spans[i].t1, hashes)] = type
        }
        // the same name after "The"/"A" at a sentence's start is the same title: "A Beautiful Lie was leaked"
        guard !joined.isEmpty else { return }
        for i in spans.indices where !spans[i].fixed && spans[i].t0 >= 1 {
            let a = spans[i].t0
            guard tokens[a - 1].has(TF.cap), SpanLex.quotedArticles.contains(hashes[a - 1].lower),
                tokens[a - 1].line == tokens[a].line, let type = joined[phraseHash(a, spans[i].t1, hashes)]
            else { continue }
            spans[i].t0 = a - 1
            spans[i].type = type
        }
    }

    /// The type a name keeps when the capitalised "The"/"A" before it joins it, or nil when it does not
    /// join: the word before the article is a lowercase word or a comma on the same line (so not a
    /// sentence's start nor a title-case headline), and the name is an organisation, a work, a product
    /// or an event, or a nationality-like guess that no gazetteer knows as a people (then a work).
    func runningTextArticleType(_ s: Span, _ tokens: [Token], _ hashes: [TokHash]) -> EntityType? {
        let a = s.t0
        let before = tokens[a - 2]
        guard !tokens[a - 1].has(TF.sentStart), before.line == tokens[s.t1].line,
            before.has(TF.lower) || isByte(before, 44)
        else { return nil }
        switch s.type {
        case .org, .workOfArt, .product, .event: return s.type
        case .norp:
            let mask = Gazetteer.shared.mask(phraseHash(s.t0, s.t1, hashes)) ?? 0
            guard mask & GazCat.norpBit == 0 else { return nil }
            // a plural is a band's or a paper's name ("The Receiving End of Sirens", "The Hockey News"),
            // the rest a work's ("The Kill", "The Shining")
            let last = tokens[s.t1]
            return last.byteCount >= 4 && endsInSingleS(last) ? .org : .workOfArt
        case .person, .gpe, .loc, .fac:
            // nobody's name takes "The"; a place the gazetteer knows may ("The Hague"), and so may a
            // venue ("at The Oval"); the rest are bands, firms and titles: "supporting The Cult",
            // "bands like The Ramones"
            let mask =
                (Gazetteer.shared.mask(phraseHash(s.t0, s.t1, hashes)) ?? 0)
                | (Gazetteer.shared.mask(phraseHash(a - 1, s.t1, hashes)) ?? 0)
            return mask == 0 && !SpanLex.placePrepositions.contains(hashes[a - 2].lower) ? .org : nil
        default: return nil
        }
    }

    /// "65th", "2nd", "62d", "Fourth", "Sixteenth": an ordinal in digits or a capitalised ordinal word.
    func isOrdinalWord(_ t: Token, _ lower: UInt64) -> Bool {
        if t.has(TF.cap) { return SpanLex.ordinalWords.contains(lower) }
        var i = Int(t.b0)
        let e = Int(t.b1)
        var digits = 0
        while i < e && p[i] >= 48 && p[i] <= 57 { digits += 1; i += 1 }
        guard digits >= 1 && digits <= 3 && e - i >= 1 && e - i <= 2 else { return false }
        let s0 = p[i] | 0x20
        let s1: UInt8 = i + 1 < e ? p[i + 1] | 0x20 : 0
        return (s0 == 115 && s1 == 116) || (s0 == 110 && s1 == 100) || (s0 == 114 && s1 == 100)
            || (s0 == 116 && s1 == 104)
            || (s0 == 100 && s1 == 0)
    }

    /// "Minneapolis-based", "Moscow-led": a word whose last hyphenated part is lowercase.
    func hasLowerTail(_ t: Token) -> Bool {
        var i = Int(t.b1) - 1
        while i > Int(t.b0) && p[i] != 45 { i -= 1 }
        return i > Int(t.b0) && i + 1 < Int(t.b1) && p[i + 1] >= 97 && p[i + 1] <= 122
    }

    /// "F-86", "EC-130", "CH-53", "P-38": capital letters, a hyphen, digits.
    func isModelDesignation(_ t: Token) -> Bool {
        var i = Int(t.b0)
        let e = Int(t.b1)
        var letters = 0
        while i < e && p[i] >= 65 && p[i] <= 90 { letters += 1; i += 1 }
        guard letters >= 1 && letters <= 3 && i < e && p[i] == 45 else { return false }
        i += 1
        var digits = 0
        while i < e && p[i] >= 48 && p[i] <= 57 { digits += 1; i += 1 }
        return digits >= 1 && i == e
    }

    /// "1996-08-30": a date in digits, never the end of a name ("IRVINE , Calif 1996-08-30").
    func isNumericDate(_ t: Token) -> Bool {
        guard t.has(TF.digit), t.byteCount >= 8 else { return false }
        var dashes = 0
        for i in Int(t.b0)..<Int(t.b1) {
            let c = p[i]
            if c == 45 || c == 47 {
                dashes += 1
            } else if c < 48 || c > 57 {
                return false
            }
        }
        return dashes == 2
    }

    /// "FY2020-22", "FY24": a fiscal year, never a name.
    func isFiscalYear(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        return t.byteCount >= 3 && p[b0] == 70 && p[b0 + 1] == 89 && p[b0 + 2] >= 48 && p[b0 + 2] <= 57
    }

    /// "I’m", "We’ve", "They’ll", "Don't": a pronoun or verb with its contraction is no name.
    func isContraction(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        var i = b0 + 1
        while i < b1 {
            var l = 1
            if p[i] == 39 || (p[i] == 0xE2 && i + 2 < b1 && p[i + 1] == 0x80 && p[i + 2] == 0x99) {
                if p[i] == 0xE2 { l = 3 }
                var tail = ""
                for k in (i + l)..<b1 { tail.append(Character(Unicode.Scalar(p[k] | 0x20))) }
                if ["m", "ve", "re", "ll", "d"].contains(tail) { return true }
                if tail == "t" && i > b0 && (p[i - 1] | 0x20) == 110 { return true }  // n't
                return false
            }
            i += l
        }
        return false
    }

    /// A name the tagger ran over a common English word in lower case is two names, each keeping the
    /// tagger's type unless it reads as a person's name or is a listed place: "Lebanon's [Shiite Muslim]
    /// movement [Hezbollah]", "U.S. Amateur champions [Kelli Kuehne]",
    /// "[Saxeten River Gorge] near [Interlaken]", "[Cells] parent [Hanwha Group]". Names hold such words
    /// rarely (eng.train's gold: "Cup winners Cup", "Reserve bank of India", a dozen in 23,000 names);
    /// the words names do hold stay: function words ("Bank of England", "Gone to Texas"), particles
    /// ("Osama bin Laden", "Medecins sans Frontieres"), rare or unknown words and hyphenated ones. A
    /// count before a listed organisation goes.
    func splitAtCommonWords(
        _ raw: [(Int, Int, Int)], _ tokens: [Token], _ hashes: [TokHash]
    ) -> [(Int, Int, Int)] {
        @inline(__always) func splits(_ k: Int) -> Bool {
            tokens[k].has(TF.lower) && !tokens[k].has(TF.digit) && hashes[k].know.zipf >= 5
                && !SpanLex.nameWords.contains(hashes[k].lower) && !hasHyphen(tokens[k])
        }
        // (only a name that ends in a capitalised word: "Pan Am flight 103" stays whole)
        @inline(__always) func splitsSpan(_ a: Int, _ b: Int) -> Bool {
            b - a >= 2 && tokens[b].has(TF.cap) && (a + 1..<b).contains(where: splits)
        }
        // a count before a listed organisation is no part of its name: "up to 2,000 Al Qaeda members"
        // (a place's is: "1860 Munich", the club)
        @inline(__always) func counted(_ a: Int, _ b: Int) -> Bool {
            guard b > a, tokens[a].has(TF.allDigit), tokens[a + 1].has(TF.cap) else { return false }
            let mask = Gazetteer.shared.mask(phraseHash(a + 1, b, hashes)) ?? 0
            return mask & GazCat.orgBit != 0 && mask & GazCat.placeMask == 0
        }
        guard raw.contains(where: { splitsSpan($0.0, $0.1) || counted($0.0, $0.1) }) else { return raw }
        var out: [(Int, Int, Int)] = []
        out.reserveCapacity(raw.count + 4)
        for (a, b, t) in raw {
            if counted(a, b) {
                out.append((a + 1, b, BaseType.org.rawValue))
                continue
            }
            guard splitsSpan(a, b) else {
                out.append((a, b, t))
                continue
            }
            // the pieces between the common words, less the lower-case words and punctuation at their ends
            var start = a
            for k in a...(b + 1) where k == b + 1 || splits(k) {
                var x = start
                var y = k - 1
                while x <= y && !tokens[x].has(TF.cap) { x += 1 }
                while y >= x && (tokens[y].has(TF.lower) || tokens[y].has(TF.punct)) { y -= 1 }
                if x <= y {
                    // a piece that opens with a given name that is no common word ("Pan Am", "One Nation") is a
                    // person's name, a listed place alone a place; any other keeps the tagger's type
                    var type = t
                    if y > x && hashes[x].know.firstName != 0 && hashes[x].know.zipf <= 6
                        && (x...y).allSatisfy({ tokens[$0].has(TF.cap) })
                    {
                        type = BaseType.per.rawValue
                    } else if isListedPlaceOnly(x, y, hashes) {
                        type = BaseType.loc.rawValue
                    }
                    out.append((x, y, type))
                }
                start = k + 1
            }
        }
        return out
    }

    /// A name the tagger ended with a title, right before a person's name, loses the title: "[National
    /// Security] Adviser | John Bolton" leaves nothing (the words are the title's own), "European Union
    /// Gordon Sondland and Energy Secretary | Rick Perry" leaves "European Union Gordon Sondland" (what
    /// follows the last "and" is the title's too).
    func trimTitleTails(_ raw: [(Int, Int, Int)], _ tokens: [Token], _ hashes: [TokHash]) -> [(Int, Int, Int)] {
        guard raw.count > 1 else { return raw }
        var out: [(Int, Int, Int)] = []
        out.reserveCapacity(raw.count)
        for (i, (a, b, t)) in raw.enumerated() {
            // (the title's other words may lie between, in no span: "New York Attorney" + "General" +
            // "Letitia James")
            var next = b + 1
            while i + 1 < raw.count && next < raw[i + 1].0 && next - b <= 2 && tokens[next].has(TF.cap)
                && SpanLex.titles.contains(hashes[next].lower)
            {
                next += 1
            }
            guard t != BaseType.per.rawValue, i + 1 < raw.count, raw[i + 1].0 == next,
                raw[i + 1].2 == BaseType.per.rawValue, tokens[b].has(TF.cap), SpanLex.titles.contains(hashes[b].lower)
            else {
                out.append((a, b, t))
                continue
            }
            var y = b - 1
            if let and = titleAnd(a, y, tokens, hashes) {
                // "Trade and Industry Secretary" is all title: one word before "and" is no name of its own
                y = and - 1 > a ? and - 1 : a - 1
            }
            if y >= a && !onlyTitleModifiers(a, y, hashes) {
                // what is left keeps the tagger's type unless it is a known place ("New York")
                out.append((a, y, next > b + 1 && isListedPlace(a, y, hashes) ? BaseType.loc.rawValue : t))
            }
        }
        return out
    }

    /// Where the words before a title (ending at `y`, the name starting at `a`) hold a last "and" followed
    /// only by capitalised words, its index: those words are the title's own ("... Gordon Sondland and
    /// Energy Secretary Rick Perry").
    func titleAnd(_ a: Int, _ y: Int, _ tokens: [Token], _ hashes: [TokHash]) -> Int? {
        var j = y
        while j > a && tokens[j].has(TF.cap) && !tokens[j].has(TF.punct) { j -= 1 }
        return j > a && j < y && hashes[j].lower == NameLex.and ? j : nil
    }

    /// Whether `a...b` holds only words that open a title: "High" of "High Representative", "National
    /// Security" of "National Security Adviser".
    func onlyTitleModifiers(_ a: Int, _ b: Int, _ hashes: [TokHash]) -> Bool {
        guard b >= a else { return true }
        return (a...b).allSatisfy { SpanLex.titleModifiers.contains(hashes[$0].lower) }
    }

    /// Whether token `k` is a possessive "'s" after a name the gazetteer knows, with more name after it:
    /// "OIC's Council of Foreign Ministers" is two names ("McDonald's", unknown as "McDonald", stays one).
    func isKnownOwner(_ start: Int, _ k: Int, _ b: Int, _ tokens: [Token], _ hashes: [TokHash]) -> Bool {
        guard k < b, hashes[k].lower == SpanLex.possessive || hashes[k].lower == SpanLex.possessiveCurly,
            tokens[k + 1].has(TF.cap)
        else { return false }
        let mask = Gazetteer.shared.mask(phraseHash(start, k - 1, hashes)) ?? 0
        return mask & (GazCat.placeMask | GazCat.orgBit) != 0
    }

    /// "South Dakotans", "New Yorkers", "Londoners": the people of a place the gazetteer knows.
    func isPlaceDemonym(_ a: Int, _ b: Int, _ tokens: [Token], _ hashes: [TokHash]) -> Bool {
        let last = text(Int(tokens[b].b0), Int(tokens[b].b1))
        let stem: Substring
        if last.hasSuffix("ans") {
            stem = last.dropLast(2)
        } else if last.hasSuffix("ers") {
            stem = last.dropLast(3)
        } else {
            return false
        }
        guard stem.count >= 3 else { return false }
        var h: UInt64 = 0
        if b > a { for k in a..<b { h = seqHash(h, hashes[k].lower) } }
        h = seqHash(h, fnvLower(String(stem)))
        return (Gazetteer.shared.mask(h) ?? 0) & GazCat.placeMask != 0
    }

    /// Whether the article is not English: of its lowercase words (at least 30 of them), fewer than
    /// 60 % are common English words (wordfreq Zipf 3.5 or more). English articles have 78 % or more
    /// (eng.testa/testb, WikiGold and the 181 benchmark web pages, 83 % and up in the first three);
    /// the German, Italian, Portuguese, Indonesian and Russian pages 44 % or less.
    /// Whether the token is a domain name: at least two letters or digits, a dot, and a common top-level
    /// domain at its end ("NJ.com", "Polygraph.info", "Wday.ru"; not "A.de", an initial and a particle).
    func isDomainName(_ t: Token) -> Bool {
        let a = Int(t.b0)
        let b = Int(t.b1)
        guard b - a >= 5, let dot = (a..<b).last(where: { p[$0] == UInt8(ascii: ".") }), dot - a >= 2, b - dot >= 3
        else { return false }
        let suffix = UnsafeBufferPointer(rebasing: p[(dot + 1)..<b])
        guard suffix.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) else { return false }
        return SpanLex.topLevelDomains.contains(fnvLower(suffix))
    }

    /// A person's name the tagger ended a word early: "... Diplomatic Studies Muhammad Asif Noor told
    /// Azernews" was "Muhammad Asif" (beside "Asif Noor said"), "Karl Friedrich Otto Westphal" was "Karl
    /// Friedrich Otto". The capitalised word (not in capitals) right after a person's span of two words or
    /// more, on its line and in no other span, joins it when another person's span of the article ends in
    /// the span's last word and that one, or when it is a surname of the world's top 1,000 somewhere
    /// (names-dataset) and no common English word, before no capitalised word, or when it is a given name
    /// romanised with a hyphen ("Carrie Lam Cheng Yuet-ngor"). Over eng.train, eng.testa/b,
    /// WikiGold, the seeds and the web pages this joined 7 spans: 4 names made whole, 3 junk spans (a
    /// results table's header and score, an Indonesian page) that stay junk.
    func completeNamesEndedEarly(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var endings = IndexMap()  // the last two words of each person named in more than one word
        for s in spans where s.type == .person && s.t1 > s.t0 {
            endings.set(seqHash(hashes[s.t1 - 1].lower, hashes[s.t1].lower), 0)
        }
        guard endings.count > 0 else { return }
        for i in spans.indices where !spans[i].fixed && spans[i].type == .person && spans[i].t1 > spans[i].t0 {
            let b = spans[i].t1
            let k = b + 1
            guard k < tokens.count, tokens[k].line == tokens[b].line, tokens[k].has(TF.cap),
                !tokens[k].has(TF.allCaps), !tokens[k].has(TF.punct), i + 1 == spans.count || spans[i + 1].t0 > k
            else { continue }
            let written = endings[seqHash(hashes[b].lower, hashes[k].lower)] != nil
            let know = hashes[k].know
            let surname =
                know.lastName > 0 && know.lastName <= 2 && know.zipf <= 8
                && (k + 1 == tokens.count || !tokens[k + 1].has(TF.cap))
            guard written || surname || isRomanisedGivenName(tokens[k]) else { continue }
            spans[i].t1 = k
        }
    }

    /// Whether the token is a Chinese or Korean given name romanised with a hyphen: a capital, one to four
    /// lower-case letters, a hyphen, one to four lower-case letters ("Yuet-ngor", "Chee-hwa", "Jong-un";
    /// ASCII). After a person's name it ends that name: "Carrie Lam Cheng Yuet-ngor".
    func isRomanisedGivenName(_ t: Token) -> Bool {
        let b0 = Int(t.b0)
        let b1 = Int(t.b1)
        guard b1 - b0 >= 4 && b1 - b0 <= 10, p[b0] >= 65 && p[b0] <= 90 else { return false }
        var i = b0 + 1
        while i < b1 && p[i] >= 97 && p[i] <= 122 { i += 1 }
        let first = i - b0 - 1
        guard first >= 1 && first <= 4, i < b1, p[i] == UInt8(ascii: "-") else { return false }
        i += 1
        let start = i
        while i < b1 && p[i] >= 97 && p[i] <= 122 { i += 1 }
        return i == b1 && i - start >= 1 && i - start <= 4
    }

    /// A place's name that opens with a capitalised direction is one name, not a word and a place: "Inner
    /// Mongolia", "Lower Saxony", "Western Australia" (the tagger, which saw few of them, had made "Inner"
    /// nothing and "Mongolia" the place). At a sentence's start, where any word is capitalised, only when
    /// the article also writes the name so inside a sentence.
    func directionalPlaces(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        var inside = IndexMap()  // the direction and the place's first word, of names found inside a sentence
        var initial: [Int] = []
        for i in spans.indices where !spans[i].fixed && (spans[i].type == .gpe || spans[i].type == .loc) {
            let k = spans[i].t0 - 1
            guard k >= 0, tokens[k].line == tokens[k + 1].line, tokens[k].has(TF.cap), i == 0 || spans[i - 1].t1 < k,
                SpanLex.directions.contains(hashes[k].lower)
            else { continue }
            if tokens[k].has(TF.sentStart) {
                initial.append(i)
                continue
            }
            inside.set(seqHash(hashes[k].lower, hashes[k + 1].lower), 0)
            spans[i].t0 = k
            spans[i].canonical = -1
        }
        for i in initial where inside[seqHash(hashes[spans[i].t0 - 1].lower, hashes[spans[i].t0].lower)] != nil {
            spans[i].t0 -= 1
            spans[i].canonical = -1
        }
    }

    /// An organisation named for a list of fields goes on over the list: "Ministry of Trade, Industry and
    /// Energy", "Council on Energy, Environment and Water", "Bureau of Alcohol, Tobacco and Firearms" (the
    /// tagger had ended them at the comma and made "Energy" and "Water" persons). The organisation's name
    /// has "of", "on" or "for" inside and ends in a field word; the list after it, on its line, is commas
    /// and one closing "and" or "&" between capitalised words that are common English words and no listed
    /// name or place (`isFieldWord`): "Gulf of Mexico, Caribbean and Pacific" stays three.
    func organisationFieldLists(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var joiner: SpanJoiner?
        var listEnd = -1  // the last token of the last list taken in: the names in it are pieces now
        for (i, s) in spans.enumerated() where s.t0 > listEnd {
            guard !s.fixed, s.type == .org, s.t1 - s.t0 >= 2, s.t1 + 4 < tokens.count, isByte(tokens[s.t1 + 1], 44),
                (s.t0 + 1..<s.t1).contains(where: {
                    tokens[$0].has(TF.lower) && NameLex.orgLinks.contains(hashes[$0].lower)
                }),
                isFieldWord(s.t1, hashes)
            else { continue }
            let line = tokens[s.t1].line
            func isWord(_ k: Int) -> Bool {
                k < tokens.count && tokens[k].line == line && tokens[k].has(TF.cap) && !tokens[k].has(TF.punct)
                    && !tokens[k].has(TF.digit) && isFieldWord(k, hashes)
            }
            func isAnd(_ k: Int) -> Bool {
                k < tokens.count && (hashes[k].lower == NameLex.and || isByte(tokens[k], 38))
            }
            // "," word+ ("," word+)* [","] ("and" | "&") word+
            var k = s.t1 + 1
            var end = -1
            while k < tokens.count && tokens[k].line == line && isByte(tokens[k], 44) {
                k += 1
                let closing = isAnd(k)
                if closing { k += 1 }
                guard isWord(k) else { break }
                while isWord(k + 1) { k += 1 }
                if closing {
                    end = k
                    break
                }
                k += 1
                if isAnd(k) {
                    guard isWord(k + 1) else { break }
                    k += 1
                    while isWord(k + 1) { k += 1 }
                    end = k
                    break
                }
            }
            guard end > 0 else { continue }
            // the names the tagger found in the list go into the organisation; one across its end stays
            if joiner == nil { joiner = SpanJoiner(spans, tokenCount: tokens.count) }
            guard let inside = joiner!.pieces(s.t1 + 1, end, mustStay: { $0.fixed }) else { continue }
            var whole = s
            whole.t1 = end
            joiner!.replace([i] + inside, with: whole)
            listEnd = end
        }
        return joiner?.result() ?? spans
    }

    /// A word of a field's name: common in English (Zipf 3 and up), no listed name or place, and nobody's
    /// name unless it is commoner still (Zipf 4 and up: the names data makes "Energy" a first name).
    func isFieldWord(_ k: Int, _ hashes: [TokHash]) -> Bool {
        let know = hashes[k].know
        guard know.zipf >= 5, know.zipf >= 8 || (know.firstName == 0 && know.lastName == 0) else { return false }
        return Gazetteer.shared.mask(phraseHash(k, k, hashes)) == nil
    }

    /// A name of two words or more that the article writes again is that name again, whatever pieces the
    /// tagger made of it there: "Milli Majlis of the Republic of Azerbaijan" was whole in the author's
    /// line and an organisation "Milli Majlis of the Republic" and a place "Azerbaijan" in the byline.
    /// Only where the tagger found names inside the repeat and none across its ends (a longer name around
    /// it stays), the same words on one line, longest names first.
    func repeatedNames(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        var names: [Int] = []
        for (i, s) in spans.enumerated() where s.t1 > s.t0 && !s.fixed && !s.type.isNumeric {
            let last = hashes[s.t1].lower
            if last != SpanLex.possessive && last != SpanLex.possessiveCurly { names.append(i) }
        }
        guard !names.isEmpty else { return spans }
        names.sort { spans[$0].t1 - spans[$0].t0 > spans[$1].t1 - spans[$1].t0 }
        var byFirstWord = IndexMap()  // a name's first word: its first (longest) name in `names`
        var next = [Int](repeating: -1, count: names.count)  // the next name with the same first word
        for n in names.indices.reversed() {
            let h = hashes[spans[names[n]].t0].lower
            if let head = byFirstWord[h] { next[n] = head }
            byFirstWord.set(h, n)
        }
        var joiner = SpanJoiner(spans, tokenCount: tokens.count)
        func sameWords(_ a: Int, _ b: Int, _ n: Int) -> Bool {
            for k in 0...n {
                let x = tokens[a + k]
                let y = tokens[b + k]
                guard x.b1 - x.b0 == y.b1 - y.b0 else { return false }
                for m in 0..<Int(x.b1 - x.b0) where p[Int(x.b0) + m] != p[Int(y.b0) + m] { return false }
            }
            return true
        }
        var i = 0
        while i < tokens.count {
            guard tokens[i].has(TF.cap), var n = byFirstWord[hashes[i].lower] else {
                i += 1
                continue
            }
            var found: (span: Span, pieces: [Int])?
            while n >= 0 {
                let name = spans[names[n]]
                let j = i + name.t1 - name.t0
                n = next[n]
                // (the search goes on past a repeat it took, so no piece here was taken before)
                guard i != name.t0, j < tokens.count, tokens[j].line == tokens[i].line,
                    sameWords(i, name.t0, name.t1 - name.t0),
                    let inside = joiner.pieces(i, j, mustStay: { $0.fixed }),
                    !inside.isEmpty, !joiner.isWhole(inside, i, j),
                    inside.contains(where: { spans[$0].type == name.type })
                else { continue }
                found = (Span(t0: i, t1: j, type: name.type, canonical: name.canonical), inside)
                break
            }
            guard let (name, inside) = found else {
                i += 1
                continue
            }
            joiner.replace(inside, with: name)
            i = name.t1 + 1
        }
        return joiner.result()
    }

    /// A name the tagger typed an organisation that stands alone on its line, in a list of persons alone on
    /// theirs, is a person: a results table flattened to one cell a line ("4", "Denny Hamlin", "5027")
    /// had 6 of its 38 drivers typed ORG. Two or three words, the first a first name somewhere
    /// (names-dataset), in an article with five or more persons of two words or more alone on a line and
    /// three times as many as such organisations. Over eng.train, eng.testa/b, WikiGold, the seeds and the
    /// web pages only that table's six drivers change.
    func listedPersons(_ spans: inout [Span], _ tokens: [Token], _ hashes: [TokHash]) {
        func aloneOnLine(_ s: Span) -> Bool {
            s.t1 > s.t0 && (s.t0 == 0 || tokens[s.t0 - 1].line != tokens[s.t0].line)
                && (s.t1 + 1 == tokens.count || tokens[s.t1 + 1].line != tokens[s.t1].line)
        }
        var persons = 0
        var organisations = 0
        for s in spans where aloneOnLine(s) {
            if s.type == .person { persons += 1 }
            if s.type == .org { organisations += 1 }
        }
        guard persons >= 5 && persons >= 3 * organisations else { return }
        for i in spans.indices where !spans[i].fixed && spans[i].type == .org && spans[i].t1 - spans[i].t0 <= 2 {
            if aloneOnLine(spans[i]) && hashes[spans[i].t0].know.firstName > 0 { spans[i].type = .person }
        }
    }

    /// Whether tokens `a...b` are a name of a country or place the alias table lists ("US", "Britain").
    func isAliasTableCountry(_ a: Int, _ b: Int, _ tokens: [Token]) -> Bool {
        aliasTableType(a, b, tokens) == .gpe
    }

    /// The type of the alias table's row that names `a...b`, if one does.
    func aliasTableType(_ a: Int, _ b: Int, _ tokens: [Token]) -> EntityType? {
        AliasTable.rowIndex(hash: normHash(Int(tokens[a].b0), Int(tokens[b].b1))).map { AliasTable.rows[$0].type }
    }

    /// The last words of the persons named in more than one word, a set: the article's surnames.
    func personSurnames(_ spans: [Span], _ hashes: [TokHash]) -> IndexMap {
        var surnames = IndexMap()
        for s in spans where s.type == .person && s.t1 > s.t0 { surnames.set(hashes[s.t1].lower, 0) }
        return surnames
    }

    /// The spans without the colours that follow a number: those count things of that colour ("Portion Fix
    /// Containers: 1 Green, 1 Red, 1 Yellow": 109 PERSON and ORG mentions on one recipe page), unless the
    /// colour is the surname of a person the article names in full (a results table's "1 Brown" after
    /// "Simon Brown").
    func countedColours(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard spans.contains(where: { $0.t0 == $0.t1 && SpanLex.colours.contains(hashes[$0.t0].lower) }) else {
            return spans
        }
        let surnames = personSurnames(spans, hashes)
        return spans.filter { s in
            s.fixed || s.t0 != s.t1 || s.t0 == 0 || !tokens[s.t0 - 1].has(TF.allDigit)
                || !SpanLex.colours.contains(hashes[s.t0].lower) || surnames[hashes[s.t0].lower] != nil
        }
    }

    func isForeign(_ tokens: [Token], _ hashes: [TokHash]) -> Bool {
        var words = 0
        var common = 0
        for k in tokens.indices where tokens[k].flags & (TF.lower | TF.digit | TF.punct) == TF.lower {
            words += 1
            if hashes[k].know.zipf >= 6 { common += 1 }
        }
        return words >= 30 && common * 10 < words * 6
    }

    func phraseHash(_ a: Int, _ b: Int, _ hashes: [TokHash]) -> UInt64 {
        var h: UInt64 = 0
        for k in a...b { h = seqHash(h, hashes[k].lower) }
        return h
    }

    func refineType(_ a: Int, _ b: Int, _ base: Int, _ tokens: [Token], _ hashes: [TokHash]) -> EntityType {
        let ws = WordSets.shared
        let phrase = phraseHash(a, b, hashes)
        // a listed named day ("Black Friday") is an event whatever the tagger's type
        if b > a && SpanLex.namedDays.contains(phrase) { return .event }
        // and so is a feast named by one word ("this Christmas" was a firm, "at Christmas time" a place)
        if a == b && tokens[a].has(TF.cap) && !tokens[a].has(TF.allCaps) && SpanLex.feasts.contains(hashes[a].lower) {
            return .event
        }
        // a place's name and a newspaper's title word is the newspaper: "Denver Post", "Sacramento Bee",
        // "Hartford Courant" were a person and places
        if b > a && tokens[b].has(TF.cap) && SpanLex.mastheads.contains(hashes[b].lower) {
            if isListedPlace(a, b - 1, hashes)
                || (b - 1 == a && SpanLex.frequentCities.contains(hashes[a].lower))
                || isAliasTableCountry(a, b - 1, tokens)
            {
                return .org
            }
        }
        // a name ending in a venue's word that is nobody's surname is the venue, whatever person or people
        // the tagger took it for ("Jeongdong Theater", "Cameo Theatre"); one ending in "Center" is, as the
        // tagger's organisations are, an organisation ("Tax Policy Center", "Orlando Regional Medical Center",
        // and arenas named for their sponsors: "Pepsi Center"), as is a hotel ("Venetian Hotel")
        if b > a && (base == BaseType.per.rawValue || base == BaseType.misc.rawValue) {
            if SpanLex.venues.contains(hashes[b].lower) { return .fac }
            if NameLex.centres.contains(hashes[b].lower) || SpanLex.lodgings.contains(hashes[b].lower) { return .org }
        }
        switch base {
        case BaseType.per.rawValue:
            // nobody's name opens with "Mount" or "Lake": "Mount Wanniassa" was a person
            if b > a && tokens[a].has(TF.cap) && SpanLex.placeOpeners.contains(hashes[a].lower) { return .loc }
            // nor is a word of names joined by a place's small word: "Mar-a-Lago", "Chester-le-Street"
            if a == b && isJoinedPlaceName(tokens[a]) { return isListedPlace(a, a, hashes) ? .gpe : .fac }
            return isListedOrganisationOnly(a, b, tokens, hashes) ? .org : .person
        case BaseType.org.rawValue:
            // "Digital Markets Act", "Treaty of Lisbon" name laws
            if NameLex.lawHeads.contains(hashes[b].lower) { return .law }
            if b > a && NameLex.facilityHeads.contains(hashes[b].lower) { return .fac }
            if b > a && NameLex.centres.contains(hashes[b].lower) && hashes[b - 1].lower == NameLex.space {
                return .fac
            }
            if b > a && NameLex.lawHeads.contains(hashes[a].lower) && hashes[a + 1].lower == NumLex.of {
                return .law
            }
            return .org
        case BaseType.loc.rawValue:
            if b > a && NameLex.lawHeads.contains(hashes[b].lower) { return .law }
            if a == b && SpanLex.companiesFirst.contains(hashes[a].lower)
                && (a == 0 || hashes[a - 1].lower != SpanLex.the)
            {
                return .org
            }
            if isPlaceDemonym(a, b, tokens, hashes) { return .norp }
            let mask = Gazetteer.shared.mask(phrase) ?? 0
            if mask & (1 << UInt16(GazCat.gpe.rawValue)) != 0 { return .gpe }
            if mask & (1 << UInt16(GazCat.loc.rawValue)) != 0 { return .loc }
            if mask & GazCat.gpeMask != 0 { return .gpe }
            let last = hashes[b].lower
            if b > a || true {
                if ws.fac.contains(last) { return .fac }
                if ws.locWords.contains(last) || ws.locWords.contains(hashes[a].lower) { return .loc }
            }
            return .gpe
        default:
            if b > a && HeadLex.awards.contains(hashes[b].lower) { return .workOfArt }
            let mask = Gazetteer.shared.mask(phrase) ?? 0
            // "Airbus" is a company, whatever the tagger thought; a people's name stays one
            if mask & GazCat.orgBit != 0 && mask & (GazCat.norpBit | GazCat.gpeMask) == 0 {
                return .org
            }
            // "Democratic Republic of Congo": a country whatever the tagger thought of "Democratic"
            if b > a && mask & GazCat.gpeMask != 0 { return .gpe }
            if b > a && HeadLex.event.contains(hashes[b].lower) { return .event }
            for k in a...b {
                if ws.event.contains(hashes[k].lower) { return .event }
                if ws.law.contains(hashes[k].lower) { return .law }
            }
            if a == b && ws.language.contains(hashes[a].lower) && a > 0 {
                // "in Urdu", "speak English"
                let prev = text(Int(tokens[a - 1].b0), Int(tokens[a - 1].b1)).lowercased()
                if ["in", "speak", "speaks", "speaking", "spoken", "translated", "into"].contains(prev) {
                    return .language
                }
            }
            if mask & GazCat.norpBit != 0 { return .norp }
            for k in a...b where tokens[k].has(TF.digit) { return .product }
            if a == b { return .norp }
            // a named day of the year is a holiday: "Labor Day", "Independence Day", "Singles Day"
            if tokens[b].has(TF.cap) && hashes[b].lower == SpanLex.day { return .event }
            // a company's name then a model's, all capitalised words, is the product: "Toyota Celica", "Ford
            // Escort", "Samsung Galaxy Note" (they were a nationality); not after an acronym ("UEFA Cups")
            if !tokens[a].has(TF.allCaps),
                (a + 1...b).allSatisfy({ tokens[$0].has(TF.cap) && !tokens[$0].has(TF.punct) }),
                let first = Gazetteer.shared.mask(phraseHash(a, a, hashes)), first & GazCat.orgBit != 0,
                first & GazCat.norpBit == 0
            {
                return .product
            }
            return .norp
        }
    }
}

extension Pipeline {
    /// Whether the one-word name at token `a`, of the type `type` (after `refineType`), is a common
    /// English word the tagger only weakly took for a place, a people or a person, and nothing else says
    /// is a name: "Universe", "Nature", "Laboratory", "Design" (GPE and PERSON on web pages, where
    /// capitalised words head menus and titles). The word's English frequency (Zipf 4.5 and up, bucket 8,
    /// like "nature" and "design"; Zipf 3.5, bucket 6, when the tagger hardly chose) and the tagger's
    /// margin for its own type at the word (`ownTypeMargin`) decide, unless the world gazetteer or the
    /// alias table knows the word, it is a city the gazetteer leaves out as common (`frequentCities`:
    /// "Cleveland", "Phoenix"), a compass point, a planet or a religion, or (for a person) a first or last
    /// name of the names data or the surname of a person the article names in full ("Gary Player ...
    /// Player"). Over eng.testb it drops 5 mentions, all wrong ("Society", "National", "Deliveries"); over
    /// WikiGold 28, 27 of them wrong.
    func isWeakCommonWord(
        _ a: Int, _ type: EntityType, margin: Float, _ tokens: [Token], _ hashes: [TokHash], surnames: IndexMap
    ) -> Bool {
        guard type == .gpe || type == .loc || type == .norp || type == .person else { return false }
        guard tokens[a].has(TF.cap) && !tokens[a].has(TF.allCaps) && margin >= 0 else { return false }
        let h = hashes[a]
        let zipf = h.know.zipf
        guard (zipf >= 8 && margin < 30) || (zipf >= 6 && margin < 10) else { return false }
        if type == .person && (h.know.firstName != 0 || h.know.lastName != 0 || surnames[h.lower] != nil) {
            return false
        }
        if SpanLex.compass.contains(h.lower) || SpanLex.celestial.contains(h.lower)
            || SpanLex.religions.contains(h.lower)
        {
            return false
        }
        let phrase = phraseHash(a, a, hashes)
        if Gazetteer.shared.mask(phrase) != nil || SpanLex.frequentCities.contains(h.lower) { return false }
        return AliasTable.rowIndex(hash: normHash(Int(tokens[a].b0), Int(tokens[a].b1))) == nil
    }

    /// Document-level type consistency: the same name gets the majority type of its mentions in the
    /// article (headline mentions count less), unless the mention's own context clearly says otherwise
    /// (the tagger gave its own type a probability of at least `voteKeep` there), and a single name that
    /// ends a longer person's name is a person.
    func documentVote(
        _ raw: [(Int, Int, Int)], _ hashes: [TokHash], typeScores: [Float] = []
    ) -> [(Int, Int, Int)] {
        guard raw.count > 1 else { return raw }
        // votes[4 * row + type], row from voteRow[phrase hash]
        var voteRow = IndexMap(capacity: raw.count)
        var votes: [Float] = []
        var rowOf = [Int](repeating: 0, count: raw.count)
        var personLast = IndexMap()  // a set: last words of multi-word persons
        for (i, (a, b, t)) in raw.enumerated() {
            let k = phraseHash(a, b, hashes)
            let row: Int
            if let r = voteRow[k] {
                row = r
            } else {
                row = votes.count / 4
                voteRow.set(k, row)
                for _ in 0..<4 { votes.append(0) }
            }
            rowOf[i] = row
            let w: Float = hashes[a].flags & TF.lineAllCaps != 0 ? 0.5 : 1
            votes[4 * row + (t >= 0 && t < 3 ? t : 3)] += w
            if t == 0 && b > a && !isDirectedPlace(a, b, hashes) { personLast.set(hashes[b].lower, 0) }
        }
        // the short forms of a company named with its legal form ("Bre-X Minerals Ltd" -> "Bre-X"), unless
        // the short form is a place ("New York Times Co" does not make "New York" a company)
        var companyShort = IndexMap()
        for (a, b, t) in raw
        where t == BaseType.org.rawValue && b > a
            && (NameLex.companyForms.contains(hashes[b].lower) || HeadLex.org.contains(hashes[b].lower)
                || HeadLex.airline == hashes[b].lower)
        {
            var h: UInt64 = 0
            for k in a..<b {
                h = seqHash(h, hashes[k].lower)
                if hashes[k + 1].flags & TF.punct != 0 { break }
                let mask = Gazetteer.shared.mask(h) ?? 0
                if mask & GazCat.placeMask == 0 { companyShort.set(h, 0) }
            }
        }
        var out = raw
        for i in 0..<raw.count {
            let (a, b, t) = raw[i]
            if t == BaseType.per.rawValue && isDirectedPlace(a, b, hashes) {
                out[i].2 = BaseType.loc.rawValue
                continue
            }
            if a == b && personLast[hashes[a].lower] != nil && t != 0 {
                out[i].2 = 0
                continue
            }
            if companyShort.count > 0 && t != BaseType.org.rawValue && companyShort[phraseHash(a, b, hashes)] != nil
                && (typeScores.isEmpty || ownTypeMargin(a, t, typeScores) < voteKeepMargin)
            {
                out[i].2 = BaseType.org.rawValue
                continue
            }
            let v = 4 * rowOf[i]
            var best = t
            for k in 0..<4 where votes[v + k] > votes[v + best] { best = k }
            if best != t && !typeScores.isEmpty {
                // the mention's own context clearly says otherwise: it keeps its type
                if ownTypeMargin(a, t, typeScores) >= voteKeepMargin { best = t }
            }
            out[i].2 = best
        }
        return out
    }
}

/// The article-level vote leaves a mention its own type when the tagger scored that type at least this
/// much above every other type at the mention's first token (in the packed model's units; a typical
/// clear decision is 20 to 40). Chosen on eng.testa: 30 to 300 give the same figures there.
let voteKeepMargin: Float = 60

extension Pipeline {
    /// How far the tagger's score for type `t` at token `a` is above the best other type. The first
    /// token's B (or U) scores are used: there every type was open to the tagger, while inside a span
    /// the other types' scores carry transition weights of paths it did not take.
    func ownTypeMargin(_ a: Int, _ t: Int, _ ts: [Float]) -> Float {
        guard t >= 0 && t < 4 && 4 * a + 3 < ts.count else { return 0 }
        var other = -Float.infinity
        for k in 0..<4 where k != t { other = max(other, ts[4 * a + k]) }
        return ts[4 * a + t] - other
    }
}

/// Head words that decide a name's type (`Pipeline.headBase`).
enum HeadLex {
    /// Last words of an office's title: "Chief Strategy Officer", "Art Director", "Foreign Secretary".
    static let offices: FastSet = NumLex.set(
        "officer director manager secretary minister editor chairman chairwoman spokesman spokeswoman "
            + "spokesperson correspondent coordinator commissioner adviser advisor executive")
    /// Head words of institutions named after people: "Dave Matthews Band", "Carnegie Hospital".
    static let institutions: FastSet = NumLex.set(
        "band hospital press orchestra mission university college school society association institute "
            + "foundation company corporation records club church trust "
            // and the words firms' names end in ("Yallourn Energy" was a person)
            + "energy resources holdings airlines airways mining motors pharmaceuticals technologies systems "
            + "ventures entertainment communications networks industries enterprises productions studios pictures")
    /// Words that name a body by its kind, which an article may use alone for it: "the League", "the Party".
    static let bodies: FastSet = NumLex.set(
        "league party society association union council committee commission company corporation group bank bureau "
            + "foundation institute university college club corps agency ministry department board authority "
            + "court assembly parliament congress senate church army navy force division brigade regiment "
            + "liberal liberals conservative conservatives democrat democrats republican republicans labor labour")
    /// Heads of a country's or a people's own bodies, which take its name: "Iceland Air Defense Force".
    static let nationalBodies: FastSet = NumLex.set("force forces league army navy guard police party")
    /// More heads of organisations' names, for names the tagger took for a people's: "State Emergency
    /// Service", "Brazilian Football Confederation".
    static let federations: FastSet = NumLex.set("service confederation federation union")
    static let org: FastSet = NumLex.set(
        "university college school academy institute society association council committee commission party "
            + "club company corporation corp inc ltd plc llc group foundation agency ministry department "
            + "airlines airways records orchestra brigade regiment battalion corps fleet squadron army navy police "
            + "robotics systems technologies labs laboratories industries solutions networks software "
            + "pharmaceuticals therapeutics biosciences motors aerospace dynamics partners ventures holdings "
            + "entertainment studios logistics electronics semiconductor semiconductors communications "
            + "telecommunications insurance investments securities services magazine")
    static let loc: FastSet = NumLex.set(
        "street avenue ave boulevard road river islands mountains valley district parish township creek county area")
    /// Heads of military units: "65 Air Division", "Howe 's Brigade".
    static let units: FastSet = NumLex.set(
        "division wing squadron group corps regiment brigade battalion fleet command")
    /// Street heads: a run of capitalised words ending in one is a place even when the tagger left it.
    static let streets: FastSet = NumLex.set("street avenue boulevard road")
    /// Heads of natural places and structures, which settle the type only when the tagger was unsure.
    static let geo: FastSet = NumLex.set(
        "plateau reservoir peninsula desert canyon glacier harbour harbor bay island lagoon marsh swamp hills "
            + "gorge strait coast dock docks pier gym playfield stadium arena bridge airport station tower park "
            + "cave caves junction falls pond cove")
    static let event: FastSet = NumLex.set(
        "war awards award prize trophy festival championship championships olympics tournament massacre "
            + "uprising cup offensive campaign")
    /// Event heads that name prizes: "Rimington Trophy", "NAACP Image Awards".
    static let awards: FastSet = NumLex.set("awards award prize trophy")
    static let county = fnvLower("county")
    static let area = fnvLower("area")
    static let trade = fnvLower("trade")
    static let airline = fnvLower("airline")
    static let district = fnvLower("district")
    static let school = fnvLower("school")
    /// First words of events written "Battle of Gettysburg", "Siege of Petersburg".
    static let eventFirst: FastSet = NumLex.set("battle siege")
}

enum SpanLex {
    static let titles: FastSet = NumLex.set(
        "president minister premier chancellor governor director chairman chairwoman secretary ambassador "
            + "spokesman spokeswoman spokesperson coach manager senator mayor judge king queen prince pope general "
            + "colonel captain commander sheikh emir ayatollah chief deputy envoy treasurer inspector excellency "
            + "highness majesty honourable honorable representative adviser advisor aide attorney speaker")
    /// The small words that join the words of places' names with hyphens: "Mar-a-Lago", "Hay-on-Wye".
    static let placeJoiners: FastSet = NumLex.set("a on upon sur sous en le la les by under")
    /// Words of hyphenated offices that are no title alone: "Vice-President", "Prime-Minister".
    static let officeParts: FastSet = NumLex.set("vice prime lieutenant elect general")
    /// Lower-case words names hold: function words and the particles of names in many languages (those
    /// `NameLex.cutters` holds, "with", "if", "is" ..., `cleanSpans` has cut the tagger's names at already).
    static let nameWords: FastSet = NumLex.set(
        "of and the for in on at to a an upon onto like nor so no you me my i all up out off down de del della "
            + "dello delle dei degli di da das dos do du des la le les lo los el al bin ibn bint abu van von der "
            + "den ter ten zu zum zur am im und y e et och og af sans sur sous aux en wa ul ud dal pour")
    /// The last words of a venue's name that are nobody's surname (unlike "Field", "Hall", "Park", "Hill").
    static let venues: FastSet = NumLex.set(
        "arena stadium coliseum colosseum speedway raceway ballpark theater theatre museum airport")
    /// The last words of a hotel's or a casino's name, a business: an organisation, as WikiGold's gold has
    /// "Peninsula Hotel", "Doubletree Hotel" (the tagger had made them peoples and persons).
    static let lodgings: FastSet = NumLex.set("hotel casino resort")
    /// Top-level domains a website's name ends in.
    static let topLevelDomains: FastSet = NumLex.set(
        "com net org info io co ru de fr uk ca au in tv news gov edu ai app biz us eu")
    /// Words of a product model's name after the product's: "iPhone 11 Pro Max", "Pixel 4 XL".
    static let modelWords: FastSet = NumLex.set(
        "pro max plus mini air ultra series lite se xl xr xs edge fold flip neo prime")
    /// Product families named alone as a firm or a common word, a product before a model's number or
    /// word: "Pixel 4", "Galaxy S10" is not ("S10" is one token), "Surface Pro".
    static let productFamilies: FastSet = NumLex.set("pixel galaxy surface xperia thinkpad chromebook")
    /// US states as the news agencies abbreviate them, without their period ("Calif", "Fla") and with
    /// dots inside, as one token with its period ("N.Y.", "S.C.").
    static let stateAbbreviations: FastSet = NumLex.set(
        "ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla "
            + "ore pa tenn tex va vt wash wis wyo")
    static let dottedStateAbbreviations: FastSet = NumLex.set(
        "n.h. n.j. n.m. n.y. n.c. n.d. s.c. s.d. r.i. w.va. d.c.")
    static let moon = fnvLower("moon")
    /// Small words inside a title's name: "Thirty Seconds to Mars", "Dark Side of the Moon".
    static let titleLinks: FastSet = NumLex.set("to of the from on")
    /// The Sun's planets, dwarf planets and the moons news names alone.
    static let celestial: FastSet = NumLex.set(
        "earth moon mars venus jupiter saturn neptune uranus pluto ceres europa ganymede callisto io enceladus titan")
    /// Directions a place's name opens with: "Inner Mongolia", "Lower Saxony", "Western Australia".
    static let directions: FastSet = NumLex.set(
        "inner outer upper lower northern southern eastern western central north south east west northeast "
            + "northwest southeast southwest greater")
    /// Colours: after a number, a count of things ("1 Green, 1 Red").
    static let colours: FastSet = NumLex.set(
        "red green blue yellow orange purple pink black white brown grey gray violet")
    /// Words that ask: never a name alone.
    static let questionWords: FastSet = NumLex.set("who whom whose what which why how when where")
    /// Verbs a person's surname stands before when the article reports them: "Pompeo said".
    static let speechVerbs: FastSet = NumLex.set(
        "said says told added wrote writes testified argued insisted noted explained replied recalled tweeted "
            + "asked acknowledged admitted denied warned stated claimed")
    /// A party's offices in a parliament, titles only after `chamberWords` ("Leader" is also a word of
    /// names and headings).
    static let partyOffices: FastSet = NumLex.set("leader whip")
    /// The Arabic patronymic particles, written in lower case inside a name: "Osama bin Laden".
    static let patronymics: FastSet = NumLex.set("bin ibn bint")
    /// A judge's title, a title only before a given name ("Justice John Roberts", not "Justice Department").
    static let justice: UInt64 = fnvLower("justice")
    /// The words before a party's office in a parliament: "Senate Majority Leader", "Opposition Leader".
    static let chamberWords: FastSet = NumLex.set(
        "majority minority opposition senate house party parliamentary democratic republican")
    /// Words that open a title: "High Representative", "Prime Minister", "Vice President".
    static let titleModifiers: FastSet = NumLex.set(
        "high prime vice deputy chief senior former acting special foreign interior defence defense finance "
            + "general executive federal state first national security majority minority")
    /// Capitalised words that head bylines, datelines and site chrome ("Published on 06th March 2020",
    /// "(Retd)"): never a name on their own.
    static let neverAlone: FastSet = NumLex.set(
        "published updated posted edited editing written writing reported reporting retd rtd advertisement "
            + "sponsored subscribe "
            + "photo photos image images video share follow comments related trending "
            + "menu login newsletter copyright")
    /// Named days that end in a weekday: whole names, not a name and a date ("Black Friday").
    static let day = fnvLower("day")
    /// Cities and boroughs that the generated world gazetteer leaves out as common English words (Zipf 4
    /// and up: "Pittsburgh" is as frequent as "engine"), for the rules that ask whether a word names a
    /// place; the tagger's features never read it (its model was trained without it).
    static let frequentCities: FastSet = NumLex.set(
        "phoenix denver pittsburgh cleveland baltimore portland hollywood manhattan brooklyn queens bronx harlem "
            + "orlando columbus charlotte austin nashville memphis louisville milwaukee sacramento tucson omaha "
            + "oakland minneapolis tulsa wichita arlington aurora tampa honolulu anaheim lexington riverside "
            + "newark cincinnati irvine buffalo madison reno spokane richmond jacksonville indianapolis "
            + "albuquerque raleigh boise anchorage fresno oxford cambridge bristol brighton leicester "
            + "nottingham sheffield newcastle cardiff belfast aberdeen hamilton victoria adelaide")
    /// Title words of newspapers, after a place's name: "Denver Post", "Miami Herald", "Sacramento Bee".
    static let mastheads: FastSet = NumLex.set(
        "post times herald tribune bee courant journal gazette star sun news register inquirer chronicle "
            + "examiner globe observer telegraph independent guardian mirror express dispatch enquirer ledger "
            + "daily record bulletin courier democrat republican statesman plain dealer advertiser argus leader")
    static let namedDays = FastSet(
        ("Black Friday|Cyber Monday|Good Friday|Ash Wednesday|Super Tuesday|Bloody Sunday|Easter Sunday|"
            + "Easter Monday|Palm Sunday|Maundy Thursday|Holy Thursday|Giving Tuesday|Shrove Tuesday")
            .split(separator: "|").map { phraseTokenHashes(String($0)).reduce(UInt64(0)) { seqHash($0, $1) } })
    /// First words of a landform's or a fort's name, never a person's ("Port" opens clubs: "Port Vale").
    static let placeOpeners: FastSet = NumLex.set("mount mt mt. lake cape fort")
    /// Feasts and holidays named by one word.
    static let feasts: FastSet = NumLex.set(
        "christmas easter thanksgiving ramadan hanukkah hanukah diwali passover halloween pentecost lent eid")
    /// Companies named like a place, which news means far more often than the place when no "the"
    /// comes before: "Amazon has over 20,800 reviews" (but "the Amazon").
    static let companiesFirst: FastSet = NumLex.set("amazon")
    /// Abbreviations of units of measure, written capitalised in recipes and labels ("2 Tbsp.", "8 Oz").
    static let unitAbbreviations: FastSet = NumLex.set("tbsp tbs tsp oz lb lbs")
    /// Last words of the buildings and streets a government is named by: "White House", "Elysee Palace",
    /// "Downing Street".
    static let seats: FastSet = NumLex.set("house palace street")
    /// A political party's members, which the gazetteer lists with the peoples: "Labour" alone is the party
    /// ("the former Labour government", "behind Labour and the SNP").
    static let partyMembers: FastSet = NumLex.set(
        "labour democrat democrats republican republicans conservative conservatives socialist socialists communist "
            + "communists liberal liberals islamist islamists zionist")
    /// Religions: a people's faith, nobody's name on its own ("Islam" is also a surname: "Nazrul Islam").
    static let religions: FastSet = NumLex.set(
        "islam christianity judaism hinduism buddhism sikhism jainism catholicism protestantism shinto taoism "
            + "zoroastrianism")
    static let the = fnvLower("the")
    /// Abbreviations of common nouns, alone never a name: "the new SUV", "EBITDA rose", "an IPO".
    static let commonAbbreviations: FastSet = NumLex.set(
        "suv suvs awd rwd fwd 4wd ev evs usb usb-c ebitda ebit ceo cfo coo cto cio ipo ipos gdp api apis pdf "
            + "hdtv uhd led lcd oled gps dna rna vip faq diy atm atms sms url html wifi wi-fi lte hdmi ssd cpu "
            + "gpu rgb ecg vpn eps")
    /// More of them, which the tagger's pieces hold in any case ("Ai" is a given name, and WikiGold's "Ai"
    /// a place's word): no name when written in capitals alone, as `commonAbbreviations` are too there ("a
    /// smart TV", "our enhanced AI technology", "the PV industry", "32GB of RAM"; CoNLL's gold has "TV" only
    /// inside names: "TV Globo"; "HIV" and "AIDS" are MISC there, so not listed).
    static let capitalAbbreviations: FastSet = NumLex.set(
        "tv ai pv pc vr hd ram iot dvd "
            // and time zones the number rules' list lacks: "at about 4:00pm AEDT" was a firm
            + "aedt acdt acst awst nzdt nzst")
    /// Abbreviated titles before a name (only before one: "Czech Rep." is a country).
    static let titleAbbreviations: FastSet = NumLex.set("rep. rep reps. sen. sen gov. gov lt. gen. col. sgt. supt.")
    /// Stage titles in capitals that are part of the name they open: "DJ Khaled", "MC Hammer".
    static let stageTitles: FastSet = NumLex.set("dj mc")
    /// Abbreviated titles a name never ends with: "Former South Carolina Gov . Carroll Campbell" (not
    /// "Rep.": "Czech Rep."; nor "Sen" without its period: "Hun Sen"); and executive offices in capitals
    /// ("Mr. David Morales CEO in UC Global") and a web page's "Follow" button after its author's name
    /// ("Michael Russell Follow").
    static let trailingTitles: FastSet = NumLex.set("gov gov. sen. gen. col. lt. sgt. supt. ceo cfo coo cto follow")
    /// Capitalised ordinal words that open a unit's or an event's name ("Fourth Air Force", "Second Battle
    /// of Bull Run").
    static let ordinalWords: FastSet = NumLex.set(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
            + "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth")
    /// Articles a quoted title keeps.
    static let quotedArticles: FastSet = NumLex.set("the a an")
    static let locativeWords: FastSet = NumLex.set("in near from outside left throughout across")
    /// Words before a place that no organisation or person follows as often: "near Tora Bora".
    static let nearWords: FastSet = NumLex.set("near around")
    static let playWords: FastSet = NumLex.set("played plays playing play signed signs signing")
    static let coachWords: FastSet = NumLex.set("coached coaches coaching captained captains")
    static let gamesWords: FastSet = NumLex.set("games matches appearances goals")
    static let forWord = fnvLower("for")
    static let withWord = fnvLower("with")
    static let andWord = fnvLower("and")
    static let generations: FastSet = NumLex.set("jr. jr sr. sr ii iii iv")
    /// Lowercase nouns of a role that sit between two names, never inside one.
    static let roleWords: FastSet = NumLex.set(
        "member members champion champions organization organisation leader leaders co-founder founder "
            + "candidate candidates player players star owner")
    /// The last two letters of codes that are sizes, ordinals or times: "2ND", "5PM", "4WD", "3GB".
    static let codeTails: Set<UInt16> = Set(
        ["ST", "ND", "RD", "TH", "AM", "PM", "WD", "GB", "MB", "KB", "TB", "KM", "KG", "MW", "GW", "HP", "CM", "MM"].map
        {
            let u = Array($0.utf8)
            return UInt16(u[0]) << 8 | UInt16(u[1])
        })
    /// The first halves of surnames with an inner capital: "McLean", "MacArthur", "DeVos", "LaGuardia".
    static let namePrefixes: FastSet = NumLex.set("mc mac de di da le la du van von del dos fitz st")
    /// Titles of a team's people: after a place's name, the place is the team ("Texas Coach Darrell Royal").
    static let teamTitles: FastSet = NumLex.set("coach manager captain skipper")
    /// Quarters of the compass that name a region alone: "the Northeast", "the Midwest" (not "East", "West",
    /// "South": teams in sports results, as eng.train's gold has them).
    static let regions: FastSet = NumLex.set("northeast northwest southeast southwest midwest mideast")
    static let compass: FastSet = NumLex.set(
        "north south east west northern southern eastern western central northeast northwest southeast "
            + "southwest upper lower")
    static let listWords: FastSet = NumLex.set("and or also")
    static let andOr: FastSet = NumLex.set("and or")
    static let inWord = fnvLower("in")
    static let league = fnvLower("league")
    static let placePrepositions: FastSet = NumLex.set("at in on near into inside outside around")
    /// Organisations named with the Arabic article in lower case ("al-Qaeda", "al-Jazeera", "al-Ahram").
    static let arabicOrganisations: FastSet = NumLex.set(
        "al-qaeda al-qaida al-shabaab al-shabab al-jazeera al-nusra al-arabiya al-ahram al-hayat al-manar "
            + "al-akhbar al-watan al-mustaqbal al-wefaq al-fatah ash-sharq")
    /// Common nouns of a facility that a name with the Arabic article stands before: "al-Aqsa mosque".
    static let arabicFacilityNouns: FastSet = NumLex.set(
        "mosque base camp checkpoint crossing prison airport airbase hospital square palace bridge dam")
    /// Common nouns of a settlement or an area that such a name stands before: "al-Daih village".
    static let arabicSettlementNouns: FastSet = NumLex.set(
        "village town city district province governorate region neighbourhood neighborhood area suburb oasis "
            + "valley desert")
    /// Words after which such a name is a place: "in al-Tanf" ("on" names a channel: "on al-Jazeera").
    static let arabicPlacePrepositions: FastSet = NumLex.set("in at near into inside outside around toward towards")
    static let possessive = fnvLower("'s")
    static let possessiveCurly = fnvLower("\u{2019}s")
    /// Day and month names the tagger ran a name into: "House Intelligence Committee Tuesday" (not
    /// "May" or "March": "Theresa May", "Million Man March"; nor a listed name: "Sheffield Wednesday").
    static let trailingDates: FastSet = NumLex.set(
        "monday tuesday wednesday thursday friday saturday sunday january february april june july august "
            + "september october november december")
    /// "Mr Campbell": the courtesy title is no part of the name.
    static let honorifics: FastSet = NumLex.set("mr mr. mrs mrs. ms ms. messrs messrs.")
    static let leadingStop: FastSet = NumLex.set(
        "since the and but in on at for of his her their its this that these those alongside moreover however "
            + "instead earlier later now still even only just perhaps ex "
            + "furthermore meanwhile also as with from by to a an after before during while when if although "
            + "likewise besides hence thus yet so then there here it he she they we our my your according "
            + "under over between among against")
}

extension Pipeline {
    /// Splits tagger spans at line breaks and commas and trims punctuation, lowercase and function words
    /// from their edges.
    func cleanSpans(_ raw: [(Int, Int, Int)], _ tokens: [Token], _ hashes: [TokHash]) -> [(Int, Int, Int)] {
        var out: [(Int, Int, Int)] = []
        out.reserveCapacity(raw.count)
        for (a, b, t) in raw {
            var start = a
            var k = a
            while k <= b + 1 {
                let cut =
                    k > b
                    || (k > start
                        && (tokens[k].has(TF.lineStart)
                            || (tokens[k].has(TF.punct) && tokens[k].byteCount == 1
                                && (p[Int(tokens[k].b0)] == 44 || p[Int(tokens[k].b0)] == 59))
                            || (tokens[k].has(TF.lower) && NameLex.cutters.contains(hashes[k].lower))
                            || isKnownOwner(start, k, b, tokens, hashes)))
                if cut {
                    var x = start
                    var y = min(k - 1, b)
                    func junk(_ i: Int) -> Bool {
                        let f = tokens[i].flags
                        return (f & TF.punct != 0 && !(tokens[i].byteCount == 1 && p[Int(tokens[i].b0)] == 46 && false))
                            || f & TF.lower != 0
                    }
                    while x <= y
                        && (junk(x)
                            || ((SpanLex.leadingStop.contains(hashes[x].lower)
                                || SpanLex.honorifics.contains(hashes[x].lower)) && x < y))
                    {
                        x += 1
                    }
                    while y >= x
                        && (junk(y) || SpanLex.leadingStop.contains(hashes[y].lower)
                            || (y > x && SpanLex.trailingDates.contains(hashes[y].lower)
                                && Gazetteer.shared.mask(phraseHash(x, y, hashes)) == nil
                                && !SpanLex.namedDays.contains(phraseHash(x, y, hashes)))
                            || (y > x
                                && (isNumericDate(tokens[y]) || SpanLex.trailingTitles.contains(hashes[y].lower))))
                    {
                        y -= 1
                    }
                    // an opening bracket ends the name: "Rad ( Belgrade", "Chicken Zoodles [1 cup"
                    if x <= y {
                        for i in x...y
                        where tokens[i].byteCount == 1 && (p[Int(tokens[i].b0)] == 40 || p[Int(tokens[i].b0)] == 91) {
                            y = i - 1
                            while y >= x && junk(y) { y -= 1 }
                            break
                        }
                    }
                    var pieceType = t
                    // titles are not part of names: "Director Ljubomir Acimovic", "Reserve Governor Lawrence Lindsey"
                    if x < y {
                        var k2 = y - 1
                        while k2 >= x {
                            if tokens[k2].has(TF.cap) && SpanLex.titles.contains(hashes[k2].lower) { break }
                            // a party's office in a parliament: "Senate Majority Leader Mitch McConnell" was
                            // one organisation ("Online Leader Success Mindset" stays)
                            if k2 > x && tokens[k2].has(TF.cap) && SpanLex.partyOffices.contains(hashes[k2].lower)
                                && SpanLex.chamberWords.contains(hashes[k2 - 1].lower)
                            {
                                break
                            }
                            // a judge's title before a given name: "Justice John Roberts" ("Justice
                            // Department" stays)
                            if tokens[k2].has(TF.cap) && hashes[k2].lower == SpanLex.justice
                                && hashes[k2 + 1].know.firstName != 0
                            {
                                break
                            }
                            k2 -= 1
                        }
                        if k2 >= x && tokens[k2 + 1].has(TF.cap) {
                            // what precedes the title keeps the tagger's type unless it is a known place:
                            // "[President of] Azerbaijan His Excellency Ilham Aliyev"
                            var ly = k2 - 1
                            if let and = titleAnd(x, ly, tokens, hashes) { ly = and - 1 }
                            // (nor the title's modifiers: "Senate" of "Senate Majority Leader")
                            while ly >= x
                                && (junk(ly) || SpanLex.leadingStop.contains(hashes[ly].lower)
                                    || (ly > x && SpanLex.titleModifiers.contains(hashes[ly].lower)))
                            {
                                ly -= 1
                            }
                            if ly >= x && t != 0 && !onlyTitleModifiers(x, ly, hashes) {
                                out.append((x, ly, isListedPlace(x, ly, hashes) ? BaseType.loc.rawValue : t))
                            }
                            x = k2 + 1
                            pieceType = 0
                        }
                    }
                    // "Rep. Alexandria Ocasio-Cortez", "Sen. Ted Cruz": an abbreviated title opens a person's name
                    // (and is none when the tagger left it alone before the name)
                    if x <= y && x + 1 < tokens.count && SpanLex.titleAbbreviations.contains(hashes[x].lower)
                        && tokens[x + 1].has(TF.cap)
                    {
                        x += 1
                        pieceType = 0
                    }
                    // a person's name does not end with a title ("Office Spokesperson"), unless the title is
                    // a surname after a first name: "Stephen King", "Alexander Pope"
                    if pieceType == 0 && x <= y && SpanLex.titles.contains(hashes[y].lower)
                        && !(y > x && hashes[y - 1].know.firstName != 0 && !SpanLex.titles.contains(hashes[y - 1].lower)
                            && tokens[y - 1].has(TF.cap) && !tokens[y - 1].has(TF.allCaps))
                    {
                        x = y + 1
                    }
                    // a lone "Published" or "Retd" is a byline's word, not a name
                    if x == y
                        && (SpanLex.neverAlone.contains(hashes[x].lower) || isContraction(tokens[x])
                            || SpanLex.commonAbbreviations.contains(hashes[x].lower) || isFiscalYear(tokens[x]))
                    {
                        x = y + 1
                    }
                    if x <= y {
                        var hasCap = false
                        for i in x...y where tokens[i].has(TF.cap) && !tokens[i].has(TF.allDigit) { hasCap = true }
                        if hasCap { out.append((x, y, pieceType)) }
                    }
                    start = k < tokens.count && k <= b && !tokens[k].has(TF.lineStart) ? k + 1 : k
                }
                k += 1
            }
        }
        return out
    }
}
