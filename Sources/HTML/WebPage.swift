internal import CLibXML2

/// A saved web page read as an article: its main text and what its markup says about it.
///
/// `WebPage(bytes)` never fails: broken, hostile or empty markup gives whatever text and
/// metadata can be found (possibly none).
public struct WebPage: Sendable, Hashable {
    /// The article's main text, one paragraph or heading a line.
    public var text: String
    public var title: String?
    /// `yyyy-mm-dd`.
    public var published: String?
    public var authors: [String]
    /// The publisher or the site's name.
    public var source: String?
    /// The page's canonical URL.
    public var url: String?

    public init(_ bytes: [UInt8]) {
        let (prepared, encoding) = Charset.prepare(bytes)
        let stripped = RawText.strip(prepared)
        var document = Parser.parse(stripped.bytes, encoding: encoding)
        document.jsonLD = stripped.jsonLD.map { block in
            // JSON-LD is read as UTF-8; a page in another charset has its bytes read as Latin-1.
            encoding == nil ? block : Array(String(decoding: block.map { UInt16($0) }, as: UTF16.self).utf8)
        }
        let main = MainText(document)
        let roots = main.roots()
        text = main.text(roots: roots)
        let metadata = Metadata(document, main: main, roots: roots)
        title = metadata.title
        published = metadata.published
        authors = metadata.authors
        source = metadata.source
        url = metadata.url
    }

    /// Why web pages cannot be read in this process (libxml2, loaded at the first page, is missing or
    /// unusable: `dlerror`'s words), or nil when they can.
    public static var parserUnavailable: String? {
        wirewatch_xml_failure().map { String(cString: $0) }
    }

    /// Whether `bytes` are an HTML page, by content: after any byte-order mark and white space,
    /// the page starts with a tag that only HTML starts with (`<!DOCTYPE html`, `<html`,
    /// `<head`, `<body`, `<div`, `<p`, `<title`, ... as the WHATWG's sniffing rules list them), an
    /// HTML comment, or an XML declaration followed by `<html` within the first kilobyte.
    public static func isHTML(_ bytes: [UInt8]) -> Bool {
        var b = bytes.prefix(2048)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) {
            let utf8 = Charset.utf16ToUTF8(Array(b), littleEndian: b.first == 0xFF)
            return isHTML(utf8)
        }
        let start = b.firstIndex { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C) }
        // Every tag sniffed below starts with "<": plain text is told at its first byte.
        guard let start, b[start] == UInt8(ascii: "<") else { return false }
        let head = Array(b[start...].prefix(1024)).map(Charset.lower)
        func startsTag(_ name: String) -> Bool {
            let n = Array(name.utf8)
            guard head.count > n.count, head.starts(with: n) else { return false }
            let c = head[n.count]
            return c == 0x20 || c == UInt8(ascii: ">") || c == 0x09 || c == 0x0A || c == 0x0D
        }
        for name in sniffTags where startsTag(name) { return true }
        if head.starts(with: Array("<!--".utf8)) || head.starts(with: Array("<?xml".utf8)) {
            return contains(head, "<html") || contains(head, "<!doctype html")
        }
        return false
    }

    private static let sniffTags = [
        "<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font", "<table", "<a", "<style",
        "<title", "<b", "<body", "<br", "<p", "<meta", "<link",
    ]

    private static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard haystack.count >= n.count else { return false }
        for i in 0...(haystack.count - n.count)
        where haystack[i] == n[0] && haystack[i..<(i + n.count)].elementsEqual(n) {
            return true
        }
        return false
    }
}
