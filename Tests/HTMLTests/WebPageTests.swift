import Foundation
import Testing

@testable import HTML

/// Pages written for these tests (Tests/HTMLTests/Pages): a news article with JSON-LD, a blog
/// post with OpenGraph tags in windows-1252, a page with only a `<time>` and a byline.
enum Pages {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Pages")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

@Suite struct WebPageTests {
    /// libxml2 is loaded with dlopen at the first page rather than linked into every binary: it loads
    /// here, with every function wirewatch calls.
    @Test func libxml2LoadsAtTheFirstPage() throws {
        #expect(WebPage.parserUnavailable == nil)
        let page = WebPage(Array("<html><body><p>Loaded at the first page.</p></body></html>".utf8))
        #expect(page.text == "Loaded at the first page.")
    }

    @Test func jsonLDGivesTheMetadata() throws {
        let page = WebPage(try Pages.bytes("news-jsonld.html"))
        #expect(page.title == "Pakistan condemns \u{2018}so-called\u{2019} Karabakh vote")
        #expect(page.published == "2023-09-11")
        #expect(page.authors == ["Ayesha Khan", "Bilal Ahmed"])
        #expect(page.source == "Daily Times")
        #expect(page.url == "https://dailytimes.example/world/pakistan-condemns-karabakh-vote")
    }

    @Test func theMainTextLeavesOutScriptsMenusAsidesAndComments() throws {
        let page = WebPage(try Pages.bytes("news-jsonld.html"))
        let lines = page.text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ISLAMABAD: Pakistan on Monday condemned") == true)
        #expect(lines.contains("Calls for dialogue"), "a heading is a line of its own")
        #expect(lines.last?.hasPrefix("She said Prime Minister") == true)
        #expect(lines.count == 5)
        for outside in [
            "Google", "Microsoft", "Babar Azam", "Home", "Rafael Grossi", "Zaporizhzhia", "Toronto", "Elon Musk",
            "Advertisement", "Share on", "Read more", "Photo:", "By Ayesha", "September 11",
        ] {
            #expect(!page.text.contains(outside), "\(outside) is not the article's")
        }
        // Entities decoded.
        #expect(page.text.contains("Azerbaijan\u{2019}s sovereignty"))
    }

    @Test func openGraphAndTheMetaCharset() throws {
        let page = WebPage(try Pages.bytes("blog-opengraph.html"))
        #expect(page.title == "Caf\u{E9} owners in Lyon fight new rent rules")
        #expect(page.published == "2024-03-05")
        #expect(page.authors == ["Claire Dubois"])
        #expect(page.source == "Rh\u{F4}ne Notes")
        #expect(page.url == "https://rhone-notes.example/2024/03/cafe-rent")
        #expect(page.text.hasPrefix("Caf\u{E9} owners in Lyon say"))
        #expect(page.text.contains("Gr\u{E9}goire Doucet"))
        #expect(page.text.contains("Presqu'\u{EE}le"))
        #expect(!page.text.contains("Archives"))
        #expect(!page.text.contains("Grenoble"))
        #expect(!page.text.contains("Tags:"))
    }

    @Test func timeAndBylineWhenThereIsNoOtherMetadata() throws {
        let page = WebPage(try Pages.bytes("time-byline.html"))
        #expect(page.title == "Flood waters recede in Porto Alegre")
        #expect(page.published == "2024-05-20")
        #expect(page.authors == ["Ana Souza", "Pedro Lima"])
        #expect(page.url == nil)
        #expect(page.text.hasPrefix("PORTO ALEGRE, Brazil \u{2014} Flood waters"))
        for outside in ["Messi", "Taylor Swift", "Curitiba", "Log in", "By Ana"] {
            #expect(!page.text.contains(outside), "\(outside) is not the article's")
        }
    }

    @Test func utf16WithAByteOrderMark() throws {
        let html =
            "<html><head><title>Zürich news</title></head><body><p>Zürich and Genève agreed on a new rail link on Friday, officials said.</p></body></html>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in html.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(WebPage.isHTML(bytes))
        let page = WebPage(bytes)
        #expect(page.title == "Zürich news")
        #expect(page.text == "Zürich and Genève agreed on a new rail link on Friday, officials said.")
    }

    @Test func aPageWithoutACharsetThatIsNotUTF8IsReadAsWindows1252() {
        var bytes = Array("<!doctype html><body><p>Na".utf8)
        bytes.append(0xEF)  // ï in windows-1252
        bytes += Array("ve Fran".utf8)
        bytes.append(0xE7)  // ç
        bytes += Array("ois met the press in Nantes on Monday morning.</p></body>".utf8)
        #expect(WebPage(bytes).text == "Naïve François met the press in Nantes on Monday morning.")
    }

    @Test func htmlIsRecognisedByContent() {
        #expect(WebPage.isHTML(Array("<!DOCTYPE html><html></html>".utf8)))
        #expect(WebPage.isHTML(Array("\n  <html lang=en><p>x".utf8)))
        #expect(WebPage.isHTML(Array("\u{FEFF}<!doctype HTML>".utf8)))
        #expect(WebPage.isHTML(Array("<!-- saved from url=(0042)https://example.org/ -->\n<html>".utf8)))
        #expect(
            WebPage.isHTML(
                Array("<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\"><html>".utf8)))
        #expect(!WebPage.isHTML(Array("ISLAMABAD, Sept 11 (APP): Pakistan <b>said</b>".utf8)))
        #expect(!WebPage.isHTML(Array("<3 this article".utf8)))
        #expect(!WebPage.isHTML(Array("<abbr>".utf8)))
        #expect(!WebPage.isHTML([]))
    }

