import ArgumentParser
import Store

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Write the co-occurrence network of the store's entities (GraphML, GEXF or DOT).",
        discussion: """
            A node per canonical entity (its name as label, type, and the articles and mentions \
            that name it), an undirected edge between two entities that appear in the same \
            article, weighted by the number of such articles. Only records with status ok count; \
            boilerplate entities are left out, and so are dates, times and numbers unless --type \
            asks for them. --since and --until keep the articles published (else ingested) in \
            those dates. --min-articles drops the entities named in fewer articles (and their \
            edges).

            GraphML and GEXF open in Gephi and load in networkx (read_graphml, read_gexf); DOT \
            is for Graphviz. Exit status 1 when the network has no node.

            Examples:
              wirewatch graph --format graphml > seeds.graphml
              wirewatch graph --type PERSON --type ORG --min-articles 2 --format gexf > people.gexf
              wirewatch graph --type GPE --format dot | neato -Tsvg > places.svg
            """)

    @OptionGroup var store: StoreOptions

    @OptionGroup var database: DatabaseOptions

    @Option(
        help: ArgumentHelp("Only entities of this type (repeat for several).", valueName: "TYPE"),
        completion: .list(entityTypes))
    var type: [String] = []

    @Option(help: ArgumentHelp("Only entities named in at least N articles.", valueName: "N"))
    var minArticles = 1

    @Option(help: ArgumentHelp("Articles published (else ingested) on or after DATE.", valueName: "DATE"))
    var since: String?

    @Option(help: ArgumentHelp("Articles published (else ingested) on or before DATE.", valueName: "DATE"))
    var until: String?

    @Option(help: ArgumentHelp("The file format.", valueName: "graphml|gexf|dot"))
    var format: GraphFormat = .graphml

    func validate() throws {
        if minArticles < 1 { throw ValidationError("--min-articles must be 1 or more") }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, !DateBound.isValid(value) {
                throw ValidationError("\(flag) \(value): use a date like 2023, 2023-09, 2023-09-11")
            }
        }
    }

    func run() throws {
        let types = try Set(type.map(entityType))
        var builder = GraphBuilder(types: types.isEmpty ? nil : types, since: since, until: until)
        var summed: Network?
        if let address = try database.address(store) {
            // Summed by the database when it can key every name as the builder does (and no
            // dates narrow the articles); else read from the records shipped into it.
            if since == nil && until == nil {
                summed = try DatabaseTally.network(
                    address, origin: database.origin, types: types.isEmpty ? nil : types, minArticles: minArticles)
            }
            if summed == nil {
                try DatabaseScan(address, origin: database.origin).forEach(names: nil, status: .ok) { _, record in
                    builder.add(record)
                }
            }
        } else {
            let reader = try store.open()
            var scan = StoreScan(reader: reader)
            try scan.forEach(prefilter: nil) { _, _, _, record in
                if let record = record() { builder.add(record) }
                return true
            }
        }
        let network = summed ?? builder.network(minArticles: minArticles)
        let out = Output.standard
        switch format {
        case .graphml: GraphWriter.graphML(network, to: out)
        case .gexf: GraphWriter.gexf(network, to: out)
        case .dot: GraphWriter.dot(network, to: out)
        }
        try found(!network.nodes.isEmpty)
    }
}

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case graphml, gexf, dot
}

/// The co-occurrence network.
struct Network {
    struct Node {
        var name: String
        var type: String
        var articles: Int
        var mentions: Int
    }

    struct Edge {
        /// Indices into `nodes`, `source < target`.
        var source: Int
        var target: Int
        /// The articles both appear in.
        var weight: Int
    }

    /// Ranked by articles, then mentions, then name.
    var nodes: [Node]
    /// Ordered by source, then target.
    var edges: [Edge]
}

/// Builds the co-occurrence network from decoded records, one at a time (from the store or
/// any other source of records).
struct GraphBuilder {
    let types: Set<String>?
    let since: String?
    let until: String?
    private var ids: [Tally.Key: Int32] = [:]
    private var nodes: [Network.Node] = []
    /// Each counted article's entities, as node ids (sorted, each once).
    private var articles: [[Int32]] = []

    init(types: Set<String>?, since: String?, until: String?) {
        self.types = types
        self.since = since
        self.until = until
    }

    mutating func add(_ record: Record) {
        guard record.status == .ok else { return }
        if since != nil || until != nil {
            let date = record.published ?? record.ingestedAt
            if let since, !DateBound.compare(date, since, atLeast: true) { return }
            if let until, !DateBound.compare(date, until, atLeast: false) { return }
        }
        var members = Set<Int32>()
        for entity in record.entities {
            guard !entity.boilerplate else { continue }
            if let types {
                guard types.contains(entity.type) else { continue }
            } else if quantityTypes.contains(entity.type) {
                continue
            }
            let key = Tally.Key(type: entity.type, name: entity.canonical.lowercased())
            let id: Int32
            if let known = ids[key] {
                id = known
            } else {
                id = Int32(nodes.count)
                ids[key] = id
                nodes.append(Network.Node(name: entity.canonical, type: entity.type, articles: 0, mentions: 0))
            }
            nodes[Int(id)].mentions += entity.mentions.count
            if members.insert(id).inserted { nodes[Int(id)].articles += 1 }
        }
        if members.count > 1 { articles.append(members.sorted()) }
    }

