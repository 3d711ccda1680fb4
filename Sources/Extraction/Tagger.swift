// Averaged-perceptron BILOU sequence tagger over hashed features (greedy decoding with
// previous-tag features). Feature keys are 64-bit hashes; no String is built per feature.

import CKnowledge
import Glibc

/// CoNLL base types predicted by the tagger.
enum BaseType: Int, CaseIterable, Sendable {
    case per = 0, org, loc, misc
    static func from(_ s: Substring) -> BaseType? {
        switch s {
        case "PER", "PERSON": return .per
        case "ORG": return .org
        case "LOC", "GPE", "FAC": return .loc
        case "MISC": return .misc
        default: return nil
        }
    }
}

/// Tag ids: 0 = O; for base type k: B = 1+4k, I = 2+4k, L = 3+4k, U = 4+4k.
let numTags = 17

@inline(__always) func tagKind(_ t: Int) -> Int { t == 0 ? -1 : (t - 1) & 3 }  // 0 B, 1 I, 2 L, 3 U
@inline(__always) func tagType(_ t: Int) -> Int { (t - 1) >> 2 }
@inline(__always) func makeTag(_ type: Int, _ kind: Int) -> Int { 1 + type * 4 + kind }

/// Weight storage the decoder reads.
protocol ScoreTable {
    func accumulate(_ key: UInt64, _ scores: UnsafeMutablePointer<Float>)
    func accumulateAll(_ keys: UnsafeMutablePointer<UInt64>, _ n: Int, _ scores: UnsafeMutablePointer<Float>)
}

extension ScoreTable {
    func accumulateAll(_ keys: UnsafeMutablePointer<UInt64>, _ n: Int, _ scores: UnsafeMutablePointer<Float>) {
        for k in 0..<n { accumulate(keys[k], scores) }
    }
}

/// Per-token hashes computed once per document.
struct TokHash {
    var lower: UInt64 = 0
    var exact: UInt64 = 0
    var shape: UInt64 = 0
    var pre3: UInt64 = 0
    var suf2: UInt64 = 0
    var suf3: UInt64 = 0
    var suf4: UInt64 = 0
    var gaz: UInt64 = 0  // bit (cat*4 + pos) for gazetteer phrase matches; pos 0 B,1 I,2 L,3 U
    var flags: UInt16 = 0
    var doc: UInt8 = 0
    var lenBucket: UInt8 = 0
    var capRun: UInt8 = 0  // position in a run of capitalised words (B/I/L/U) * 8 + run length bucket
    var numLex: UInt16 = 0  // `NumLex.lexicon` bits of the lowercase word (what `NumberRules` reads)
    var runLast: Int32 = -1  // in a run of two or more capitalised words: the index of its last word
    var know = WordInfo(raw: 0)  // frequency and name ranks (Knowledge.swift)
    var vec = VectorRow()  // the word vector's clusters and code
}

/// What `TaggerInput.wordFeatures` may read about a token: its word's hashes (all functions of its
/// bytes), the word knowledge of its lowercase form, and its case flags. `key` names it in the word
/// cache, so every field here must follow from `exact`, `lower` and `flags`.
struct WordView {
    var lower: UInt64
    var exact: UInt64
    var shape: UInt64
    var pre3: UInt64
    var suf2: UInt64
    var suf3: UInt64
    var suf4: UInt64
    var lenBucket: UInt8
    var know: WordInfo
    var vec: VectorRow
    var flags: UInt16

    /// The flags the word features read.
    static let flagMask: UInt16 = TF.cap | TF.allCaps | TF.sentStart | TF.lineAllCaps | TF.lineStart | TF.paraStart

    @inline(__always)
    init(_ h: TokHash) {
        lower = h.lower
        exact = h.exact
        shape = h.shape
        pre3 = h.pre3
        suf2 = h.suf2
        suf3 = h.suf3
        suf4 = h.suf4
        lenBucket = h.lenBucket
        know = h.know
        vec = h.vec
        flags = h.flags & WordView.flagMask
    }

    /// The word cache's key of the token `h` (never 0).
    @inline(__always)
    static func key(_ h: TokHash) -> UInt64 {
        mix64(h.exact ^ (h.lower &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(h.flags & flagMask) << 7) | 1
    }
}

/// What `TaggerInput.leftFeatures` and `rightFeatures` may read: the neighbour word's hashes and
/// vector clusters (functions of its `exact` and `lower`), whether there is none (`boundary`), and the
/// token's own capital. `key` names it in the word cache.
struct SideView {
    var lower: UInt64 = 0
    var exact: UInt64 = 0
    var suf3: UInt64 = 0
    var mid: Int16 = 0
    var fine: Int16 = 0
    var cap: UInt64
    var boundary: Bool

    @inline(__always)
    init(_ h: TokHash?, cap: UInt16) {
        self.cap = UInt64(cap & TF.cap)
        boundary = h == nil
        if let h {
            lower = h.lower
            exact = h.exact
            suf3 = h.suf3
            mid = h.vec.mid
            fine = h.vec.fine
        }
    }

    @inline(__always)
    init(left i: Int, of input: TaggerInput) {
        self.init(i > 0 ? input.hashes[i - 1] : nil, cap: input.hashes[i].flags)
    }

    @inline(__always)
    init(right i: Int, of input: TaggerInput) {
        self.init(i + 1 < input.hashes.count ? input.hashes[i + 1] : nil, cap: input.hashes[i].flags)
    }

    /// The word cache's key of this view on the `side` (1 left, 2 right) (never 0, never a `WordView` key
    /// but by a 64-bit accident).
    @inline(__always)
    func key(side: UInt64) -> UInt64 {
        let word = boundary ? 0x5EED_B0B0_5EED_B0B0 : exact ^ (lower &* 0xC2B2_AE3D_27D4_EB4F)
        return mix64(word ^ (side &* 0xD6E8_FEB8_6659_FD93) ^ (cap << 40)) | 1
    }
}

let boundaryHash: UInt64 = 0x1234_5678_9abc_def1

/// Everything the tagger needs about one document.
struct TaggerInput {
    var tokens: [Token]
    var hashes: [TokHash]
    /// Context words of other occurrences of the same capitalised word: 4 per token (left, right, left, right).
    var aggregate: [UInt64]

