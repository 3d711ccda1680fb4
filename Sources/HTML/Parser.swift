internal import CLibXML2

/// libxml2's HTML parser, driven through its SAX interface into a `Document`.
///
/// The parser recovers from broken markup as browsers do (implied end tags, stray closers),
/// decodes character and entity references, and never loads anything from the network. It is
/// told the page's encoding (`Charset.prepare`) and ignores the page's own hints, which
/// `Charset` has read already.
enum Parser {
    /// More elements than any real page has; a page past it is parsed up to there.
    static let maxNodes = 400_000

    static func parse(_ bytes: [UInt8], encoding: String?, maxNodes: Int = Parser.maxNodes) -> Document {
        var builder = TreeBuilder(maxNodes: maxNodes)
        // (the caller has asked `WebPage.parserUnavailable`: without libxml2 a page is parsed to nothing)
        guard let api = wirewatch_xml() else { return builder.document }
        let xml = api.pointee
        wirewatch_xml_silence(api)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return builder.document }
        let context: htmlParserCtxtPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xml.htmlCreateMemoryParserCtxt($0, Int32(buffer.count))
            }
        }
        guard let context else { return builder.document }
        defer { xml.htmlFreeParserCtxt(context) }
        builder.context = context
        context.pointee.sax.pointee = makeHandler()
        let options =
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
        _ = xml.htmlCtxtUseOptions(context, Int32(options))
        if let encoding, let encoder = xml.xmlFindCharEncodingHandler(encoding) {
            _ = xml.xmlSwitchToEncoding(context, encoder)
        } else {
            _ = xml.xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        }
        withUnsafeMutablePointer(to: &builder) { pointer in
            context.pointee.userData = UnsafeMutableRawPointer(pointer)
            _ = xml.htmlParseDocument(context)
            context.pointee.userData = nil
        }
        return builder.document
    }

    private static func makeHandler() -> htmlSAXHandler {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            context.assumingMemoryBound(to: TreeBuilder.self).pointee.start(name, attributes)
        }
        handler.endElement = { context, _ in
            guard let context else { return }
            context.assumingMemoryBound(to: TreeBuilder.self).pointee.end()
        }
        handler.characters = { context, bytes, count in
            guard let context, let bytes else { return }
            context.assumingMemoryBound(to: TreeBuilder.self).pointee.characters(bytes, Int(count))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = { _, _, _ in }
        // Structured errors go nowhere (SAX2's `serror` is only read when `initialized` says so);
        // the HTML parser still calls the SAX1 element callbacks above.
        handler.initialized = XML_SAX2_MAGIC
        handler.serror = { _, _ in }
        return handler
    }
}
