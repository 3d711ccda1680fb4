// Known aliases (written for this project, MIT licence). The first name of each line is canonical.

enum AliasTable {
    /// TYPE|canonical|alias|alias...
    static let source: [String] = [
        "ORG|United Nations|UN|U.N.",
        "ORG|United Nations Security Council|UN Security Council|U.N. Security Council|UNSC|"
            + "Security Council of the United Nations",
        "ORG|United Nations General Assembly|UN General Assembly|U.N. General Assembly|UNGA",
        "ORG|Organization of Islamic Cooperation|OIC|Organisation of Islamic Cooperation",
        "ORG|European Union|EU|E.U.",
        "ORG|NATO|North Atlantic Treaty Organization|North Atlantic Treaty Organisation|Nato",
        "ORG|Organization for Security and Co-operation in Europe|OSCE|"
            + "Organisation for Security and Co-operation in Europe|Organization for Security and Cooperation in Europe",
        "ORG|OSCE Minsk Group|Minsk Group",
        "ORG|Organization of Turkic States|OTS|Turkic Council|Organisation of Turkic States",
        "ORG|Non-Aligned Movement|NAM|Non Aligned Movement",
        "ORG|GUAM|Organization for Democracy and Economic Development",
        "ORG|Parliamentary Assembly of Turkic States|TURKPA",
        "ORG|Commonwealth of Independent States|CIS",
        "ORG|Collective Security Treaty Organization|CSTO",
        "ORG|Shanghai Cooperation Organisation|SCO|Shanghai Cooperation Organization",
        "ORG|World Health Organization|WHO|World Health Organisation",
        "ORG|International Monetary Fund|IMF",
        "ORG|World Trade Organization|WTO|World Trade Organisation",
        "ORG|Organization of the Petroleum Exporting Countries|OPEC",
        "ORG|Association of Southeast Asian Nations|ASEAN",
        "ORG|European Commission|EC",
        "ORG|European Parliament|EP",
        "ORG|International Atomic Energy Agency|IAEA",
        "ORG|International Committee of the Red Cross|ICRC",
        "ORG|International Court of Justice|ICJ",
        "ORG|International Criminal Court|ICC",
        "ORG|Federal Bureau of Investigation|FBI",
        "ORG|Central Intelligence Agency|CIA",
        "ORG|Customs and Border Protection|U.S. Customs and Border Protection|US Customs and Border Protection|CBP",
        "ORG|Immigration and Customs Enforcement|U.S. Immigration and Customs Enforcement|"
            + "US Immigration and Customs Enforcement",
        "ORG|European Central Bank|ECB",
        "ORG|Inter-Services Public Relations|ISPR",
        "ORG|Inter-Services Intelligence|ISI",
        "ORG|Center for Global & Strategic Studies|CGSS|Centre for Global & Strategic Studies|"
            + "Center for Global and Strategic Studies",
        "ORG|Institute of Peace and Diplomatic Studies|IPDS",
        "ORG|Pakistan Tehreek-e-Insaf|PTI",
        "ORG|Pakistan Muslim League-Nawaz|PML-N",
        "ORG|Pakistan Peoples Party|PPP",
        "ORG|Associated Press|AP|The Associated Press",
        "ORG|Agence France-Presse|AFP|Agence France Presse",
        "ORG|Xinhua News Agency|Xinhua",
        "ORG|Press Trust of India|Press Trust",
        "ORG|Deutsche Presse-Agentur|dpa",
        "ORG|Anadolu Agency|Anadolu",
        "ORG|Getty Images",
        "ORG|British Broadcasting Corporation|BBC",
        "GPE|United States|US|U.S.|USA|U.S.A.|United States of America",
        "GPE|United Kingdom|UK|U.K.|Britain|Great Britain",
        "GPE|Russia|Russian Federation",
        "GPE|Azerbaijan|Republic of Azerbaijan|Azerbaijan Republic|Azerbaidjan",
        "GPE|Armenia|Republic of Armenia",
        "GPE|Pakistan|Islamic Republic of Pakistan",
        "GPE|China|People's Republic of China|PRC",
        "GPE|Turkey|Türkiye|Turkiye|Republic of Turkey",
        "GPE|Iran|Islamic Republic of Iran",
        "GPE|United Arab Emirates|UAE|U.A.E.",
        "GPE|Nagorno-Karabakh|Nagorno Karabakh|Nagorny Karabakh|Nagorno-Karabagh",
        "GPE|Soviet Union|USSR|U.S.S.R.",
        "GPE|Ukraine|the Ukraine",
        "GPE|Kyiv|Kiev",
        "GPE|Myanmar|Burma",
        "GPE|Czech Republic|Czechia",
        "GPE|Netherlands|Holland",
        "GPE|Ivory Coast|Cote d'Ivoire|Côte d'Ivoire",
        "GPE|Democratic Republic of the Congo|DRC|DR Congo",
        "GPE|New York City|NYC",
        "EVENT|COVID-19|Covid-19|COVID|Covid|coronavirus disease 2019",
        "EVENT|Second Karabakh War|44-day war|Patriotic War|Second Karabakh-Patriotic War",
    ]