    init(bytes p: UnsafeBufferPointer<UInt8>, tokens: [Token]) {
        self.tokens = tokens
        let n = tokens.count
        // what follows from a word's bytes alone (its hashes, word knowledge, longest gazetteer phrase)
        // comes from this thread's word cache when the word was seen before; the others are worked
        // out and kept
        let cache = ThreadCaches.current.words.view
        let gaz = Gazetteer.shared
        let numLexicon = NumLex.lexicon
        let longest = UnsafeMutablePointer<Int32>.allocate(capacity: max(n, 1))
        defer { longest.deallocate() }
        var misses: [Int32] = []
        // every token's exact hash first, asking for its cache entry, so the cache misses overlap (the
        // cache is new memory in a new process)
        let exact = UnsafeMutablePointer<UInt64>.allocate(capacity: max(n, 1))
        defer { exact.deallocate() }
        for t in 0..<n {
            var he = fnvOffset
            for i in Int(tokens[t].b0)..<Int(tokens[t].b1) { he = (he ^ UInt64(p[i])) &* fnvPrime }
            exact[t] = he
            cache.prefetch(he)
        }
        // each element written once, straight into the new array's storage
        var hs = [TokHash](unsafeUninitializedCapacity: n) { out, initialized in
            for t in 0..<n {
                let tok = tokens[t]
                let b0 = Int(tok.b0)
                let b1 = Int(tok.b1)
                var h = TokHash()
                h.flags = tok.flags
                h.exact = exact[t]
                if cache.fill(&h, &longest[t], count: b1 - b0) {
                    (out.baseAddress! + t).initialize(to: h)
                    continue
                }
                var hl = fnvOffset
                var hs2 = fnvOffset
                var lastCls: UInt8 = 0
                var shapeLen = 0
                var i = b0
                while i < b1 {
                    let c = p[i]
                    hl = (hl ^ UInt64(asciiLower(c))) &* fnvPrime
                    var cls: UInt8
                    if c < 0x80 {
                        if c >= 65 && c <= 90 {
                            cls = 88
                        } else if c >= 97 && c <= 122 {
                            cls = 120
                        } else if c >= 48 && c <= 57 {
                            cls = 100
                        } else {
                            cls = c
                        }
                    } else if c >= 0xC0 {
                        let (v, _) = decodeScalar(p, i)
                        cls = isUpperScalar(v) ? 88 : (isLowerScalar(v) ? 120 : 117)
                    } else {
                        cls = 0  // continuation byte: no shape char
                    }
                    if cls != 0 && cls != lastCls && shapeLen < 8 {
                        hs2 = (hs2 ^ UInt64(cls)) &* fnvPrime
                        lastCls = cls
                        shapeLen += 1
                    }
                    i += 1
                }
                h.lower = hl
                h.shape = hs2
                let len = b1 - b0
                h.lenBucket = UInt8(min(len, 6))
                h.numLex = numLexicon[hl] ?? 0
                h.pre3 = fnvLower(UnsafeBufferPointer(rebasing: p[b0..<min(b1, b0 + 3)]))
                h.suf2 = fnvLower(UnsafeBufferPointer(rebasing: p[max(b0, b1 - 2)..<b1]))
                h.suf3 = fnvLower(UnsafeBufferPointer(rebasing: p[max(b0, b1 - 3)..<b1]))
                h.suf4 = fnvLower(UnsafeBufferPointer(rebasing: p[max(b0, b1 - 4)..<b1]))
                // `longest` is looked up with the word knowledge below, many words at a time
                misses.append(Int32(t))
                (out.baseAddress! + t).initialize(to: h)
            }
            initialized = n
        }
        // word knowledge and longest gazetteer phrase of the words not in the cache: one probe per word
        // and table, issued 16 words at a time so the cache misses (the tables are cold in a new
        // process) overlap
        let wk = WordKnowledge.shared
        hs.withUnsafeMutableBufferPointer { hb in
            misses.withUnsafeBufferPointer { mb in
                var start = 0
                let m = mb.count
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 16) { homes in
                    while start < m {
                        let end = min(m, start + 16)
                        for k in start..<end {
                            let t = Int(mb[k])
                            gaz.prefetchLongest(hb[t].lower)
                            guard let wk, hb[t].flags & TF.alpha != 0 else { continue }
                            let h = wk.home(hb[t].lower)
                            homes[k - start] = h
                            wk.prefetch(slot: h)
                        }
                        for k in start..<end {
                            let t = Int(mb[k])
                            longest[t] = gaz.longest(hb[t].lower).map { Int32($0) } ?? -1
                            guard let wk, hb[t].flags & TF.alpha != 0 else { continue }
                            let info = wk.info(hb[t].lower, from: homes[k - start])
                            hb[t].know = info
                            wk.prefetchRow(info)
                        }
                        if let wk {
                            for k in start..<end {
                                let t = Int(mb[k])
                                if hb[t].flags & TF.alpha != 0 { hb[t].vec = wk.row(hb[t].know) }
                            }
                        }
                        start = end
                    }
                }
            }
        }
        for t in misses {
            let t = Int(t)
            cache.keep(hs[t], longest[t], count: Int(tokens[t].b1 - tokens[t].b0))
        }
        // gazetteer phrase matches (capitalised starts only); first every phrase's world-gazetteer slot is
        // asked for, so those cache misses overlap
        for t in 0..<n where hs[t].flags & (TF.cap | TF.digit) != 0 && longest[t] >= 0 {
            var h: UInt64 = 0
            for k in 0..<min(Int(longest[t]), n - t) {
                h = seqHash(h, hs[t + k].lower)
                gaz.prefetchMask(h)
            }
        }
        var t = 0
        while t < n {
            guard hs[t].flags & (TF.cap | TF.digit) != 0, longest[t] >= 0 else {
                t += 1
                continue
            }
            let maxL = Int(longest[t])
            var h: UInt64 = 0
            var best = 0
            var bestMask: UInt16 = 0
            var k = 0
            while k < maxL && t + k < n {
                h = seqHash(h, hs[t + k].lower)
                // the hand-listed products are no tagger feature (the model never saw them): a rule types them
                if let m = gaz.mask(h), m & ~GazCat.productBit != 0 {
                    best = k + 1
                    bestMask = m & ~GazCat.productBit
                }
                k += 1
            }
            if best > 0 {
                for cat in 0..<16 where bestMask & (1 << UInt16(cat)) != 0 {
                    if best == 1 {
                        hs[t].gaz |= 1 << UInt64(cat * 4 + 3)
                    } else {
                        hs[t].gaz |= 1 << UInt64(cat * 4 + 0)
                        for j in 1..<(best - 1) { hs[t + j].gaz |= 1 << UInt64(cat * 4 + 1) }
                        hs[t + best - 1].gaz |= 1 << UInt64(cat * 4 + 2)
                    }
                }
                t += best
            } else {
                t += 1
            }
        }
        // document-level bits: is this word also seen lowercase-initial / capitalised mid-sentence?
        if n > 0 && n < 200_000 {
            var cap = 64
            while cap < n * 2 { cap <<= 1 }
            var seenLower = [UInt64](repeating: 0, count: cap)
            var seenCapMid = [UInt64](repeating: 0, count: cap)
            let mask = cap - 1
            @inline(__always) func insert(_ tab: inout [UInt64], _ key: UInt64) {
                let k = key | 1
                var idx = Int(truncatingIfNeeded: mix64(k)) & mask
                while tab[idx] != 0 {
                    if tab[idx] == k { return }
                    idx = (idx + 1) & mask
                }
                tab[idx] = k
            }
            @inline(__always) func contains(_ tab: [UInt64], _ key: UInt64) -> Bool {
                let k = key | 1
                var idx = Int(truncatingIfNeeded: mix64(k)) & mask
                while tab[idx] != 0 {
                    if tab[idx] == k { return true }
                    idx = (idx + 1) & mask
                }
                return false
            }
            for t in 0..<n {
                let f = hs[t].flags
                if f & TF.lower != 0 {
                    insert(&seenLower, hs[t].lower)
                } else if f & TF.cap != 0 && f & (TF.sentStart | TF.lineAllCaps) == 0 && f & TF.allCaps == 0 {
                    insert(&seenCapMid, hs[t].lower)
                }
            }
            for t in 0..<n {
                let f = hs[t].flags
                guard f & TF.cap != 0 else { continue }
                var d: UInt8 = 1
                if contains(seenLower, hs[t].lower) { d |= 2 }
                if contains(seenCapMid, hs[t].lower) { d |= 4 }
                hs[t].doc = d
            }
        }
        // runs of capitalised words (within a line)
        var t0 = 0
        while t0 < n {
            guard hs[t0].flags & TF.cap != 0 && hs[t0].flags & TF.punct == 0 else {
                t0 += 1
                continue
            }
            var t1 = t0
            while t1 + 1 < n && hs[t1 + 1].flags & TF.cap != 0 && hs[t1 + 1].flags & (TF.punct | TF.lineStart) == 0 {
                t1 += 1
            }
            let len = UInt8(min(t1 - t0 + 1, 4))
            if t0 == t1 {
                hs[t0].capRun = 4 * 8 + len
            } else {
                hs[t0].capRun = 1 * 8 + len
                for k in (t0 + 1)..<t1 { hs[k].capRun = 2 * 8 + len }
                hs[t1].capRun = 3 * 8 + len
                for k in t0...t1 { hs[k].runLast = Int32(t1) }
            }
            t0 = t1 + 1
        }
        // context aggregation over other occurrences of the same capitalised word
        // (not computed on huge inputs: then the array stays empty instead of 32 bytes of zeros per token)
        var agg: [UInt64] = []
        if n > 1 && n < 200_000 {
            agg = [UInt64](repeating: 0, count: 4 * n)
            // each occurrence gets the contexts of the first two other occurrences of its word: keep
            // the first three occurrences of every word (in text order)
            var group = IndexMap(capacity: n / 2)
            var firstThree: [(Int32, Int32, Int32)] = []  // -1: none
            var groupOf = [Int32](repeating: -1, count: n)
            for t in 0..<n where hs[t].flags & TF.cap != 0 && hs[t].flags & TF.punct == 0 {
                if let g = group[hs[t].lower] {
                    if firstThree[g].1 < 0 {
                        firstThree[g].1 = Int32(t)
                    } else if firstThree[g].2 < 0 {
                        firstThree[g].2 = Int32(t)
                    }
                    groupOf[t] = Int32(g)
                } else {
                    group.set(hs[t].lower, firstThree.count)
                    groupOf[t] = Int32(firstThree.count)
                    firstThree.append((Int32(t), -1, -1))
                }
            }
            for a in 0..<n where groupOf[a] >= 0 {
                let (f0, f1, f2) = firstThree[Int(groupOf[a])]
                guard f1 >= 0 else { continue }  // the only occurrence
                var k = 0
                for m in 0..<3 where k < 4 {
                    let j = Int(m == 0 ? f0 : (m == 1 ? f1 : f2))
                    guard j >= 0 && j != a else { continue }
                    agg[4 * a + k] = j > 0 ? hs[j - 1].lower : boundaryHash
                    agg[4 * a + k + 1] = j + 1 < n ? hs[j + 1].lower : boundaryHash
                    k += 2
                }
            }
        }
        self.aggregate = agg
        self.hashes = hs
    }

