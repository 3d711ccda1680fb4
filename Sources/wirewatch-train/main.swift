// wirewatch-train: trains the entity tagger on CoNLL-2003 and evaluates / times the extractor.
//
//   wirewatch-train train --train eng.train --dev eng.testa --out Sources/CKnowledge/data/model.bin
//                         [--epochs N] [--features N] [--min-weight W] [--runs N] [--refit]
//   wirewatch-train predict DIR > pred.jsonl
//   wirewatch-train speed DIR [--passes N]
//   wirewatch-train dev-f1 --dev eng.testa     (span F1 of the embedded model, CoNLL types)

@_spi(Training) import Extraction

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func eprint(_ msg: String) {
    let bytes = Array((msg + "\n").utf8)
    _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
}

func fail(_ msg: String, code: Int32 = 2) -> Never {
    eprint("wirewatch-train: \(msg)")
    exit(code)
}

func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { fail("cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { fclose(f) }
    var out = [UInt8]()
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        out.append(contentsOf: buf[0..<n])
    }
    return out
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    guard let f = fopen(path, "wb") else { fail("cannot write \(path): \(String(cString: strerror(errno)))") }
    _ = fwrite(bytes, 1, bytes.count, f)
    fclose(f)
}

/// CoNLL file -> documents, exactly like shared/eval/conll_to_corpus.py.
func readConll(_ path: String) -> [TrainingDoc] {
    let text = String(decoding: readFile(path), as: UTF8.self)
    var docs: [[[(String, String)]]] = []
    var doc: [[(String, String)]] = []
    var sent: [(String, String)] = []
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = Substring(rawLine)
        if line.hasSuffix("\r") { line = line.dropLast() }
        if line.hasPrefix("-DOCSTART-") {
            if !sent.isEmpty { doc.append(sent); sent = [] }
            if !doc.isEmpty { docs.append(doc) }
            doc = []
            continue
        }
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if parts.isEmpty {
            if !sent.isEmpty { doc.append(sent); sent = [] }
            continue
        }
        sent.append((String(parts[0]), String(parts[parts.count - 1])))
    }
    if !sent.isEmpty { doc.append(sent) }
    if !doc.isEmpty { docs.append(doc) }
    return docs.map { doc in
        var pieces: [String] = []
        var pos = 0
        var ents: [(type: String, start: Int, end: Int)] = []
        for (si, sent) in doc.enumerated() {
            if si > 0 { pieces.append("\n"); pos += 1 }
            var cur: (String, Int, Int)? = nil
            var prevType: String? = nil
            for (ti, (word, tag)) in sent.enumerated() {
                if ti > 0 { pieces.append(" "); pos += 1 }
                let len = word.unicodeScalars.count
                let start = pos
                let end = pos + len
                pieces.append(word)
                pos = end
                if tag == "O" {
                    if let c = cur { ents.append((c.0, c.1, c.2)) }
                    cur = nil
                    prevType = nil
                    continue
                }
                let prefix = tag.first!
                let typ = String(tag.dropFirst(2))
                if prefix == "B" || typ != prevType || cur == nil {
                    if let c = cur { ents.append((c.0, c.1, c.2)) }
                    cur = (typ, start, end)
                } else {
                    cur!.2 = end
                }
                prevType = typ
            }
            if let c = cur { ents.append((c.0, c.1, c.2)) }
        }
        pieces.append("\n")
        return TrainingDoc(text: pieces.joined(), gold: ents)
    }
}

