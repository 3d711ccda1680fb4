import ArgumentParser
import Articles
import Store
import SystemPackage

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one record, and the article's text with its entities highlighted.",
        discussion: """
            PATH is the article's path relative to the inbox, as the store has it; ID is a \
            record id (or its first 8 or more hex digits). When several records match (an \
            article that changed), the latest is shown. When the article is still in the inbox \
            (--inbox DIR, else $WIREWATCH_INBOX, else ./inbox) its text follows, with every \
            mention coloured by entity type on a terminal (NO_COLOR turns colour off). For a web \
            page the text is the main text read from it (what the mention offsets index), as \
            `wirewatch extract --format text` prints it.

            --entity NAME keeps to the entities that NAME matches (as with query --entity: a \
            word or run of words of the name, or an alias; --exact: whole names only): only \
            they are listed and highlighted, and when piped their mentions are marked [[like \
            this]]. Exit status 1 when the record names no such entity.

            Examples:
              wirewatch show 000_dfec17d03ea7e3d2.txt
              wirewatch show 3f2a9c41 --inbox /srv/inbox
              wirewatch show reports/today.txt --json | jq .entities
              wirewatch show 004_df3783716ed73a7d.txt --entity Pashinyan --inbox seeds
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The article's path relative to the inbox, or a record id.", valueName: "PATH|ID"))
    var target: String

    @Option(
        help: ArgumentHelp(
            "The inbox the path is relative to (default: $WIREWATCH_INBOX, else ./inbox).", valueName: "DIR"),
        completion: .directory)
    var inbox: String?

    @Flag(help: "Print the record as it is in the store (one JSON line).")
    var json = false

    @Flag(help: "Leave out the article's text.")
    var noText = false

    @Option(
        help: ArgumentHelp(
            "List and highlight only this entity (a word or run of words of its name).", valueName: "NAME"))
    var entity: String?

    @Flag(help: "Match --entity against whole names only (text, canonical name, aliases).")
    var exact = false

    func validate() throws {
        if entity != nil && json { throw ValidationError("--entity and --json cannot be used together") }
        if exact && entity == nil { throw ValidationError("--exact needs --entity NAME") }
    }

    func run() throws {
        let reader = try store.open()
        var scan = StoreScan(reader: reader)
        let wanted = PathName(target)
        let isID =
            target.count >= 8 && target.count <= 64
            && target.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
        var latest: (record: Record, line: [UInt8])?
        // Every record is decoded only when the target appears in its line's bytes.
        let needle = JSONText.escaped(target)
        try reader.forEachBlock { block in
            for start in JSONText.linesContaining(needle, in: block.bytes) {
                let end = block.bytes[start...].firstIndex(of: 0x0A)!
                let line = UnsafeBufferPointer(rebasing: block.bytes[start..<end])
                let number = block.line(around: start).number
                guard let record = scan.decode(line, number: number) else { continue }
                if record.path == wanted || (isID && record.id.hasPrefix(target)) {
                    latest = (record, Array(line))
                }
            }
            return true
        }
        guard let (record, line) = latest else {
            Diagnostics.warn(
                "no record has the path or id \(target); `wirewatch query --path '*\(target)*'` searches paths")
            try found(false)
            return
        }
        let out = Output.standard
        if json {
            out.write(line)
            out.byte(0x0A)
            try found(true)
            return
        }
        let colour = out.useColour
        var shown = record
        if let entity {
            let names = nameQuery(entity, exact: exact)
            shown.entities = record.entities.filter(names.matches)
        }
        RecordView(record: shown, colour: colour).print(to: out)
        if !noText { showText(shown, colour: colour, marked: entity != nil, out: out) }
        if let entity, shown.entities.isEmpty {
            Diagnostics.warn("\(record.path) names no entity that matches \(entity)")
            try found(false)
        }
        try found(true)
    }

    private func showText(_ record: Record, colour: Bool, marked: Bool, out: Output) {
        guard record.status == .ok else { return }
        let folder = inbox ?? environment("WIREWATCH_INBOX") ?? "./inbox"
        let file = InboxPath.absolute(record.path, in: FilePath(folder))
        let processor = ArticleProcessor(extractor: .init())
        guard case .content(let bytes, let sha256) = processor.load(file) else {
            out.line()
            out.line("(the article is no longer at \(file); pass --inbox DIR if the inbox is elsewhere)")
            return
        }
        guard case .success(let read) = processor.articleText(bytes, name: record.path) else { return }
        let text = read.text
        out.line()
        if let recorded = record.sha256, recorded != sha256 {
            out.line("(the file at \(file) has changed since this record; its text is shown without highlights)")
            out.line()
            out.write(text)
            if !text.hasSuffix("\n") { out.line() }
            return
        }
        out.write(Highlighter(entities: record.entities, colour: colour, marked: marked).render(text))
        if !text.hasSuffix("\n") { out.line() }
    }
}

/// A record laid out for reading.
struct RecordView {
    let record: Record
    let colour: Bool

    func print(to out: Output) {
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            let label = Render.fit(name + ":", 12)
            out.line(colour ? "\u{1B}[1m\(label)\u{1B}[0m \(value)" : "\(label) \(value)")
        }
        field("path", record.path.description)
        field("status", record.status.rawValue)
        field("error", record.error)
        field("duplicate of", record.duplicateOf)
        field("title", record.title)
        field("published", record.published)
        field("dateline", record.dateline)
        field("authors", record.authors.joined(separator: ", "))
        field("source", record.source)
        field("url", record.url)
        field("format", record.format)
        if let words = record.words { field("words", String(words) + (record.bytes.map { " (\($0) bytes)" } ?? "")) }
        field("ingested", record.ingestedAt)
        field("id", record.id)
        field("sha256", record.sha256)
        guard record.status == .ok else { return }
        out.line(colour ? "\u{1B}[1mentities:\u{1B}[0m" : "entities:")
        let ordered = record.entities.enumerated().sorted {
            $0.element.mentions.count != $1.element.mentions.count
                ? $0.element.mentions.count > $1.element.mentions.count : $0.offset < $1.offset
        }.map(\.element)
        for entity in ordered {
            var line = "  " + Render.fit(entity.type, 11) + " " + entity.canonical
            if entity.text != entity.canonical { line += " (as \"\(entity.text)\")" }
            line += " ×\(entity.mentions.count)"
            if entity.boilerplate { line += " [boilerplate]" }
            out.line(
                colour
                    ? line.replacing(
                        entity.type, with: Highlighter.paint(entity.type, type: entity.type), maxReplacements: 1) : line
            )
        }
    }
}

/// Marks mentions in an article's text with ANSI colours by entity type.
struct Highlighter {
    let entities: [Record.Entity]
    let colour: Bool
    /// Without colour, mark mentions `[[like this]]`.
    var marked = false

    static func paint(_ text: String, type: String) -> String {
        "\u{1B}[\(code(type))m\(text)\u{1B}[0m"
    }

    static func code(_ type: String) -> String {
        switch type {
        case "PERSON": return "1;36"
        case "ORG": return "1;33"
        case "GPE", "LOC", "FAC": return "1;32"
        case "NORP", "LANGUAGE": return "1;35"
        case "EVENT", "LAW", "WORK_OF_ART", "PRODUCT": return "1;34"
        default: return "2;37"
        }
    }

    /// The text with each mention coloured (overlapping mentions: the first wins).
    func render(_ text: String) -> String {
        guard colour || marked else { return text }
        var spans: [(Int, Int, String)] = []
        for entity in entities {
            for m in entity.mentions where m.start < m.end { spans.append((m.start, m.end, entity.type)) }
        }
        spans.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var at = 0
        for (start, end, type) in spans where start >= at && end <= scalars.count {
            result.append(contentsOf: scalars[at..<start])
            result.append(contentsOf: (colour ? "\u{1B}[\(Self.code(type))m" : "[[").unicodeScalars)
            result.append(contentsOf: scalars[start..<end])
            result.append(contentsOf: (colour ? "\u{1B}[0m" : "]]").unicodeScalars)
            at = end
        }
        result.append(contentsOf: scalars[at...])
        return String(result)
    }
}