    /// Tag-independent features of token `i`: its word's own (`wordFeatures`), then those of its
    /// context; returns how many were written.
    @inline(__always)
    func staticFeatures(_ i: Int, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        let c = TaggerInput.wordFeatures(WordView(hashes[i]), out)
        return c + contextFeatures(i, out + c)
    }

    /// The features of a token that depend on nothing but its `WordView` (its bytes, the word
    /// knowledge of its lowercase form, its own case flags): the decoder keeps their summed weights
    /// per word (`WordScoreCache`), so a word seen before costs one look-up instead of one per feature.
    /// A feature that reads anything else about the token or its neighbours belongs in
    /// `contextFeatures`. Returns how many were written.
    @inline(__always)
    static func wordFeatures(_ w: WordView, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        let k = w.know
        let v = w.vec
        let capBits = UInt64(w.flags & (TF.cap | TF.allCaps | TF.sentStart | TF.lineAllCaps))
        let fb = UInt64(w.flags & (TF.sentStart | TF.lineStart | TF.lineAllCaps | TF.paraStart))
        var c = 0
        out[c] = feat(1, 0); c += 1
        out[c] = feat(2, w.lower); c += 1
        out[c] = feat(3, w.exact); c += 1
        out[c] = feat(4, w.shape); c += 1
        out[c] = feat(5, w.pre3); c += 1
        out[c] = feat(6, w.suf2); c += 1
        out[c] = feat(7, w.suf3); c += 1
        out[c] = feat(8, w.suf4); c += 1
        out[c] = feat(18, fb, w.shape); c += 1
        out[c] = feat(24, UInt64(w.lenBucket), w.shape); c += 1
        out[c] = feat(60, UInt64(bitPattern: Int64(v.fine))); c += 1
        out[c] = feat(61, UInt64(bitPattern: Int64(v.mid)), capBits); c += 1
        out[c] = feat(62, UInt64(bitPattern: Int64(v.mid)), w.shape); c += 1
        out[c] = feat(67, UInt64(k.zipf), capBits); c += 1
        out[c] = feat(68, UInt64(k.firstName), UInt64(k.lastName), UInt64(w.flags & TF.cap)); c += 1
        out[c] = feat(78, UInt64(bitPattern: Int64(v.k4096))); c += 1
        out[c] = feat(79, UInt64(bitPattern: Int64(v.k512)), capBits); c += 1
        return c
    }

    /// The tag-independent features of token `i` that are not `wordFeatures`: those of each neighbour
    /// alone (`leftFeatures`, `rightFeatures`), then the rest (`jointFeatures`); returns how many were
    /// written.
    @inline(__always)
    func contextFeatures(_ i: Int, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        var c = TaggerInput.leftFeatures(SideView(left: i, of: self), out)
        c += TaggerInput.rightFeatures(SideView(right: i, of: self), out + c)
        return c + jointFeatures(i, out + c)
    }

    /// The features of token `i` that read its left neighbour's word and nothing else but the token's
    /// capital (the decoder keeps their sums per neighbour word, as it does `wordFeatures`).
    @inline(__always)
    static func leftFeatures(_ v: SideView, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        let b = v.boundary
        out[0] = feat(10, b ? boundaryHash : v.lower)
        out[1] = feat(27, b ? boundaryHash : v.exact, v.cap)
        out[2] = feat(52, b ? boundaryHash : v.suf3)
        out[3] = feat(63, b ? 0xB0 : UInt64(bitPattern: Int64(v.mid)), v.cap)
        out[4] = feat(76, UInt64(bitPattern: Int64(b ? -2 : v.fine)), v.cap)
        return 5
    }

    /// The same for the right neighbour.
    @inline(__always)
    static func rightFeatures(_ v: SideView, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        let b = v.boundary
        out[0] = feat(11, b ? boundaryHash : v.lower)
        out[1] = feat(53, b ? boundaryHash : v.suf3)
        out[2] = feat(64, b ? 0xB0 : UInt64(bitPattern: Int64(v.mid)), v.cap)
        out[3] = feat(77, UInt64(bitPattern: Int64(b ? -2 : v.fine)), v.cap)
        return 4
    }

    /// The features of token `i` that read it together with its neighbours, or the document.
    @inline(__always)
    func jointFeatures(_ i: Int, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        let n = hashes.count
        let h = hashes[i]
        let pm1 = i > 0 ? hashes[i - 1] : TokHash()
        let pp1 = i + 1 < n ? hashes[i + 1] : TokHash()
        let lm1 = i > 0 ? pm1.lower : boundaryHash
        let lp1 = i + 1 < n ? pp1.lower : boundaryHash
        let lm2 = i > 1 ? hashes[i - 2].lower : boundaryHash
        let lp2 = i + 2 < n ? hashes[i + 2].lower : boundaryHash
        let sm1 = i > 0 ? pm1.shape : boundaryHash
        let sp1 = i + 1 < n ? pp1.shape : boundaryHash
        var c = 0
        out[c] = feat(12, lm2); c += 1
        out[c] = feat(13, lp2); c += 1
        out[c] = feat(14, sm1, h.shape); c += 1
        out[c] = feat(15, h.shape, sp1); c += 1
        out[c] = feat(16, lm1, h.lower); c += 1
        out[c] = feat(17, h.lower, lp1); c += 1
        let fb = UInt64(h.flags & (TF.sentStart | TF.lineStart | TF.lineAllCaps | TF.paraStart))
        out[c] = feat(19, h.gaz); c += 1
        out[c] = feat(20, i > 0 ? pm1.gaz : boundaryHash, i + 1 < n ? pp1.gaz : boundaryHash); c += 1
        out[c] = feat(22, UInt64(h.doc), h.shape, fb & UInt64(TF.sentStart | TF.lineAllCaps)); c += 1
        out[c] = feat(25, sm1, h.lower); c += 1
        out[c] = feat(26, h.lower, sp1); c += 1
        out[c] = feat(28, UInt64(h.capRun)); c += 1
        out[c] = feat(29, UInt64(h.capRun), h.shape); c += 1
        out[c] = feat(54, lm1, lp1); c += 1
        let sm2 = i > 1 ? hashes[i - 2].shape : boundaryHash
        let sp2 = i + 2 < n ? hashes[i + 2].shape : boundaryHash
        out[c] = feat(55, sm2, sm1, h.shape); c += 1
        out[c] = feat(56, h.shape, sp1, sp2); c += 1
        // word knowledge of the neighbours: clusters, name ranks
        let k = h.know
        let v = h.vec
        let midM1 = i > 0 ? UInt64(bitPattern: Int64(pm1.vec.mid)) : 0xB0
        let midP1 = i + 1 < n ? UInt64(bitPattern: Int64(pp1.vec.mid)) : 0xB0
        out[c] = feat(65, midM1, UInt64(bitPattern: Int64(v.mid))); c += 1
        out[c] = feat(66, UInt64(bitPattern: Int64(v.mid)), midP1); c += 1
        out[c] = feat(69, UInt64(i > 0 ? pm1.know.firstName : 7), UInt64(k.lastName), UInt64(h.flags & TF.cap)); c += 1
        out[c] = feat(70, UInt64(k.firstName), UInt64(i + 1 < n ? pp1.know.lastName : 7), UInt64(h.flags & TF.cap))
        c += 1
        // the head of a name decides its type: the first words of a run of capitalised words see its
        // last word and the word after the run
        let last = Int(h.runLast)
        if last > i {
            let hl = hashes[last]
            out[c] = feat(80, hl.lower); c += 1
            out[c] = feat(81, UInt64(bitPattern: Int64(hl.vec.mid)), UInt64(h.capRun >> 3)); c += 1
            out[c] = feat(82, last + 1 < n ? hashes[last + 1].lower : boundaryHash); c += 1
        }
        let ag = 4 * i
        if ag < aggregate.count && aggregate[ag] != 0 {
            out[c] = feat(50, aggregate[ag]); c += 1
            out[c] = feat(51, aggregate[ag + 1]); c += 1
            if aggregate[ag + 2] != 0 {
                out[c] = feat(50, aggregate[ag + 2]); c += 1
                out[c] = feat(51, aggregate[ag + 3]); c += 1
            }
        }
        if h.gaz != 0 {
            var g = h.gaz
            while g != 0 {
                let bit = UInt64(g.trailingZeroBitCount)
                out[c] = feat(21, bit); c += 1
                g &= g - 1
                if c >= 80 { break }
            }
        }
        return c
    }

