/// What an element's `class` and `id` say about it: the words pages use for article bodies and
/// for site furniture. Words are split at anything not a letter or digit; a word counts whole or,
/// for the furniture words, as the start of a longer word (`relatedArticles`, `sharebar`).
enum Hints {
    static func classify(_ hint: ArraySlice<UInt8>) -> Node.Flags {
        var flags: Node.Flags = []
        var subject = false
        var body = false
        hint.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                while i < b.count && !isWordByte(b[i]) { i += 1 }
                let start = i
                while i < b.count && isWordByte(b[i]) { i += 1 }
                guard i > start else { continue }
                let word = UnsafeBufferPointer(rebasing: b[start..<i])
                switch words.kind(hash(word)) {
                case .body?: flags.insert(.articleBody)
                case .schemaBody?: flags.formUnion([.articleBody, .schemaBody])
                case .subject?: subject = true
                case .container?: body = true
                case .boilerplate?: flags.insert(.boilerplate)
                case .weak?: flags.insert(.weakBoilerplate)
                case .byline?: flags.formUnion([.byline, .weakBoilerplate])
                case .date?: flags.formUnion([.dateline, .weakBoilerplate])
                case nil:
                    if hasBoilerplatePrefix(word) { flags.insert(.boilerplate) }
                }
            }
        }
        if subject && body { flags.insert(.articleBody) }
        return flags
    }

    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
            || c >= 0x80
    }

    @inline(__always) static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in word {
            h ^= UInt64(c)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    static func hash(_ word: String) -> UInt64 {
        Array(word.utf8).withUnsafeBufferPointer { hash($0) }
    }

    enum Kind { case body, schemaBody, subject, container, boilerplate, weak, byline, date }

    /// Open addressing over the words' FNV hashes (no per-lookup hashing beyond FNV).
    struct Table {
        var keys = [UInt64](repeating: 0, count: 1024)
        var kinds = [Kind?](repeating: nil, count: 1024)

        mutating func insert(_ key: UInt64, _ kind: Kind) {
            var slot = Int(truncatingIfNeeded: key >> 3) & 1023
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & 1023 }
            keys[slot] = key
            kinds[slot] = kind
        }

        @inline(__always) func kind(_ key: UInt64) -> Kind? {
            var slot = Int(truncatingIfNeeded: key >> 3) & 1023
            while true {
                let k = keys[slot]
                if k == key { return kinds[slot] }
                if k == 0 { return nil }
                slot = (slot + 1) & 1023
            }
        }
    }

    private static let words: Table = {
        var table = Table()
        func add(_ kind: Kind, _ list: String) {
            for word in list.split(separator: " ") { table.insert(hash(String(word)), kind) }
        }
        add(
            .body,
            """
            articlebody storybody articlecontent articletext storycontent storytext entrycontent postcontent \
            postbody posttext bodytext articlecopy storycopy blogpost postentry contentbody textcontent \
            articlemain mainarticle articleinner cmsbody richtextarticlebody prose rte
            """)
        add(.schemaBody, "articlebodytext articlebody")
        add(.subject, "article story entry post blog news")
        add(.container, "body content text copy inner main")
        add(
            .boilerplate,
            """
            comment comments commentlist disqus related share shares sharing social socials sidebar newsletter \
            subscribe subscription signup promo promos promotion advert advertisement ad ads adslot adunit dfp \
            sponsor sponsored outbrain taboola breadcrumb breadcrumbs cookie cookies consent gdpr popup modal \
            overlay nav navbar navigation menu footer recommended recommendations trending popular mostread \
            toolbar skip banner masthead pagination pager rail playlist follow login sronly sr \
            visuallyhidden offscreen newsletters readmore readnext upnext morestories jumplink
            """)
        add(
            .weak,
            """
            meta caption credit credits tags tag taglist keywords widget hidden print video gallery kicker \
            eyebrow headline subhead disclaimer copyright bio label
            """)
        add(.byline, "byline bylines author authors contributor")
        add(.date, "date dateline timestamp published pubdate")
        return table
    }()

    /// The prefixes by their first byte.
    private static let prefixesByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for prefix in boilerplatePrefixes { table[Int(prefix[0])].append(prefix) }
        return table
    }()

    private static let boilerplatePrefixes: [[UInt8]] = [
        "related", "share", "social", "comments", "newsletter", "sidebar", "promo", "advert", "outbrain", "taboola",
        "breadcrumb", "cookie", "footer", "navbar", "subscribe", "sponsor", "recommend", "trending", "mostpopular",
        "adslot", "adunit", "adcontainer", "adwrapper",
    ].map { Array($0.utf8) }

    private static func hasBoilerplatePrefix(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        for prefix in prefixesByFirstByte[Int(word[0])] where word.count > prefix.count {
            var matches = true
            for k in 1..<prefix.count where word[k] != prefix[k] {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }
}
