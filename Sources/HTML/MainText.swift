/// Finds the article's own text in a parsed page and lays it out as lines.
///
/// The method (docs/EXTRACTION.md, "HTML pages"): drop what is never text (scripts, styles,
/// navigation, asides, footers, forms, hidden elements); score every block that holds text of
/// its own by its length and commas, less its link text, and hand the score up to its
/// ancestors (halving with distance); weigh each candidate by its class and id words and by
/// the share of its text in links; take the best candidate (or the page's declared article body
/// when it holds the text), add the siblings that read like more of the same article, and
/// write their text block by block, leaving out furniture inside (bylines, captions, share bars,
/// link lists).
struct MainText {
    let document: Document
    let n: Int
    /// Never text: junk elements, hidden ones, and everything inside them.
    var skipped: [Bool]
    /// Inside an element whose class or id names furniture.
    var furniture: [Bool]
    /// Text bytes (whitespace excluded) in each element's subtree, and of those inside links.
    var textLength: [Int32]
    var linkLength: [Int32]
    /// Text bytes held directly by each block (not inside a nested block).
    var ownLength: [Int32]
    var ownLinks: [Int32]
    var ownCommas: [Int32]
    var score: [Float]
    var scored: [Bool]

    init(_ document: Document) {
        self.document = document
        n = document.nodes.count
        skipped = Array(repeating: false, count: n)
        furniture = Array(repeating: false, count: n)
        textLength = Array(repeating: 0, count: n)
        linkLength = Array(repeating: 0, count: n)
        ownLength = Array(repeating: 0, count: n)
        ownLinks = Array(repeating: 0, count: n)
        ownCommas = Array(repeating: 0, count: n)
        score = Array(repeating: 0, count: n)
        scored = Array(repeating: false, count: n)
        measure()
    }

    /// The forward pass (parents before children) and the backward sums.
    private mutating func measure() {
        var owner = [Int32](repeating: -1, count: n)
        var inLink = [Bool](repeating: false, count: n)
        document.nodes.withUnsafeBufferPointer { nodes in
            document.text.withUnsafeBufferPointer { text in
                for i in 0..<n {
                    let node = nodes[i]
                    let parent = Int(node.parent)
                    if parent >= 0 {
                        skipped[i] = skipped[parent]
                        furniture[i] = furniture[parent]
                        inLink[i] = inLink[parent]
                        owner[i] = owner[parent]
                    }
                    if node.tag == .text {
                        guard !skipped[i], owner[i] >= 0 else { continue }
                        var length: Int32 = 0
                        var commas: Int32 = 0
                        for k in Int(node.start)..<Int(node.end) {
                            let c = text[k]
                            if c > 0x20 { length += 1 }
                            if c == UInt8(ascii: ",") { commas += 1 }
                        }
                        textLength[i] = length
                        if inLink[i] { linkLength[i] = length }
                        let o = Int(owner[i])
                        ownLength[o] += length
                        ownCommas[o] += commas
                        if inLink[i] { ownLinks[o] += length }
                        continue
                    }
                    if node.tag.isJunk || node.flags.contains(.hidden) { skipped[i] = true }
                    if node.tag == .a { inLink[i] = true }
                    if node.tag.isBlock { owner[i] = Int32(i) }
                }
            }
        }
        var containsBody = [Bool](repeating: false, count: n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let parent = Int(document.nodes[i].parent)
            guard parent >= 0, !skipped[i] else { continue }
            textLength[parent] += textLength[i]
            linkLength[parent] += linkLength[i]
            if containsBody[i] || document.nodes[i].flags.contains(.articleBody) { containsBody[parent] = true }
        }
        // Furniture by class or id, unless it holds the article body or most of the page's text
        // (`<div class="page-ad-margins">` around everything).
        let total = n > 0 ? textLength[0] : 0
        for i in 0..<n {
            let parent = Int(document.nodes[i].parent)
            if parent >= 0 && furniture[parent] {
                furniture[i] = true
                continue
            }
            let flags = document.nodes[i].flags
            if flags.contains(.boilerplate) && !flags.contains(.articleBody) && !containsBody[i]
                && textLength[i] * 2 < total
            {
                furniture[i] = true
            }
        }
    }

    func linkDensity(_ i: Int) -> Float {
        textLength[i] == 0 ? 0 : Float(linkLength[i]) / Float(textLength[i])
    }

    private func classWeight(_ i: Int) -> Float {
        let flags = document.nodes[i].flags
        var weight: Float = 0
        if flags.contains(.articleBody) { weight += 25 }
        if flags.contains(.schemaBody) { weight += 25 }
        if flags.contains(.boilerplate) { weight -= 25 }
        if flags.contains(.weakBoilerplate) { weight -= 10 }
        return weight
    }