    /// The features of token `i` that read the tags before it: those of the tags alone
    /// (`previousTagFeatures`), then those of the previous tag with the word.
    @inline(__always)
    func tagFeatures(_ i: Int, _ prev: Int, _ prev2: Int, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        let h = hashes[i]
        let c = TaggerInput.previousTagFeatures(prev, prev2, out)
        out[c] = feat(32, UInt64(prev), h.lower)
        out[c + 1] = feat(33, UInt64(prev), h.shape)
        return c + 2
    }

    /// The features that read nothing but the two previous tags (the decoder keeps their sums per pair
    /// in the word cache).
    @inline(__always)
    static func previousTagFeatures(_ prev: Int, _ prev2: Int, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        out[0] = feat(30, UInt64(prev))
        out[1] = feat(31, UInt64(prev), UInt64(prev2))
        return 2
    }

    /// The prediction-history features of a capitalised token: the types already predicted for its word
    /// in the document (`past`, a bit per type) and whether it starts a sentence (kept per pair too).
    @inline(__always)
    static func historyFeatures(_ past: UInt8, _ sentStart: Bool, _ out: UnsafeMutablePointer<UInt64>) -> Int {
        out[0] = feat(40, UInt64(past))
        out[1] = feat(41, UInt64(past), sentStart ? 1 : 0)
        return 2
    }
}

let maxFeatures = 112

/// allowed[prev * numTags + cur]
let allowedTransitions: [Bool] = {
    var a = [Bool](repeating: false, count: numTags * numTags)
    for p in 0..<numTags {
        for c in 0..<numTags {
            let pk = tagKind(p)
            let ck = tagKind(c)
            let open = pk == 0 || pk == 1
            if open {
                a[p * numTags + c] = (ck == 1 || ck == 2) && tagType(c) == tagType(p)
            } else {
                a[p * numTags + c] = c == 0 || ck == 0 || ck == 3
            }
        }
    }
    return a
}()

extension TaggerInput {
    /// Whether token `i`, read outside an entity, starts none, so that the gated decoder tags it O
    /// without scoring it:
    /// - a lowercase word or punctuation (without a digit);
    /// - a capitalised closed-class word before a lowercase one ("He said", "The company", "In the":
    ///   `NumLex.startsNoNameList`; "On" stays scored for "On the Waterfront"), or a weekday or month of
    ///   that list before no capitalised word ("on Friday,", "September 5");
    /// - the pronoun "I" and a few function words in capitals (`capitalsNoName`: "AT", "AFTER" in headlines);
    /// - a possessive "'s" (1,522 scored over eng.train, none tagged);
    /// - a word of a script without case or a symbol ("사진", "½": 1,295 scored over the web pages, none
    ///   tagged);
    /// - digits with lowercase letters before no capitalised word ("10th", "1990s", "12-year-old": 1,229
    ///   over the corpora, none tagged; "3M" and "21st Century Fox" are scored);
    /// - a number (digits and connectors, no letter) that no capitalised word follows (over eng.train the
    ///   embedded model, scoring them all, started an entity at 1 of the 14,908 such numbers,
    ///   "1997--Ruehe", a PRODUCT, and at none of the 4,685 in eng.testb);
    /// - a number before a capitalised word unless it has four digits ("1860 Munich"), groups thousands
    ///   ("1,000 Guineas") or is a range ("1966-76"): over the corpora those three started 32 entities,
    ///   the 6,000 others (3,825 of one to three digits, decimals, fractions) none.
    /// The corpora: eng.train, eng.testa/b, WikiGold, the web pages and the seeds. Outputs are the same
    /// byte for byte over them, with the embedded model and with the one fitted on eng.train alone.
    @inline(__always)
    func startsNoEntity(_ i: Int) -> Bool {
        let f = hashes[i].flags
        if f & TF.digit == 0 {
            if f & (TF.lower | TF.punct) != 0 { return true }
            let lex = hashes[i].numLex
            // "'s"; a word of a script without case ("사진") or a symbol ("½", an emoji)
            if f & TF.cap == 0 { return lex & NumLex.startsNoName != 0 || f & TF.alpha == 0 }
            // the pronoun "I", and a function word in capitals ("AT", "OF", "AFTER" in a headline)
            if f & TF.allCaps != 0 { return TaggerInput.capitalsNoName.contains(hashes[i].lower) }
            guard f & TF.cap != 0 && lex & NumLex.startsNoName != 0 && i + 1 < hashes.count else { return false }
            let next = hashes[i + 1].flags
            if next & TF.lower != 0 { return true }
            // a weekday or a month before no capitalised word: "on Friday, the", "September 5"
            return lex & (NumLex.weekdays | NumLex.months) != 0 && next & TF.cap == 0
        }
        let nextCap = i + 1 < hashes.count && hashes[i + 1].flags & TF.cap != 0
        // digits with lowercase letters before no capitalised word: "10th", "1990s", "12-year-old"
        if f & TF.alpha != 0 { return f & (TF.cap | TF.allCaps) == 0 && !nextCap }
        if !nextCap { return true }
        // before a capitalised word only a four-digit number ("1860 Munich"), a thousand ("1,000 Guineas")
        // or a range ("1966-76") started a name in the corpora
        let shape = hashes[i].shape
        return
            !((shape == TaggerInput.digitsShape && hashes[i].lenBucket == 4) || shape == TaggerInput.thousandsShape
            || shape == TaggerInput.rangeShape)
    }

    /// Words that, written in capitals, started no name in the corpora: "I" (1,026 scored), and in
    /// headlines "AT" (214), "OF", "TO", "FOR", "AND", "AFTER", "WITH", "BY", "FROM" ("THE", "IN", "ON",
    /// "AS" and "OR", Oregon, did start names).
    static let capitalsNoName: FastSet = NumLex.set("i at of to for and after with by from")

    /// Shape hashes (as `TaggerInput` works them out: runs of one class collapsed) of numbers.
    static let digitsShape = fnvLower("d")
    static let thousandsShape = fnvLower("d,d")
    static let rangeShape = fnvLower("d-d")
}

