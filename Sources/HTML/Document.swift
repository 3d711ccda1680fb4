internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// A page parsed by libxml2's HTML parser into a compact tree: nodes in document order (a
/// child's index is always above its parent's), text in one byte arena.
struct Node {
    var tag: Tag
    var flags: Flags = []
    var parent: Int32
    var firstChild: Int32 = -1
    var lastChild: Int32 = -1
    var next: Int32 = -1
    /// A text node's bytes in `Document.text`; an element's `class` and `id` in `Document.hints`.
    var start: Int32 = 0
    var end: Int32 = 0

    struct Flags: OptionSet {
        var rawValue: UInt16
        /// `hidden`, `aria-hidden="true"`, `display:none`.
        static let hidden = Flags(rawValue: 1 << 0)
        /// Its class or id names site furniture (comments, sharing, related stories...).
        static let boilerplate = Flags(rawValue: 1 << 1)
        /// Its class or id names an article body.
        static let articleBody = Flags(rawValue: 1 << 2)
        /// `itemprop="articleBody"` (or `articlebody` in its class/id).
        static let schemaBody = Flags(rawValue: 1 << 3)
        /// A byline: `rel=author`, `itemprop=author`, or class/id `byline`, `author`.
        static let byline = Flags(rawValue: 1 << 4)
        /// Weaker furniture hints (meta lines, captions, widgets): lower the score, kept when inside
        /// a clear article body.
        static let weakBoilerplate = Flags(rawValue: 1 << 5)
        /// An element whose text is a date (`<time>`, class `date`, `published`...).
        static let dateline = Flags(rawValue: 1 << 6)
    }
}

struct Document {
    var nodes: [Node] = []
    var text: [UInt8] = []
    var hints: [UInt8] = []

    // What the head and the markup say about the article.
    var title: [UInt8] = []
    var meta: [(key: String, value: String)] = []
    var canonical: String?
    var jsonLD: [[UInt8]] = []
    /// `<time datetime>` values and the node that carries them.
    var times: [(node: Int32, value: String)] = []
    var bylines: [Int32] = []
    /// Elements marked `itemprop="datePublished"` (their text may state the date).
    var datePublished: [Int32] = []
    var language: String?
    /// The parse stopped early (too many elements).
    var truncated = false
}

/// Builds a `Document` from libxml2's SAX events. A struct reached through a pointer (the SAX
/// context), so the callbacks pay no reference counting or exclusivity checks.
struct TreeBuilder {
    var document = Document()
    var current: Int32 = -1
    var depth = 0
    var inTitle = false
    let maxNodes: Int
    var context: htmlParserCtxtPtr?

    init(maxNodes: Int) {
        self.maxNodes = maxNodes
        document.nodes.reserveCapacity(4096)
        document.text.reserveCapacity(65536)
    }

    mutating func start(_ namePointer: UnsafePointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?)
    {
        if document.nodes.count >= maxNodes {
            document.truncated = true
            if let context, let stop = wirewatch_xml()?.pointee.xmlStopParser { stop(context) }
            return
        }
        let tag = Tag.named(namePointer)
        let index = Int32(document.nodes.count)
        var node = Node(tag: tag, parent: current)
        if let attributes { read(attributes, tag: tag, into: &node, index: index) }
        if tag == .title && !document.title.isEmpty { node.flags.insert(.hidden) }
        document.nodes.append(node)
        link(index)
        current = index
        depth += 1
        if tag == .title { inTitle = document.title.isEmpty }
    }

    mutating func end() {
        guard current >= 0 else { return }
        if document.nodes[Int(current)].tag == .title { inTitle = false }
        current = document.nodes[Int(current)].parent
        depth -= 1
    }

    mutating func characters(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        guard count > 0 else { return }
        if inTitle {
            if document.title.count < 4096 {
                document.title.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            }
            return
        }
        guard current >= 0 else { return }
        let last = document.nodes[Int(current)].lastChild
        let textEnd = Int32(document.text.count)
        document.text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        if last >= 0 && document.nodes[Int(last)].tag == .text && document.nodes[Int(last)].end == textEnd {
            document.nodes[Int(last)].end = Int32(document.text.count)
            return
        }
        if document.nodes.count >= maxNodes { return }
        let index = Int32(document.nodes.count)
        document.nodes.append(Node(tag: .text, parent: current, start: textEnd, end: Int32(document.text.count)))
        link(index)
    }

    private mutating func link(_ index: Int32) {
        guard current >= 0 else { return }
        let parent = Int(current)
        let last = document.nodes[parent].lastChild
        if last >= 0 {
            document.nodes[Int(last)].next = index
        } else {
            document.nodes[parent].firstChild = index
        }
        document.nodes[parent].lastChild = index
    }

