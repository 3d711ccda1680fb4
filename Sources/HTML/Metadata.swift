/// What the page's own markup says about the article: JSON-LD, OpenGraph and `article:*`
/// meta tags, `<title>`, `<time datetime>`, bylines and `<link rel=canonical>`.
struct Metadata {
    var title: String?
    var published: String?
    var authors: [String] = []
    var source: String?
    var url: String?

    init(_ document: Document, main: MainText, roots: [Int]) {
        let article = Self.article(in: document.jsonLD)
        var raw: [String: String] = [:]
        for (key, value) in document.meta where raw[key] == nil { raw[key] = value }
        let meta = MetaTags(raw: raw)

        // Title: the article's headline, then OpenGraph, then <title> less the site's name.
        let pageTitle = Self.clean(String(decoding: document.title, as: UTF8.self))
        title =
            Self.nonEmpty(article?["headline"]?.string) ?? meta["og:title"] ?? meta["twitter:title"]
            ?? Self.nonEmpty(Self.stripSiteName(pageTitle, site: meta["og:site_name"]))

        // Published: JSON-LD, the meta tags publishers use, then the first <time datetime>.
        let dateKeys = [
            "article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
            "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
            "parsely-pub-date", "article.published", "published_time", "og:article:published_time",
            "article:published", "pdate", "sn-post-date", "publication_date", "date.available",
        ]
        var date = article?["datePublished"]?.string.flatMap(Self.isoDate)
        for key in dateKeys where date == nil { date = meta[key].flatMap(Self.isoDate) }
        if date == nil {
            // An element marked itemprop=datePublished that states the date in its text.
            for node in document.datePublished.prefix(5) where date == nil {
                date = Self.isoDate(Self.text(of: Int(node), in: document))
            }
        }
        if date == nil {
            // Prefer a <time> inside the article, then any.
            let inside = document.times.first { time in roots.contains { main.isAncestor($0, of: Int(time.node)) } }
            date = (inside ?? document.times.first).flatMap { Self.isoDate($0.value) }
        }
        published = date

        // Authors: JSON-LD, meta tags, then the page's bylines.
        var names: [String] = []
        if let author = article?["author"] ?? article?["creator"] {
            for item in author.array {
                if let name = item.string ?? item["name"]?.string { names.append(contentsOf: Self.splitNames(name)) }
            }
        }
        if names.isEmpty {
            for key in ["author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"] {
                if let value = meta[key], !value.contains("://") {
                    names = Self.splitNames(value)
                    break
                }
            }
        }
        if names.isEmpty {
            for node in document.bylines.prefix(20) {
                let text = Self.clean(Self.text(of: Int(node), in: document))
                guard !text.isEmpty, text.count < 120 else { continue }
                names = Self.splitNames(text)
                if !names.isEmpty { break }
            }
        }
        var seen = Set<String>()
        authors = names.filter { seen.insert($0.lowercased()).inserted }.prefix(10).map { $0 }

        // Source: the publisher, then the site's name.
        var publisher: String?
        if let p = article?["publisher"] { publisher = p.string ?? p.array.first?["name"]?.string }
        source = Self.nonEmpty(publisher.map(Self.clean)) ?? meta["og:site_name"] ?? meta["application-name"]

        url =
            Self.nonEmpty(document.canonical.map(Self.clean)) ?? meta["og:url"]
            ?? Self.nonEmpty(article?["url"]?.string)
    }

    /// The JSON-LD object that describes the article: a `NewsArticle` (or another article type),
    /// found at the top, in an array or in an `@graph`.
    static func article(in blocks: [[UInt8]]) -> JSON? {
        var best: (JSON, Int)?
        for block in blocks.prefix(20) where block.count < 2_000_000 && mayDescribeAnArticle(block) {
            guard let json = JSON.parse(block) else { continue }
            var queue = json.array
            var visited = 0
            while let item = queue.popLast(), visited < 200 {
                visited += 1
                if let graph = item["@graph"] { queue.append(contentsOf: graph.array) }
                let rank = item.types.map(Self.rank).max() ?? 0
                if rank > 0 && rank > (best?.1 ?? 0) { best = (item, rank) }
            }
        }
        return best?.0
    }