/// Greedy decode; `onToken` (training) sees the features, scores and chosen tag of each token.
@inline(__always)
func decode<T: ScoreTable>(
    _ input: TaggerInput, _ table: T, passes: Int = 1, gate: Bool = false,
    typeScores: UnsafeMutablePointer<Float>? = nil,
    _ onToken: ((Int, UnsafeMutablePointer<UInt64>, Int, Int) -> Void)? = nil
) -> [UInt8] {
    let n = input.tokens.count
    if n == 0 { return [] }
    // plain memory inside the loop (array writes there were not always inlined)
    let tags = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
    defer { tags.deallocate() }
    tags.initialize(repeating: 0, count: n)
    let buf = UnsafeMutablePointer<UInt64>.allocate(capacity: maxFeatures)
    defer { buf.deallocate() }
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: numTags)
    defer { scores.deallocate() }
    // the embedded model keeps each word's `wordFeatures` sums in this thread's cache (not when the
    // caller looks at every feature)
    let model = table as? PackedModel
    let packed = model?.table
    let wordCache = onToken == nil ? model?.wordCache()?.view : nil
    var prev = 0
    var prev2 = 0
    // prediction history: the type last predicted for this (capitalised) word in the document
    var hcap = 64
    while hcap < n * 2 && hcap < 1 << 17 { hcap <<= 1 }
    let hkeys = UnsafeMutablePointer<UInt64>.allocate(capacity: hcap)
    defer { hkeys.deallocate() }
    hkeys.initialize(repeating: 0, count: hcap)
    let hvals = UnsafeMutablePointer<UInt8>.allocate(capacity: hcap)
    defer { hvals.deallocate() }
    hvals.initialize(repeating: 0, count: hcap)
    var hcount = 0
    let hmask = hcap - 1
    @inline(__always) func hslot(_ key: UInt64) -> Int {
        let k = key | 1
        var i = Int(truncatingIfNeeded: mix64(k)) & hmask
        while hkeys[i] != 0 && hkeys[i] != k { i = (i + 1) & hmask }
        return i
    }
    if let wordCache {
        // ask for the cache entries of every token that will be scored whatever the tags before it, so
        // those cache misses (the caches are new memory in a new process) overlap. (Working out those
        // tokens' joint features ahead and asking for their weight slots too was slower: thousands of
        // lines a document, into the first- or the second-level cache.)
        for i in 0..<n {
            if gate && input.startsNoEntity(i) { continue }
            wordCache.prefetch(WordView.key(input.hashes[i]))
            wordCache.prefetch(SideView(left: i, of: input).key(side: 1))
            wordCache.prefetch(SideView(right: i, of: input).key(side: 2))
        }
    }
    for _ in 0..<passes {
        prev = 0
        prev2 = 0
        allowedTransitions.withUnsafeBufferPointer { allowed in
            for i in 0..<n {
                // outside an entity, a token that starts none is tagged O without scoring
                if gate && (prev == 0 || tagKind(prev) >= 2) && input.startsNoEntity(i) {
                    tags[i] = 0
                    prev2 = prev
                    prev = 0
                    continue
                }
                var sums = PackedModel.Sums()
                var c: Int
                if let wordCache, let packed {
                    wordCache.add(word: i, of: input, packed, to: &sums)
                    wordCache.add(SideView(left: i, of: input), side: 1, packed, to: &sums)
                    wordCache.add(SideView(right: i, of: input), side: 2, packed, to: &sums)
                    c = input.jointFeatures(i, buf)
                } else {
                    c = input.staticFeatures(i, buf)
                }
                let h = input.hashes[i]
                if let wordCache, let packed {
                    // the tags-only and history features from the cache, the tag-and-word ones looked up
                    let (p1, p2) = (UInt64(prev), UInt64(prev2))
                    wordCache.add(mix64(0x7A65_0000 ^ p1 << 8 ^ p2) | 1, packed, to: &sums) {
                        TaggerInput.previousTagFeatures(prev, prev2, $0)
                    }
                    buf[c] = feat(32, p1, h.lower)
                    buf[c + 1] = feat(33, p1, h.shape)
                    c += 2
                    if h.flags & TF.cap != 0 {
                        let past = hvals[hslot(h.lower)]
                        let start = h.flags & TF.sentStart != 0
                        wordCache.add(mix64(0x4157_0000 ^ UInt64(past) << 1 ^ (start ? 1 : 0)) | 1, packed, to: &sums) {
                            TaggerInput.historyFeatures(past, start, $0)
                        }
                    }
                } else {
                    c += input.tagFeatures(i, prev, prev2, buf + c)
                    if h.flags & TF.cap != 0 {
                        c += TaggerInput.historyFeatures(hvals[hslot(h.lower)], h.flags & TF.sentStart != 0, buf + c)
                    }
                }
                if let packed {
                    packed.sum(buf, c, into: &sums)
                    packed.store(sums, scores)
                } else {
                    scores.initialize(repeating: 0, count: numTags)
                    table.accumulateAll(buf, c, scores)
                }
                var best = 0
                var bestScore = -Float.infinity
                for t in 0..<numTags where scores[t] > bestScore {
                    bestScore = scores[t]
                    best = t
                }
                if !allowed[prev * numTags + best] {
                    // repair: close an open entity, or pick the best tag allowed after it
                    let pk = tagKind(prev)
                    if (pk == 0 || pk == 1) && (best == 0 || tagKind(best) == 0 || tagKind(best) == 3) {
                        let fixed = makeTag(tagType(prev), pk == 0 ? 3 : 2)
                        tags[i - 1] = UInt8(fixed)
                        prev = fixed
                    } else {
                        best = 0
                        bestScore = -Float.infinity
                        for t in 0..<numTags where allowed[prev * numTags + t] && scores[t] > bestScore {
                            bestScore = scores[t]
                            best = t
                        }
                    }
                }
                tags[i] = UInt8(best)
                if let ts = typeScores {
                    // each base type's score at the chosen tag's position (B, I, L or U), for the
                    // article-level vote
                    let kind = best == 0 ? 3 : tagKind(best)
                    for k in 0..<4 { ts[4 * i + k] = scores[1 + 4 * k + kind] }
                }
                onToken?(i, buf, c, best)
                if h.flags & TF.cap != 0 {
                    if best != 0 {
                        let i = hslot(h.lower)
                        if hkeys[i] == 0 && hcount < hcap * 3 / 4 {
                            hkeys[i] = h.lower | 1
                            hcount += 1
                        }
                        if hkeys[i] != 0 { hvals[i] |= UInt8(1 << tagType(best)) }
                    }
                }
                prev2 = prev
                prev = best
            }
        }
    }
    // close an entity left open at the end
    let last = Int(tags[n - 1])
    if last != 0 {
        let k = tagKind(last)
        if k == 0 { tags[n - 1] = UInt8(makeTag(tagType(last), 3)) }
        if k == 1 { tags[n - 1] = UInt8(makeTag(tagType(last), 2)) }
    }
    return Array(UnsafeBufferPointer(start: tags, count: n))
}

/// Spans (token ranges) of a BILOU tag sequence: (first, last inclusive, base type).
func tagSpans(of tags: [UInt8]) -> [(Int, Int, Int)] {
    var out: [(Int, Int, Int)] = []
    var start = -1
    for i in 0..<tags.count {
        let t = Int(tags[i])
        if t == 0 {
            start = -1
            continue
        }
        switch tagKind(t) {
        case 0: start = i
        case 1: if start < 0 { start = i }
        case 2:
            out.append((start < 0 ? i : start, i, tagType(t)))
            start = -1
        default:
            out.append((i, i, tagType(t)))
            start = -1
        }
    }
    return out
}

