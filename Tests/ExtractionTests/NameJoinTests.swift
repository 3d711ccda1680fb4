import Testing

@testable import Extraction

/// Names the tagger cuts apart are joined again; byline words, honorifics and typos are handled the way a
/// reader would.
@Suite struct NameJoinTests {
    let extractor = Extractor()

    private func mentionTexts(_ text: String, _ e: Entity) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return e.mentions.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
    }

    @Test func anAcronymDefinitionJoinsItsExpansionAcrossAnAmpersand() {
        let text =
            "By Staff Reporter, Executive Director, Institute for Policy & Economic Research (IPER), Lahore\n\n"
            + "The Institute for Policy & Economic Research (IPER) said on Monday that prices rose. IPER spoke.\n"
        let a = extractor.extract(text)
        let iper = a.entities.filter { $0.canonical == "Institute for Policy & Economic Research" }
        #expect(iper.count == 1)
        #expect(iper.first?.type == .org)
        #expect(
            Set(iper.first.map { mentionTexts(text, $0) } ?? []) == [
                "Institute for Policy & Economic Research", "IPER",
            ])
        #expect(iper.first?.mentions.count == 5)
        #expect(!a.entities.contains { $0.text == "Economic Research" || $0.text == "Institute" })
    }

    @Test func aKnownNameWrittenInAHeadingIsOneName() {
        let text = "**Center for Global & Strategic Studies\nIslamabad**\n\nThe talks went on.\n"
        let a = extractor.extract(text)
        let cgss = a.entities.first { $0.canonical == "Center for Global & Strategic Studies" }
        #expect(cgss?.type == .org)
        #expect(cgss?.text == "Center for Global & Strategic Studies")
        #expect(!a.entities.contains { $0.text == "Center" || $0.text == "Global" || $0.text == "Strategic Studies" })
        #expect(a.entities.contains { $0.text == "Islamabad" && $0.type == .gpe })
    }

    @Test func anOrganisationNamedForItsSubjectIsOneName() {
        let text =
            "Muhammad Asif Noor, Pakistani expert, director at Centre for Central Asia and Eurasian Studies "
            + "of Institute of Peace and Diplomatic Studies, told Azernews."
        let a = extractor.extract(text)
        #expect(a.entities.contains { $0.text == "Centre for Central Asia and Eurasian Studies" && $0.type == .org })
        #expect(a.entities.contains { $0.text == "Institute of Peace and Diplomatic Studies" && $0.type == .org })
        #expect(!a.entities.contains { $0.text == "Centre" || $0.text == "Eurasian Studies" })
    }

    @Test func aKnownNameMustBeWrittenAsAName() {
        let a = extractor.extract("He moved to New York City in May. She lives in New York city now.")
        #expect(a.entities.contains { $0.text == "New York City" && $0.type == .gpe })
        #expect(
            !a.entities.contains { e in
                e.mentions.contains { $0.end - $0.start == "New York city".count } && e.text == "New York city"
            })
    }

    @Test func anHonorificSplitsAPlaceFromAPerson() {
        let a = extractor.extract(
            "The President of Azerbaijan His Excellency Ilham Aliyev said the talks would go on.")
        #expect(a.entities.contains { $0.text == "Ilham Aliyev" && $0.type == .person })
        #expect(a.entities.contains { $0.text == "Azerbaijan" && $0.type == .gpe })
        #expect(!a.entities.contains { $0.text.contains("Excellency") })
    }

    @Test func bylineWordsAreNotNames() {
        let a = extractor.extract(
            "By Lieutenant Colonel Khalid Taimur Akram (Retd), Executive Director\n\nPublished on 06th March 2020\n\n"
                + "The elections were held in Baku.")
        #expect(!a.entities.contains { $0.text == "Published" || $0.text == "Retd" })
        #expect(a.published == "2020-03-06")
    }

    @Test func aRarerSpellingOneTypoAwayJoinsTheCommonOne() {
        let text =
            "Talks on Nagorno-Karabakh went on. Azerbaijani officials said Nagorno-Karabakh was calm. "
            + "The Nagorno-Karabkh region voted. Azerbaijan said no."
        let a = extractor.extract(text)
        let nk = a.entities.filter { $0.canonical == "Nagorno-Karabakh" }
        #expect(nk.count == 1)
        #expect(nk.first?.type == .gpe)
        #expect(nk.first?.mentions.count == 3)
        // a changed ending is another word, not a typo
        #expect(a.entities.contains { $0.text == "Azerbaijani" && $0.type == .norp })
        #expect(a.entities.contains { $0.canonical == "Azerbaijan" && $0.type == .gpe })
    }

    @Test(arguments: [
        ("karabakh", "karabkh", true), ("arminian", "armenian", true), ("karabakh", "karbaakh", true),
        ("azerbaijan", "azerbaijani", false), ("armenian", "armenians", false), ("armenian", "armenias", false),
        ("karabakh", "karabakh", false), ("karabakh", "kxrxbakh", false),
    ])
    func oneEdit(a: String, b: String, expected: Bool) {
        #expect(oneEditApart(Array(a.utf8), Array(b.utf8)) == expected)
        #expect(oneEditApart(Array(b.utf8), Array(a.utf8)) == expected)
    }

    @Test func anEnglishWordInsideASpanCutsItAndHeadsGiveTypes() {
        let a = extractor.extract(
            "Talks in Moscow and Brussels went on to sign the Peace Agreement between Armenia and Azerbaijan, "
                + "in line with the UN Charter. Messi scored at DRV PNK Stadium.")
        #expect(a.entities.contains { $0.text == "Peace Agreement" && $0.type == .law })
        #expect(a.entities.contains { $0.text == "Armenia" && $0.type == .gpe })
        #expect(a.entities.contains { $0.text == "UN Charter" && $0.type == .law })
        #expect(!a.entities.contains { $0.text.contains("between") })
    }
}
