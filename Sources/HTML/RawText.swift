#if canImport(Glibc)
    import Glibc
#endif

/// Takes `<script>`, `<style>` and `<svg>` elements and comments out of the page's bytes before
/// libxml2 sees them, keeping the content of JSON-LD scripts aside.
///
/// None of them is ever article text, and on today's pages they are more than half of the
/// bytes: libxml2 would scan them character by character only for the extractor to throw
/// them away. The cut follows the HTML tokenizer's rule for raw text: a script's content ends
/// at the first `</script` (any case). It works on ASCII-compatible bytes (`Charset.prepare`).
enum RawText {
    struct Result {
        var bytes: [UInt8]
        /// The content of every `<script type="application/ld+json">`.
        var jsonLD: [[UInt8]]
    }

    /// Attributes a start tag keeps; libxml2 checks each new attribute against all earlier ones
    /// (quadratic), so a tag with 200,000 of them would take a minute.
    static let maxAttributes = 256

    /// Also guards libxml2 against the other input it spends quadratic time on: an end tag is
    /// checked against every open element, so a deep stack met by a storm of end tags that close
    /// nothing would take minutes. The open elements are tracked here (by name, closing as an end
    /// tag does); an end tag that names no open element closes nothing in libxml2 either, and
    /// is dropped.
    static func strip(_ input: [UInt8]) -> Result {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 2)
        var jsonLD: [[UInt8]] = []
        var open = OpenElements()
        input.withUnsafeBufferPointer { buffer in
            let n = buffer.count
            guard let base = buffer.baseAddress else { return }
            var copied = 0
            var i = 0
            while i < n {
                guard let found = memchr(base + i, Int32(UInt8(ascii: "<")), n - i) else { break }
                let lt = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                i = lt + 1
                guard lt + 1 < n else { break }
                let next = buffer[lt + 1]
                if next == UInt8(ascii: "!") {
                    guard startsComment(buffer, lt) else { continue }
                    let end = find(buffer, from: lt + 4, "-->") ?? n
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<lt]))
                    copied = min(n, end + 3)
                    i = copied
                    continue
                }
                if next == UInt8(ascii: "/") {
                    // An end tag: kept when it closes something.
                    let (name, nameEnd) = tagName(buffer, lt + 2)
                    guard nameEnd > lt + 2 else { continue }
                    var close = nameEnd
                    while close < n && buffer[close] != UInt8(ascii: ">") { close += 1 }
                    if !open.close(name) {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<lt]))
                        copied = min(n, close + 1)
                    }
                    i = min(n, close + 1)
                    continue
                }
                guard isLetter(next) else { continue }
                let (name, nameEnd) = tagName(buffer, lt + 1)
                let raw: [UInt8]?
                switch name {
                case Self.scriptHash: raw = Self.script
                case Self.styleHash: raw = Self.style
                case Self.svgHash: raw = Self.svg
                default: raw = nil
                }
                let tag = scanTag(buffer, from: nameEnd)
                if let raw {
                    let contentStart = min(n, tag.end + 1)
                    let close = findClose(buffer, from: contentStart, raw) ?? n
                    if raw == Self.script, isJSONLD(buffer, lt, tag.end), close > contentStart {
                        jsonLD.append(Array(UnsafeBufferPointer(rebasing: buffer[contentStart..<close])))
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<lt]))
                    var after = close
                    while after < n && buffer[after] != UInt8(ascii: ">") { after += 1 }
                    copied = min(n, after + 1)
                    i = copied
                    continue
                }
                if !tag.selfClosing, let furniture = Self.furniture[name],
                    furniture.always || !open.insideArticle,
                    let end = matchingClose(buffer, from: min(n, tag.end + 1), furniture.name)
                {
                    // Never article text (MainText skips these elements whole): not worth parsing.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<lt]))
                    copied = end
                    i = end
                    continue
                }
                if let cut = tag.cut {
                    // Too many attributes: the tag ends after the last one kept.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<cut]))
                    out.append(UInt8(ascii: ">"))
                    copied = min(n, tag.end + 1)
                }
                if !tag.selfClosing && !Self.isVoid(name) { open.push(name) }
                i = min(n, tag.end + 1)
            }
            if copied < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<n])) }
        }
        return Result(bytes: out, jsonLD: jsonLD)
    }

    /// Elements cut whole before parsing, with their end tag found by counting nested ones: the
    /// elements `MainText` skips whole (`Tag.isJunk`: navigation, asides, `<noscript>`, form
    /// controls, templates, frames, figures and media), and a page's
    /// `<header>` and `<footer>` outside any `<article>` or `<main>` (an article's own header
    /// holds its byline and `<time>`, which the metadata reads).
    static let furniture: [UInt64: (name: [UInt8], always: Bool)] = {
        var table: [UInt64: (name: [UInt8], always: Bool)] = [:]
        for name in [
            "nav", "aside", "noscript", "select", "template", "iframe", "figure", "figcaption", "picture", "video",
            "audio", "canvas", "object", "map", "math", "dialog", "menu", "button", "textarea", "label",
        ] {
            table[hash(name)] = (Array(name.utf8), true)
        }
        for name in ["header", "footer"] { table[hash(name)] = (Array(name.utf8), false) }
        return table
    }()

    /// The index just past the `>` of the end tag that closes an element named `name` whose
    /// content starts at `from`, or nil when it is never closed (then nothing is cut).
    static func matchingClose(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ name: [UInt8]) -> Int? {
        guard let base = b.baseAddress else { return nil }
        var depth = 1
        var i = from
        let n = b.count
        while i < n {
            guard let found = memchr(base + i, Int32(UInt8(ascii: "<")), n - i) else { return nil }
            let lt = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            i = lt + 1
            let closing = lt + 1 < n && b[lt + 1] == UInt8(ascii: "/")
            let at = closing ? lt + 2 : lt + 1
            guard at + name.count < n else { return nil }
            var matches = true
            for k in 0..<name.count where Charset.lower(b[at + k]) != name[k] {
                matches = false
                break
            }
            guard matches else { continue }
            let c = b[at + name.count]
            guard c == UInt8(ascii: ">") || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "/")
            else { continue }
            if !closing {
                depth += 1
                continue
            }
            depth -= 1
            if depth == 0 {
                guard let gt = memchr(base + at, Int32(UInt8(ascii: ">")), n - at) else { return n }
                return base.distance(to: gt.assumingMemoryBound(to: UInt8.self)) + 1
            }
        }
        return nil
    }

    /// The open elements, as a stack of name hashes with a count per name.
    struct OpenElements {
        var stack: [UInt64] = []
        var counts = NameCounts()

        var insideArticle: Bool { counts[RawText.articleHash] > 0 || counts[RawText.mainHash] > 0 }

        mutating func push(_ name: UInt64) {
            stack.append(name)
            counts.add(name, 1)
        }

        /// Closes up to the innermost open `name`; false when none is open.
        mutating func close(_ name: UInt64) -> Bool {
            guard counts[name] > 0 else { return false }
            while let top = stack.popLast() {
                counts.add(top, -1)
                if top == name { break }
            }
            return true
        }
    }

    /// Counts by name hash: open addressing, no per-lookup hashing (the keys are hashes).
    struct NameCounts {
        var keys = [UInt64](repeating: 0, count: 256)
        var values = [Int32](repeating: 0, count: 256)
        var used = 0

        subscript(key: UInt64) -> Int32 {
            let key = key == 0 ? 1 : key
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let k = keys[slot]
                if k == key { return values[slot] }
                if k == 0 { return 0 }
                slot = (slot + 1) & mask
            }
        }

        mutating func add(_ key: UInt64, _ delta: Int32) {
            let key = key == 0 ? 1 : key
            if used * 2 >= keys.count { grow() }
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: key) & mask
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] == 0 {
                keys[slot] = key
                used += 1
            }
            values[slot] += delta
        }

        private mutating func grow() {
            let old = (keys, values)
            keys = [UInt64](repeating: 0, count: old.0.count * 2)
            values = [Int32](repeating: 0, count: old.0.count * 2)
            used = 0
            for (k, v) in zip(old.0, old.1) where k != 0 { add(k, v) }
        }
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
    }

    /// The FNV hash of the lower-cased tag name at `at`, and where it ends.
    @inline(__always) static func tagName(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> (UInt64, Int) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = at
        while i < b.count {
            let c = b[i]
            let isName =
                isLetter(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-")
                || c == UInt8(ascii: ":") || c == UInt8(ascii: "_")
            if !isName { break }
            h ^= UInt64(Charset.lower(c))
            h = h &* 0x100_0000_01b3
            i += 1
        }
        return (h, i)
    }

    static func hash(_ name: String) -> UInt64 {
        Array(name.utf8).withUnsafeBufferPointer { tagName($0, 0).0 }
    }

    private static let scriptHash = hash("script")
    private static let styleHash = hash("style")
    private static let svgHash = hash("svg")
    static let articleHash = hash("article")
    static let mainHash = hash("main")
    private static let voids: Set<UInt64> = Set(
        [
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
            "param",
            "keygen", "basefont", "frame", "isindex",
        ].map(hash))

    @inline(__always) static func isVoid(_ name: UInt64) -> Bool { voids.contains(name) }

    struct StartTag {
        /// The index of the closing `>` (or the end of the input).
        var end: Int
        var selfClosing: Bool
        /// Where to cut a tag with too many attributes.
        var cut: Int?
    }

    /// Scans a start tag's attributes from `from` (after the name) to its `>`, as libxml2 reads
    /// them: a quoted value runs to its closing quote, `>` inside it included.
    static func scanTag(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> StartTag {
        var i = from
        let n = b.count
        var attributes = 0
        var cut: Int?
        var last: UInt8 = 0
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: ">") {
                return StartTag(end: i, selfClosing: last == UInt8(ascii: "/"), cut: cut)
            }
            if c == UInt8(ascii: "=") {
                attributes += 1
                if attributes > maxAttributes && cut == nil {
                    // Back to the start of this attribute's name.
                    var k = i - 1
                    while k > from && (b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0A || b[k] == 0x0D) { k -= 1 }
                    while k > from && !(b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0A || b[k] == 0x0D) { k -= 1 }
                    cut = k
                }
                i += 1
                while i < n && (b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D) { i += 1 }
                guard i < n else { break }
                let q = b[i]
                if q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
                    guard let base = b.baseAddress, let found = memchr(base + i + 1, Int32(q), n - i - 1) else {
                        return StartTag(end: n, selfClosing: false, cut: cut)
                    }
                    i = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    last = q
                    continue
                }
                continue
            }
            if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { last = c }
            i += 1
        }
        return StartTag(end: n, selfClosing: false, cut: cut)
    }

    private static let script = Array("script".utf8)
    private static let style = Array("style".utf8)
    private static let svg = Array("svg".utf8)

    @inline(__always) private static func startsComment(_ b: UnsafeBufferPointer<UInt8>, _ lt: Int) -> Bool {
        lt + 3 < b.count && b[lt + 1] == UInt8(ascii: "!") && b[lt + 2] == UInt8(ascii: "-")
            && b[lt + 3] == UInt8(ascii: "-")
    }

    /// The index of the `<` of the first `</name` at or after `from`.
    private static func findClose(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ name: [UInt8]) -> Int? {
        guard let base = b.baseAddress else { return nil }
        var i = from
        while i < b.count {
            guard let found = memchr(base + i, Int32(UInt8(ascii: "<")), b.count - i) else { return nil }
            let lt = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if lt + 1 + name.count < b.count && b[lt + 1] == UInt8(ascii: "/") {
                var matches = true
                for k in 0..<name.count where Charset.lower(b[lt + 2 + k]) != name[k] {
                    matches = false
                    break
                }
                if matches { return lt }
            }
            i = lt + 1
        }
        return nil
    }

    private static func find(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ needle: StaticString) -> Int? {
        guard let base = b.baseAddress, from < b.count else { return nil }
        let count = needle.utf8CodeUnitCount
        guard let found = Bytes.find(base + from, b.count - from, needle.utf8Start, count) else { return nil }
        return from + found
    }

    /// Whether the start tag `b[lt...tagEnd]` says `type="application/ld+json"`.
    private static func isJSONLD(_ b: UnsafeBufferPointer<UInt8>, _ lt: Int, _ tagEnd: Int) -> Bool {
        guard let base = b.baseAddress, tagEnd > lt else { return false }
        let needle: StaticString = "ld+json"
        return Bytes.find(base + lt, min(tagEnd, b.count) - lt, needle.utf8Start, needle.utf8CodeUnitCount) != nil
    }
}

/// Byte-string search (Swift's Glibc does not export `memmem`).
enum Bytes {
    /// The offset of the first `needle` in `haystack[0..<count]`.
    static func find(
        _ haystack: UnsafePointer<UInt8>, _ count: Int, _ needle: UnsafePointer<UInt8>, _ length: Int
    ) -> Int? {
        guard length > 0, count >= length else { return nil }
        var i = 0
        let first = Int32(needle[0])
        while i <= count - length {
            guard let found = memchr(haystack + i, first, count - length + 1 - i) else { return nil }
            let at = haystack.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(haystack + at, needle, length) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