    /// Whether a JSON-LD block names a type `rank` knows (most pages also carry breadcrumbs,
    /// organisations, videos... not worth parsing).
    static func mayDescribeAnArticle(_ block: [UInt8]) -> Bool {
        block.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            for needle in ["Article", "Posting", "Report", "Page"] {
                let bytes = Array(needle.utf8)
                if Bytes.find(base, b.count, bytes, bytes.count) != nil { return true }
            }
            return false
        }
    }

    static func rank(_ type: String) -> Int {
        switch type {
        case "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
            "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting":
            return 4
        case "Article", "BlogPosting", "TechArticle", "ScholarlyArticle", "Report", "SocialMediaPosting":
            return 3
        case "WebPage", "ItemPage":
            return 1
        default:
            return 0
        }
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s else { return nil }
        let c = clean(s)
        return c.isEmpty ? nil : c
    }

    /// Whitespace collapsed, trimmed, and the entities some sites leave in JSON-LD decoded.
    static func clean(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in Entities.decode(s).unicodeScalars {
            if isSpace(scalar) {
                space = true
                continue
            }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.append(scalar)
        }
        return String(out)
    }

    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x3000: return true
        default: return false
        }
    }

    /// `Title | Site` or `Title - Site` less the site's part.
    static func stripSiteName(_ title: String, site: String?) -> String {
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            guard let range = title.ranges(of: separator).last else { continue }
            let head = String(title[..<range.lowerBound])
            let tail = String(title[range.upperBound...])
            if let site, tail.lowercased() == site.lowercased() || tail.lowercased().contains(site.lowercased()) {
                return head
            }
            if tail.count < head.count && head.count > 15 { return head }
        }
        return title
    }

    /// `yyyy-mm-dd` from an ISO 8601 date or date-time, `yyyymmdd`, `yyyy/mm/dd`, or a date
    /// with an English month name (`November 19, 2019, 07:47 PM EST`, `19 Nov 2019 07:09 GMT`,
    /// `Fri 6:45 PM, Feb 16, 2018`).
    static func isoDate(_ value: String) -> String? {
        numericDate(value) ?? namedMonthDate(value)
    }

    /// English month names and their abbreviations, by number.
    private static let monthNames: [String: Int] = {
        let full = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        var table: [String: Int] = ["sept": 9]
        for (i, name) in full.enumerated() {
            table[name] = i + 1
            table[String(name.prefix(3))] = i + 1
        }
        return table
    }()

    static func namedMonthDate(_ value: String) -> String? {
        // Words of letters or digits; a number followed by ':' is a time, not a day.
        var words: [(text: String, time: Bool)] = []
        var current = ""
        var scalars = Array(value.lowercased().unicodeScalars.prefix(120))
        scalars.append(" ")
        for (i, scalar) in scalars.enumerated() {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append((current, scalar == ":" || (i > 0 && scalars[i - 1] == ":")))
                current = ""
            }
        }
        guard let monthAt = words.firstIndex(where: { monthNames[$0.text] != nil }) else { return nil }
        let month = monthNames[words[monthAt].text]!
        func day(_ i: Int) -> Int? {
            guard i >= 0, i < words.count, !words[i].time, words[i].text.count <= 4 else { return nil }
            let digits = words[i].text.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 2, let d = Int(digits), d >= 1, d <= 31 else { return nil }
            return d
        }
        guard let d = day(monthAt + 1) ?? day(monthAt - 1) else { return nil }
        guard
            let year = words.first(where: {
                $0.text.count == 4 && Int($0.text).map { $0 >= 1900 && $0 <= 2200 } == true
            }),
            let y = Int(year.text)
        else { return nil }
        return numericDate(
            String(y) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (d < 10 ? "0" : "") + String(d))
    }

    static func numericDate(_ value: String) -> String? {
        let b = Array(value.utf8.drop { $0 == 0x20 })
        func digits(_ r: Range<Int>) -> Bool {
            r.upperBound <= b.count && b[r].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        var y: Int
        var m: Int
        var d: Int
        func number(_ r: Range<Int>) -> Int { Int(String(decoding: b[r], as: UTF8.self)) ?? 0 }
        if digits(0..<4) && b.count >= 10 && (b[4] == UInt8(ascii: "-") || b[4] == UInt8(ascii: "/"))
            && digits(5..<7) && b[7] == b[4] && digits(8..<10)
        {
            y = number(0..<4)
            m = number(5..<7)
            d = number(8..<10)
        } else if digits(0..<8) && (b.count == 8 || !digits(8..<9)) {
            y = number(0..<4)
            m = number(4..<6)
            d = number(6..<8)
        } else {
            return nil
        }
        guard y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31 else { return nil }
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// `By Jane Doe and John Roe` → both names; `Jane Doe, Reuters` keeps the names only.
    static func splitNames(_ text: String) -> [String] {
        var s = clean(text)
        for prefix in ["By ", "by ", "BY ", "Written by ", "Posted by ", "Author: ", "Authors: "]
        where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count))
        }
        var parts: [String] = []
        for piece in s.replacing(" and ", with: ",").replacing(" & ", with: ",")
            .split(separator: ",")
        {
            let name = piece.trimmingSpaces()
            guard !name.isEmpty, name.count <= 60, !name.contains("://") else { continue }
            // A name has at most a handful of words and starts with a capital.
            let words = name.split(separator: " ")
            guard words.count <= 5, let first = name.first, first.isUppercase else { continue }
            parts.append(name)
        }
        return parts
    }

    static func text(of node: Int, in document: Document) -> String {
        var bytes: [UInt8] = []
        var j = node + 1
        while j < document.nodes.count && bytes.count < 400 {
            // Document order: the subtree of `node` is the run of nodes whose ancestor chain meets it.
            var k = Int(document.nodes[j].parent)
            while k > node { k = Int(document.nodes[k].parent) }
            if k != node { break }
            let n = document.nodes[j]
            if n.tag == .text {
                bytes.append(contentsOf: document.text[Int(n.start)..<Int(n.end)])
                bytes.append(0x20)
            }
            j += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Meta tag values by key, cleaned when read.
struct MetaTags {
    let raw: [String: String]
    subscript(key: String) -> String? {
        guard let value = raw[key] else { return nil }
        let cleaned = Metadata.clean(value)
        return cleaned.isEmpty ? nil : cleaned
    }
}

extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !Metadata.isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !Metadata.isSpace($0) })!
        return String(scalars[start...end])
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}

/// HTML character references in strings libxml2 did not decode (JSON-LD).
enum Entities {
    static func decode(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = s[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semi]
            if let value = named[String(name)] {
                out += value
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(v)
            {
                out.unicodeScalars.append(scalar)
            } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(v) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "&"
                rest = after
                continue
            }
            rest = after[after.index(after: semi)...]
        }
        out += rest
        return out
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "rsquo": "\u{2019}",
        "lsquo": "\u{2018}", "rdquo": "\u{201D}", "ldquo": "\u{201C}", "mdash": "\u{2014}", "ndash": "\u{2013}",
        "hellip": "\u{2026}",
    ]
}
