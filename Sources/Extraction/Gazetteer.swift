// Hand-written gazetteers for wirewatch (written for this project, MIT licence).
// Entries are separated by "|"; matching is on lowercased tokens.

import CKnowledge

enum GazCat: Int, CaseIterable {
    case firstName = 0, gpe, loc, norp, org, title, fac, event, law, language
    /// From the generated world gazetteer (Knowledge.swift): GeoNames cities, ISO subdivisions and
    /// US states, and GeoNames/ISO country names.
    case city, region, country
    /// Hand-listed products of today's technology news (GazLists.productsToday): no tagger weights read
    /// it (the model was trained before it); a rule types a name that is exactly one of them.
    case product

    /// Categories that make a place name a GPE.
    static let gpeMask: UInt16 = 1 << 1 | 1 << 10 | 1 << 11 | 1 << 12
    /// Categories of any place: a GPE or a natural place.
    static let placeMask: UInt16 = gpeMask | 1 << UInt16(GazCat.loc.rawValue)
    /// The organisation category's bit.
    static let orgBit: UInt16 = 1 << UInt16(GazCat.org.rawValue)
    /// The nationalities, religions and parties category's bit.
    static let norpBit: UInt16 = 1 << UInt16(GazCat.norp.rawValue)
    /// The product category's bit.
    static let productBit: UInt16 = 1 << UInt16(GazCat.product.rawValue)
}

enum GazLists {
    static let gpe =
        "Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|"
        + "Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Bosnia and Herzegovina|Herzegovina|"
        + "Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|Chad|Chile|China|"
        + "Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|"
        + "Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Ethiopia|Fiji|Finland|France|Gabon|Gambia|"
        + "Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guyana|Haiti|Honduras|Hungary|Iceland|India|"
        + "Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|"
        + "Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Macedonia|"
        + "Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|"
        + "Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nepal|Netherlands|Holland|New Zealand|Nicaragua|Niger|"
        + "Nigeria|North Korea|Norway|Oman|Pakistan|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|"
        + "Poland|Portugal|Qatar|Romania|Russia|Russian Federation|Rwanda|Saudi Arabia|Senegal|Serbia|Seychelles|"
        + "Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|Korea|Spain|Sri Lanka|Sudan|"
        + "South Sudan|Suriname|Swaziland|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tonga|"
        + "Trinidad|Tobago|Tunisia|Turkey|Turkiye|Türkiye|Turkmenistan|Uganda|Ukraine|United Arab Emirates|UAE|"
        + "United Kingdom|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|United States|US|"
        + "U.S.|USA|U.S.A.|America|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Yugoslavia|Zambia|Zimbabwe|Zaire|"
        + "Democratic Republic of Congo|DR Congo|DRC|Republic of Congo|Soviet Union|USSR|Hong Kong|Macau|Puerto Rico|Greenland|Chechnya|Crimea|Tibet|Gaza|West Bank|"
        + "Nagorno-Karabakh|Karabakh|Artsakh|Nakhchivan|Zangezur|Kashmir|Khyber Pakhtunkhwa|Gilgit-Baltistan|"
        + "Azad Kashmir|Punjab|Sindh|Balochistan|Bavaria|Catalonia|Quebec|Ontario|"
        + "Alberta|British Columbia|"
        // US states
        + "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|"
        + "Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|"
        + "Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
        + "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|"
        + "Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|"
        // cities
        + "London|Paris|Berlin|Moscow|Beijing|Tokyo|Washington|New York|Los Angeles|Chicago|Houston|Boston|"
        + "San Francisco|Miami|Dallas|Detroit|Atlanta|Seattle|Philadelphia|Toronto|Montreal|Vancouver|Sydney|"
        + "Melbourne|Brisbane|Perth|Auckland|Wellington|Dublin|Edinburgh|Glasgow|Manchester|Liverpool|Birmingham|"
        + "Leeds|Madrid|Barcelona|Lisbon|Rome|Milan|Naples|Turin|Florence|Venice|Vienna|Prague|Budapest|Warsaw|"
        + "Bucharest|Sofia|Athens|Istanbul|Ankara|Baku|Yerevan|Tbilisi|Kiev|Kyiv|Minsk|Riga|Vilnius|Tallinn|"
        + "Helsinki|Stockholm|Oslo|Copenhagen|Amsterdam|Rotterdam|The Hague|Brussels|Antwerp|Luxembourg|Geneva|"
        + "Zurich|Bern|Frankfurt|Munich|Hamburg|Cologne|Bonn|Stuttgart|Belgrade|Zagreb|Sarajevo|Ljubljana|"
        + "Bratislava|Tehran|Baghdad|Damascus|Beirut|Amman|Jerusalem|Tel Aviv|Cairo|Riyadh|Jeddah|Dubai|Abu Dhabi|"
        + "Doha|Kuwait City|Muscat|Sanaa|Kabul|Islamabad|Karachi|Lahore|Peshawar|Rawalpindi|Quetta|New Delhi|Delhi|"
        + "Mumbai|Bombay|Calcutta|Kolkata|Madras|Chennai|Bangalore|Dhaka|Colombo|Kathmandu|Bangkok|Hanoi|"
        + "Ho Chi Minh City|Saigon|Phnom Penh|Jakarta|Manila|Kuala Lumpur|Seoul|Pyongyang|Shanghai|Guangzhou|"
        + "Shenzhen|Taipei|Osaka|Almaty|Astana|Tashkent|Bishkek|Dushanbe|Ashgabat|Nairobi|Lagos|Abuja|"
        + "Johannesburg|Cape Town|Pretoria|Durban|Harare|Lusaka|Kinshasa|Addis Ababa|Khartoum|Tripoli|Tunis|Algiers|"
        + "Rabat|Casablanca|Dakar|Accra|Abidjan|Kampala|Kigali|Mogadishu|Mexico City|Havana|Bogota|Caracas|Lima|"
        + "Quito|Santiago|Buenos Aires|Montevideo|Sao Paulo|São Paulo|Rio de Janeiro|Brasilia|La Paz|Ottawa|"
        + "Canberra|Strasbourg|Marseille|Lyon|Nice|Bordeaux|Monte Carlo|St Petersburg|St. Petersburg|Ganja|Shusha|"
        + "Lachin|Kalbajar|Aghdam|Stepanakert|Khankendi|Sumgait|Ankara|Izmir|Gaza City|Hebron|Ramallah|Mosul|Basra|"
        + "Aleppo|Homs|Kandahar|Herat|Grozny|Sarajevo|Pristina|Skopje|Tirana|Podgorica|Nicosia|Valletta|Reykjavik"

