// Training of the perceptron tagger. Pure computation (the wirewatch-train command does the I/O).

/// A labelled document: text and gold spans in Unicode scalar offsets with CoNLL types
/// (PER, ORG, LOC, MISC).
@_spi(Training)
public struct TrainingDoc: Sendable {
    public var text: String
    public var gold: [(type: String, start: Int, end: Int)]
    public init(text: String, gold: [(type: String, start: Int, end: Int)]) {
        self.text = text
        self.gold = gold
    }
}

struct PreparedDoc {
    var input: TaggerInput
    var goldTags: [UInt8]
    var goldSpans: Set<SpanKey>
    var staticFeats: [UInt64]
    var featStart: [Int32]
}

struct SpanKey: Hashable {
    var start: Int
    var end: Int
    var type: Int
}

/// Float weights with lazy averaging.
final class TrainTable: ScoreTable {
    var index: [UInt64: Int32] = [:]
    var w: [Float] = []
    var u: [Double] = []
    var ts: [Int32] = []
    var counts: [Int32] = []
    var clock: Int32 = 1

    func accumulate(_ key: UInt64, _ scores: UnsafeMutablePointer<Float>) {
        guard let r = index[key] else { return }
        let base = Int(r) * numTags
        w.withUnsafeBufferPointer { wb in
            for t in 0..<numTags { scores[t] += wb[base + t] }
        }
    }

    func row(_ key: UInt64) -> Int {
        if let r = index[key] { return Int(r) }
        let r = counts.count
        index[key] = Int32(r)
        w.append(contentsOf: repeatElement(0, count: numTags))
        u.append(contentsOf: repeatElement(0, count: numTags))
        ts.append(contentsOf: repeatElement(0, count: numTags))
        counts.append(0)
        return r
    }

    func update(_ key: UInt64, _ tag: Int, _ delta: Float) {
        let r = row(key)
        let k = r * numTags + tag
        u[k] += Double(clock - ts[k]) * Double(w[k])
        ts[k] = clock
        w[k] += delta
    }

    func averaged() -> [Float] {
        var avg = [Float](repeating: 0, count: w.count)
        let c = Double(clock)
        for k in 0..<w.count {
            let total = u[k] + Double(clock - ts[k]) * Double(w[k])
            avg[k] = Float(total / c)
        }
        return avg
    }
}

final class FrozenTable: ScoreTable {
    let index: [UInt64: Int32]
    let w: [Float]
    init(index: [UInt64: Int32], w: [Float]) {
        self.index = index
        self.w = w
    }
    func accumulate(_ key: UInt64, _ scores: UnsafeMutablePointer<Float>) {
        guard let r = index[key] else { return }
        let base = Int(r) * numTags
        w.withUnsafeBufferPointer { wb in
            for t in 0..<numTags { scores[t] += wb[base + t] }
        }
    }
}

/// Training entry points used by `wirewatch-train`.
@_spi(Training)
public enum TaggerTrainer {
    static func prepare(_ doc: TrainingDoc) -> PreparedDoc {
        let bytes = Array(doc.text.utf8)
        return bytes.withUnsafeBufferPointer { p in
            let tokens = tokenize(p)
            let input = TaggerInput(bytes: p, tokens: tokens)
            var tags = [UInt8](repeating: 0, count: tokens.count)
            var gold = Set<SpanKey>()
            // map scalar offsets to token indices
            var startTok: [Int: Int] = [:]
            var endTok: [Int: Int] = [:]
            for (i, t) in tokens.enumerated() {
                startTok[Int(t.s0)] = i
                endTok[Int(t.s1)] = i
            }
            for g in doc.gold {
                guard let bt = BaseType.from(Substring(g.type)) else { continue }
                gold.insert(SpanKey(start: g.start, end: g.end, type: bt.rawValue))
                guard let a = startTok[g.start], let b = endTok[g.end], a <= b else { continue }
                if a == b {
                    tags[a] = UInt8(makeTag(bt.rawValue, 3))
                } else {
                    tags[a] = UInt8(makeTag(bt.rawValue, 0))
                    for k in (a + 1)..<b { tags[k] = UInt8(makeTag(bt.rawValue, 1)) }
                    tags[b] = UInt8(makeTag(bt.rawValue, 2))
                }
            }
            var feats: [UInt64] = []
            var starts: [Int32] = [0]
            let buf = UnsafeMutablePointer<UInt64>.allocate(capacity: maxFeatures)
            defer { buf.deallocate() }
            for i in 0..<tokens.count {
                let c = input.staticFeatures(i, buf)
                feats.append(contentsOf: UnsafeBufferPointer(start: buf, count: c))
                starts.append(Int32(feats.count))
            }
            return PreparedDoc(
                input: input, goldTags: tags, goldSpans: gold, staticFeats: feats, featStart: starts)
        }
    }