    private func tagWeight(_ tag: Tag) -> Float {
        switch tag {
        case .div, .article, .main, .section: return 5
        case .pre, .td, .blockquote: return 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: return -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: return -5
        default: return 0
        }
    }

    /// Readability-style scores: each paragraph hands its score up to five ancestors.
    mutating func scoreParagraphs() {
        for i in 0..<n where ownLength[i] >= 25 && !skipped[i] && !furniture[i] {
            let tag = document.nodes[i].tag
            if tag.isHeading { continue }
            let length = Float(ownLength[i])
            let links = Float(ownLinks[i]) / length
            if links > 0.5 { continue }
            let paragraph = (1 + Float(ownCommas[i]) + min(length / 100, 3)) * (1 - links)
            var ancestor = Int(document.nodes[i].parent)
            var level = 0
            // A block holding text directly counts as its own container too (`<div>text<br>text</div>`).
            if tag == .div || tag == .td || tag == .section || tag == .article || tag == .main {
                touch(i)
                score[i] += paragraph
            }
            while ancestor >= 0 && level < 5 {
                touch(ancestor)
                let divider: Float = level == 0 ? 1 : level == 1 ? 2 : Float(level * 3)
                score[ancestor] += paragraph / divider
                ancestor = Int(document.nodes[ancestor].parent)
                level += 1
            }
        }
    }

    private mutating func touch(_ i: Int) {
        if scored[i] { return }
        scored[i] = true
        score[i] = tagWeight(document.nodes[i].tag) + classWeight(i)
    }

    /// The best-scoring container.
    func topCandidate() -> Int? {
        var best: Int?
        var bestScore: Float = -.infinity
        for i in 0..<n where scored[i] && !skipped[i] && !furniture[i] {
            let tag = document.nodes[i].tag
            if tag == .html { continue }
            let final = score[i] * (1 - linkDensity(i))
            if final > bestScore {
                bestScore = final
                best = i
            }
        }
        return best
    }

    /// The page's declared article body (`itemprop=articleBody`, `article-body`...), when one holds
    /// most of the text the top candidate holds.
    func declaredBody(comparedTo top: Int?) -> Int? {
        // An element marked as the body by its class, id or itemprop first; else an <article>.
        var marked: Int?
        var article: Int?
        for i in 0..<n where !skipped[i] && !furniture[i] {
            let flags = document.nodes[i].flags
            let isMarked = flags.contains(.articleBody)
            guard isMarked || document.nodes[i].tag == .article else { continue }
            if linkDensity(i) > 0.5 { continue }
            if isMarked {
                if marked == nil || paragraphText(i) > paragraphText(marked!) { marked = i }
            } else if article == nil || paragraphText(i) > paragraphText(article!) {
                article = i
            }
        }
        let candidate = marked.flatMap { paragraphText($0) >= 200 ? $0 : nil } ?? article
        guard let best = candidate else { return nil }
        guard let top else { return best }
        let mine = paragraphText(best)
        let theirs = paragraphText(top)
        return mine >= 200 && Float(mine) >= 0.6 * Float(theirs) ? best : nil
    }

    /// Text in the subtree that is not in links.
    func paragraphText(_ i: Int) -> Int32 { textLength[i] - linkLength[i] }

    /// The roots whose text is the article: the chosen container, or its siblings that read
    /// like more of it.
    func roots() -> [Int] {
        var me = self
        me.scoreParagraphs()
        let top = me.topCandidate()
        if let body = me.declaredBody(comparedTo: top) {
            // The declared body wins unless the top candidate sits inside it (a tighter fit), and
            // holds most of it: a body split into sections or cards is taken whole.
            if let top, me.isAncestor(body, of: top) {
                let split =
                    document.nodes[body].flags.contains(.articleBody)
                    && Float(me.paragraphText(body)) > 1.5 * Float(me.paragraphText(top))
                if !split { return me.withSiblings(top) }
            }
            return [body]
        }
        guard let top else {
            // No paragraph long enough to score (a short note, a page of fragments): all the
            // page's visible text.
            guard n > 0 else { return [] }
            return [document.nodes.firstIndex { $0.tag == .body } ?? 0]
        }
        return me.withSiblings(top)
    }

    func isAncestor(_ a: Int, of b: Int) -> Bool {
        var i = Int(document.nodes[b].parent)
        while i >= 0 {
            if i == a { return true }
            i = Int(document.nodes[i].parent)
        }
        return false
    }

    func withSiblings(_ top: Int) -> [Int] {
        let parent = Int(document.nodes[top].parent)
        guard parent >= 0 else { return [top] }
        let topScore = score[top] * (1 - linkDensity(top))
        let threshold = max(10, topScore * 0.2)
        var result: [Int] = []
        var child = Int(document.nodes[parent].firstChild)
        while child >= 0 {
            defer { child = Int(document.nodes[child].next) }
            if child == top {
                result.append(child)
                continue
            }
            if skipped[child] || furniture[child] || document.nodes[child].tag == .text { continue }
            if scored[child] && score[child] * (1 - linkDensity(child)) >= threshold {
                result.append(child)
                continue
            }
            if document.nodes[child].tag == .p {
                let length = textLength[child]
                let density = linkDensity(child)
                if length > 80 && density < 0.25 {
                    result.append(child)
                } else if length > 0 && length <= 80 && density == 0 && endsSentence(child) {
                    result.append(child)
                }
            }
        }
        return result
    }