    static let loc =
        "Europe|Asia|Africa|North America|South America|Latin America|Central America|Antarctica|Oceania|Eurasia|"
        + "Middle East|Near East|Far East|South Caucasus|Caucasus|Balkans|Scandinavia|Central Asia|South Asia|"
        + "Southeast Asia|East Asia|West Africa|East Africa|North Africa|Sub-Saharan Africa|Horn of Africa|"
        + "Western Europe|Eastern Europe|Central Europe|Gulf|Persian Gulf|Arabian Peninsula|Mediterranean|"
        + "Atlantic|Pacific|Indian Ocean|Atlantic Ocean|Pacific Ocean|Arctic|Black Sea|Caspian Sea|Caspian|"
        + "Red Sea|North Sea|Baltic|Baltic Sea|Aegean|South China Sea|Adriatic|Sahara|Alps|Himalayas|Andes|Urals|"
        + "Nile|Amazon|Danube|Rhine|Thames|Mississippi River|Euphrates|Tigris|Jordan River|Siberia|Patagonia|"
        + "Kurdistan|Sinai|Golan Heights|Silicon Valley|Wall Street|Midwest|Pacific Northwest|Northern Hemisphere|"
        + "Southern Hemisphere|West|Third World|Indochina|Maghreb|Levant|Anatolia|Transcaucasia|Korean Peninsula"

    static let norp =
        "Afghan|Albanian|Algerian|American|Americans|Arab|Arabs|Argentine|Argentinian|Armenian|Armenians|"
        + "Asian|Australian|Austrian|Azerbaijani|Azerbaijanis|Azeri|Azeris|Bangladeshi|Belgian|Bosnian|Brazilian|"
        + "British|Briton|Britons|Bulgarian|Burmese|Cambodian|Canadian|Chechen|Chilean|Chinese|Colombian|Croat|"
        + "Croatian|Cuban|Cypriot|Czech|Danish|Dane|Dutch|Egyptian|Emirati|English|Eritrean|Estonian|Ethiopian|"
        + "European|Europeans|Filipino|Finnish|French|Georgian|German|Germans|Ghanaian|Greek|Haitian|Hungarian|"
        + "Icelandic|Indian|Indonesian|Iranian|Iraqi|Irish|Israeli|Israelis|Italian|Jamaican|Japanese|Jordanian|"
        + "Kazakh|Kenyan|Korean|Kosovar|Kurd|Kurds|Kurdish|Kuwaiti|Kyrgyz|Latvian|Lebanese|Liberian|Libyan|"
        + "Lithuanian|Macedonian|Malaysian|Mexican|Moldovan|Mongolian|Moroccan|Nepali|Nepalese|Nigerian|"
        + "Norwegian|Pakistani|Pakistanis|Palestinian|Palestinians|Peruvian|Polish|Pole|Poles|Portuguese|Romanian|"
        + "Russian|Russians|Rwandan|Saudi|Scottish|Scot|Serb|Serbs|Serbian|Slovak|Slovenian|Somali|Spanish|"
        + "Spaniard|Sri Lankan|Sudanese|Swede|Swedish|Swiss|Syrian|Taiwanese|Tajik|Tanzanian|Thai|Tunisian|Turk|"
        + "Turks|Turkish|Turkic|Turkmen|Ugandan|Ukrainian|Uzbek|Venezuelan|Vietnamese|Welsh|Yemeni|Yugoslav|"
        + "Zambian|Zimbabwean|Soviet|Caucasian|African|Africans|Latin|Western|Eastern|Balkan|Scandinavian|"
        + "Muslim|Muslims|Moslem|Moslems|Islamic|Christian|Christians|Catholic|Catholics|Protestant|Orthodox|"
        + "Jewish|Jew|Jews|Hindu|Hindus|Sikh|Buddhist|Shi'ite|Shiite|Sunni|Shia|Democrat|Democrats|Republican|"
        + "Republicans|Conservative|Conservatives|Labour|Socialist|Socialists|Communist|Communists|Islamist|"
        + "Islamists|Zionist|Kashmiri|Punjabi|Pashtun|Baloch|Sindhi|Tatar|Bengali|Tamil|Hutu|Tutsi"

    static let org =
        "United Nations|UN|U.N.|NATO|European Union|EU|E.U.|OSCE|OIC|Organization of Islamic Cooperation|"
        + "Organisation of Islamic Cooperation|World Bank|International Monetary Fund|IMF|World Health Organization|"
        + "WHO|World Trade Organization|WTO|OPEC|ASEAN|African Union|Arab League|Security Council|"
        + "UN Security Council|European Commission|European Parliament|Council of Europe|Red Cross|Interpol|"
        + "UNESCO|UNICEF|UNHCR|IAEA|FIFA|UEFA|IOC|Reuters|AP|AFP|BBC|CNN|Xinhua|TASS|Interfax|Kremlin|Pentagon|"
        + "White House|Congress|Senate|Parliament|Bundesbank|Federal Reserve|Fed|Nasdaq|Microsoft|Apple|Google|"
        + "IBM|Intel|Boeing|Airbus|Toyota|Ford|General Motors|GM|Chrysler|Volkswagen|BMW|Daimler|Siemens|Sony|"
        + "Nokia|Shell|BP|Exxon|Mobil|Chevron|Gazprom|Citibank|Citicorp|Barclays|HSBC|Deutsche Bank|Goldman Sachs|"
        + "Morgan Stanley|Merrill Lynch|Coca-Cola|PepsiCo|McDonald's|Nestle|Unilever|Fiat|Renault|Peugeot|"
        + "Ajax|PSV|Feyenoord|Juventus|AC Milan|Inter Milan|Lazio|Roma|Barcelona|Real Madrid|Manchester United|"
        + "Arsenal|Chelsea|Liverpool|Everton|Tottenham|Celtic|Rangers|Bayern Munich|Borussia Dortmund|"
        + "Non-Aligned Movement|NAM|GUAM|TURKPA|Turkic Council|Organization of Turkic States|OTS|Minsk Group|"
        + "OSCE Minsk Group|Hamas|Hezbollah|Fatah|PLO|Al-Qaeda|al Qaeda|Taliban|CIS|G7|G8|G20|SCO|CSTO|ECO|"
        // armed and militant groups of today's news whose names the tagger took for persons
        + "Hayat Tahrir al-Sham|Tahrir al-Sham|Jabhat al-Nusra|Nusra Front|Ahrar al-Sham|Jaish-e-Mohammed|"
        + "Jaish-e-Muhammad|Jaish-e-Mohammad|Lashkar-e-Jhangvi|Lashkar-e-Taiba|Lashkar-e-Toiba|Tehrik-i-Taliban|"
        + "Hizb ut-Tahrir|"
        + "Azernews|AZERTAC|Trend|APA|Dawn|Al Jazeera|Anadolu Agency|TDI|NYSE|SEC|FBI|CIA|KGB|FSB|NASA|ECB"

