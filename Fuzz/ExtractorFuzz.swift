// libFuzzer entry for the extractor; built by scripts/fuzz.sh together with Sources/Extraction/*.swift
// (one module, so no import). Checks the output invariants and traps on any violation.

@_cdecl("LLVMFuzzerTestOneInput")
public func extractorFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let scalars = Array(text.unicodeScalars)
    let article = Extractor().extract(text)
    var lastFirst = -1
    for e in article.entities {
        precondition(!e.mentions.isEmpty, "entity without mentions")
        var prevEnd = -1
        for m in e.mentions {
            precondition(m.start >= 0 && m.start < m.end && m.end <= scalars.count, "mention out of range")
            precondition(m.start >= prevEnd, "mentions overlap or unsorted")
            prevEnd = m.end
        }
        let first = e.mentions[0]
        precondition(first.start > lastFirst, "entities not ordered by first mention")
        lastFirst = first.start
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first.start..<first.end])
        precondition(String(view) == e.text, "text is not the first mention's slice")
    }
    if let d = try? UserDictionary(parsing: text) {
        _ = Extractor(dictionary: d).extract(text)
    }
    return 0
}
