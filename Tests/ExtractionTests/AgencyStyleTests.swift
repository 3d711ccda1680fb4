import Testing

@testable import Extraction

/// Wire-service conventions: agency datelines, bylines in capitals, update stamps, names with particles.
@Suite struct AgencyStyleTests {
    let extractor = Extractor()

    static let apStory =
        "# Floods kill dozens in southern Brazil\n\nBy MAURICIO SAVARESE, Associated Press\n\n"
        + "Updated 3:45 PM ET, Mon May 6, 2024\n\n"
        + "PORTO ALEGRE, Brazil (AP) — Floods in Brazil have killed at least 78 people, authorities said "
        + "Monday. President Luiz Inácio Lula da Silva visited the region on Sunday.\n"

    @Test func anAgencyDatelineWithARegionGivesCityAndSource() {
        let a = extractor.extract(Self.apStory)
        #expect(a.dateline == "PORTO ALEGRE")
        #expect(a.source == "AP")
        #expect(a.title == "Floods kill dozens in southern Brazil")
        #expect(a.published == "2024-05-06")
        #expect(a.authors == ["MAURICIO SAVARESE"])
        #expect(a.entities.contains { $0.text == "PORTO ALEGRE" && $0.type == .gpe })
        #expect(a.entities.contains { $0.text == "MAURICIO SAVARESE" && $0.type == .person })
        #expect(a.entities.contains { $0.canonical == "Associated Press" && $0.type == .org })
    }

    @Test func anUpdateStampIsATimeAndADate() {
        let a = extractor.extract(Self.apStory)
        #expect(a.entities.contains { $0.text == "3:45 PM ET" && $0.type == .time })
        #expect(a.entities.contains { $0.text == "Mon May 6, 2024" && $0.type == .date })
        #expect(!a.entities.contains { $0.text == "ET" || $0.text == "Mon May" })
    }

    @Test func aNameGoesOnOverItsParticles() {
        let a = extractor.extract(Self.apStory)
        #expect(a.entities.contains { $0.text == "Luiz Inácio Lula da Silva" && $0.type == .person })
        #expect(!a.entities.contains { $0.text == "Silva" })
    }

    @Test func aDatelineWithADateAndNoYear() {
        let a = extractor.extract(
            "LONDON, March 3 (Xinhua) -- British Prime Minister Rishi Sunak met German Chancellor Olaf Scholz.")
        #expect(a.dateline == "LONDON")
        #expect(a.source == "Xinhua")
        let b = extractor.extract("WASHINGTON (Reuters) - U.S. President Joe Biden on Tuesday urged Congress to act.")
        #expect(b.dateline == "WASHINGTON")
        #expect(b.source == "Reuters")
    }
}