    @Test func aShortNoteIsReadWhole() {
        let page = WebPage(Array("<html><body><p>Short note.</p><p>Signed, Oslo.</p></body></html>".utf8))
        #expect(page.text == "Short note.\nSigned, Oslo.")
    }

    @Test func datesInTheFormsPagesUse() {
        #expect(Metadata.isoDate("2023-09-11T08:15:00+05:00") == "2023-09-11")
        #expect(Metadata.isoDate("2023/09/11") == "2023-09-11")
        #expect(Metadata.isoDate("20230911") == "2023-09-11")
        #expect(Metadata.isoDate("2023-13-11") == nil)
        #expect(Metadata.isoDate("September 11, 2023") == "2023-09-11")
        #expect(Metadata.isoDate("November 19, 2019, 07:47 PM EST") == "2019-11-19")
        #expect(Metadata.isoDate("19 Nov 2019 07:09 GMT") == "2019-11-19")
        #expect(Metadata.isoDate("01:38:07 PM IST Nov 20, 2019") == "2019-11-20")
        #expect(Metadata.isoDate("Fri 6:45 PM, Feb 16, 2018") == "2018-02-16")
        #expect(Metadata.isoDate("Posted in May") == nil)
        #expect(Metadata.isoDate("Marketing 12 results for 2024") == nil)
        #expect(Metadata.isoDate("0001-01-01T00:00:00Z") == nil)
    }
}

/// Hostile pages get a result, never a crash or a hang (each of these took libxml2 alone from
/// seconds to minutes, or would have exhausted memory, before the guards in `RawText`).
@Suite struct HostilePageTests {
    @Test func deepNesting() {
        let html =
            "<html><body>" + String(repeating: "<div>", count: 100_000)
            + "<p>Deep text survives here in Paris, officials said.</p>"
        #expect(WebPage(Array(html.utf8)).text == "Deep text survives here in Paris, officials said.")
    }

    @Test func aStormOfEndTagsThatCloseNothing() {
        let html =
            "<html><body>" + String(repeating: "<div>", count: 20_000) + String(repeating: "</span>", count: 200_000)
            + "<p>The closing storm ended in Lagos on Tuesday night.</p>"
        #expect(WebPage(Array(html.utf8)).text == "The closing storm ended in Lagos on Tuesday night.")
    }

    @Test func aTagWithAHundredThousandAttributes() {
        var html = "<html><body><div "
        for i in 0..<100_000 { html += "a\(i)=\"\(i)\" " }
        html += ">Many attributes were seen in Oslo on Monday.</div></body></html>"
        #expect(WebPage(Array(html.utf8)).text == "Many attributes were seen in Oslo on Monday.")
    }

    @Test func aHugeAttributeAndAHugeScript() {
        let html =
            "<html><body><div class=\"" + String(repeating: "a", count: 4_000_000)
            + "\"><p>Text after a huge attribute in Berlin.</p></div>"
            + "<script>" + String(repeating: "var a = \"<p>x</p>\";\n", count: 200_000) + "</script>"
            + "<p>After the script, in Rome.</p><script>" + String(repeating: "x", count: 1_000_000)
        let page = WebPage(Array(html.utf8))
        #expect(page.text == "Text after a huge attribute in Berlin.\nAfter the script, in Rome.")
    }

    @Test func billionLaughsEntitiesAreNotExpanded() {
        var html = "<!DOCTYPE html [\n<!ENTITY a \"lol\">\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            html += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
            previous = name
        }
        html += "]>\n<html><body><p>&j; Billion laughs were heard in Madrid on Sunday.</p></body></html>"
        let page = WebPage(Array(html.utf8))
        // Read as a browser reads it: the internal subset is text, and no entity is expanded.
        #expect(page.text.utf8.count < 1000)
        #expect(!page.text.contains("lollol"))
        #expect(page.text.contains("Billion laughs were heard in Madrid"))
    }

    @Test func brokenMarkup() {
        let piece =
            "<p <a href=\"x>text</b></i><table><td><p>Broken markup in Tokyo <tr></table></div></div><li>one<li>two</ul></p>"
        let html = "<html><body>" + String(repeating: piece, count: 2_000) + "<title>t</title><p"
        let page = WebPage(Array(html.utf8))
        #expect(page.text.contains("Broken markup in Tokyo"))
    }

    @Test func unterminatedCommentsTagsAndJSON() {
        for html in [
            "<html><body><p>Text before an unclosed comment in Lima, Peru.</p><!-- "
                + String(repeating: "x", count: 100_000),
            "<html><body><p>Text before an unclosed tag in Quito, Ecuador.</p><div class=\""
                + String(repeating: "y", count: 10_000),
            "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":[[[[[["
                + String(repeating: "[", count: 100_000)
                + "</script></head><body><p>Bad JSON-LD in Bogota, Colombia.</p>",
        ] {
            #expect(!WebPage(Array(html.utf8)).text.isEmpty)
        }
    }

    @Test func bytesThatAreNotAPageAtAll() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 3, 100, 10_000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = WebPage(bytes)
            _ = WebPage([0xFF, 0xFE] + bytes)
            _ = WebPage(Array("<html>".utf8) + bytes)
        }
    }

    /// The fuzz corpus (Fuzz/corpus/html), replayed: what the fuzzer found stays fixed.
    @Test func theFuzzCorpus() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/html")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 10)
        for name in names {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let page = WebPage(bytes)
            // As Fuzz/HTMLFuzz.swift checks: a windows-1252 byte is at most 3 bytes of UTF-8.
            #expect(page.text.utf8.count <= max(64, bytes.count * 4), "\(name)")
            #expect(!page.text.hasPrefix("\n") && !page.text.hasSuffix("\n"), "\(name)")
        }
    }
}