    static func predictedSpans(_ d: PreparedDoc, _ tags: [UInt8]) -> Set<SpanKey> {
        var out = Set<SpanKey>()
        for (a, b, t) in tagSpans(of: tags) {
            out.insert(SpanKey(start: Int(d.input.tokens[a].s0), end: Int(d.input.tokens[b].s1), type: t))
        }
        return out
    }

    static func f1<T: ScoreTable>(_ docs: [PreparedDoc], _ table: T) -> Double {
        var tp = 0
        var np = 0
        var ng = 0
        for d in docs {
            let pred = predictedSpans(d, decode(d.input, table))
            tp += pred.intersection(d.goldSpans).count
            np += pred.count
            ng += d.goldSpans.count
        }
        let p = np == 0 ? 0 : Double(tp) / Double(np)
        let r = ng == 0 ? 0 : Double(tp) / Double(ng)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    /// Trains; returns the serialised packed model. `log` receives progress lines.
    public static func train(
        train: [TrainingDoc], dev: [TrainingDoc], maxEpochs: Int, maxFeatures: Int, minWeight: Float = 0,
        runs: Int = 1, refit: Bool = false, log: (String) -> Void
    ) -> [UInt8] {
        let trainDocs = train.map(prepare)
        let devDocs = dev.map(prepare)
        // refit: after the epoch count of each run is chosen on dev, that run is trained again from
        // scratch on train + dev for exactly that many epochs (same seed); dev is not looked at again.
        let refitDocs = refit ? trainDocs + devDocs : []
        var mergedIndex: [UInt64: Int32] = [:]
        var merged: [Float] = []
        for run in 0..<max(1, runs) {
            let table = TrainTable()
            var order = Array(0..<trainDocs.count)
            var rng: UInt64 = 0x5eed &+ UInt64(run) &* 0x9E37_79B9
            var bestF1 = -1.0
            var bestAvg: [Float] = []
            var bestIndexCount = 0
            var bestEpoch = 0
            for epoch in 1...maxEpochs {
                // deterministic shuffle
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let j = Int((rng >> 33) % UInt64(i + 1))
                    order.swapAt(i, j)
                }
                var errors = 0
                var total = 0
                for di in order {
                    let d = trainDocs[di]
                    _ = decode(d.input, table) { i, buf, c, best in
                        let gold = Int(d.goldTags[i])
                        total += 1
                        table.clock += 1
                        if best != gold {
                            errors += 1
                            for k in 0..<c {
                                table.update(buf[k], gold, 1)
                                table.update(buf[k], best, -1)
                            }
                        }
                    }
                }
                let avg = table.averaged()
                let frozen = FrozenTable(index: table.index, w: avg)
                let f = f1(devDocs, frozen)
                log(
                    "epoch \(epoch): train token error \(Double(errors) / Double(max(total, 1))), "
                        + "features \(table.counts.count), dev F1 \(f)")
                if f > bestF1 {
                    bestF1 = f
                    bestAvg = avg
                    bestIndexCount = table.counts.count
                    bestEpoch = epoch
                }
            }
            log("run \(run): best epoch \(bestEpoch) dev F1 \(bestF1)")
            var finalTable = table
            if refit {
                let t2 = TrainTable()
                var order2 = Array(0..<refitDocs.count)
                var rng2: UInt64 = 0x5eed &+ UInt64(run) &* 0x9E37_79B9
                for _ in 1...bestEpoch {
                    for i in stride(from: order2.count - 1, to: 0, by: -1) {
                        rng2 = rng2 &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        let j = Int((rng2 >> 33) % UInt64(i + 1))
                        order2.swapAt(i, j)
                    }
                    for di in order2 {
                        let d = refitDocs[di]
                        _ = decode(d.input, t2) { i, buf, c, best in
                            let gold = Int(d.goldTags[i])
                            t2.clock += 1
                            if best != gold {
                                for k in 0..<c {
                                    t2.update(buf[k], gold, 1)
                                    t2.update(buf[k], best, -1)
                                }
                            }
                        }
                    }
                }
                finalTable = t2
                bestAvg = t2.averaged()
                bestIndexCount = t2.counts.count
                log("run \(run): refit on train+dev for \(bestEpoch) epochs, features \(bestIndexCount)")
            }
            for (key, r) in finalTable.index where Int(r) < bestIndexCount {
                let row: Int
                if let m = mergedIndex[key] {
                    row = Int(m)
                } else {
                    row = merged.count / numTags
                    mergedIndex[key] = Int32(row)
                    merged.append(contentsOf: repeatElement(0, count: numTags))
                }
                for t in 0..<numTags {
                    merged[row * numTags + t] += bestAvg[Int(r) * numTags + t] / Float(max(1, runs))
                }
            }
        }
        let bestAvg = merged
        let bestIndexCount = merged.count / numTags
        if runs > 1 {
            let note = refit ? " (dev was trained on: not a held-out figure)" : ""
            log("averaged \(runs) runs: dev F1\(note) \(f1(devDocs, FrozenTable(index: mergedIndex, w: merged)))")
        }
        // prune: keep the rows with the largest weight magnitude, and none whose largest weight is under
        // `minWeight`: such a feature barely moves a score, and every one the decoder finds costs it a
        // cold cache line in a new process
        var entries: [(UInt64, Int32)] = mergedIndex.map { ($0.key, $0.value) }
        var mags = [Float](repeating: 0, count: bestIndexCount)
        for r in 0..<bestIndexCount {
            var m: Float = 0
            for t in 0..<numTags { m = max(m, abs(bestAvg[r * numTags + t])) }
            mags[r] = m
        }
        entries.sort { a, b in
            mags[Int(a.1)] != mags[Int(b.1)] ? mags[Int(a.1)] > mags[Int(b.1)] : a.0 < b.0
        }
        if entries.count > maxFeatures { entries.removeLast(entries.count - maxFeatures) }
        entries.sort { $0.0 < $1.0 }
        var keys: [UInt64] = []
        var scales: [Float] = []
        var weights: [Int16] = []
        for (k, r) in entries {
            let m = mags[Int(r)]
            guard m > 0 && m >= minWeight else { continue }
            keys.append(k)
            let sc = m / 32767
            scales.append(sc)
            for t in 0..<numTags {
                let q = (bestAvg[Int(r) * numTags + t] / sc).rounded()
                weights.append(Int16(max(-32767, min(32767, q))))
            }
        }
        let packed = PackedModel(keys: keys, scales: scales, weights: weights)
        let trainedOn = refit ? " (trained on)" : ""
        let light = minWeight > 0 ? ", \(entries.count - keys.count) under \(minWeight) left out" : ""
        let size = "\(keys.count) features (\(packed.memoryBytes / 1024) KiB\(light))"
        log(
            "packed \(size); dev F1\(trainedOn) \(f1(devDocs, packed))"
        )
        return packed.serialize()
    }