    /// Products of today's technology news that the tagger, trained on 1996 news, types as firms, people
    /// or places ("MacBook Pro", "Stadia", "AirPods", "Siri"): devices, services, assistants, systems,
    /// aircraft and cars. Names that are also a firm's, a team's or a common word stand out ("Roku",
    /// "Lightning", "Pixel", "Switch").
    static let productsToday =
        "iPhone|iPhones|iPad|iPads|iPod|MacBook|MacBooks|MacBook Pro|MacBook Pros|MacBook Air|iMac|Mac Pro|"
        + "AirPods|AirPods Pro|Apple AirPods|Apple Watch|Apple TV|HomePod|AirPower|Siri|Alexa|Amazon Alexa|"
        + "Cortana|Google Assistant|Google Home|Chromecast|Chromecast Ultra|Stadia|Google Stadia|Galaxy Note|"
        + "Galaxy Fold|PlayStation|PlayStation 4|PlayStation 5|PS4|PS5|Xbox|Xbox One|Xbox One X|Xbox Series X|"
        + "Nintendo Switch|Nintendo Switch Lite|Switch Lite|Kindle|Echo Dot|Amazon Echo|Fire TV|Oculus Quest|"
        + "Android|iOS|macOS|Windows 10|ChatGPT|Dreamliner|Boeing 787|737 MAX|Boeing 737 MAX|Model 3|Model S|"
        + "Model X|Model Y|Cybertruck|FaceTime|iMessage|Apple Pay|Google Pay|Touch Bar|Touch ID|Face ID|"
        + "Thunderbolt|MagSafe|Bluetooth|Wi-Fi|USB-C|"
        // accessories and devices the tagger took for firms ("Magic Keyboard" was ORG in three reviews)
        + "Magic Keyboard|Magic Mouse|Magic Trackpad|Apple Pencil|Smart Keyboard|Smart Keyboard Folio|AirTag|"
        + "AirPods Max|HomePod mini|Apple Watch Ultra|Vision Pro|Galaxy Buds|Pixel Buds|Surface Pro|Surface Laptop|"
        + "Kindle Paperwhite|Fire TV Stick|Nest Hub|Steam Deck|Meta Quest|Quest 2|"
        // rockets and spacecraft of space news ("SLS" had been an organisation in 30 mentions of a story)
        + "Space Launch System|SLS|Orion|Falcon 9|Falcon Heavy|Starship|Crew Dragon|Starliner|New Shepard|"
        + "New Glenn|Soyuz|James Webb Space Telescope|Hubble Space Telescope"

