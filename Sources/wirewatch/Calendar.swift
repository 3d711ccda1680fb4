import ArgumentParser

/// Proleptic Gregorian calendar dates as day numbers (days since 1970-01-01), without
/// Foundation: enough for timelines by day, ISO week, month and year.
struct CivilDate: Hashable, Comparable {
    var year: Int
    var month: Int
    var day: Int

    /// The date at the start of `text`: `2023-09-11`, `2023-09-11T08:00:00.000Z` (its UTC day),
    /// `2023-09` (the 1st) or `2023` (1 January); nil when it is none of those.
    init?(parsing text: String) {
        let b = Array(text.utf8.prefix(10))
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var v = 0
            for c in b[range] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let year = number(0..<4) else { return nil }
        var month = 1
        var day = 1
        if b.count > 4 {
            guard b[4] == UInt8(ascii: "-"), let m = number(5..<7), (1...12).contains(m) else { return nil }
            month = m
            if b.count > 7 {
                guard b[7] == UInt8(ascii: "-"), let d = number(8..<10), d >= 1, d <= Self.days(in: month, of: year)
                else { return nil }
                day = d
            }
        }
        self.init(year: year, month: month, day: day)
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of day number `days` (H. Hinnant's civil-from-days).
    init(days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Days since 1970-01-01 (H. Hinnant's days-from-civil).
    var days: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 for Monday ... 6 for Sunday.
    var weekday: Int {
        let w = (days + 3) % 7  // 1970-01-01 was a Thursday.
        return w < 0 ? w + 7 : w
    }

    /// `2023-09-11`.
    var iso: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.days < rhs.days }
}

/// The length of a timeline's periods.
enum PeriodUnit: String, ExpressibleByArgument, CaseIterable {
    case day, week, month, year

    /// The number of the period holding `date`, such that consecutive periods have
    /// consecutive numbers.
    func period(of date: CivilDate) -> Int {
        switch self {
        case .day: return date.days
        // Mondays are day numbers 7k - 3 (1969-12-29 is day -3): week k.
        case .week: return (date.days - date.weekday + 3) / 7
        case .month: return date.year * 12 + date.month - 1
        case .year: return date.year
        }
    }

    /// How period `number` is written: `2023-09-11` (a day, or a week by its Monday),
    /// `2023-09`, `2023`.
    func label(_ number: Int) -> String {
        switch self {
        case .day: return CivilDate(days: number).iso
        case .week: return CivilDate(days: number * 7 - 3).iso
        case .month:
            let year = number >= 0 ? number / 12 : (number - 11) / 12
            return "\(CivilDate.pad(year, 4))-\(CivilDate.pad(number - year * 12 + 1, 2))"
        case .year: return CivilDate.pad(number, 4)
        }
    }

    /// The last day a `--until` bound covers: `2023` runs to 31 December, `2023-09` to the 30th.
    static func lastDay(of bound: String) -> CivilDate? {
        guard var date = CivilDate(parsing: bound) else { return nil }
        let length = bound.utf8.count
        if length == 4 { date.month = 12 }
        if length <= 7 { date.day = CivilDate.days(in: date.month, of: date.year) }
        return date
    }
}
