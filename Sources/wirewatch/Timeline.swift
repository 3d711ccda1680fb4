import ArgumentParser
import Store

struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Count the articles naming NAME, and its mentions, per day, week, month or year.",
        discussion: """
            NAME matches as with query --entity: a word or run of words of an entity's text or \
            canonical name, or an alias the extractor knows, ignoring case (--exact: whole names \
            only; --type: only entities of that type). Only records with status ok count. Each article is dated by its published \
            date when the extractor found one, else by when it was ingested (UTC); the \
            dated_by_published and dated_by_ingested columns say how many of each period's \
            articles were dated which way. Weeks are ISO weeks (Monday to Sunday), written as \
            the date of their Monday; months as 2023-09; years as 2023.

            Every period from the first to the last (or from --since to --until when given) is \
            listed, with zeros where there is nothing. On a terminal the counts are drawn as a \
            bar chart scaled to its width; piped, they are tab-separated rows (period, articles, \
            mentions, dated_by_published, dated_by_ingested); --csv (--format csv) writes them \
            with a header. Exit status 1 when no article names NAME.

            Examples:
              wirewatch timeline Azerbaijan --by month
              wirewatch timeline Pashinyan --by week --since 2023-09 --until 2023-10
              wirewatch timeline OIC --by year --csv > oic.csv
              wirewatch timeline Azerbaijan --type GPE --by year
            """)

    @OptionGroup var store: StoreOptions

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The entity to count: a word or run of words of its name.", valueName: "NAME"))
    var name: String

    @Option(help: ArgumentHelp("The length of a period.", valueName: "day|week|month|year"))
    var by: PeriodUnit = .month

    @Option(help: ArgumentHelp("Articles dated on or after DATE (2023, 2023-09, 2023-09-11).", valueName: "DATE"))
    var since: String?

    @Option(help: ArgumentHelp("Articles dated on or before DATE (2023, 2023-09, 2023-09-11).", valueName: "DATE"))
    var until: String?

    @Flag(help: "Match NAME against whole names only (text, canonical name, aliases).")
    var exact = false

    @Option(
        help: ArgumentHelp(
            "Count only entities of this type that NAME matches (PERSON, ORG, GPE, ...).", valueName: "TYPE"),
        completion: .list(entityTypes))
    var type: String?

    @Flag(help: "Write CSV with a header (the same as --format csv).")
    var csv = false

    @Option(
        help: ArgumentHelp(
            "table, tsv, csv or json; on a terminal the default is a bar chart.", valueName: "table|tsv|csv|json"))
    var format: OutputFormat?

    func validate() throws {
        if csv, let format, format != .csv {
            throw ValidationError("--csv and --format \(format.rawValue) cannot be used together")
        }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, !DateBound.isValid(value) || CivilDate(parsing: value) == nil {
                throw ValidationError("\(flag) \(value): use a date like 2023, 2023-09 or 2023-09-11")
            }
        }
    }

    func run() throws {
        var counter = TimelineCounter(
            names: nameQuery(name, exact: exact), type: try type.map(entityType), unit: by, since: since, until: until)
        if let address = try database.address(store) {
            try DatabaseScan(address, origin: database.origin).forEach(names: counter.names, status: .ok) { _, record in
                counter.add(record)
            }
        } else {
            let reader = try store.open()
            var scan = StoreScan(reader: reader)
            try scan.forEach(prefilter: counter.names.prefilter()) { _, _, _, record in
                if let record = record() { counter.add(record) }
                return true
            }
        }
        if counter.articles == 0 {
            Diagnostics.warn("no article names \(name)\(since != nil || until != nil ? " in those dates" : "")")
            try found(false)
        }
        let periods = try counter.periods()
        let out = Output.standard
        if format == nil && !csv && out.isTerminal {
            TimelineChart(unit: by, title: name, counter: counter).draw(periods, to: out)
        } else {
            let format = csv ? .csv : OutputFormat.resolve(format, for: out)
            let sheet = Sheet(
                columns: [
                    Column(name: "period"), Column(name: "articles", numeric: true),
                    Column(name: "mentions", numeric: true), Column(name: "dated_by_published", numeric: true),
                    Column(name: "dated_by_ingested", numeric: true),
                ], format: format, output: out)
            for p in periods {
                sheet.row([
                    .text(by.label(p.number)), .number(p.articles), .number(p.mentions), .number(p.byPublished),
                    .number(p.byIngested),
                ])
            }
            sheet.finish()
        }
        try found(true)
    }
}

