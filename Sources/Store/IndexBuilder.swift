import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Collects decoded records in memory and writes them as one segment.
struct SegmentBuilder {
    private struct FormKey: Hashable {
        var type: String
        var text: String
        var canonical: String
    }

    private struct TallyKey: Hashable {
        var type: String
        var lowered: String
    }

    let storeStart: Int64
    private(set) var storeEnd: Int64
    private var records: [(offset: Int64, length: UInt32, status: UInt8)] = []
    private var formIDs: [FormKey: Int] = [:]
    private var forms: [IndexForm] = []
    private var postings: [[UInt32]] = []
    private var postingCount = 0
    private var tallyIDs: [TallyKey: Int] = [:]
    private var tallies: [IndexTally] = []
    private var corrupt: [(offset: Int64, length: UInt32, line: UInt32)] = []

    init(storeStart: Int64) {
        self.storeStart = storeStart
        self.storeEnd = storeStart
    }

    var recordCount: Int { records.count }
    var isEmpty: Bool { records.isEmpty }

    /// Adds the record whose line (number `line`) spans `offset..<end`, newline included; a
    /// line that did not decode (nil) is noted, so readers can report it as a scan would.
    mutating func add(_ record: Record?, offset: Int64, end: Int64, line: Int) {
        storeEnd = end
        guard let record else {
            if end - offset > 1 { corrupt.append((offset, UInt32(clamping: end - offset - 1), UInt32(clamping: line))) }
            return
        }
        let number = UInt32(records.count)
        records.append((offset, UInt32(clamping: end - offset - 1), record.status.indexCode))
        for entity in record.entities {
            let key = FormKey(type: entity.type, text: entity.text, canonical: entity.canonical)
            let id: Int
            if let known = formIDs[key] {
                id = known
            } else {
                id = forms.count
                formIDs[key] = id
                forms.append(IndexForm(type: entity.type, text: entity.text, canonical: entity.canonical))
                postings.append([])
            }
            if postings[id].last != number {
                postings[id].append(number)
                postingCount += 1
            }
        }
        guard record.status == .ok else { return }
        var seen = Set<Int>()
        for entity in record.entities where !entity.boilerplate {
            let key = TallyKey(type: entity.type, lowered: entity.canonical.lowercased())
            let id: Int
            if let known = tallyIDs[key] {
                id = known
            } else {
                id = tallies.count
                tallyIDs[key] = id
                tallies.append(
                    IndexTally(
                        type: entity.type, lowered: key.lowered, display: entity.canonical, articles: 0, mentions: 0))
            }
            tallies[id].mentions += entity.mentions.count
            if seen.insert(id).inserted { tallies[id].articles += 1 }
        }
    }

    /// Writes the segment to `path`; whether it went through.
    func write(to path: FilePath) -> Bool {
        guard var file = BufferedFile(path: path) else { return false }
        let hashes = forms.map(\.hash)
        let order = forms.indices.sorted { hashes[$0] != hashes[$1] ? hashes[$0] < hashes[$1] : $0 < $1 }
        var newID = [UInt32](repeating: 0, count: forms.count)
        for (position, old) in order.enumerated() { newID[old] = UInt32(position) }
        var words: [UInt64: [UInt32]] = [:]
        var keys: [UInt64: [UInt32]] = [:]
        for (old, form) in forms.enumerated() {
            for hash in form.wordHashes { words[hash, default: []].append(newID[old]) }
            for hash in form.keyHashes { keys[hash, default: []].append(newID[old]) }
        }
        let tallyOrder = tallies.indices.sorted {
            let (a, b) = (tallies[$0].hash, tallies[$1].hash)
            return a != b ? a < b : $0 < $1
        }
        var layout = SegmentLayout()
        layout.records = records.count
        layout.postings = postingCount
        layout.forms = forms.count
        layout.tally = tallies.count
        file.write([UInt8](repeating: 0, count: SegmentLayout.headerSize))
        for r in records {
            file.write(UInt64(r.offset).littleEndian)
            file.write(r.length.littleEndian)
            file.write(UInt32(r.status).littleEndian)
        }
        var firsts: [UInt64] = []
        var first: UInt64 = 0
        for old in order {
            firsts.append(first)
            postings[old].withUnsafeBytes { file.write($0) }
            first += UInt64(postings[old].count)
        }
        file.pad()
        var pool: [UInt8] = []
        for (position, old) in order.enumerated() {
            file.write(hashes[old])
            file.write(firsts[position])
            file.write(UInt32(pool.count))
            file.write(UInt32(postings[old].count))
            forms[old].encode(into: &pool)
        }
        (layout.words, layout.wordLists) = Self.writeTable(words, to: &file)
        (layout.keys, layout.keyLists) = Self.writeTable(keys, to: &file)
        for old in tallyOrder {
            let t = tallies[old]
            file.write(t.hash)
            file.write(UInt64(t.mentions))
            file.write(UInt32(t.articles))
            file.write(UInt32(pool.count))
            t.encode(into: &pool)
        }
        layout.corrupt = corrupt.count
        for c in corrupt {
            file.write(UInt64(c.offset))
            file.write(c.length)
            file.write(c.line)
        }
        layout.pool = pool.count
        file.write(pool)
        file.pad()
        return file.finish(header: layout.header(storeStart: storeStart, storeEnd: storeEnd))
    }

