/// Order statistics over repeated measurements.
struct Summary {
    var median: Double
    var min: Double
    var max: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        median = Statistics.percentile(sorted, 50)
        min = sorted.first ?? 0
        max = sorted.last ?? 0
    }
}

enum Statistics {
    /// The `p`-th percentile of already sorted values (nearest rank).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        if p >= 100 { return sorted[sorted.count - 1] }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }

    /// The median of values that need not be sorted.
    static func median(_ values: [Double]) -> Double { Summary(values).median }
}

/// Prints one figure for `scripts/bench.sh`: `RESULT <key> <median> <min> <max> <runs>`.
func report(_ key: String, _ values: [Double]) {
    let summary = Summary(values)
    print(
        "RESULT \(key) \(format(summary.median)) \(format(summary.min)) \(format(summary.max)) \(values.count)"
    )
}

/// A number with up to three decimals, no exponent.
func format(_ value: Double) -> String {
    let scaled = (value * 1000).rounded()
    if abs(scaled) >= 1e15 { return String(Int(value.rounded())) }
    let whole = Int(scaled) / 1000
    let frac = abs(Int(scaled) % 1000)
    let sign = scaled < 0 && whole == 0 ? "-" : ""
    if frac == 0 { return "\(sign)\(whole)" }
    var digits = String(frac)
    while digits.count < 3 { digits = "0" + digits }
    while digits.hasSuffix("0") { digits.removeLast() }
    return "\(sign)\(whole).\(digits)"
}

/// A progress line on stderr, so stdout carries only results.
func note(_ message: String) {
    var line = Array("wirewatch-bench: \(message)\n".utf8)
    _ = line.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

#if canImport(Glibc)
    import Glibc
#endif
