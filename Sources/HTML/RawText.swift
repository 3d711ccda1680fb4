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

    static func strip(_ input: [UInt8]) -> Result {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 2)
        var jsonLD: [[UInt8]] = []
        input.withUnsafeBufferPointer { buffer in
            let n = buffer.count
            guard let base = buffer.baseAddress else { return }
            var copied = 0
            var i = 0
            while i < n {
                guard let found = memchr(base + i, Int32(UInt8(ascii: "<")), n - i) else { break }
                let lt = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                i = lt + 1
                if startsComment(buffer, lt) {
                    let end = find(buffer, from: lt + 4, "-->") ?? n
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<lt]))
                    copied = min(n, end + 3)
                    i = copied
                    continue
                }
                let name: [UInt8]
                if matchesName(buffer, lt + 1, "script") {
                    name = Self.script
                } else if matchesName(buffer, lt + 1, "style") {
                    name = Self.style
                } else if matchesName(buffer, lt + 1, "svg") {
                    name = Self.svg
                } else {
                    continue
                }
                let tagEnd = endOfTag(buffer, from: lt + 1 + name.count)
                let contentStart = min(n, tagEnd + 1)
                let close = findClose(buffer, from: contentStart, name) ?? n
                if name == Self.script, isJSONLD(buffer, lt, tagEnd), close > contentStart {
                    jsonLD.append(Array(UnsafeBufferPointer(rebasing: buffer[contentStart..<close])))
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<lt]))
                var after = close
                while after < n && buffer[after] != UInt8(ascii: ">") { after += 1 }
                copied = min(n, after + 1)
                i = copied
            }
            if copied < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<n])) }
        }
        return Result(bytes: out, jsonLD: jsonLD)
    }

    private static let script = Array("script".utf8)
    private static let style = Array("style".utf8)
    private static let svg = Array("svg".utf8)

    @inline(__always) private static func startsComment(_ b: UnsafeBufferPointer<UInt8>, _ lt: Int) -> Bool {
        lt + 3 < b.count && b[lt + 1] == UInt8(ascii: "!") && b[lt + 2] == UInt8(ascii: "-")
            && b[lt + 3] == UInt8(ascii: "-")
    }

    /// `name` (lower case) at `at`, followed by a space, `/`, `>` or the end.
    private static func matchesName(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard at + count <= b.count else { return false }
        let p = name.utf8Start
        for k in 0..<count where Charset.lower(b[at + k]) != p[k] { return false }
        if at + count == b.count { return true }
        let c = b[at + count]
        return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == UInt8(ascii: "/")
            || c == UInt8(ascii: ">")
    }

    /// The index of the `>` that ends the start tag (quoted attribute values may hold `>`).
    private static func endOfTag(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        var quote: UInt8 = 0
        while i < b.count {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                // Only a quote that opens a value (after `=`) quotes.
                var k = i - 1
                while k > from && (b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0A) { k -= 1 }
                if b[k] == UInt8(ascii: "=") { quote = c }
            } else if c == UInt8(ascii: ">") {
                return i
            }
            i += 1
        }
        return b.count
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