    /// Writes a hash → sorted list table and its lists; their counts.
    static func writeTable(_ table: [UInt64: [UInt32]], to file: inout BufferedFile) -> (Int, Int) {
        let hashes = table.keys.sorted()
        var first: UInt32 = 0
        var lists: [UInt32] = []
        for hash in hashes {
            let list = Array(Set(table[hash]!)).sorted()
            file.write(hash)
            file.write(first)
            file.write(UInt32(list.count))
            lists += list
            first += UInt32(list.count)
        }
        lists.withUnsafeBytes { file.write($0) }
        file.pad()
        return (hashes.count, lists.count)
    }
}

/// Merges two adjacent segments (`a` before `b` in the store) into one file, streaming the
/// records and postings; forms, words and tallies are merged by hash in memory.
enum SegmentMerger {
    static func merge(_ a: SegmentFile, _ b: SegmentFile, to path: FilePath) -> Bool {
        guard var file = BufferedFile(path: path) else { return false }
        var layout = SegmentLayout()
        layout.records = a.recordCount + b.recordCount
        layout.postings = a.layout.postings + b.layout.postings
        file.write([UInt8](repeating: 0, count: SegmentLayout.headerSize))
        file.write(a.recordBytes(0..<a.recordCount))
        file.write(b.recordBytes(0..<b.recordCount))
        a.release()
        b.release()

        // Forms: in hash order; within one hash, forms with equal strings are one.
        var merged: [(a: Int?, b: Int?)] = []
        var mapA = [UInt32](repeating: 0, count: a.layout.forms)
        var mapB = [UInt32](repeating: 0, count: b.layout.forms)
        var i = 0
        var j = 0
        while i < a.layout.forms || j < b.layout.forms {
            let ha = i < a.layout.forms ? a.formHash(i) : .max
            let hb = j < b.layout.forms ? b.formHash(j) : .max
            let h = min(ha, hb)
            var fromA: [Int] = []
            var fromB: [Int] = []
            while i < a.layout.forms && a.formHash(i) == h {
                fromA.append(i)
                i += 1
            }
            while j < b.layout.forms && b.formHash(j) == h {
                fromB.append(j)
                j += 1
            }
            var unmatched = fromB
            let formsB = fromB.map { b.form($0) }
            for x in fromA {
                let form = fromB.isEmpty ? nil : a.form(x)
                var partner: Int?
                if let form,
                    let k = unmatched.firstIndex(where: { y in
                        let other = formsB[fromB.firstIndex(of: y)!]
                        return other.type == form.type && other.text == form.text && other.canonical == form.canonical
                    })
                {
                    partner = unmatched.remove(at: k)
                }
                mapA[x] = UInt32(merged.count)
                if let partner { mapB[partner] = UInt32(merged.count) }
                merged.append((x, partner))
            }
            for y in unmatched {
                mapB[y] = UInt32(merged.count)
                merged.append((nil, y))
            }
        }
        layout.forms = merged.count
        var firsts: [UInt64] = []
        var counts: [UInt32] = []
        var first: UInt64 = 0
        let shift = UInt32(a.recordCount)
        var shifted: [UInt32] = []
        for (x, y) in merged {
            firsts.append(first)
            var n = 0
            if let x {
                let p = a.postings(ofForm: x)
                file.write(UnsafeRawBufferPointer(p))
                n += p.count
            }
            if let y {
                let p = b.postings(ofForm: y)
                shifted.removeAll(keepingCapacity: true)
                shifted.append(contentsOf: p.lazy.map { $0 + shift })
                shifted.withUnsafeBytes { file.write($0) }
                n += p.count
            }
            counts.append(UInt32(n))
            first += UInt64(n)
            if merged.count > 4096 && firsts.count % 4096 == 0 {
                a.release()
                b.release()
            }
        }
        a.release()
        b.release()
        file.pad()
        var pool: [UInt8] = []
        for (position, (x, y)) in merged.enumerated() {
            let hash = x.map(a.formHash) ?? b.formHash(y!)
            file.write(hash)
            file.write(firsts[position])
            file.write(UInt32(pool.count))
            file.write(counts[position])
            pool.append(contentsOf: x.map { a.rawPoolEntry(form: $0) } ?? b.rawPoolEntry(form: y!))
        }
        (layout.words, layout.wordLists) = mergeTables(a, b, exact: false, mapA, mapB, to: &file)
        (layout.keys, layout.keyLists) = mergeTables(a, b, exact: true, mapA, mapB, to: &file)

        // Tallies: in hash order; within one hash, equal (type, name) are summed, the earlier
        // segment's display name kept. Strings are decoded only to tell entries of one hash
        // apart; the output copies the pool bytes.
        layout.tally = 0
        i = 0
        j = 0
        while i < a.layout.tally || j < b.layout.tally {
            let ha = i < a.layout.tally ? a.tallyHash(i) : .max
            let hb = j < b.layout.tally ? b.tallyHash(j) : .max
            let h = min(ha, hb)
            var group: [(segment: SegmentFile, index: Int, articles: Int, mentions: Int)] = []
            while i < a.layout.tally && a.tallyHash(i) == h {
                let c = a.tallyCounts(i)
                group.append((a, i, c.articles, c.mentions))
                i += 1
            }
            let fromA = group.count
            while j < b.layout.tally && b.tallyHash(j) == h {
                let c = b.tallyCounts(j)
                var joined = false
                if fromA > 0 {
                    let t = b.tally(j)
                    if let k = group[..<fromA].firstIndex(where: { entry in
                        let other = entry.segment.tally(entry.index)
                        return other.type == t.type && other.lowered == t.lowered
                    }) {
                        group[k].articles += c.articles
                        group[k].mentions += c.mentions
                        joined = true
                    }
                }
                if !joined { group.append((b, j, c.articles, c.mentions)) }
                j += 1
            }
            for entry in group {
                file.write(h)
                file.write(UInt64(entry.mentions))
                file.write(UInt32(entry.articles))
                file.write(UInt32(pool.count))
                pool.append(contentsOf: entry.segment.rawPoolEntry(tally: entry.index))
                layout.tally += 1
            }
        }
        layout.corrupt = a.layout.corrupt + b.layout.corrupt
        file.write(a.corruptBytes)
        file.write(b.corruptBytes)
        layout.pool = pool.count
        file.write(pool)
        file.pad()
        return file.finish(header: layout.header(storeStart: a.storeStart, storeEnd: b.storeEnd))
    }