    /// Organisations of today's news the generated lists lack: online services and technology companies
    /// (whose one-word names are also common words, so the company list leaves them out), agencies,
    /// courts, parliaments, news organisations, campaign groups.
    static let orgToday =
        "Twitter|Facebook|Instagram|WhatsApp|YouTube|TikTok|Telegram|Reddit|Wikipedia|LinkedIn|Snapchat|Netflix|"
        + "Spotify|Amazon|Meta|OpenAI|Anthropic|SpaceX|Huawei|Tencent|Alibaba|ByteDance|Baidu|Samsung|BioNTech|"
        + "Moderna|Pfizer|AstraZeneca|Zoom|Disney|eBay|PayPal|Uber|Airbnb|Tesla|Nvidia|Xiaomi|Foxconn|TSMC|"
        + "Europol|Frontex|Eurostat|NHS|FDA|CDC|EPA|FEMA|NSA|DHS|IRS|DOJ|Justice Department|State Department|"
        + "Home Office|Foreign Office|Bundestag|Duma|State Duma|Knesset|Supreme Court|High Court|Constitutional Court|"
        + "International Criminal Court|ICC|International Court of Justice|ICJ|Human Rights Council|"
        + "Amnesty International|Human Rights Watch|Greenpeace|Doctors Without Borders|Medecins Sans Frontieres|"
        + "Red Crescent|Wagner Group|Wagner|Bloomberg|Associated Press|Fox News|MSNBC|CNBC|NBC|ABC News|CBS|NPR|"
        + "New York Times|Washington Post|Wall Street Journal|Financial Times|Politico|Axios|Al Arabiya|Sky News|"
        + "Deutsche Welle|Le Monde|Der Spiegel|Kyodo|Yonhap|Nikkei|Euronews|Sputnik|RT|Sky Sports|"
        + "Xinhua|Kremlin|Hamas|Houthis|IDF|"
        + "Islamic State|ISIS|Boko Haram|Al-Shabaab|Democratic Party|Republican Party|Labour Party|"
        + "Conservative Party|Bharatiya Janata Party|BJP|Indian National Congress|African National Congress|ANC|"
        + "Communist Party|Chinese Communist Party|CCP|Harvard|Harvard University|Stanford|Stanford University|"
        + "Oxford University|University of Oxford|Cambridge University|University of Cambridge|MIT|Yale|"
        + "Princeton|Columbia University|Microsoft|Apple|Google|Alphabet|IBM|Intel|AMD|Arm|Qualcomm|Oracle|"
        // companies and services of today's news that the stock-index lists of gazetteer.txt leave out
        + "Hulu|Lyft|Dropbox|Pinterest|WeWork|Peloton|Robinhood|Binance|Nintendo|Waymo|Rivian|Instacart|Grubhub|"
        + "Zillow|Wayfair|Roblox|Activision|Activision Blizzard|Tinder|Quora|Tumblr|Palantir|Lexus|Hyundai|Kia|"
        + "Lamborghini|Citroen|Skoda|Twilio|Deliveroo|Ocado|Revolut|Monzo|Klarna|Gojek|Tokopedia|Flipkart|Paytm|"
        + "Swiggy|Zomato|Meituan|NetEase|Weibo|Kakao|Naver|Sberbank|Rosneft|Lukoil|Aramco|Saudi Aramco|Petrobras|"
        + "Pemex|Rio Tinto|Gannett|McClatchy|Tribune Publishing|Blue Origin|Virgin Galactic|Rocket Lab|Raytheon|"
        + "Juul|Purdue Pharma|Burger King|KFC|JPMorgan|Credit Suisse|Audi|Jeep|Chevrolet|Cadillac|Buick|"
        + "Land Rover|Aston Martin|Bugatti|Maserati|Alfa Romeo|Opel|Vauxhall|Geely|BYD|Xpeng|Muslim Brotherhood|"
        + "Islamic Jihad|PKK|Kurdistan Workers Party|Kurdistan Workers' Party|"
        // agencies, committees, foundations and firms of today's news whose names the tagger cut, at "and", a
        // comma or a title's word ("Immigration and Customs Enforcement" was a place and a people)
        + "Immigration and Customs Enforcement|"
        + "Customs and Border Protection|Border Patrol|U.S. Border Patrol|"
        + "Department of Homeland Security|Homeland Security Department|"
        + "Bureau of Alcohol, Tobacco, Firearms and Explosives|Drug Enforcement Administration|"
        + "Centers for Disease Control and Prevention|Centers for Medicare and Medicaid Services|"
        + "Centers for Medicare & Medicaid Services|National Institutes of Health|"
        + "Environmental Protection Agency|National Oceanic and Atmospheric Administration|"
        + "Bureau of Labor Statistics|Department of Veterans Affairs|Consumer Financial Protection Bureau|"
        + "Transportation Security Administration|Federal Emergency Management Agency|Internal Revenue Service|"
        + "Occupational Safety and Health Administration|Department of Housing and Urban Development|"
        + "Office of Management and Budget|Government Accountability Office|Congressional Budget Office|"
        + "National Security Agency|U.S. Marshals Service|Federal Bureau of Prisons|Army Corps of Engineers|"
        + "U.S. Army Corps of Engineers|Fish and Wildlife Service|U.S. Fish and Wildlife Service|"
        + "U.S. Forest Service|U.S. Postal Service|Federal Election Commission|Nuclear Regulatory Commission|"
        + "Social Security Administration|Federal Deposit Insurance Corporation|"
        + "Commodity Futures Trading Commission|Cybersecurity and Infrastructure Security Agency|"
        + "Office of the Director of National Intelligence|House Intelligence Committee|"
        + "House Judiciary Committee|Senate Judiciary Committee|House Oversight Committee|"
        + "House Oversight and Reform Committee|House Ways and Means Committee|"
        + "Senate Foreign Relations Committee|House Foreign Affairs Committee|Senate Armed Services Committee|"
        + "House Armed Services Committee|House Financial Services Committee|Senate Banking Committee|"
        + "Bill and Melinda Gates Foundation|Bill & Melinda Gates Foundation|Procter & Gamble|"
        + "Johnson & Johnson|Barnes & Noble|Marks & Spencer|Simon & Schuster|Black Lives Matter|"
        + "Planned Parenthood|American Civil Liberties Union|Southern Poverty Law Center|"
        + "Anti-Defamation League|Council on Foreign Relations|Brookings Institution|Heritage Foundation|"
        + "Pew Research Center|Kaiser Family Foundation|Mayo Clinic|Cleveland Clinic|Johns Hopkins University|"
        + "Massachusetts Institute of Technology|California Institute of Technology|Jet Propulsion Laboratory|"
        + "European Space Agency|Japan Aerospace Exploration Agency|Indian Space Research Organisation|"
        + "Royal Canadian Mounted Police|Metropolitan Police|Metropolitan Police Service|"
        + "Federal Communications Commission|Federal Housing Finance Agency|"
        + "Securities and Exchange Board of India|Financial Conduct Authority|"
        + "Competition and Markets Authority|Office for National Statistics|National Health Service|"
        + "Crown Prosecution Service|Department for Education|Department of Health and Social Care|"
        + "Department for Environment, Food and Rural Affairs|"
        + "Ministry of Housing, Communities and Local Government|"
        + "Department for Business, Energy and Industrial Strategy|"
        + "Department for Digital, Culture, Media and Sport|Foreign and Commonwealth Office|"
        + "Foreign, Commonwealth and Development Office|Centre for Disease Control and Prevention|"
        + "Chinese Center for Disease Control and Prevention|"
        + "European Centre for Disease Prevention and Control|"
        + "Organisation for Economic Co-operation and Development|"
        + "Organization for Economic Cooperation and Development|OECD|Bank for International Settlements|"
        + "Asian Infrastructure Investment Bank|European Bank for Reconstruction and Development|"
        + "International Bank for Reconstruction and Development|Food and Agriculture Organization|"
        + "UN Food and Agriculture Organization|World Food Programme|UN Refugee Agency|UN Human Rights Council|"
        + "Office of the UN High Commissioner for Human Rights|"
        + "Office for the Coordination of Humanitarian Affairs|"
        + "United Nations Office for the Coordination of Humanitarian Affairs|"
        + "Intergovernmental Panel on Climate Change|Gavi|"
        + "Global Fund to Fight AIDS, Tuberculosis and Malaria|Alcoholics Anonymous|Boy Scouts of America|"
        + "Girl Scouts of the USA|Academy of Motion Picture Arts and Sciences|Recording Academy|"
        + "National Academy of Sciences|National Academies of Sciences, Engineering, and Medicine|"
        + "Smithsonian Institution|Metropolitan Museum of Art|Museum of Modern Art|"
        + "Los Angeles County Museum of Art|"
        // airlines and Australian firms of the news, which the stock-index lists leave out ("Qantas" was a
        // place, "HIH" a place, "Westpac" a person)
        + "Qantas|Ansett|Virgin Blue|Virgin Australia|Jetstar|HIH|Westpac|BHP|BHP Billiton|Woolworths|"
        + "Wesfarmers|Commonwealth Bank|ANZ|National Australia Bank|Centrelink|Air New Zealand|"
        + "Singapore Airlines|Cathay Pacific|Ryanair|easyJet|Etihad|Etihad Airways|Qatar Airways|Air India|"
        + "Air Canada|Alitalia|KLM|Turkish Airlines|Aeroflot|Korean Air|Asiana|Japan Airlines|"
        + "All Nippon Airways|China Southern|China Eastern|Air China|Malaysia Airlines|Garuda Indonesia|"
        + "Thai Airways|Philippine Airlines|Vietnam Airlines|IndiGo|SpiceJet|Spirit Airlines|Frontier Airlines|"
        + "Alaska Airlines|Hawaiian Airlines|WestJet|LATAM|Aer Lingus|Icelandair|Norwegian Air|Wizz Air|"
        + "Vueling|Swiss International Air Lines|Austrian Airlines|SAS|Finnair|TAP Air Portugal|Saudia|"
        + "Royal Jordanian|Ethiopian Airlines|Kenya Airways|South African Airways|"
        // bands: an organisation, as CoNLL has its groups ("the Beatles" was a people)
        + "Beatles|Rolling Stones|"
        // national teams by their nicknames ("the Proteas" was a people and a place)
        + "Proteas|Socceroos|Matildas|Wallabies|Black Caps|Blackcaps"