/// The packed runtime model: one open-addressing table whose slots hold the feature key, how far the
/// slot is from the key's home slot, and its 17 Int16 weights side by side (40 bytes); one global
/// scale. The slots are laid out Robin Hood style (along a run of slots, each key is at least as far
/// from its home as the one before it is from its own, less one), so a look-up for a key that is not
/// there stops at the first slot nearer its home than the look-up has come, instead of at the next
/// empty slot. The embedded model is used where it lies in the binary's read-only data (nothing
/// decoded or copied at load); a model built in memory (training) owns a copy.
final class PackedModel: ScoreTable, @unchecked Sendable {
    // The pointer is read-only after init: into the binary's constant data, or into `owned`, which
    // this object frees. Safe to share.
    /// UInt16 per slot: key (2; 0 = empty, else odd), distance from the home slot plus one (1; 0 when
    /// empty), weights (17).
    static let stride = 20
    /// The serialised format this build reads and writes (see `serialize`).
    static let format = "WWN7"
    /// UInt64 words of the membership filter after the table (128 KB): two bits per key in one word, so
    /// most look-ups of a key that is not there (a fifth of them over eng.testb) read no slot. (WWN6's
    /// 256 KB filter let 0.7 % of absent keys through with the 92,853 keys of the pruned model; this one
    /// 2.6 %, the rate the 176,432 of the unpruned one had, and has half the lines to bring in: ~1 ms
    /// less CPU over eng.testb's 231 articles.)
    static let filterWords = 1 << 14
    let tableBase: UnsafePointer<UInt16>
    let filterBase: UnsafePointer<UInt64>
    private let owned: UnsafeMutableRawPointer?
    let capacity: Int
    let scale: Float
    let count: Int

    init(keys: [UInt64], scales: [Float], weights: [Int16]) {
        let n = keys.count
        var maxAbs: Float = 0
        for r in 0..<n {
            for t in 0..<numTags { maxAbs = max(maxAbs, abs(scales[r] * Float(weights[r * numTags + t]))) }
        }
        let gscale = maxAbs > 0 ? maxAbs / 32767 : 1
        let cap = max(64, n + n / 2)
        let stride = PackedModel.stride
        var tab = [UInt16](repeating: 0, count: cap * stride)
        var slot = [UInt16](repeating: 0, count: stride)
        for r in 0..<n {
            let key = keys[r]
            let k32 = UInt32(truncatingIfNeeded: key >> 32) | 1
            slot[0] = UInt16(truncatingIfNeeded: k32)
            slot[1] = UInt16(truncatingIfNeeded: k32 >> 16)
            slot[2] = 1
            for t in 0..<numTags {
                let v = (scales[r] * Float(weights[r * numTags + t]) / gscale).rounded()
                slot[3 + t] = UInt16(bitPattern: Int16(max(-32767, min(32767, v))))
            }
            // Robin Hood insertion: walk from the home slot; take the place of a key nearer its own home
            // and carry that one on
            var idx = PackedModel.home(key, cap)
            while tab[idx * stride + 2] != 0 {
                if tab[idx * stride + 2] < slot[2] {
                    for k in 0..<stride { swap(&tab[idx * stride + k], &slot[k]) }
                }
                slot[2] += 1
                idx += 1
                if idx == cap { idx = 0 }
            }
            for k in 0..<stride { tab[idx * stride + k] = slot[k] }
        }
        var filter = [UInt64](repeating: 0, count: PackedModel.filterWords)
        for i in 0..<cap where tab[i * stride + 2] != 0 {
            let (word, bits) = PackedModel.filterBits(UInt32(tab[i * stride]) | UInt32(tab[i * stride + 1]) << 16)
            filter[word] |= bits
        }
        let tableBytes = tab.count * 2
        let mem = UnsafeMutableRawPointer.allocate(byteCount: tableBytes + filter.count * 8, alignment: 64)
        tab.withUnsafeBytes { mem.copyMemory(from: $0.baseAddress!, byteCount: tableBytes) }
        filter.withUnsafeBytes { (mem + tableBytes).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        owned = mem
        tableBase = UnsafePointer(mem.assumingMemoryBound(to: UInt16.self))
        filterBase = UnsafePointer((mem + tableBytes).assumingMemoryBound(to: UInt64.self))
        capacity = cap
        scale = gscale
        count = n
    }

    /// The filter word of a 32-bit key and its two bits there (bits 1-14 of the key pick the word, 16-21
    /// and 22-27 the bits; bit 0 is always set).
    @inline(__always)
    static func filterBits(_ k32: UInt32) -> (Int, UInt64) {
        (Int((k32 >> 1) & 0x3FFF), 1 << UInt64((k32 >> 16) & 63) | 1 << UInt64((k32 >> 22) & 63))
    }

    /// The slot where a look-up for `key` starts.
    @inline(__always)
    static func home(_ key: UInt64, _ cap: Int) -> Int {
        Int((UInt64(UInt32(truncatingIfNeeded: key)) &* UInt64(cap)) >> 32)
    }

    /// A model over serialised bytes: in place when `inPlace` (the bytes must outlive it: the
    /// binary's constant data), else copied.
    private init(bytes: UnsafeRawPointer, capacity: Int, scale: Float, count: Int, inPlace: Bool) {
        let total = capacity * PackedModel.stride * 2 + PackedModel.filterWords * 8
        if inPlace {
            owned = nil
            tableBase = bytes.assumingMemoryBound(to: UInt16.self)
        } else {
            let mem = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 64)
            mem.copyMemory(from: bytes, byteCount: total)
            owned = mem
            tableBase = UnsafePointer(mem.assumingMemoryBound(to: UInt16.self))
        }
        filterBase = UnsafeRawPointer(tableBase + capacity * PackedModel.stride).assumingMemoryBound(to: UInt64.self)
        self.capacity = capacity
        self.scale = scale
        self.count = count
    }

    deinit { owned?.deallocate() }

    /// This thread's word cache for this model, or nil when the model is not the binary's own (a
    /// model in memory can be freed and another built at its address; the embedded one never moves).
    @inline(__always)
    func wordCache() -> WordScoreCache? {
        owned == nil ? WordScoreCache.current(for: UnsafeRawPointer(tableBase)) : nil
    }

    /// Serialised form "WWN7": capacity, scale, count (little-endian UInt32s), then the whole slot
    /// table and the filter exactly as they are used, so the embedded copy needs no decoding. (WWN4 had
    /// the slots in plain linear-probing order without distances and a one-bit filter; WWN5 no filter;
    /// WWN6 a filter twice the size.)
    func serialize() -> [UInt8] {
        var out: [UInt8] = Array(PackedModel.format.utf8)
        func u32(_ v: UInt32) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
        u32(UInt32(capacity))
        u32(scale.bitPattern)
        u32(UInt32(count))
        out.append(contentsOf: UnsafeRawBufferPointer(start: tableBase, count: capacity * PackedModel.stride * 2))
        out.append(contentsOf: UnsafeRawBufferPointer(start: filterBase, count: PackedModel.filterWords * 8))
        return out
    }