    private static func mergeTables(
        _ a: SegmentFile, _ b: SegmentFile, exact: Bool, _ mapA: [UInt32], _ mapB: [UInt32],
        to file: inout BufferedFile
    ) -> (Int, Int) {
        let countA = exact ? a.layout.keys : a.layout.words
        let countB = exact ? b.layout.keys : b.layout.words
        var i = 0
        var j = 0
        var lists: [UInt32] = []
        var entries = 0
        var list: [UInt32] = []
        while i < countA || j < countB {
            let ea = i < countA ? a.wordEntry(i, exact: exact) : nil
            let eb = j < countB ? b.wordEntry(j, exact: exact) : nil
            let h = min(ea?.hash ?? .max, eb?.hash ?? .max)
            list.removeAll(keepingCapacity: true)
            if let ea, ea.hash == h {
                list.append(contentsOf: ea.list.lazy.map { mapA[Int($0)] })
                i += 1
            }
            if let eb, eb.hash == h {
                list.append(contentsOf: eb.list.lazy.map { mapB[Int($0)] })
                j += 1
            }
            list.sort()
            var unique: [UInt32] = []
            unique.reserveCapacity(list.count)
            for x in list where unique.last != x { unique.append(x) }
            file.write(h)
            file.write(UInt32(lists.count))
            file.write(UInt32(unique.count))
            lists += unique
            entries += 1
        }
        lists.withUnsafeBytes { file.write($0) }
        file.pad()
        return (entries, lists.count)
    }
}