    /// Sports clubs and teams (football, cricket counties, North American leagues).
    static let teams =
        "Aston Villa|Blackburn|Blackburn Rovers|Bolton|Coventry|Derby|Derby County|Leeds|Leeds United|Leicester|"
        + "Leicester City|Middlesbrough|Newcastle|Newcastle United|Nottingham Forest|Sheffield Wednesday|"
        + "Sheffield United|Southampton|Sunderland|Tottenham Hotspur|West Ham|West Ham United|Wimbledon|"
        + "Manchester City|Queens Park Rangers|Crystal Palace|Wolverhampton|Ipswich|Norwich|Portsmouth|Barnsley|"
        + "Charlton|Stoke|Birmingham City|Bradford|Oldham|Reading|Swindon|Huddersfield|Tranmere|Grimsby|"
        + "Aberdeen|Hibernian|Hearts|Heart of Midlothian|Dundee United|Kilmarnock|Motherwell|Dunfermline|Raith|"
        + "Atletico Madrid|Valencia|Deportivo Coruna|Real Betis|Sevilla|Athletic Bilbao|Espanyol|Real Sociedad|"
        + "Celta Vigo|Racing Santander|Real Zaragoza|Tenerife|Oviedo|Sporting Gijon|Compostela|Rayo Vallecano|"
        + "Valladolid|Logrones|Hercules|Extremadura|Inter|Internazionale|Milan|Parma|Fiorentina|Sampdoria|"
        + "Napoli|Udinese|Vicenza|Bologna|Atalanta|Cagliari|Piacenza|Perugia|Reggiana|Verona|Torino|Genoa|"
        + "Bayern|Dortmund|Bayer Leverkusen|Leverkusen|Schalke|Werder Bremen|Hamburg SV|Hamburg|VfB Stuttgart|"
        + "Karlsruhe|Kaiserslautern|Freiburg|Hansa Rostock|1860 Munich|Duisburg|Bochum|Arminia Bielefeld|"
        + "St Pauli|Fortuna Duesseldorf|Borussia Moenchengladbach|Moenchengladbach|Eintracht Frankfurt|"
        + "PSV Eindhoven|Twente|Vitesse|Vitesse Arnhem|Heerenveen|Roda JC|NAC Breda|Utrecht|Groningen|"
        + "Willem II|Graafschap|Sparta Rotterdam|Fortuna Sittard|Volendam|RKC Waalwijk|NEC Nijmegen|"
        + "Paris St Germain|Paris Saint-Germain|Auxerre|Bordeaux|Nantes|Marseille|Lens|Metz|Bastia|Guingamp|"
        + "Montpellier|Rennes|Le Havre|Cannes|Nancy|Lille|Caen|Anderlecht|Club Brugge|Standard Liege|Benfica|"
        + "Porto|Sporting Lisbon|Galatasaray|Fenerbahce|Besiktas|Trabzonspor|Olympiakos|Panathinaikos|AEK Athens|"
        + "Steaua Bucharest|Dynamo Kiev|Spartak Moscow|CSKA Moscow|Red Star Belgrade|Partizan|Rapid Vienna|"
        + "Austria Vienna|Grasshoppers|Rosenborg|Brondby|IFK Gothenburg|Sparta Prague|Slavia Prague|Legia Warsaw|"
        + "Ferencvaros|Boca Juniors|River Plate|Flamengo|Corinthians|Palmeiras|Santos|Gremio|Cruzeiro|"
        + "Leicestershire|Somerset|Essex|Kent|Surrey|Sussex|Yorkshire|Lancashire|Middlesex|Glamorgan|"
        + "Warwickshire|Worcestershire|Derbyshire|Durham|Gloucestershire|Hampshire|Northamptonshire|"
        + "Nottinghamshire|Yankees|Orioles|Red Sox|Blue Jays|Tigers|Indians|White Sox|Brewers|Royals|Twins|"
        + "Mariners|Angels|Athletics|Braves|Expos|Marlins|Mets|Phillies|Cardinals|Astros|Reds|Pirates|Cubs|"
        + "Dodgers|Padres|Giants|Rockies|Bulls|Knicks|Celtics|Lakers|Rockets|Jazz|Suns|Spurs|Heat|Magic|Hawks|"
        + "Pistons|Pacers|Cavaliers|Bucks|Raptors|Nets|76ers|Bullets|Hornets|Timberwolves|Nuggets|Mavericks|"
        + "Grizzlies|Kings|Clippers|Trail Blazers|SuperSonics|Warriors|Red Wings|Blackhawks|Flyers|Penguins|"
        + "Islanders|Devils|Bruins|Sabres|Canadiens|Senators|Maple Leafs|Whalers|Capitals|Lightning|Panthers|"
        + "Stars|Blues|Avalanche|Oilers|Flames|Canucks|Coyotes|Mighty Ducks|Sharks|Cowboys|Packers|49ers|"
        + "Broncos|Steelers|Patriots|Dolphins|Jets|Bills|Colts|Chiefs|Raiders|Chargers|Seahawks|Vikings|Bears|"
        + "Lions|Buccaneers|Saints|Falcons|Rams|Eagles|Redskins|Jaguars|Bengals|Browns|Ravens"