    private func endsSentence(_ i: Int) -> Bool {
        var last: UInt8 = 0
        var j = i + 1
        while j < n && isInside(j, i) {
            let node = document.nodes[j]
            if node.tag == .text && !skipped[j] {
                for k in Int(node.start)..<Int(node.end) where document.text[k] > 0x20 { last = document.text[k] }
            }
            j += 1
        }
        return last == UInt8(ascii: ".")
    }

    /// Whether node `j` (after `i` in document order) lies inside `i`.
    private func isInside(_ j: Int, _ i: Int) -> Bool {
        var k = Int(document.nodes[j].parent)
        while k > i { k = Int(document.nodes[k].parent) }
        return k == i
    }

    /// The article's text, one block a line.
    func text(roots: [Int]) -> String {
        var writer = LineWriter(document: document)
        for root in roots { write(root, into: &writer, isRoot: true) }
        writer.flush()
        return writer.result()
    }

    /// Writes the subtree of `root` without recursion (pages nest deeply).
    private func write(_ root: Int, into writer: inout LineWriter, isRoot: Bool) {
        var i = root
        var descending = true
        while true {
            let node = document.nodes[i]
            if descending {
                if i != root && !keeps(i) {
                    descending = false
                    continue
                }
                if node.tag == .text {
                    writer.text(node, link: false)
                } else {
                    if node.tag.isBlock { writer.flush() }
                    if node.tag == .a { writer.linkDepth += 1 }
                    if node.firstChild >= 0 {
                        i = Int(node.firstChild)
                        continue
                    }
                }
                descending = false
                continue
            }
            // Leaving `i`.
            if node.tag != .text && (i == root || keeps(i)) {
                if node.tag.isBlock { writer.flush() }
                if node.tag == .a { writer.linkDepth -= 1 }
            }
            if i == root { return }
            if node.next >= 0 {
                i = Int(node.next)
                descending = true
            } else {
                i = Int(node.parent)
            }
        }
    }

    /// Whether an element inside a chosen root is written.
    private func keeps(_ i: Int) -> Bool {
        let node = document.nodes[i]
        if skipped[i] { return false }
        if node.tag == .text { return true }
        if node.tag == .h1 { return false }
        let flags = node.flags
        if furniture[i] { return false }
        if flags.contains(.weakBoilerplate) && !flags.contains(.articleBody) && textLength[i] < 200 { return false }
        if (flags.contains(.byline) || flags.contains(.dateline)) && textLength[i] < 200 { return false }
        if node.tag == .ul || node.tag == .ol || node.tag == .table || node.tag == .dl {
            if linkDensity(i) > 0.5 { return false }
        }
        if node.tag.isBlock && textLength[i] > 0 && linkDensity(i) > 0.65 && textLength[i] < 400 { return false }
        return true
    }
}

/// Collects text into lines: whitespace collapsed, a line per block.
struct LineWriter {
    let document: Document
    var output: [UInt8] = []
    var line: [UInt8] = []
    var pendingSpace = false
    var linkDepth = 0
    var lineLinks = 0
    var lineLength = 0

    init(document: Document) {
        self.document = document
        output.reserveCapacity(16384)
    }

    mutating func text(_ node: Node, link: Bool) {
        let inLink = linkDepth > 0
        document.text.withUnsafeBufferPointer { text in
            var k = Int(node.start)
            let end = Int(node.end)
            while k < end {
                let c = text[k]
                if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
                    pendingSpace = true
                    k += 1
                    continue
                }
                if c == 0xC2 && k + 1 < end && text[k + 1] == 0xA0 {
                    pendingSpace = true
                    k += 2
                    continue
                }
                if pendingSpace && !line.isEmpty { line.append(0x20) }
                pendingSpace = false
                line.append(c)
                lineLength += 1
                if inLink { lineLinks += 1 }
                k += 1
            }
        }
    }

    mutating func flush() {
        pendingSpace = false
        defer {
            line.removeAll(keepingCapacity: true)
            lineLinks = 0
            lineLength = 0
        }
        guard !line.isEmpty else { return }
        // A line that is mostly a link is a teaser or a menu entry, not the article's.
        if lineLinks * 10 > lineLength * 6 { return }
        if !output.isEmpty { output.append(0x0A) }
        output.append(contentsOf: line)
    }

    func result() -> String { String(decoding: output, as: UTF8.self) }
}