func option(_ args: [String], _ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func jsonEscape(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

func listTextFiles(_ dir: String) -> [String] {
    guard let d = opendir(dir) else { fail("cannot open directory \(dir)") }
    defer { closedir(d) }
    var names: [String] = []
    while let e = readdir(d) {
        let name = withUnsafePointer(to: e.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name.hasSuffix(".txt") || name.hasSuffix(".md") { names.append(name) }
    }
    return names.sorted()
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else {
    fail("usage: wirewatch-train train|predict|speed|dev-f1 ...")
}

switch command {
case "train":
    guard let trainPath = option(args, "--train") else { fail("train needs --train FILE") }
    guard let devPath = option(args, "--dev") else { fail("train needs --dev FILE") }
    guard let out = option(args, "--out") else { fail("train needs --out FILE") }
    let epochs = Int(option(args, "--epochs") ?? "") ?? 12
    let features = Int(option(args, "--features") ?? "") ?? 250_000
    let minWeight = Float(option(args, "--min-weight") ?? "") ?? 0
    let runs = Int(option(args, "--runs") ?? "") ?? 1
    let t0 = now()
    let train = readConll(trainPath)
    let dev = readConll(devPath)
    let model = TaggerTrainer.train(
        train: train, dev: dev, maxEpochs: epochs, maxFeatures: features, minWeight: minWeight, runs: runs,
        refit: args.contains("--refit"), log: { eprint($0) })
    // The packed weights, as the extractor embeds them (Sources/CKnowledge/data/model.bin); the
    // provenance is stated in docs/EXTRACTION.md.
    writeFile(out, model)
    eprint("wrote \(out) (\(model.count) bytes model) in \(Int(now() - t0)) s")
case "gazetteer":
    // gazetteer.txt -> gazetteer.bin (run by scripts/knowledge.sh)
    guard args.count == 3 else { fail("usage: wirewatch-train gazetteer IN.txt OUT.bin") }
    let bytes = FrozenGazetteer.compile(String(decoding: readFile(args[1]), as: UTF8.self))
    writeFile(args[2], bytes)
    eprint("wrote \(args[2]) (\(bytes.count) bytes)")
case "dev-f1":
    guard let devPath = option(args, "--dev") else { fail("dev-f1 needs --dev FILE") }
    let f = TaggerTrainer.evaluateEmbedded(docs: readConll(devPath))
    print("dev span F1 (CoNLL types, embedded model): \(f)")
case "predict":
    guard args.count >= 2 else { fail("usage: wirewatch-train predict DIR") }
    let dir = args[1]
    let ex = Extractor()
    for name in listTextFiles(dir) {
        let text = String(decoding: readFile(dir + "/" + name), as: UTF8.self)
        let a = ex.extract(text)
        var line = "{\"v\":1,\"path\":\(jsonEscape(name)),\"entities\":["
        for (i, e) in a.entities.enumerated() {
            if i > 0 { line += "," }
            line += "{\"type\":\"\(e.type.rawValue)\",\"text\":\(jsonEscape(e.text)),"
            line += "\"canonical\":\(jsonEscape(e.canonical)),\"mentions\":["
            line += e.mentions.map { "[\($0.start),\($0.end)]" }.joined(separator: ",")
            line += "]"
            line += "}"
        }
        line += "]}"
        print(line)
    }
case "speed":
    guard args.count >= 2 else { fail("usage: wirewatch-train speed DIR") }
    let dir = args[1]
    let passes = Int(option(args, "--passes") ?? "") ?? 5
    let texts = listTextFiles(dir).map { String(decoding: readFile(dir + "/" + $0), as: UTF8.self) }
    var words = 0
    var bytes = 0
    for t in texts {
        bytes += t.utf8.count
        var inWord = false
        for b in t.utf8 {
            let sp = b == 32 || (b >= 9 && b <= 13)
            if !sp && !inWord { words += 1 }
            inWord = !sp
        }
    }
    let tl = now()
    let ex = Extractor()
    _ = ex.extract("Warm up the model.")
    let loadMs = (now() - tl) * 1000
    var best = Double.infinity
    var sink = 0
    for _ in 0..<passes {
        let t0 = now()
        for t in texts { sink &+= ex.extract(t).entities.count }
        best = min(best, now() - t0)
    }
    let wps = Double(words) / best
    print("files=\(texts.count) words=\(words) bytes=\(bytes) best_seconds=\(best) entities=\(sink / passes)")
    print("first_extract_ms (model load)=\(Int(loadMs))")
    print("words_per_second=\(Int(wps))")
    if args.contains("--profile") {
        for (name, secs) in TaggerTrainer.profile(texts) { print("  \(name): \(secs) s") }
    }
case "show":
    for path in args.dropFirst() {
        let a = Extractor().extract(String(decoding: readFile(path), as: UTF8.self))
        print("== \(path)")
        print("title: \(a.title ?? "-")\npublished: \(a.published ?? "-")\ndateline: \(a.dateline ?? "-")")
        print("authors: \(a.authors)\nsource: \(a.source ?? "-")\nwords: \(a.words)")
        for e in a.entities {
            print(
                "  \(e.type.rawValue)\t\(e.text)\t=> \(e.canonical)\t\(e.mentions.count)"
            )
        }
    }
default:
    fail("unknown command \(command); use train, predict, speed or dev-f1")
}
