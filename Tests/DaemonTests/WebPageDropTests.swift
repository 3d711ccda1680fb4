import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A saved web page dropped into the inbox is recorded as an article: its main text's entities,
/// its markup's metadata.
@Suite struct WebPageDropTests {
    static let pages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HTMLTests/Pages")

    @Test func aDroppedHTMLFileIsRecorded() throws {
        let sandbox = try Sandbox()
        let daemon = try Daemon(sandbox)
        #expect(daemon.waitUntilReady() != nil)
        let staging = try sandbox.staging()
        for name in ["news-jsonld.html", "blog-opengraph.html"] {
            try FileManager.default.copyItem(
                at: Self.pages.appendingPathComponent(name), to: staging.appendingPathComponent(name))
            #expect(
                rename(staging.appendingPathComponent(name).path, sandbox.inbox.appendingPathComponent(name).path) == 0)
        }
        let records = try sandbox.waitForRecords(2)
        #expect(records.count == 2)
        let news = try #require(records.first { $0["path"] as? String == "news-jsonld.html" })
        #expect(news["status"] as? String == "ok")
        #expect(news["format"] as? String == "html")
        #expect(news["published"] as? String == "2023-09-11")
        #expect(news["authors"] as? [String] == ["Ayesha Khan", "Bilal Ahmed"])
        #expect(news["url"] as? String == "https://dailytimes.example/world/pakistan-condemns-karabakh-vote")
        let names = Set((news["entities"] as? [[String: Any]] ?? []).compactMap { $0["canonical"] as? String })
        #expect(names.contains("Mumtaz Zahra Baloch"))
        for outside in ["Google", "Rafael Grossi", "Zaporizhzhia", "Babar Azam", "DOCTYPE"] {
            #expect(!names.contains(outside), "\(outside) is not the article's")
        }
        let blog = try #require(records.first { $0["path"] as? String == "blog-opengraph.html" })
        #expect(blog["status"] as? String == "ok")
        #expect(blog["title"] as? String == "Caf\u{E9} owners in Lyon fight new rent rules")
        #expect(blog["source"] as? String == "Rh\u{F4}ne Notes")
        daemon.terminate()
        #expect(daemon.waitForExit() == 0)
    }
}