    private mutating func read(
        _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>, tag: Tag, into node: inout Node, index: Int32
    ) {
        var i = 0
        var property: String?
        var content: String?
        var rel: String?
        var href: String?
        var hintStart = -1
        while let namePointer = attributes[i] {
            let valuePointer = attributes[i + 1]
            i += 2
            let name = Attribute.named(namePointer)
            guard name != .other, let valuePointer else {
                if name == .hidden { node.flags.insert(.hidden) }
                continue
            }
            switch name {
            case .class, .id:
                if hintStart < 0 { hintStart = document.hints.count }
                let length = strnlen(UnsafeRawPointer(valuePointer).assumingMemoryBound(to: CChar.self), 512)
                let start = document.hints.count
                document.hints.append(contentsOf: UnsafeBufferPointer(start: valuePointer, count: length))
                document.hints.append(0x20)
                document.hints.withUnsafeMutableBufferPointer { hints in
                    for k in start..<(start + length) where hints[k] >= 0x41 && hints[k] <= 0x5A { hints[k] |= 0x20 }
                }
            case .hidden:
                node.flags.insert(.hidden)
            case .ariaHidden:
                if valuePointer[0] == UInt8(ascii: "t") { node.flags.insert(.hidden) }
            case .style:
                if Attribute.hidesElement(valuePointer) { node.flags.insert(.hidden) }
            case .itemprop:
                if Attribute.equalsLowered(valuePointer, "articlebody") { node.flags.insert(.schemaBody) }
                if Attribute.equalsLowered(valuePointer, "author") || Attribute.equalsLowered(valuePointer, "creator") {
                    node.flags.insert(.byline)
                }
                if Attribute.equalsLowered(valuePointer, "datepublished") {
                    node.flags.insert(.dateline)
                    if tag != .meta && document.datePublished.count < 8 { document.datePublished.append(index) }
                }
                if tag == .meta || tag == .link { property = property ?? Attribute.lowered(valuePointer, limit: 64) }
            case .property, .name:
                if tag == .meta { property = Attribute.lowered(valuePointer, limit: 128) }
            case .content:
                if tag == .meta { content = Attribute.string(valuePointer, limit: 4096) }
            case .rel:
                let value = Attribute.lowered(valuePointer, limit: 64)
                rel = value
                if value == "author" { node.flags.insert(.byline) }
            case .href:
                if tag == .link { href = Attribute.string(valuePointer, limit: 4096) }
            case .datetime:
                let value = Attribute.string(valuePointer, limit: 64)
                if !value.isEmpty { document.times.append((index, value)) }
            case .lang:
                if tag == .html && document.language == nil {
                    document.language = Attribute.string(valuePointer, limit: 32)
                }
            case .other:
                break
            }
        }
        if hintStart >= 0 {
            node.start = Int32(hintStart)
            node.end = Int32(document.hints.count)
            node.flags.formUnion(Hints.classify(document.hints[hintStart..<document.hints.count]))
        }
        if node.flags.contains(.byline) { document.bylines.append(index) }
        if tag == .meta, let property, let content { document.meta.append((property, content)) }
        if tag == .link, let rel, let href, rel.split(separator: " ").contains("canonical"), document.canonical == nil {
            document.canonical = href
        }
    }
}

/// The attributes the builder reads.
enum Attribute {
    case other, `class`, id, hidden, ariaHidden, style, itemprop, property, name, content, rel, href, datetime, lang

    static func named(_ p: UnsafePointer<UInt8>) -> Attribute {
        switch p[0] {
        case UInt8(ascii: "c"):
            if eq(p, "class") { return .class }
            if eq(p, "content") { return .content }
        case UInt8(ascii: "i"):
            if eq(p, "id") { return .id }
            if eq(p, "itemprop") { return .itemprop }
        case UInt8(ascii: "h"):
            if eq(p, "hidden") { return .hidden }
            if eq(p, "href") { return .href }
        case UInt8(ascii: "a"):
            if eq(p, "aria-hidden") { return .ariaHidden }
        case UInt8(ascii: "s"):
            if eq(p, "style") { return .style }
        case UInt8(ascii: "p"):
            if eq(p, "property") { return .property }
        case UInt8(ascii: "n"):
            if eq(p, "name") { return .name }
        case UInt8(ascii: "r"):
            if eq(p, "rel") { return .rel }
        case UInt8(ascii: "d"):
            if eq(p, "datetime") { return .datetime }
        case UInt8(ascii: "l"):
            if eq(p, "lang") { return .lang }
        default: break
        }
        return .other
    }

    @inline(__always) static func eq(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
        let q = s.utf8Start
        let n = s.utf8CodeUnitCount
        for k in 0..<n where p[k] != q[k] { return false }
        return p[n] == 0
    }

    /// Whether the value at `p`, lower-cased, is `s` (lower case).
    @inline(__always) static func equalsLowered(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
        let q = s.utf8Start
        let n = s.utf8CodeUnitCount
        for k in 0..<n where Charset.lower(p[k]) != q[k] { return false }
        return p[n] == 0
    }

    static func string(_ p: UnsafePointer<UInt8>, limit: Int) -> String {
        var n = 0
        while p[n] != 0 && n < limit { n += 1 }
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    static func lowered(_ p: UnsafePointer<UInt8>, limit: Int) -> String {
        var bytes: [UInt8] = []
        var n = 0
        while p[n] != 0 && n < limit {
            bytes.append(Charset.lower(p[n]))
            n += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `display:none` or `visibility:hidden` in a style attribute.
    static func hidesElement(_ p: UnsafePointer<UInt8>) -> Bool {
        var bytes: [UInt8] = []
        var n = 0
        while p[n] != 0 && n < 1024 {
            let c = p[n]
            if c != 0x20 { bytes.append(Charset.lower(c)) }
            n += 1
        }
        return bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            let none: StaticString = "display:none"
            let hidden: StaticString = "visibility:hidden"
            return Bytes.find(base, b.count, none.utf8Start, none.utf8CodeUnitCount) != nil
                || Bytes.find(base, b.count, hidden.utf8Start, hidden.utf8CodeUnitCount) != nil
        }
    }
}
