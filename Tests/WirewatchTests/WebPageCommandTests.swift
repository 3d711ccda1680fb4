import Foundation
import Store
import Testing

/// `wirewatch extract` and `wirewatch show` on a saved web page (Tests/HTMLTests/Pages).
@Suite struct WebPageCommandTests {
    static let page = Tool.repository.appendingPathComponent("Tests/HTMLTests/Pages/news-jsonld.html")

    /// The page under a name that does not say HTML: recognised by its content.
    private func copy(named name: String, into dir: URL) throws -> URL {
        let file = dir.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Self.page, to: file)
        return file
    }

    @Test("extract reads a web page by its content: main text, markup metadata, format html, url")
    func extractAPage() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try copy(named: "saved-page.txt", into: dir)
        let result = try Tool.run(["extract", file.path])
        #expect(result.status == 0)
        let record = try RecordDecoder().decode(Array(result.lines[0].utf8))
        #expect(record.status == .ok)
        #expect(record.format == "html")
        #expect(record.title == "Pakistan condemns \u{2018}so-called\u{2019} Karabakh vote")
        #expect(record.published == "2023-09-11")
        #expect(record.authors == ["Ayesha Khan", "Bilal Ahmed"])
        #expect(record.source == "Daily Times")
        #expect(record.url == "https://dailytimes.example/world/pakistan-condemns-karabakh-vote")
        let names = Set(record.entities.map(\.canonical))
        #expect(names.contains("Mumtaz Zahra Baloch"))
        #expect(names.contains("Azerbaijan"))
        // Nothing from the script, the menu, the aside, the comments or the footer.
        for outside in [
            "Google", "Google Analytics", "Google Tag Manager", "Google Chrome", "DOCTYPE", "Babar Azam",
            "Lahore Qalandars", "Rafael Grossi", "Zaporizhzhia", "IAEA", "Volodymyr Zelensky", "NATO", "Toronto",
            "Justin Trudeau", "Elon Musk", "Karachi", "Reuters", "Akhtar Soomro",
        ] {
            #expect(!names.contains(outside), "\(outside) is not the article's")
        }

        // The text the offsets index, as --format text prints it.
        let text = try Tool.run(["extract", "--format", "text", file.path])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("ISLAMABAD: Pakistan on Monday condemned"))
        #expect(text.stdout.hasSuffix("later this month.\n"))
        let scalars = Array(text.stdout.unicodeScalars)
        for entity in record.entities {
            for mention in entity.mentions {
                #expect(mention.end <= scalars.count - 1)
            }
            let first = entity.mentions[0]
            #expect(String(String.UnicodeScalarView(scalars[first.start..<first.end])) == entity.text)
        }

        // A text file prints as itself (and a newline when it has no last one).
        let seed = Tool.seeds[0]
        let plain = try Tool.run(["extract", "--format", "text", seed.path])
        let seedText = try String(contentsOf: seed, encoding: .utf8)
        #expect(plain.stdout == seedText + (seedText.hasSuffix("\n") ? "" : "\n"))
    }

    @Test("show prints a page's record and the main text its mentions index")
    func showAPage() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        _ = try copy(named: "karabakh.html", into: inbox)
        let record = try Tool.run(["extract", "karabakh.html"], in: inbox)
        let store = dir.appendingPathComponent("articles.jsonl")
        try record.stdout.write(to: store, atomically: false, encoding: .utf8)
        let shown = try Tool.run(["show", "karabakh.html", "--store", store.path, "--inbox", inbox.path])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("url:"))
        #expect(shown.stdout.contains("https://dailytimes.example/world/pakistan-condemns-karabakh-vote"))
        let text = try Tool.run(["extract", "--format", "text", "karabakh.html"], in: inbox)
        #expect(shown.stdout.hasSuffix("\n\n" + text.stdout))
    }
}
