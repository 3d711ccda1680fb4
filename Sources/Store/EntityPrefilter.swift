#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds, in raw store bytes, the lines that can name one of a set of entities, before any JSON
/// is decoded.
///
/// The encoder writes every entity as `{"type":"T","text":"X","canonical":"Y",...}` and a raw
/// `"` never occurs inside a JSON string (it is escaped), so `"text":"x"` and `"canonical":"x"`
/// occur in a line exactly when one of its entities has that text or canonical name. The
/// search folds ASCII case, so for names that are ASCII it is exact, and a line that passes needs
/// no decoding to answer `--entity`. For a name with non-ASCII letters (whose case the byte
/// search cannot fold) it falls back to the longest ASCII run of the name, and `isExact` is
/// false: lines that pass must be decoded and checked.
public final class EntityPrefilter {
    /// Lowercased, JSON-escaped needles.
    public let needles: [[UInt8]]
    /// Which needles are `":"name"` values that must follow the key `text` or `canonical`.
    private var keyed: [Bool]
    /// Whether a line passes exactly when an entity's text or canonical name equals a name,
    /// ignoring ASCII case.
    public let isExact: Bool
    /// When no byte search can narrow the lines (every line must be decoded).
    public let passesEverything: Bool
    private var folded: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var hits: [Int] = []

    public init(names: [String]) {
        var needles: [[UInt8]] = []
        var keyed: [Bool] = []
        var exact = true
        var everything = false
        for name in Set(names) where !name.isEmpty {
            let escaped = JSONText.escaped(name)
            if escaped.allSatisfy({ $0 < 0x80 }) {
                let lower = escaped.map(JSONText.lowerASCII)
                // `":"name"`, then the key before it is checked: one search for both keys.
                needles.append(Array(#"":""#.utf8) + lower + [UInt8(ascii: "\"")])
                keyed.append(true)
            } else {
                exact = false
                let run = JSONText.longestASCIIRun(escaped)
                if run.count >= 3 {
                    needles.append(run.map(JSONText.lowerASCII))
                    keyed.append(false)
                } else {
                    everything = true
                }
            }
        }
        self.needles = needles
        self.keyed = keyed
        self.isExact = exact && !everything
        self.passesEverything = everything
        self.capacity = 1 << 20
        self.folded = .allocate(capacity: capacity)
    }

    deinit { folded.deallocate() }

    /// The start offsets (in `bytes`, which holds whole lines each ending in `\n`) of the lines
    /// that contain a needle, in order, each once.
    public func matchingLineStarts(in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return [] }
        if passesEverything {
            var starts: [Int] = []
            var s = 0
            while s < bytes.count {
                starts.append(s)
                s = JSONText.next(base, 0x0A, from: s, count: bytes.count) + 1
            }
            return starts
        }
        if bytes.count > capacity {
            folded.deallocate()
            capacity = bytes.count
            folded = .allocate(capacity: capacity)
        }
        JSONText.foldASCII(base, into: folded, count: bytes.count)
        hits.removeAll(keepingCapacity: true)
        let text = Array(#""text"#.utf8)
        let canonical = Array(#""canonical"#.utf8)
        for (index, needle) in needles.enumerated() {
            var from = 0
            while from < bytes.count {
                let found = needle.withUnsafeBytes { n in
                    cMemmem(folded + from, bytes.count - from, n.baseAddress!, n.count)
                }
                guard let found else { break }
                let at = UnsafeRawPointer(folded).distance(to: UnsafeRawPointer(found))
                if keyed[index] && !(Self.follows(text, base, at) || Self.follows(canonical, base, at)) {
                    from = at + 1
                    continue
                }
                hits.append(LineBlock.lineStart(base, before: at))
                from = JSONText.next(base, 0x0A, from: at, count: bytes.count) + 1
            }
        }
        if needles.count > 1 {
            hits.sort()
            var unique: [Int] = []
            unique.reserveCapacity(hits.count)
            for h in hits where unique.last != h { unique.append(h) }
            return unique
        }
        return hits
    }
}

extension EntityPrefilter {
    /// Whether `key` ends just before `at` (keys are lowercase, so the raw bytes do).
    fileprivate static func follows(_ key: [UInt8], _ base: UnsafePointer<UInt8>, _ at: Int) -> Bool {
        guard at >= key.count else { return false }
        return key.withUnsafeBytes { memcmp(base + at - key.count, $0.baseAddress!, key.count) == 0 }
    }
}

/// Byte-level helpers for JSON text as the encoder writes it.
public enum JSONText {
    /// `text` as it appears between the quotes of a JSON string written by `RecordEncoder`.
    public static func escaped(_ text: String) -> [UInt8] {
        RecordEncoder().escaped(text)
    }

    @inline(__always) public static func lowerASCII(_ b: UInt8) -> UInt8 {
        b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
    }

    static func longestASCIIRun(_ bytes: [UInt8]) -> [UInt8] {
        var best: ArraySlice<UInt8> = []
        var start = 0
        for (k, b) in bytes.enumerated() where b >= 0x80 {
            if k - start > best.count { best = bytes[start..<k] }
            start = k + 1
        }
        if bytes.count - start > best.count { best = bytes[start...] }
        return Array(best)
    }

    static func foldASCII(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>, count: Int) {
        for k in 0..<count {
            let b = source[k]
            target[k] = b &- 65 < 26 ? b | 0x20 : b
        }
    }

    static func next(_ base: UnsafePointer<UInt8>, _ byte: UInt8, from start: Int, count: Int) -> Int {
        guard start < count, let hit = memchr(base + start, Int32(byte), count - start) else { return count }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The start offsets of the lines in `bytes` that contain `needle` byte for byte.
    public static func linesContaining(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = bytes.baseAddress, !needle.isEmpty else { return [] }
        var starts: [Int] = []
        var from = 0
        while from < bytes.count {
            let found = needle.withUnsafeBytes { n in cMemmem(base + from, bytes.count - from, n.baseAddress!, n.count)
            }
            guard let found else { break }
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            starts.append(LineBlock.lineStart(base, before: at))
            from = next(base, 0x0A, from: at, count: bytes.count) + 1
        }
        return starts
    }
}

/// glibc's `memmem` (a GNU extension the Glibc module does not export).
@_silgen_name("memmem")
private func cMemmem(
    _ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int
) -> UnsafeMutableRawPointer?
