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
/// bookkeeping (cheaper than `Dictionary`, whose keys go through SipHash). Exact key equality. Each slot
/// holds its key and value side by side (one line a probe), in an array of a type of this module: the
/// runtime looks up the storage type of `[UInt64]` or `[Int32]` at every allocation (~500
/// instructions, thousands of maps a run), that of `[IndexMap.Slot]` once.
struct IndexMap {
    struct Slot {
        var key: UInt64
        var val: Int32  // -1: empty slot
    }
    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 8) {
        var cap = 16
        while cap < capacity * 2 { cap <<= 1 }
        slots = [Slot](repeating: Slot(key: 0, val: -1), count: cap)
        mask = cap - 1
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: mix64(key)) & mask
        while slots[i].val >= 0 && slots[i].key != key { i = (i + 1) & mask }
        return i
    }

    subscript(_ key: UInt64) -> Int? {
        let i = slot(key)
        return slots[i].val >= 0 ? Int(slots[i].val) : nil
    }

    /// Sets the value of `key` (inserting it when absent); `value` must be in 0..<Int32.max.
    mutating func set(_ key: UInt64, _ value: Int) {
        precondition(value >= 0 && value < Int(Int32.max))
        var i = slot(key)
        if slots[i].val < 0 {
            if (count + 1) * 2 > slots.count {
                grow()
                i = slot(key)
            }
            count += 1
            slots[i].key = key
        }
        slots[i].val = Int32(value)
    }

    /// Every key and its value, in slot order.
    var pairs: [(UInt64, Int)] {
        var out: [(UInt64, Int)] = []
        out.reserveCapacity(count)
        for s in slots where s.val >= 0 { out.append((s.key, Int(s.val))) }
        return out
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, val: -1), count: old.count * 2)
        mask = slots.count - 1
        for s in old where s.val >= 0 { slots[slot(s.key)] = s }
    }
}