    /// The network of the entities named in at least `minArticles` articles.
    func network(minArticles: Int) -> Network {
        let kept = nodes.indices.filter { nodes[$0].articles >= minArticles }.sorted {
            let (a, b) = (nodes[$0], nodes[$1])
            if a.articles != b.articles { return a.articles > b.articles }
            if a.mentions != b.mentions { return a.mentions > b.mentions }
            return (a.name, a.type) < (b.name, b.type)
        }
        var rank = [Int32](repeating: -1, count: nodes.count)
        for (k, id) in kept.enumerated() { rank[id] = Int32(k) }
        var weights: [UInt64: Int] = [:]
        for members in articles {
            let present = members.compactMap { rank[Int($0)] >= 0 ? rank[Int($0)] : nil }.sorted()
            for i in present.indices {
                for j in present.index(after: i)..<present.endIndex {
                    weights[UInt64(present[i]) << 32 | UInt64(present[j]), default: 0] += 1
                }
            }
        }
        let edges = weights.map {
            Network.Edge(source: Int($0.key >> 32), target: Int($0.key & 0xFFFF_FFFF), weight: $0.value)
        }
        .sorted { ($0.source, $0.target) < ($1.source, $1.target) }
        return Network(nodes: kept.map { nodes[$0] }, edges: edges)
    }
}

/// Writes a network as GraphML, GEXF 1.2 or Graphviz DOT.
enum GraphWriter {
    static func graphML(_ network: Network, to out: Output) {
        out.line(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        out.line(
            #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" "#
                + #"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#
                + #"xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns "#
                + #"http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#)
        out.line(#"  <key id="label" for="node" attr.name="label" attr.type="string"/>"#)
        out.line(#"  <key id="type" for="node" attr.name="type" attr.type="string"/>"#)
        out.line(#"  <key id="articles" for="node" attr.name="articles" attr.type="int"/>"#)
        out.line(#"  <key id="mentions" for="node" attr.name="mentions" attr.type="int"/>"#)
        out.line(#"  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>"#)
        out.line(#"  <graph id="wirewatch" edgedefault="undirected">"#)
        for (k, node) in network.nodes.enumerated() {
            out.line(
                "    <node id=\"n\(k)\"><data key=\"label\">\(xml(node.name))</data>"
                    + "<data key=\"type\">\(xml(node.type))</data><data key=\"articles\">\(node.articles)</data>"
                    + "<data key=\"mentions\">\(node.mentions)</data></node>")
        }
        for (k, edge) in network.edges.enumerated() {
            out.line(
                "    <edge id=\"e\(k)\" source=\"n\(edge.source)\" target=\"n\(edge.target)\">"
                    + "<data key=\"weight\">\(edge.weight)</data></edge>")
        }
        out.line("  </graph>")
        out.line("</graphml>")
    }

    static func gexf(_ network: Network, to out: Output) {
        out.line(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        out.line(#"<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">"#)
        out.line("  <meta><creator>wirewatch</creator><description>entities that share articles</description></meta>")
        out.line(#"  <graph mode="static" defaultedgetype="undirected">"#)
        out.line(#"    <attributes class="node">"#)
        out.line(#"      <attribute id="type" title="type" type="string"/>"#)
        out.line(#"      <attribute id="articles" title="articles" type="integer"/>"#)
        out.line(#"      <attribute id="mentions" title="mentions" type="integer"/>"#)
        out.line("    </attributes>")
        out.line("    <nodes>")
        for (k, node) in network.nodes.enumerated() {
            out.line(
                "      <node id=\"n\(k)\" label=\"\(xml(node.name))\"><attvalues>"
                    + "<attvalue for=\"type\" value=\"\(xml(node.type))\"/>"
                    + "<attvalue for=\"articles\" value=\"\(node.articles)\"/>"
                    + "<attvalue for=\"mentions\" value=\"\(node.mentions)\"/></attvalues></node>")
        }
        out.line("    </nodes>")
        out.line("    <edges>")
        for (k, edge) in network.edges.enumerated() {
            out.line(
                "      <edge id=\"e\(k)\" source=\"n\(edge.source)\" target=\"n\(edge.target)\" weight=\"\(edge.weight)\"/>"
            )
        }
        out.line("    </edges>")
        out.line("  </graph>")
        out.line("</gexf>")
    }

    static func dot(_ network: Network, to out: Output) {
        out.line("graph wirewatch {")
        for (k, node) in network.nodes.enumerated() {
            out.line(
                "  n\(k) [label=\(dotString(node.name)), type=\(dotString(node.type)), "
                    + "articles=\(node.articles), mentions=\(node.mentions)];")
        }
        for edge in network.edges {
            out.line("  n\(edge.source) -- n\(edge.target) [weight=\(edge.weight)];")
        }
        out.line("}")
    }

    /// Text for XML content and attribute values: markup escaped, characters XML 1.0 does not
    /// allow (most control characters) left out.
    static func xml(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A DOT quoted string: quotes and backslashes escaped, line breaks as spaces.
    static func dotString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n", "\r", "\t": result += " "
            default:
                if scalar.value < 0x20 { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
