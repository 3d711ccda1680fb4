import Testing

@testable import Extraction

@Suite struct ChunkTests {
    /// Texts over `Extractor.chunkBytes` are extracted piece by piece: offsets must still point into the
    /// whole text, entities must stay ordered by first mention, and the word count must be exact.
    @Test func hugeSingleLineIsExtractedInPieces() {
        let sentence = "President Bill Clinton met Boris Yeltsin in Moscow on Tuesday, said Reuters. "
        let reps = Extractor.chunkBytes / sentence.utf8.count + 7
        let text = String(repeating: sentence, count: reps)
        let a = Extractor().extract(text)
        #expect(a.words == reps * 12)
        let scalars = Array(text.unicodeScalars)
        var lastFirst = -1
        var keys = Set<String>()
        for e in a.entities {
            #expect(!e.mentions.isEmpty)
            #expect(e.mentions[0].start > lastFirst)
            lastFirst = e.mentions[0].start
            #expect(keys.insert(e.type.rawValue + "|" + e.canonical).inserted)
            var prev = -1
            for m in e.mentions {
                #expect(m.start >= prev && m.end <= scalars.count && m.start < m.end)
                prev = m.end
            }
            let first = String(String.UnicodeScalarView(scalars[e.mentions[0].start..<e.mentions[0].end]))
            #expect(first == e.text)
        }
        let yeltsin = a.entities.first { $0.text == "Boris Yeltsin" }
        #expect(yeltsin != nil && yeltsin!.mentions.count == reps)
    }

    @Test func cutStaysOnScalarBoundaryWithoutSpaces() {
        let text = String(repeating: "é", count: Extractor.chunkBytes / 2 + 10)  // just over 1 MiB, no space
        let a = Extractor().extract(text)
        #expect(a.words == 2)  // a hard cut inside the one word (only when no space in the last 64 KiB)
    }
}
