/// The HTML elements the extractor tells apart; every other element is `.other`.
enum Tag: UInt8 {
    case text = 0
    case other
    case html, head, body, title, meta, link, base
    case script, style, noscript, template, svg, math, canvas, iframe, object, embed
    case video, audio, picture, source, img, map
    case nav, aside, footer, header, form, fieldset, input, select, textarea, button, label, option
    case dialog, menu
    case a, p, div, section, article, main, span
    case h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd
    case blockquote, pre, code, table, thead, tbody, tfoot, tr, td, th, caption
    case figure, figcaption, br, hr, time, address, center, details, summary

    /// Elements whose content is never article text.
    var isJunk: Bool {
        switch self {
        case .script, .style, .noscript, .template, .svg, .math, .canvas, .iframe, .object, .embed,
            .video, .audio, .picture, .source, .img, .map, .nav, .aside, .footer, .input, .select, .textarea,
            .button, .label, .option, .dialog, .menu, .head, .title, .meta, .link, .base, .header, .figure,
            .figcaption:
            return true
        default: return false
        }
    }

    /// Elements that start a line of their own.
    var isBlock: Bool {
        switch self {
        case .html, .body, .p, .div, .section, .article, .main, .header, .footer, .form, .fieldset,
            .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .blockquote, .pre, .table, .thead, .tbody,
            .tfoot, .tr, .td, .th, .caption, .figure, .figcaption, .br, .hr, .address, .center, .details, .summary,
            .nav, .aside:
            return true
        default: return false
        }
    }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: return true
        default: return false
        }
    }

    /// The element named by the lower-case bytes `name` (libxml2 lower-cases HTML names).
    static func named(_ name: UnsafePointer<UInt8>) -> Tag {
        var key: UInt64 = 0
        var i = 0
        while true {
            let c = name[i]
            if c == 0 { break }
            if i == 8 {
                // Only two names of interest are longer than 8 bytes.
                return longName(name)
            }
            key |= UInt64(c) << (8 * UInt64(i))
            i += 1
        }
        return byKey[key] ?? .other
    }

    private static func longName(_ name: UnsafePointer<UInt8>) -> Tag {
        let string = String(cString: name)
        if string == "blockquote" { return .blockquote }
        if string == "figcaption" { return .figcaption }
        return .other
    }

    private static let byKey: [UInt64: Tag] = {
        let names: [(String, Tag)] = [
            ("html", .html), ("head", .head), ("body", .body), ("title", .title), ("meta", .meta), ("link", .link),
            ("base", .base), ("script", .script), ("style", .style), ("noscript", .noscript),
            ("template", .template), ("svg", .svg), ("math", .math), ("canvas", .canvas), ("iframe", .iframe),
            ("object", .object), ("embed", .embed), ("video", .video), ("audio", .audio), ("picture", .picture),
            ("source", .source), ("img", .img), ("map", .map), ("nav", .nav), ("aside", .aside),
            ("footer", .footer), ("header", .header), ("form", .form), ("fieldset", .fieldset),
            ("input", .input), ("select", .select), ("textarea", .textarea), ("button", .button),
            ("label", .label), ("option", .option), ("dialog", .dialog), ("menu", .menu), ("a", .a), ("p", .p),
            ("div", .div), ("section", .section), ("article", .article), ("main", .main), ("span", .span),
            ("h1", .h1), ("h2", .h2), ("h3", .h3), ("h4", .h4), ("h5", .h5), ("h6", .h6), ("ul", .ul),
            ("ol", .ol), ("li", .li), ("dl", .dl), ("dt", .dt), ("dd", .dd), ("pre", .pre), ("code", .code),
            ("table", .table), ("thead", .thead), ("tbody", .tbody), ("tfoot", .tfoot), ("tr", .tr),
            ("td", .td), ("th", .th), ("caption", .caption), ("figure", .figure), ("br", .br), ("hr", .hr),
            ("time", .time), ("address", .address), ("center", .center), ("details", .details),
            ("summary", .summary),
        ]
        var table: [UInt64: Tag] = [:]
        for (name, tag) in names {
            var key: UInt64 = 0
            for (i, c) in name.utf8.enumerated() { key |= UInt64(c) << (8 * UInt64(i)) }
            table[key] = tag
        }
        return table
    }()
}