    /// Span F1 of a serialised model on documents (CoNLL types).
    public static func evaluate(model: [UInt8], docs: [TrainingDoc]) -> Double {
        guard let m = model.withUnsafeBufferPointer({ PackedModel.deserialize($0) }) else { return 0 }
        return f1(docs.map(prepare), m)
    }
}

@_spi(Training)
extension TaggerTrainer {
    /// Span F1 of the embedded model on documents (CoNLL types).
    public static func evaluateEmbedded(docs: [TrainingDoc]) -> Double {
        guard let m = EmbeddedModel.shared else { return 0 }
        return f1(docs.map(prepare), m)
    }
}

@_spi(Training)
extension TaggerTrainer {
    /// Seconds spent in each phase over `texts` (for profiling the extractor).
    public static func profile(_ texts: [String]) -> [(String, Double)] {
        let clock = ContinuousClock()
        var tTok = Duration.zero
        var tInput = Duration.zero
        var tDecode = Duration.zero
        var tRest = Duration.zero
        var tMeta = Duration.zero
        let l0 = clock.now
        let raw = EmbeddedModel.bytes
        let l1 = clock.now
        _ = PackedModel.deserialize(raw)
        let l2 = clock.now
        guard let model = EmbeddedModel.shared else { return [] }
        for text in texts {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { p in
                var s = clock.now
                let tokens = tokenize(p)
                tTok += clock.now - s
                s = clock.now
                let input = TaggerInput(bytes: p, tokens: tokens)
                tInput += clock.now - s
                s = clock.now
                let tags = decode(input, model, gate: true)
                tDecode += clock.now - s
                s = clock.now
                _ = tagSpans(of: tags)
                let meta = Metadata(p: p, tokens: tokens)
                _ = meta.analyse()
                tMeta += clock.now - s
                s = clock.now
                _ = Pipeline(p: p, dictionary: nil).run()
                tRest += clock.now - s
            }
        }
        func sec(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        return [
            ("load: bytes", sec(l1 - l0)), ("load: tables", sec(l2 - l1)),
            ("tokenize", sec(tTok)), ("features", sec(tInput)), ("decode", sec(tDecode)), ("metadata", sec(tMeta)),
            ("full pipeline", sec(tRest)),
        ]
    }
}
