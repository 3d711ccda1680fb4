// Small open-addressing hash set/map over 64-bit keys (the keys are already hashes), built once.

struct FastMap: Sendable {
    private(set) var keys: [UInt64]
    private(set) var vals: [UInt16]
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

extension FastMap {
    /// The table's bytes as `FrozenMap` reads them in place: the keys (little-endian UInt64), then the
    /// values (UInt16), padded to 8 bytes.
    func frozen() -> (capacity: Int, bytes: [UInt8]) {
        var out: [UInt8] = []
        out.reserveCapacity(FrozenMap.bytes(keys.count))
        for k in keys { for b in 0..<8 { out.append(UInt8(truncatingIfNeeded: k >> (8 * UInt64(b)))) } }
        for v in vals {
            out.append(UInt8(truncatingIfNeeded: v))
            out.append(UInt8(truncatingIfNeeded: v >> 8))
        }
        while out.count % 8 != 0 { out.append(0) }
        return (keys.count, out)
    }
}

struct FastSet: Sendable {
    private let map: FastMap
    init<S: Sequence>(_ items: S) where S.Element == UInt64 { map = FastMap(items.map { ($0, 1) }) }
    @inline(__always) func contains(_ key: UInt64) -> Bool { map[key] != nil }
}

/// Small growable open-addressing map from 64-bit hash keys to non-negative Ints, for per-document
/// bookkeeping (cheaper than `Dictionary`, whose keys go through SipHash). Exact key equality.
struct IndexMap {
    private var keys: [UInt64]
    private var vals: [Int32]  // -1: empty slot
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 8) {
        var cap = 16
        while cap < capacity * 2 { cap <<= 1 }
        keys = [UInt64](repeating: 0, count: cap)
        vals = [Int32](repeating: -1, count: cap)
        mask = cap - 1
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: mix64(key)) & mask
        while vals[i] >= 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    subscript(_ key: UInt64) -> Int? {
        let i = slot(key)
        return vals[i] >= 0 ? Int(vals[i]) : nil
    }

    /// Sets the value of `key` (inserting it when absent); `value` must be in 0..<Int32.max.
    mutating func set(_ key: UInt64, _ value: Int) {
        precondition(value >= 0 && value < Int(Int32.max))
        var i = slot(key)
        if vals[i] < 0 {
            if (count + 1) * 2 > keys.count {
                grow()
                i = slot(key)
            }
            count += 1
            keys[i] = key
        }
        vals[i] = Int32(value)
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldVals = vals
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        vals = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for j in 0..<oldKeys.count where oldVals[j] >= 0 {
            let i = slot(oldKeys[j])
            keys[i] = oldKeys[j]
            vals[i] = oldVals[j]
        }
    }
}
