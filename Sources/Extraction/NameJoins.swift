// Joining the pieces of one name the tagger cut apart: acronym definitions ("Center for Global & Strategic
// Studies (CGSS)") and the multi-word names of the alias table.

enum AcronymLex {
    /// Words an expansion may contain without taking a letter of the acronym.
    static let connectors: FastSet = NumLex.set("for of and the de du des la le on in to at &")
}

extension Pipeline {
    /// Where "Long Name (ACR)" appears and the tagger cut the long name into pieces (at "&", "for" or a
    /// line's markup), the capitalised words whose initials spell ACR become one span, typed as the piece
    /// at its head (its last word), and the pieces inside it go. Only an expansion the tagger already
    /// saw part of is taken: "Gross Domestic Product (GDP)" stays nothing.
    func joinAcronymExpansions(_ spans: [Span], _ tokens: [Token], _ hashes: [TokHash]) -> [Span] {
        guard !spans.isEmpty, tokens.count > 3 else { return spans }
        var owner = [Int](repeating: -1, count: tokens.count)
        for (i, s) in spans.enumerated() { for k in s.t0...s.t1 { owner[k] = i } }
        var drop = [Bool](repeating: false, count: spans.count)
        var added: [Span] = []
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
                } else if !AcronymLex.connectors.contains(hashes[k].lower) {
                    break
                }
                k -= 1
            }
            let end = j - 1
            guard start >= 0, end > start else { continue }
            // the pieces the tagger found inside; one whole span already there needs nothing
            var inside: [Int] = []
            var crosses = false
            for k in start...end where owner[k] >= 0 && inside.last != owner[k] {
                let s = spans[owner[k]]
                if s.t0 < start || s.t1 > end || s.fixed || s.type.isNumeric { crosses = true }
                inside.append(owner[k])
            }
            guard !inside.isEmpty, !crosses else { continue }
            if inside.count == 1 && spans[inside[0]].t0 == start && spans[inside[0]].t1 == end { continue }
            let head = inside.last!
            for i in inside { drop[i] = true }
            added.append(Span(t0: start, t1: end, type: spans[head].type))
            j = end + 3
        }
        guard !added.isEmpty else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count + added.count)
        for (i, s) in spans.enumerated() where !drop[i] { out.append(s) }
        out.append(contentsOf: added)
        out.sort { $0.t0 < $1.t0 }
        return out
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
        var owner = [Int](repeating: -1, count: tokens.count)
        for (i, s) in spans.enumerated() { for k in s.t0...s.t1 { owner[k] = i } }
        var drop = [Bool](repeating: false, count: spans.count)
        var added: [Span] = []
        for (a, b, e) in found where tokens[a].line == tokens[b].line {
            var inside: [Int] = []
            var crosses = false
            for k in a...b where owner[k] >= 0 && inside.last != owner[k] {
                let s = spans[owner[k]]
                if s.t0 < a || s.t1 > b || s.fixed { crosses = true }
                inside.append(owner[k])
            }
            if crosses || (inside.count == 1 && spans[inside[0]].t0 == a && spans[inside[0]].t1 == b) { continue }
            for i in inside { drop[i] = true }
            let row = AliasTable.rows[e]
            added.append(Span(t0: a, t1: b, type: row.type, canonical: row.names[0]))
        }
        guard !added.isEmpty else { return spans }
        var out: [Span] = []
        out.reserveCapacity(spans.count + added.count)
        for (i, s) in spans.enumerated() where !drop[i] { out.append(s) }
        out.append(contentsOf: added)
        out.sort { $0.t0 < $1.t0 }
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
            let long = row.names.filter { name in
                name.split(separator: " ").count >= 2 && name.first.map { $0.isUppercase } == true
            }
            // one entry per row, so the matcher's entry index is the row index
            entries.append(
                UserDictionary.Entry(type: row.type, canonical: long.first ?? "", aliases: Array(long.dropFirst())))
        }
        return DictionaryMatcher(UserDictionary(entries: entries))
    }()
}
