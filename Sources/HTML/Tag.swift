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
    static func named(_ p: UnsafePointer<UInt8>) -> Tag {
        @inline(__always) func eq(_ s: StaticString) -> Bool { Attribute.eq(p, s) }
        switch p[0] {
        case UInt8(ascii: "a"):
            if p[1] == 0 { return .a }
            if eq("article") { return .article }
            if eq("aside") { return .aside }
            if eq("address") { return .address }
            if eq("audio") { return .audio }
        case UInt8(ascii: "b"):
            if eq("br") { return .br }
            if eq("body") { return .body }
            if eq("blockquote") { return .blockquote }
            if eq("button") { return .button }
            if eq("base") { return .base }
        case UInt8(ascii: "c"):
            if eq("code") { return .code }
            if eq("caption") { return .caption }
            if eq("canvas") { return .canvas }
            if eq("center") { return .center }
        case UInt8(ascii: "d"):
            if eq("div") { return .div }
            if eq("dl") { return .dl }
            if eq("dt") { return .dt }
            if eq("dd") { return .dd }
            if eq("details") { return .details }
            if eq("dialog") { return .dialog }
        case UInt8(ascii: "e"):
            if eq("embed") { return .embed }
        case UInt8(ascii: "f"):
            if eq("footer") { return .footer }
            if eq("form") { return .form }
            if eq("figure") { return .figure }
            if eq("figcaption") { return .figcaption }
            if eq("fieldset") { return .fieldset }
        case UInt8(ascii: "h"):
            if p[1] >= UInt8(ascii: "1") && p[1] <= UInt8(ascii: "6") && p[2] == 0 {
                return [.h1, .h2, .h3, .h4, .h5, .h6][Int(p[1] - UInt8(ascii: "1"))]
            }
            if eq("header") { return .header }
            if eq("head") { return .head }
            if eq("html") { return .html }
            if eq("hr") { return .hr }
        case UInt8(ascii: "i"):
            if eq("img") { return .img }
            if eq("input") { return .input }
            if eq("iframe") { return .iframe }
        case UInt8(ascii: "l"):
            if eq("li") { return .li }
            if eq("link") { return .link }
            if eq("label") { return .label }
        case UInt8(ascii: "m"):
            if eq("meta") { return .meta }
            if eq("main") { return .main }
            if eq("menu") { return .menu }
            if eq("math") { return .math }
            if eq("map") { return .map }
        case UInt8(ascii: "n"):
            if eq("nav") { return .nav }
            if eq("noscript") { return .noscript }
        case UInt8(ascii: "o"):
            if eq("ol") { return .ol }
            if eq("option") { return .option }
            if eq("object") { return .object }
        case UInt8(ascii: "p"):
            if p[1] == 0 { return .p }
            if eq("pre") { return .pre }
            if eq("picture") { return .picture }
        case UInt8(ascii: "s"):
            if eq("span") { return .span }
            if eq("section") { return .section }
            if eq("script") { return .script }
            if eq("style") { return .style }
            if eq("svg") { return .svg }
            if eq("select") { return .select }
            if eq("source") { return .source }
            if eq("summary") { return .summary }
        case UInt8(ascii: "t"):
            if eq("td") { return .td }
            if eq("tr") { return .tr }
            if eq("th") { return .th }
            if eq("table") { return .table }
            if eq("tbody") { return .tbody }
            if eq("thead") { return .thead }
            if eq("tfoot") { return .tfoot }
            if eq("time") { return .time }
            if eq("title") { return .title }
            if eq("template") { return .template }
            if eq("textarea") { return .textarea }
        case UInt8(ascii: "u"):
            if eq("ul") { return .ul }
        case UInt8(ascii: "v"):
            if eq("video") { return .video }
        default:
            break
        }
        return .other
    }
}
