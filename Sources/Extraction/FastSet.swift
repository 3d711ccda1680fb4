// Small open-addressing hash set/map over 64-bit keys (the keys are already hashes), built once.

struct FastMap: Sendable {
    private var keys: [UInt64]
    private var vals: [UInt16]
    private var mask: Int

    init(_ pairs: [(UInt64, UInt16)]) {
        var cap = 16
        while cap < pairs.count * 2 + 2 { cap <<= 1 }
        keys = [UInt64](repeating: 0, count: cap)
        vals = [UInt16](repeating: 0, count: cap)
        mask = cap - 1
        for (k, v) in pairs { self[k] = v }
    }

    subscript(_ key: UInt64) -> UInt16? {
        get {
            let k = key | 1
            var i = Int(truncatingIfNeeded: mix64(k)) & mask
            while true {
                let x = keys[i]
                if x == k { return vals[i] }
                if x == 0 { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            let k = key | 1
            var i = Int(truncatingIfNeeded: mix64(k)) & mask
            while keys[i] != 0 && keys[i] != k { i = (i + 1) & mask }
            keys[i] = k
            vals[i] = newValue ?? 0
        }
    }
}

struct FastSet: Sendable {
    private let map: FastMap
    init<S: Sequence>(_ items: S) where S.Element == UInt64 { map = FastMap(items.map { ($0, 1) }) }
    @inline(__always) func contains(_ key: UInt64) -> Bool { map[key] != nil }
}