    static let firstNames =
        "James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|"
        + "Mark|Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Edward|Ronald|Timothy|Jason|Jeffrey|"
        + "Ryan|Jacob|Gary|Nicholas|Eric|Stephen|Jonathan|Larry|Justin|Scott|Brandon|Frank|Benjamin|Gregory|Samuel|"
        + "Raymond|Patrick|Alexander|Jack|Dennis|Jerry|Tyler|Aaron|Henry|Peter|Douglas|Adam|Nathan|Zachary|Walter|"
        + "Kyle|Harold|Carl|Arthur|Gerald|Roger|Keith|Jeremy|Terry|Lawrence|Sean|Christian|Albert|Joe|Ethan|Austin|"
        + "Jesse|Willie|Billy|Bryan|Bruce|Jordan|Ralph|Roy|Noah|Dylan|Eugene|Wayne|Alan|Juan|Louis|Russell|Gabriel|"
        + "Randy|Philip|Harry|Vincent|Bobby|Johnny|Logan|Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|"
        + "Jessica|Sarah|Karen|Nancy|Lisa|Margaret|Betty|Sandra|Ashley|Dorothy|Kimberly|Emily|Donna|Michelle|Carol|"
        + "Amanda|Melissa|Deborah|Stephanie|Rebecca|Laura|Sharon|Cynthia|Kathleen|Amy|Shirley|Angela|Helen|Anna|"
        + "Brenda|Pamela|Nicole|Samantha|Katherine|Emma|Ruth|Christine|Catherine|Debra|Rachel|Carolyn|Janet|Virginia|"
        + "Maria|Heather|Diane|Julie|Joyce|Victoria|Kelly|Christina|Joan|Evelyn|Lauren|Judith|Olivia|Martha|Cheryl|"
        + "Megan|Andrea|Hannah|Jacqueline|Ann|Jean|Alice|Kathryn|Sophia|Teresa|Doris|Gloria|Sara|Janice|Julia|"
        + "Marie|Madison|Grace|Judy|Theresa|Beverly|Denise|Marilyn|Amber|Danielle|Rose|Brittany|Diana|Natalie|"
        + "Muhammad|Mohammad|Mohammed|Mohamed|Ahmed|Ahmad|Ali|Hassan|Hussein|Hussain|Omar|Abdul|Abdullah|Khalid|"
        + "Ibrahim|Mahmoud|Mustafa|Yusuf|Imran|Nawaz|Shehbaz|Asif|Aisha|Fatima|Zahra|Mumtaz|Ilham|Heydar|Mehriban|"
        + "Nikol|Serzh|Robert|Vladimir|Dmitry|Sergei|Sergey|Boris|Mikhail|Igor|Alexei|Yuri|Ivan|Nikolai|Viktor|"
        + "Recep|Mevlut|Ahmet|Mehmet|Emmanuel|Jacques|Francois|Nicolas|Pierre|Jean-Pierre|Angela|Helmut|Gerhard|"
        + "Olaf|Hans|Klaus|Jurgen|Wolfgang|Giuseppe|Giovanni|Silvio|Romano|Carlos|Jose|José|Luis|Manuel|Pedro|"
        + "Antonio|Francisco|Javier|Miguel|Jorge|Fernando|Ricardo|Alberto|Xi|Li|Wang|Zhang|Narendra|Rahul|Sonia|"
        + "Benazir|Nelson|Kofi|Boutros|Ban|Antonio|Yasser|Benjamin|Shimon|Yitzhak|Ariel|Ehud|Bill|Hillary|Barack|"
        + "Tony|Gordon|Margaret|Jim|Tom|Bob|Mike|Dave|Steve|Chris|Nick|Ben|Sam|Tim|Greg|Jeff|Ken|Pete|Andy|Alex|"
        + "Martin|Simon|Ian|Graham|Neil|Colin|Stuart|Nigel|Trevor|Derek|Wasim|Waqar|Inzamam|Saeed|Sachin|Rahul|"
        + "Sourav|Anil|Brian|Shane|Glenn|Steffi|Boris|Pete|Andre|Goran|Yevgeny|Marcelo|Thomas|Jan|Lars|Sven|Anders|"
        + "Michel|Marc|Luc|Philippe|Alain|Didier|Laurent|Stefan|Stephane|Frederic|Thierry|Patrick|Bernard|Marco|"
        + "Paolo|Roberto|Alessandro|Fabio|Gianluca|Massimo|Andrea|Luca|Stefano|Franco|Mario|Sergio|Diego|Juan|"
        + "Rafael|Raul|Alvaro|Oscar|Ivan|Dmitri|Andrei|Alexander|Oleg|Pavel|Petr|Jiri|Tomas|Karel|Vaclav|"
        + "Janusz|Lech|Krzysztof|Piotr|Jozef|Istvan|Gyula|Laszlo|Nikos|Yannis|Costas|Dimitris|Mustafa|Hakan|"
        + "Kemal|Tansu|Necmettin|Mesut|Bulent|Ehud|Moshe|Yossi|David|Shlomo|Hosni|Amr|Saddam|Tariq|Yasin|"
        + "Nawaz|Benazir|Atal|Inder|Deve|Gowda|Manmohan|Sanath|Aravinda|Arjuna|Muttiah|Saqlain|Shoaib|Aamir|"
        + "Ijaz|Salim|Moin|Rashid|Javed|Imran|Courtney|Curtly|Brian|Carl|Shivnarine|Jimmy|Sherwin|Junior|"
        + "Allan|Mark|Ricky|Matthew|Michael|Ian|Damien|Craig|Greg|Justin|Wayne|Darren|Nasser|Alec|Graeme|"
        + "Dominic|Mike|Robert|Dean|Ronnie|Pete|Ernie|Nick|Colin|Vijay|Fred|Tiger|Davis|Payne|Corey|Fuzzy|"
        + "Jesper|Costantino|Seve|Jose Maria|Bernhard|Retief|Lee|Sandy|Darren|Monica|Martina|Arantxa|Conchita|"
        + "Lindsay|Venus|Serena|Jana|Iva|Mary|Amanda|Anke|Barbara|Kimiko|Ai|Gabriela|Irina|Yayuk|Pat|Todd|Jonas|"
        + "Magnus|Thomas|Marcelo|Alberto|Carlos|Felix|Cedric|Wayne|Jason|Malivai|MaliVai|Byron|Richey|Petr|"
        + "Michael|Boris|Goran|Yevgeny|Andrei|Marc|Hicham|Noureddine|Haile|Moses|Paul|Daniel|Wilson|Josephat|"
        + "Linford|Donovan|Carl|Maurice|Ato|Frankie|Dennis|Gwen|Merlene|Marion|Gail|Svetlana|Stefka|Heike|"
        + "Jackie|Kelly|Nelson|Ayrton|Damon|Jacques|Gerhard|Mika|Rubens|Eddie|Jean|Johnny|Pedro|Olivier|Ukyo"

    static let titles =
        "Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Dr|Dr.|Sir|Lord|Lady|President|Prime Minister|Minister|Premier|Chancellor|King|"
        + "Queen|Prince|Princess|Sheikh|Emir|General|Gen.|Colonel|Col.|Lieutenant|Major|Captain|Admiral|Senator|"
        + "Sen.|Governor|Gov.|Mayor|Judge|Justice|Ambassador|Secretary|Spokesperson|Spokesman|Spokeswoman|Pope|"
        + "Bishop|Archbishop|Rev.|Professor|Prof.|coach|striker|midfielder|defender|goalkeeper|chairman|director|"
        + "Chairman|Director|Deputy|Ayatollah|Imam|Mullah|Marshal|Commander|Excellency|Chief|CEO|manager"

    static let fac =
        "airport|stadium|bridge|street|avenue|road|square|palace|tower|hall|hospital|museum|cathedral|church|"
        + "mosque|temple|prison|park|center|centre|arena|building|highway|motorway|canal|dam|port|station|"
        + "base|plant|terminal|theatre|theater|library|monument|memorial|boulevard|tunnel|gate|castle"

