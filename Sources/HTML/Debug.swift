/// Development aid: what the reader saw in a page.
public enum WebPageDebug {
    public static func describe(_ bytes: [UInt8]) -> String {
        let (prepared, encoding) = Charset.prepare(bytes)
        let stripped = RawText.strip(prepared)
        let document = Parser.parse(stripped.bytes, encoding: encoding)
        var main = MainText(document)
        main.scoreParagraphs()
        let top = main.topCandidate()
        var lines = [
            "encoding \(encoding ?? "utf-8") bytes \(bytes.count) stripped \(stripped.bytes.count) nodes \(document.nodes.count) text \(document.text.count) truncated \(document.truncated)"
        ]
        func describe(_ i: Int) -> String {
            let node = document.nodes[i]
            let hint = String(decoding: document.hints[Int(node.start)..<Int(node.end)], as: UTF8.self)
            return
                "#\(i) \(node.tag) [\(hint)] flags \(node.flags.rawValue) score \(main.score[i]) text \(main.textLength[i]) links \(main.linkLength[i]) skipped \(main.skipped[i]) furniture \(main.furniture[i])"
        }
        if let top { lines.append("top " + describe(top)) }
        if let body = main.declaredBody(comparedTo: top) { lines.append("declared " + describe(body)) }
        let ranked = (0..<document.nodes.count).filter { main.scored[$0] }.sorted { main.score[$0] > main.score[$1] }
        for i in ranked.prefix(8) {
            var chain = describe(i)
            var p = Int(document.nodes[i].parent)
            while p >= 0 {
                chain += " < \(document.nodes[p].tag)"
                p = Int(document.nodes[p].parent)
            }
            lines.append(chain)
        }
        var shown = 0
        for i in 0..<document.nodes.count where document.nodes[i].tag == .text && shown < 3 {
            let node = document.nodes[i]
            guard node.end - node.start > 200 else { continue }
            shown += 1
            var chain = "text #\(i) skipped \(main.skipped[i]): "
            var p = Int(node.parent)
            while p >= 0 {
                let h = String(
                    decoding: document.hints[Int(document.nodes[p].start)..<Int(document.nodes[p].end)], as: UTF8.self)
                chain += " < \(document.nodes[p].tag)[\(h.prefix(30))]\(document.nodes[p].flags.rawValue)"
                p = Int(document.nodes[p].parent)
            }
            lines.append(chain)
        }
        lines.append("roots \(main.roots())")
        return lines.joined(separator: "\n")
    }
}

extension WebPageDebug {
    /// Nanoseconds spent in each phase over `pages`: prepare+strip, parse, main text, metadata.
    public static func phases(_ pages: [[UInt8]], now: () -> UInt64) -> [UInt64] {
        var t: [UInt64] = [0, 0, 0, 0]
        var sink = 0
        for page in pages {
            let a = now()
            let (prepared, encoding) = Charset.prepare(page)
            let stripped = RawText.strip(prepared)
            let b = now()
            var document = Parser.parse(stripped.bytes, encoding: encoding)
            document.jsonLD = stripped.jsonLD
            let c = now()
            let main = MainText(document)
            let roots = main.roots()
            sink &+= main.text(roots: roots).utf8.count
            let d = now()
            sink &+= Metadata(document, main: main, roots: roots).authors.count
            let e = now()
            t[0] += b - a
            t[1] += c - b
            t[2] += d - c
            t[3] += e - d
        }
        if sink == -1 { print(sink) }
        return t
    }
}