    struct Row: Sendable {
        var type: EntityType
        var names: [String]  // canonical first
        var hash: UInt64  // normalised hash of the canonical name
    }

    static let rows: [Row] = source.map { line in
        // split on the bytes and name the type by comparison: `splitOnASCII`'s ranges and
        // `EntityType(rawValue:)`'s string-switch cache each cost the runtime a scan of every protocol
        // conformance in the binary at the first article
        var parts: [String] = []
        withUTF8Bytes(line) { u in
            var a = 0
            for i in 0...u.count where i == u.count || u[i] == UInt8(ascii: "|") {
                if i > a { parts.append(String(decoding: UnsafeBufferPointer(rebasing: u[a..<i]), as: UTF8.self)) }
                a = i + 1
            }
        }
        let type: EntityType =
            switch parts[0] {
            case "GPE": .gpe
            case "EVENT": .event
            default: .org
            }
        return Row(type: type, names: Array(parts.dropFirst()), hash: normalizedHash(parts[1]))
    }

    /// normalised hash -> row index + 1
    static let byHash: FastMap = {
        var pairs: [(UInt64, UInt16)] = []
        var seen = IndexMap()
        for (i, row) in rows.enumerated() {
            for name in row.names {
                let h = normalizedHash(name)
                if seen[h] == nil {
                    seen.set(h, i)
                    pairs.append((h, UInt16(i + 1)))
                }
            }
        }
        return FastMap(pairs)
    }()

    static func row(hash: UInt64) -> Row? {
        rowIndex(hash: hash).map { rows[$0] }
    }

    /// The index in `rows` of the row with a name of this normalised hash.
    static func rowIndex(hash: UInt64) -> Int? {
        byHash[hash].map { Int($0) - 1 }
    }

    static func allAliases() -> [(String, String, EntityType)] {
        var out: [(String, String, EntityType)] = []
        for row in rows {
            for n in row.names { out.append((n, row.names[0], row.type)) }
        }
        return out
    }

    static func lookup(_ name: String) -> Row? {
        row(hash: normalizedHash(name))
    }
}

/// Names the extractor treats as the same thing.
public enum KnownNames {
    /// Every name the extractor treats as the same as `name` (canonical first, then aliases);
    /// `[name]` when the name is unknown. Case-insensitive.
    public static func equivalents(of name: String) -> [String] {
        guard let row = AliasTable.lookup(name) else { return [name] }
        return row.names
    }

    /// The canonical form of `name`, or nil when it is not a known alias.
    public static func canonical(of name: String) -> String? {
        AliasTable.lookup(name)?.names.first
    }
}