    static let locWords =
        "river|sea|ocean|lake|mountain|mountains|mount|valley|bay|island|islands|peninsula|desert|gulf|coast|"
        + "region|strait|straits|hills|plain|plains|basin|delta|forest|corridor|continent|cape|channel"

    static let event =
        "cup|championship|championships|games|olympics|olympic|open|war|tournament|grand prix|festival|summit|"
        + "rally|tour|series|marathon|conference|world cup|revolution|crisis|massacre|genocide|election|elections|"
        + "derby|classic|trophy|masters|league|final|finals|expo|forum|congress|uprising|battle|storm|hurricane"

    static let law =
        "act|law|treaty|constitution|convention|accord|accords|agreement|resolution|charter|code|bill|protocol|"
        + "declaration|amendment|directive|statute|doctrine"

    static let language =
        "English|French|German|Spanish|Russian|Arabic|Chinese|Mandarin|Cantonese|Japanese|Korean|Hindi|Urdu|"
        + "Bengali|Persian|Farsi|Turkish|Azerbaijani|Armenian|Italian|Portuguese|Dutch|Greek|Hebrew|Latin|Swahili|"
        + "Polish|Ukrainian|Punjabi|Pashto|Tamil|Esperanto|Yiddish|Czech|Swedish|Norwegian|Danish|Finnish"

    static let months =
        "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
        + "jun|jul|aug|sep|sept|oct|nov|dec|jan.|feb.|mar.|apr.|jun.|jul.|aug.|sep.|sept.|oct.|nov.|dec."
    static let weekdays =
        "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
}

/// Phrase gazetteer over token hash sequences (lowercased).
struct Gazetteer: Sendable {
    /// phrase hash -> bit mask of categories (`IndexMap`: this is built at every start-up, and a
    /// `Dictionary` hashes each key with SipHash)
    /// (Empty and small until the hand lists are hashed: the extractor, which reads the embedded
    /// gazetteer, never fills them, and 192 KB of empty slots were ~50 page faults at every start.)
    var phrases = IndexMap()
    /// first-token hash -> max phrase length starting with it
    var firstTokens = IndexMap()
    var maxLen = 1
    var fastPhrases = FastMap([])
    var fastFirst = FastMap([])
    /// Whether `fastPhrases` and `fastFirst` hold anything (only without an embedded gazetteer).
    var hasHand = false
    /// The world gazetteer (GeoNames, ISO 3166/639 names), compiled by `make knowledge` into
    /// gazetteer.bin and used in place.
    var world: FrozenGazetteer? = FrozenGazetteer.shared

    /// The categories of the phrase with this hash (hand-written lists and the world's), nil when none.
    @inline(__always)
    func mask(_ phrase: UInt64) -> UInt16? {
        guard hasHand else { return world?.phrases[phrase] }
        let a = fastPhrases[phrase]
        guard let w = world?.phrases[phrase] else { return a }
        return (a ?? 0) | w
    }

    /// The longest phrase starting with this token hash, nil when none does.
    @inline(__always)
    func longest(_ first: UInt64) -> UInt16? {
        guard hasHand else { return world?.first[first] }
        let a = fastFirst[first]
        guard let w = world?.first[first] else { return a }
        return max(a ?? 0, w)
    }

    /// Asks for the memory `longest(first)` reads in the world gazetteer (see `FrozenMap.prefetch`).
    @inline(__always)
    func prefetchLongest(_ first: UInt64) { world?.first.prefetch(first) }

    /// Asks for the memory `mask(phrase)` reads in the world gazetteer.
    @inline(__always)
    func prefetchMask(_ phrase: UInt64) { world?.phrases.prefetch(phrase) }

    /// The gazetteer the extractor reads: gazetteer.bin, compiled with the hand lists below in it (see
    /// `FrozenGazetteer.compile`), so nothing is built at start-up. Only without an embedded gazetteer
    /// are the hand lists hashed here, as they were before they were compiled in.
    static let shared: Gazetteer = {
        var g = Gazetteer()
        if g.world == nil {
            g.addHandLists()
            g.fastPhrases = FastMap(g.phrases.pairs.map { ($0.0, UInt16($0.1)) })
            g.fastFirst = FastMap(g.firstTokens.pairs.map { ($0.0, UInt16($0.1)) })
            g.hasHand = true
        }
        return g
    }()

    /// The hand-written lists (GazLists) and the alias table's organisations, places and peoples.
    mutating func addHandLists() {
        add(GazLists.gpe, .gpe)
        add(GazLists.loc, .loc)
        add(GazLists.norp, .norp)
        add(GazLists.org, .org)
        add(GazLists.teams, .org)
        add(GazLists.orgToday, .org)
        add(GazLists.productsToday, .product)
        add(GazLists.firstNames, .firstName)
        add(GazLists.titles, .title)
        for (alias, _, type) in AliasTable.allAliases() {
            switch type {
            case .org: addPhrase(alias, .org)
            case .gpe: addPhrase(alias, .gpe)
            case .loc: addPhrase(alias, .loc)
            case .norp: addPhrase(alias, .norp)
            default: break
            }
        }
    }

    /// Adds every phrase of a "|"-separated list. Works on the list's UTF-8 bytes (this runs at every
    /// start-up: splitting the String by Character cost ten times as much); the same phrases as
    /// `list.split(separator: "|")` gives, each tokenised on its own as `addPhrase(String)` does.
    mutating func add(_ list: String, _ cat: GazCat) {
        var list = list
        list.withUTF8 { all in
            var start = 0
            for i in 0...all.count where i == all.count || all[i] == UInt8(ascii: "|") {
                if i > start { addPhrase(UnsafeBufferPointer(rebasing: all[start..<i]), cat) }
                start = i + 1
            }
        }
    }

    mutating func addPhrase(_ phrase: String, _ cat: GazCat) {
        var phrase = phrase
        phrase.withUTF8 { addPhrase($0, cat) }
    }

