/// Turns an article's text into its metadata and entities.
///
/// Pure and deterministic: no I/O, no global state; safe to share between tasks.
public struct Extractor: Sendable {
    public init() {}

    /// Extracts metadata and entities from `text`. Offsets are in Unicode scalars of `text`.
    public func extract(_ text: String) -> Article {
        let scalars = Array(text.unicodeScalars)
        var words = 0
        var inWord = false
        for s in scalars {
            let space = s.properties.isWhitespace
            if !space && !inWord { words += 1 }
            inWord = !space
        }
        // Placeholder until the statistical tagger lands: runs of capitalised words.
        var entities: [String: Entity] = [:]
        var order: [String] = []
        var i = 0
        while i < scalars.count {
            if scalars[i].properties.isUppercase, i == 0 || !scalars[i - 1].properties.isAlphabetic {
                var j = i
                var end = i
                while j < scalars.count {
                    var k = j
                    while k < scalars.count, scalars[k].properties.isAlphabetic { k += 1 }
                    end = k
                    if k + 1 < scalars.count, scalars[k] == " ", scalars[k + 1].properties.isUppercase {
                        j = k + 1
                    } else {
                        break
                    }
                }
                if end - i > 1 {
                    let surface = String(String.UnicodeScalarView(scalars[i..<end]))
                    let mention = Mention(start: i, end: end)
                    if entities[surface] == nil {
                        order.append(surface)
                        entities[surface] = Entity(type: .org, text: surface, canonical: surface, mentions: [])
                    }
                    entities[surface]!.mentions.append(mention)
                }
                i = max(end, i + 1)
            } else {
                i += 1
            }
        }
        return Article(words: words, entities: order.map { entities[$0]! })
    }
}