    /// Why `b` is not a model this build reads; nil when it is one.
    static func formatProblem(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        guard b.count >= 16, let base = b.baseAddress else { return "not a wirewatch model (\(b.count) bytes)" }
        let magic = String(decoding: UnsafeBufferPointer(start: base, count: 4), as: UTF8.self)
        guard magic == format else {
            if magic.hasPrefix("WWN") {
                return "a model in format \(magic), and this build reads \(format): run `make train` "
                    + "(scripts/train.sh, about 30 s) to write it again"
            }
            return "not a wirewatch model (it does not start with \(format))"
        }
        let cap = Int(UnsafeRawPointer(base).loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
        guard cap > 0, b.count == 16 + cap * stride * 2 + filterWords * 8 else {
            return "a damaged \(format) model (\(b.count) bytes for \(cap) slots)"
        }
        return nil
    }

    /// The model in `b` ("WWN7"), used in place when `inPlace`; nil when the bytes are not such a model
    /// (`formatProblem` says why).
    static func deserialize(_ b: UnsafeBufferPointer<UInt8>, inPlace: Bool = false) -> PackedModel? {
        guard formatProblem(b) == nil, let base = b.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let cap = Int(raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
        let scale = Float(bitPattern: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian)
        let count = Int(raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian)
        // in place needs the table aligned for UInt16 and the filter after it for UInt64
        let aligned = Int(bitPattern: raw + 16) % 8 == 0
        return PackedModel(bytes: raw + 16, capacity: cap, scale: scale, count: count, inPlace: inPlace && aligned)
    }

    @inline(__always)
    func accumulate(_ key: UInt64, _ scores: UnsafeMutablePointer<Float>) {
        var k = key
        accumulateAll(&k, 1, scores)
    }

    var memoryBytes: Int { capacity * PackedModel.stride * 2 + PackedModel.filterWords * 8 }

    /// Integer sums of the 17 weights of every key present, 16 lanes in a vector and the last apart:
    /// exact, so the order of the keys (or summing part of them once and keeping the result, as the word
    /// cache does) cannot change a score.
    struct Sums {
        // weights 0, 2, ... 14 and 1, 3, ... 15 (each pair of Int16 is read as one Int32 lane and split
        // by shifts, which stay in vector registers), and weight 16
        var even = SIMD8<Int32>()
        var odd = SIMD8<Int32>()
        var last: Int32 = 0

        @inline(__always)
        mutating func add(_ o: Sums) {
            even &+= o.even
            odd &+= o.odd
            last &+= o.last
        }

        /// Adds the 17 weights at `w` (Int16, little-endian, unaligned).
        @inline(__always)
        mutating func add(weights w: UnsafeRawPointer) {
            let pairs = w.loadUnaligned(as: SIMD8<Int32>.self)
            even &+= (pairs &<< 16) &>> 16
            odd &+= pairs &>> 16
            last &+= Int32(w.loadUnaligned(fromByteOffset: 32, as: Int16.self))
        }
    }

    /// The table as a plain value (what the decoder's loop uses: no reference counting there).
    var table: PackedTable {
        PackedTable(tableBase: tableBase, filterBase: filterBase, capacity: capacity, scale: scale)
    }

    /// scores[t] = scale * (sum of the weights t of the keys present): the decoder clears `scores`
    /// first. The sum is the integer one, so it does not depend on the keys' order.
    @inline(__always)
    func accumulateAll(_ keys: UnsafeMutablePointer<UInt64>, _ n: Int, _ scores: UnsafeMutablePointer<Float>) {
        var s = Sums()
        table.sum(keys, n, into: &s)
        let sc = scale
        for k in 0..<8 {
            scores[2 * k] += Float(s.even[k]) * sc
            scores[2 * k + 1] += Float(s.odd[k]) * sc
        }
        scores[16] += Float(s.last) * sc
    }
}

/// A `PackedModel`'s table as a plain value: the look-ups.
struct PackedTable {
    let tableBase: UnsafePointer<UInt16>
    let filterBase: UnsafePointer<UInt64>
    let capacity: Int
    let scale: Float
    typealias Sums = PackedModel.Sums

    /// scores[t] = scale * (integer sum of weight t): the one rounding a score gets.
    @inline(__always)
    func store(_ s: Sums, _ scores: UnsafeMutablePointer<Float>) {
        let sc = scale
        for k in 0..<8 {
            scores[2 * k] = Float(s.even[k]) * sc
            scores[2 * k + 1] = Float(s.odd[k]) * sc
        }
        scores[16] = Float(s.last) * sc
    }

    /// Batched lookup: the first slots of all keys are asked for before any is used, so the
    /// cache misses overlap instead of queueing one behind another. Adds the weights of every present
    /// key to `s` (at most 128 keys).
    @inline(__always)
    func sum(_ keys: UnsafePointer<UInt64>, _ n: Int, into s: inout Sums) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 128) { idxBuf in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 128) { keyBuf in
                let m = prepare(keys, n, idxBuf.baseAddress!, keyBuf.baseAddress!)
                finish(idxBuf.baseAddress!, keyBuf.baseAddress!, m, into: &s)
            }
        }
    }

    /// The first half of `sum`: writes the home slot and the 32-bit key of each key (at most 128) that
    /// the filter lets through, asks for those slots, and returns how many there are. Over eng.testb 80 %
    /// of the keys looked up are in the table, found 1.0 slots past their home on average; the filter
    /// (two bits in one word: ~3 % of absent keys pass) spares most of the others a slot read, which
    /// costs more than its instructions: with it the run takes 7 M more instructions and ~1.5 ms less
    /// CPU. (WWN4's one-bit filter had been dropped as not worth it when both lines of a slot were asked
    /// for; with one line a key it pays.)
    @inline(__always)
    func prepare(
        _ keys: UnsafePointer<UInt64>, _ n: Int, _ idxBuf: UnsafeMutablePointer<Int>,
        _ keyBuf: UnsafeMutablePointer<UInt32>
    ) -> Int {
        let cap = capacity
        let base0 = UnsafeRawPointer(tableBase)
        let stride = PackedModel.stride * 2
        var m = 0
        for k in 0..<min(n, 128) {
            let key = keys[k]
            let k32 = UInt32(truncatingIfNeeded: key >> 32) | 1
            let (word, bits) = PackedModel.filterBits(k32)
            if filterBase[word] & bits != bits { continue }  // not in the table
            let idx = PackedModel.home(key, cap)
            idxBuf[m] = idx
            keyBuf[m] = k32
            m += 1
            // the line with the key (a slot that straddles two lines has its last weights in the next
            // one: asking for both, ~40 lines a token, was ~0.3 ms slower over eng.testb)
            wk_prefetch(base0 + idx &* stride)
        }
        return m
    }

    /// The second half of `sum`: adds the weights of the `m` prepared keys found in the table to `s`.
    /// A look-up stops at its key, or at the first slot whose key is nearer its own home than this one
    /// would be (or that is empty: distance 0).
    @inline(__always)
    func finish(
        _ idxBuf: UnsafePointer<Int>, _ keyBuf: UnsafePointer<UInt32>, _ m: Int, into s: inout Sums
    ) {
        let cap = capacity
        let base0 = UnsafeRawPointer(tableBase)
        let stride = PackedModel.stride * 2
        var acc = s
        for j in 0..<m {
            var idx = idxBuf[j]
            let k32 = keyBuf[j]
            var d: UInt16 = 0
            while true {
                let slot = base0 + idx &* stride
                let head = slot.loadUnaligned(as: UInt64.self)
                if UInt32(truncatingIfNeeded: head) == k32 {
                    acc.add(weights: slot + 6)
                    break
                }
                if UInt16(truncatingIfNeeded: head >> 32) <= d { break }
                d &+= 1
                idx &+= 1
                if idx == cap { idx = 0 }
            }
        }
        s = acc
    }
}

/// Per-thread cache of the summed weights of each word's `wordFeatures` under the embedded model:
/// direct-mapped on `WordView.key`, a newer word replacing an older one in its slot. The sums are
/// exact integers, so a token scores the same whether its word came from here or was looked up.
final class WordScoreCache {
    static let slots = 1 << 13
    static let shift = UInt64(64 - 13)
    /// Int32s per slot: key (2), the 17 sums (as `PackedModel.Sums` lays them out: 8 even, 8 odd,
    /// last), pad (1).
    static let stride = 20
    fileprivate let mem: UnsafeMutablePointer<Int32>
    private var model: UnsafeRawPointer?

    static var bytes: Int { slots * stride * 4 }

    /// Over `bytes` zeroed bytes that `ThreadCaches` owns.
    fileprivate init(_ raw: UnsafeMutableRawPointer) {
        mem = raw.bindMemory(to: Int32.self, capacity: WordScoreCache.slots * WordScoreCache.stride)
    }

    /// The calling thread's cache, emptied first if it last served another model.
    static func current(for model: UnsafeRawPointer) -> WordScoreCache {
        let cache = ThreadCaches.current.scores
        if cache.model != model {
            // (a new cache is fresh zeroed memory: writing it would only take its page fault sooner)
            if cache.model != nil { cache.mem.update(repeating: 0, count: slots * stride) }
            cache.model = model
        }
        return cache
    }

    /// The cache as a plain value (no reference counting in the decoder's loop; this object, which
    /// owns the memory, lives as long as its thread).
    var view: WordScores { WordScores(mem: mem) }
}

/// A thread's `WordScoreCache` as a plain value: the look-ups.
struct WordScores {
    let mem: UnsafeMutablePointer<Int32>