    /// Adds one phrase given as UTF-8 bytes, tokenised exactly as article text is.
    mutating func addPhrase(_ bytes: UnsafeBufferPointer<UInt8>, _ cat: GazCat) {
        var h: UInt64 = 0
        var first: UInt64 = 0
        var count = 0
        // most phrases are ASCII letters, digits and spaces: then the tokenizer's tokens are the runs
        // between the spaces (no connector, period or apostrophe to look at), hashed here without
        // running it (this runs at every start-up)
        var plain = true
        for b in bytes where b != 32 && !isDigitByte(b) && !(b | 0x20 >= 97 && b | 0x20 <= 122) {
            plain = false
            break
        }
        if plain {
            var th = fnvOffset
            var inWord = false
            for k in 0...bytes.count {
                if k < bytes.count && bytes[k] != 32 {
                    th = (th ^ UInt64(asciiLower(bytes[k]))) &* fnvPrime
                    inWord = true
                } else if inWord {
                    if count == 0 { first = th }
                    h = seqHash(h, th)
                    count += 1
                    th = fnvOffset
                    inWord = false
                }
            }
        } else {
            for t in tokenize(bytes) {
                let th = fnvLower(UnsafeBufferPointer(rebasing: bytes[Int(t.b0)..<Int(t.b1)]))
                if count == 0 { first = th }
                h = seqHash(h, th)
                count += 1
            }
        }
        guard count > 0 else { return }
        phrases.set(h, (phrases[h] ?? 0) | 1 << cat.rawValue)
        firstTokens.set(first, max(firstTokens[first] ?? 0, count))
        maxLen = max(maxLen, count)
    }
}

/// The world gazetteer as compiled hash tables ("WWG1"): phrase hash -> category mask, first token
/// hash -> longest phrase length. `compile` builds it from gazetteer.txt's lines.
@_spi(Training)
public struct FrozenGazetteer: Sendable {
    let phrases: FrozenMap
    let first: FrozenMap

    static let shared: FrozenGazetteer? = embeddedBytes.flatMap { FrozenGazetteer($0) }

    /// gazetteer.bin as the binary holds it.
    static var embeddedBytes: UnsafeRawBufferPointer? {
        var n = 0
        guard let base = wk_gazetteer(&n), n > 0 else { return nil }
        return UnsafeRawBufferPointer(start: base, count: n)
    }

    init?(_ b: UnsafeRawBufferPointer) {
        guard b.count >= 12, b[0] == 87, b[1] == 87, b[2] == 71, b[3] == 49,
            Int(bitPattern: b.baseAddress!) % 8 == 0
        else { return nil }
        let capP = Int(b.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
        let capF = Int(b.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian)
        let sizeP = FrozenMap.bytes(capP)
        guard capP > 0, capF > 0, capP & (capP - 1) == 0, capF & (capF - 1) == 0,
            b.count == 16 + sizeP + FrozenMap.bytes(capF)
        else { return nil }
        phrases = FrozenMap(b.baseAddress! + 16, capacity: capP)
        first = FrozenMap(b.baseAddress! + 16 + sizeP, capacity: capF)
    }

    /// gazetteer.txt ("CATEGORY<TAB>name" lines, # comments) -> the "WWG1" bytes.
    @_spi(Training) public static func compile(_ text: String) -> [UInt8] {
        var g = Gazetteer()
        g.world = nil
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let name = String(line[line.index(after: tab)...])
            switch line[..<tab] {
            case "CITY": g.addPhrase(name, .city)
            case "REGION": g.addPhrase(name, .region)
            case "COUNTRY": g.addPhrase(name, .country)
            case "CONTINENT": g.addPhrase(name, .loc)
            case "LANGUAGE": g.addPhrase(name, .language)
            case "COMPANY": g.addPhrase(name, .org)
            default: break
            }
        }
        // the hand lists too: the extractor reads this one table (a phrase's categories from both, a first
        // word's longest phrase in either)
        g.addHandLists()
        let p = FrozenMap.build(g.phrases.pairs.sorted { $0.0 < $1.0 }.map { ($0.0, UInt16($0.1)) })
        let f = FrozenMap.build(g.firstTokens.pairs.sorted { $0.0 < $1.0 }.map { ($0.0, UInt16($0.1)) })
        var out: [UInt8] = Array("WWG1".utf8)
        func u32(_ v: Int) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        u32(p.capacity)
        u32(f.capacity)
        u32(0)
        out += p.bytes
        out += f.bytes
        return out
    }
}

/// FastMap's layout frozen into bytes: keys (UInt64, key | 1, 0 empty), then values (UInt16, padded to
/// 8 bytes); the same probing as FastMap. Reads in place.
struct FrozenMap: @unchecked Sendable {
    // Points into constant data that outlives it (the binary's): safe to share.
    private let keys: UnsafePointer<UInt64>
    private let vals: UnsafePointer<UInt16>
    private let mask: Int

    static func bytes(_ capacity: Int) -> Int { capacity * 8 + (capacity * 2 + 7) / 8 * 8 }

    init(_ base: UnsafeRawPointer, capacity: Int) {
        keys = base.assumingMemoryBound(to: UInt64.self)
        vals = (base + capacity * 8).assumingMemoryBound(to: UInt16.self)
        mask = capacity - 1
    }

    @inline(__always)
    subscript(_ key: UInt64) -> UInt16? {
        let k = key | 1
        var i = Int(truncatingIfNeeded: mix64(k)) & mask
        while true {
            let x = keys[i]
            if x == k { return vals[i] }
            if x == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Asks for the cache lines a look-up of `key` starts on (its key and its value), so that look-ups
    /// issued together wait for memory together (the tables are cold in every new process).
    @inline(__always)
    func prefetch(_ key: UInt64) {
        let i = Int(truncatingIfNeeded: mix64(key | 1)) & mask
        wk_prefetch(keys + i)
        wk_prefetch(vals + i)
    }

    /// A FastMap of `pairs` (unique keys), frozen.
    static func build(_ pairs: [(UInt64, UInt16)]) -> (capacity: Int, bytes: [UInt8]) { FastMap(pairs).frozen() }
}

/// Lowercased token hashes of a phrase, tokenised exactly as article text is.
func phraseTokenHashes(_ phrase: String) -> [UInt64] {
    let bytes = Array(phrase.utf8)
    return bytes.withUnsafeBufferPointer { p in
        tokenize(p).map { fnvLower(UnsafeBufferPointer(rebasing: p[Int($0.b0)..<Int($0.b1)])) }
    }
}

/// Word sets used by type refinement (lowercased token hashes).
struct WordSets: Sendable {
    let fac: FastSet
    let locWords: FastSet
    let event: FastSet
    let law: FastSet
    let language: FastSet
    let months: FastSet
    let weekdays: FastSet

    static let shared = WordSets()

    init() {
        func set(_ s: String) -> FastSet {
            FastSet(splitOnASCII(s, UInt8(ascii: "|")).map { fnvLower(String($0)) })
        }
        fac = set(GazLists.fac)
        locWords = set(GazLists.locWords)
        event = set(GazLists.event)
        law = set(GazLists.law)
        language = set(GazLists.language)
        months = set(GazLists.months)
        weekdays = set(GazLists.weekdays)
    }
}