/// Articles naming an entity, and its mentions in them, per period: what `timeline` counts,
/// fed one decoded record at a time (from the store, or any other source of records).
struct TimelineCounter {
    struct Period {
        var number: Int
        var articles = 0
        var mentions = 0
        /// Articles dated by their published date.
        var byPublished = 0
        /// Articles dated by when they were ingested (no published date).
        var byIngested = 0
    }

    let names: NameQuery
    /// Only entities of this type count, when set.
    let type: String?
    let unit: PeriodUnit
    let since: String?
    let until: String?
    private var counts: [Int: Period] = [:]
    private(set) var articles = 0
    private(set) var mentions = 0
    private(set) var datedByIngested = 0

    init(names: NameQuery, type: String? = nil, unit: PeriodUnit, since: String?, until: String?) {
        self.names = names
        self.type = type
        self.unit = unit
        self.since = since
        self.until = until
    }

    /// Counts `record` when it is an ok article that names the entity, dated within the bounds.
    mutating func add(_ record: Record) {
        guard record.status == .ok else { return }
        var mentions = 0
        var named = false
        for entity in record.entities where (type == nil || entity.type == type) && names.matches(entity) {
            named = true
            mentions += entity.mentions.count
        }
        guard named else { return }
        let published = record.published.flatMap { CivilDate(parsing: $0) }
        let stamp = published != nil ? record.published! : record.ingestedAt
        guard let date = published ?? CivilDate(parsing: record.ingestedAt) else { return }
        if let since, !DateBound.compare(stamp, since, atLeast: true) { return }
        if let until, !DateBound.compare(stamp, until, atLeast: false) { return }
        let number = unit.period(of: date)
        counts[number, default: Period(number: number)].articles += 1
        counts[number]!.mentions += mentions
        if published != nil { counts[number]!.byPublished += 1 } else { counts[number]!.byIngested += 1 }
        articles += 1
        self.mentions += mentions
        if published == nil { datedByIngested += 1 }
    }

    /// Every period from the first to the last (or from `since` to `until`), zeros included.
    func periods() throws -> [Period] {
        guard let first = counts.keys.min(), let last = counts.keys.max() else { return [] }
        let from = since.flatMap(CivilDate.init(parsing:)).map(unit.period(of:)) ?? first
        let to = until.flatMap(PeriodUnit.lastDay(of:)).map(unit.period(of:)) ?? last
        guard from <= to else { return [] }
        if to - from >= 100_000 {
            throw Failure(
                "that is \(to - from + 1) \(unit.rawValue)s; narrow --since/--until or count by a longer period (--by)")
        }
        return (from...to).map { counts[$0] ?? Period(number: $0) }
    }
}

/// A timeline drawn as horizontal bars, scaled to the terminal's width.
struct TimelineChart {
    let unit: PeriodUnit
    let title: String
    let counter: TimelineCounter

    func draw(_ periods: [TimelineCounter.Period], to out: Output) {
        let most = periods.map(\.articles).max() ?? 0
        let labelWidth = periods.map { unit.label($0.number).count }.max() ?? 4
        let countWidth = String(most).count
        let mentionWidth = String(periods.map(\.mentions).max() ?? 0).count
        // label, two spaces, bar, space, count, marker, two spaces, (mentions)
        let barWidth = max(10, out.columns - labelWidth - 2 - 1 - countWidth - 1 - 2 - (mentionWidth + 2) - 1)
        let ingested = counter.datedByIngested
        out.line(
            "\(title) by \(unit.rawValue): \(counter.articles) article\(counter.articles == 1 ? "" : "s"), "
                + "\(counter.mentions) mention\(counter.mentions == 1 ? "" : "s") (bars: articles; in brackets: mentions)"
        )
        for p in periods {
            let length = most == 0 ? 0 : max(p.articles > 0 ? 1 : 0, (p.articles * barWidth + most / 2) / most)
            let bar = String(repeating: "█", count: length) + String(repeating: " ", count: barWidth - length)
            let count = String(p.articles)
            let marker = p.byIngested > 0 ? "*" : " "
            let line =
                "\(Render.fit(unit.label(p.number), labelWidth))  \(bar) "
                + String(repeating: " ", count: countWidth - count.count) + count + marker
                + (p.articles > 0 ? "  (\(p.mentions))" : "")
            out.line(p.articles > 0 ? line : String(line.dropLast()))
        }
        if ingested > 0 {
            out.line(
                "* \(ingested) of these articles have no published date: dated by when they were ingested")
        }
    }
}