    /// Asks for the slot of `key`.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        let slot = UnsafeRawPointer(mem + Int(truncatingIfNeeded: key >> WordScoreCache.shift) * WordScoreCache.stride)
        wk_prefetch(slot)
        wk_prefetch(slot + (WordScoreCache.stride * 4 - 1))
    }

    /// Adds the word features' sums of token `i` to `s`: from the cache, or looked up and kept.
    @inline(__always)
    func add(word i: Int, of input: TaggerInput, _ model: PackedTable, to s: inout PackedModel.Sums) {
        let h = input.hashes[i]
        add(WordView.key(h), model, to: &s) { TaggerInput.wordFeatures(WordView(h), $0) }
    }

    /// The same for a neighbour's features (`side` 1: `leftFeatures`, 2: `rightFeatures`).
    @inline(__always)
    func add(_ v: SideView, side: UInt64, _ model: PackedTable, to s: inout PackedModel.Sums) {
        add(v.key(side: side), model, to: &s) {
            side == 1 ? TaggerInput.leftFeatures(v, $0) : TaggerInput.rightFeatures(v, $0)
        }
    }

    /// Adds the sums kept under `key` to `s`, or those of the (at most 32) features `features` writes,
    /// which are then kept.
    @inline(__always)
    func add(
        _ key: UInt64, _ model: PackedTable, to s: inout PackedModel.Sums,
        features: (UnsafeMutablePointer<UInt64>) -> Int
    ) {
        let slot = mem + Int(truncatingIfNeeded: key >> WordScoreCache.shift) * WordScoreCache.stride
        let lo = Int32(truncatingIfNeeded: key)
        let hi = Int32(truncatingIfNeeded: key >> 32)
        let raw = UnsafeMutableRawPointer(slot)
        if slot[0] == lo && slot[1] == hi {
            s.even &+= raw.loadUnaligned(fromByteOffset: 8, as: SIMD8<Int32>.self)
            s.odd &+= raw.loadUnaligned(fromByteOffset: 40, as: SIMD8<Int32>.self)
            s.last &+= slot[18]
            return
        }
        var w = PackedModel.Sums()
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 32) { buf in
            let c = features(buf.baseAddress!)
            model.sum(buf.baseAddress!, c, into: &w)
        }
        slot[0] = lo
        slot[1] = hi
        raw.storeBytes(of: w.even, toByteOffset: 8, as: SIMD8<Int32>.self)
        raw.storeBytes(of: w.odd, toByteOffset: 40, as: SIMD8<Int32>.self)
        slot[18] = w.last
        s.add(w)
    }
}

/// Per-thread cache of what `TaggerInput` works out from a word's bytes alone: its hashes, its word
/// knowledge and its longest gazetteer phrase, direct-mapped on the word's exact hash (and checked
/// with its length), a newer word replacing an older one in its slot.
final class WordHashCache {
    struct Entry {
        var exact: UInt64 = 0  // 0: empty
        var count: Int32 = 0
        var longest: Int32 = 0
        var lower: UInt64 = 0
        var shape: UInt64 = 0
        var pre3: UInt64 = 0
        var suf2: UInt64 = 0
        var suf3: UInt64 = 0
        var suf4: UInt64 = 0
        var know = WordInfo(raw: 0)
        var vec = VectorRow()
        var lenBucket: UInt8 = 0
        var numLex: UInt16 = 0
    }
    static let slots = 1 << 13
    static let shift = UInt64(64 - 13)
    private let mem: UnsafeMutablePointer<Entry>

    static var bytes: Int { slots * MemoryLayout<Entry>.stride }

    /// Over `bytes` zeroed bytes that `ThreadCaches` owns.
    fileprivate init(_ raw: UnsafeMutableRawPointer) {
        mem = raw.bindMemory(to: Entry.self, capacity: WordHashCache.slots)
    }

    /// Forgets every word (tests: the next look-ups work everything out).
    func clear() { memset(mem, 0, WordHashCache.slots * MemoryLayout<Entry>.stride) }

    /// The cache as a plain value (no reference counting in `TaggerInput`'s loop).
    var view: WordHashes { WordHashes(mem: mem) }
}

/// A thread's `WordHashCache` as a plain value: the look-ups.
struct WordHashes {
    let mem: UnsafeMutablePointer<WordHashCache.Entry>

    /// Asks for the entry of the word with this exact hash.
    @inline(__always)
    func prefetch(_ exact: UInt64) {
        let e = UnsafeRawPointer(mem + Int(truncatingIfNeeded: mix64(exact) >> WordHashCache.shift))
        wk_prefetch(e)
        wk_prefetch(e + (MemoryLayout<WordHashCache.Entry>.stride - 1))
    }

    /// Fills `h` (whose `exact` is set) and `longest` from the cache; false when the word is not there.
    @inline(__always)
    func fill(_ h: inout TokHash, _ longest: inout Int32, count: Int) -> Bool {
        let e = mem + Int(truncatingIfNeeded: mix64(h.exact) >> WordHashCache.shift)
        guard e.pointee.exact == h.exact && e.pointee.count == Int32(truncatingIfNeeded: count) && h.exact != 0
        else { return false }
        h.lower = e.pointee.lower
        h.shape = e.pointee.shape
        h.pre3 = e.pointee.pre3
        h.suf2 = e.pointee.suf2
        h.suf3 = e.pointee.suf3
        h.suf4 = e.pointee.suf4
        h.know = e.pointee.know
        h.vec = e.pointee.vec
        h.lenBucket = e.pointee.lenBucket
        h.numLex = e.pointee.numLex
        longest = e.pointee.longest
        return true
    }

    /// Keeps what was worked out for a word of `count` bytes.
    func keep(_ h: TokHash, _ longest: Int32, count: Int) {
        let e = mem + Int(truncatingIfNeeded: mix64(h.exact) >> WordHashCache.shift)
        e.pointee = WordHashCache.Entry(
            exact: h.exact, count: Int32(truncatingIfNeeded: count), longest: longest, lower: h.lower,
            shape: h.shape, pre3: h.pre3, suf2: h.suf2, suf3: h.suf3, suf4: h.suf4, know: h.know, vec: h.vec,
            lenBucket: h.lenBucket, numLex: h.numLex)
    }
}

/// Each thread's caches (the tagger's tables are read-only and shared; these are not, so every
/// thread has its own).
final class ThreadCaches {
    let scores: WordScoreCache
    let words: WordHashCache
    private let region: UnsafeMutableRawPointer
    private let regionBytes: Int

    /// Both caches in one zeroed anonymous mapping, asked to be one 2 MiB huge page: a process that
    /// extracts takes one page fault for them instead of ~340, and one TLB entry.
    private init() {
        let huge = 2 << 20
        let need = WordScoreCache.bytes + WordHashCache.bytes
        let aligned = (need + huge - 1) / huge * huge
        regionBytes = aligned + huge
        guard let m = mmap(nil, regionBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            m != MAP_FAILED
        else { fatalError("ThreadCaches: no memory for \(regionBytes) bytes") }
        region = m
        let start = (Int(bitPattern: m) + huge - 1) / huge * huge
        let base = UnsafeMutableRawPointer(bitPattern: start)!
        _ = madvise(base, aligned, MADV_HUGEPAGE)
        scores = WordScoreCache(base)
        words = WordHashCache(base + WordScoreCache.bytes)
    }

    deinit { munmap(region, regionBytes) }

    static var current: ThreadCaches {
        if let p = pthread_getspecific(threadCachesKey) {
            return Unmanaged<ThreadCaches>.fromOpaque(p).takeUnretainedValue()
        }
        let caches = ThreadCaches()
        pthread_setspecific(threadCachesKey, Unmanaged.passRetained(caches).toOpaque())
        return caches
    }
}

/// The thread-specific slot holding each thread's `ThreadCaches` (released when the thread ends).
private let threadCachesKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { p in
        if let p { Unmanaged<ThreadCaches>.fromOpaque(p).release() }
    }
    return key
}()
