import ArgumentParser
import Store
import Warehouse

/// `--db URL` and `--password-file FILE`, for the commands that can ask PostgreSQL instead of
/// the store file.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Ask this PostgreSQL database (filled by `wirewatch ship`) instead of the store file "
                + "(default: $WIREWATCH_DB when set).",
            valueName: "URL"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "Read the database password from FILE (mode 0600; default: the systemd credential pgpassword, "
                + "else $PGPASSWORD).", valueName: "FILE"),
        completion: .file())
    var passwordFile: String?

    @Option(help: ArgumentHelp("With --db: only the records shipped from this origin (host).", valueName: "NAME"))
    var origin: String?

    /// The database asked for, checked against `--store`; nil: read the store file.
    func address(_ store: StoreOptions) throws -> DatabaseAddress? {
        if db != nil && store.store != nil {
            throw Failure("--db and --store cannot be used together: ask either the database or a store file")
        }
        guard let address = try address(storeGiven: store.store != nil) else {
            if origin != nil { throw Failure("--origin needs --db URL (a store file holds one origin)") }
            if passwordFile != nil { throw Failure("--password-file needs --db URL") }
            return nil
        }
        return address
    }

    /// The database asked for, if any (`--db`, else `$WIREWATCH_DB` unless `--store` was given).
    func address(storeGiven: Bool) throws -> DatabaseAddress? {
        guard let url = db ?? (storeGiven ? nil : environment("WIREWATCH_DB")) else { return nil }
        return try Self.resolve(url, passwordFile: passwordFile)
    }

    static func resolve(_ url: String, passwordFile: String?) throws -> DatabaseAddress {
        do {
            var address = try DatabaseAddress(url)
            if address.password != nil {
                if passwordFile != nil {
                    throw Failure("give the password in the URL or with --password-file, not both")
                }
            } else {
                address.password = try Credentials.password(file: passwordFile)
            }
            return address
        } catch let error as DatabaseError {
            throw Failure(error.description)
        }
    }
}

/// Connects for a read-only question; failures say what to do.
func openDatabase(_ address: DatabaseAddress) throws -> Database {
    do {
        return try runBlocking {
            let db = try await Database.connect(address)
            do {
                try await Schema.check(db)
            } catch {
                await db.close()
                throw error
            }
            return db
        }
    } catch let error as DatabaseError {
        throw Failure(error.description)
    }
}

/// Records read back from the database, decoded, in the order they were shipped.
struct DatabaseScan {
    let db: Database
    let origin: String?
    let decoder = RecordDecoder()

    init(_ address: DatabaseAddress, origin: String?) throws {
        db = try openDatabase(address)
        self.origin = origin
    }

    /// Each record that may match: `names` (a name query's names) narrows by their words,
    /// `status` by status. `body` gets the line as shipped and its record.
    func forEach(
        names: NameQuery?, status: Record.Status?,
        _ body: (_ line: UnsafeBufferPointer<UInt8>, _ record: Record) -> Void
    ) throws {
        let filter = RecordPages.Filter(
            nameWords: names.map { $0.names.map(NameMatch.words) }, status: status?.rawValue, origin: origin)
        let pages = RecordPages(db: db, filter: filter)
        defer {
            let db = self.db
            _ = try? runBlocking { await db.close() }
        }
        while true {
            let page: [[UInt8]]?
            do {
                page = try runBlocking { try await pages.next() }
            } catch let error as DatabaseError {
                throw Failure(error.description)
            }
            guard let page else { return }
            for line in page {
                line.withUnsafeBufferPointer { bytes in
                    do {
                        body(bytes, try decoder.decode(bytes))
                    } catch {
                        Diagnostics.warn("\(db.address): skipped a record that cannot be decoded (\(error))")
                    }
                }
            }
        }
    }
}

/// Entity counts the database sums (`EntityCounts`), turned into what the commands count from
/// records: the same keys (type and `canonical.lowercased()`), names, numbers and order.
enum DatabaseTally {
    /// `entities --db`: nil when a name is not ASCII but its lowercased form is (U+212A KELVIN
    /// SIGN), which could share a key with ASCII names the database summed apart.
    static func entities(
        _ address: DatabaseAddress, origin: String?, type: String?, allTypes: Bool, top: Int
    ) throws
        -> Tally?
    {
        let filter = EntityCounts.Filter(
            types: type.map { [$0] }, excluded: type == nil && !allTypes ? quantityTypes.sorted() : [], origin: origin)
        let (groups, rows) = try ask(address) { db in try await EntityCounts.tally(db, filter, top: top) }
        var tally = Tally()
        for group in groups {
            tally.add(
                type: group.type, lowered: group.name.lowercased(), display: group.name, articles: group.articles,
                mentions: group.mentions)
        }
        var article: Int64 = -1
        var seen = Set<Tally.Key>()
        for row in rows {
            let lowered = row.name.lowercased()
            if lowered.utf8.allSatisfy({ $0 < 0x80 }) { return nil }
            if row.article != article {
                article = row.article
                seen = []
            }
            let first = seen.insert(Tally.Key(type: row.type, name: lowered)).inserted
            tally.add(
                type: row.type, lowered: lowered, display: row.name, articles: first ? 1 : 0, mentions: row.mentions)
        }
        return tally
    }

    /// `graph --db`: nil when a name that counts is not ASCII.
    static func network(
        _ address: DatabaseAddress, origin: String?, types: Set<String>?, minArticles: Int
    ) throws
        -> Network?
    {
        let filter = EntityCounts.Filter(
            types: types?.sorted(), excluded: types == nil ? quantityTypes.sorted() : [], origin: origin)
        guard
            let (groups, articles) = try ask(
                address,
                { db in
                    try await EntityCounts.network(db, filter, minArticles: minArticles)
                })
        else { return nil }
        // Ranked as GraphBuilder ranks: by articles, then mentions, then name and type.
        let order = groups.indices.sorted {
            let (a, b) = (groups[$0], groups[$1])
            if a.articles != b.articles { return a.articles > b.articles }
            if a.mentions != b.mentions { return a.mentions > b.mentions }
            return (a.name, a.type) < (b.name, b.type)
        }
        var rank = [Int](repeating: 0, count: groups.count)
        for (k, index) in order.enumerated() { rank[index] = k }
        let nodes = order.map {
            Network.Node(
                name: groups[$0].name, type: groups[$0].type, articles: groups[$0].articles,
                mentions: groups[$0].mentions)
        }
        // The articles each pair of them shares, as GraphBuilder counts them.
        var weights: [UInt64: Int] = [:]
        for members in articles {
            let present = members.map { rank[$0] }.sorted()
            for i in present.indices {
                for j in present.index(after: i)..<present.endIndex {
                    weights[UInt64(present[i]) << 32 | UInt64(present[j]), default: 0] += 1
                }
            }
        }
        let edges = weights.map {
            Network.Edge(source: Int($0.key >> 32), target: Int($0.key & 0xFFFF_FFFF), weight: $0.value)
        }
        .sorted { ($0.source, $0.target) < ($1.source, $1.target) }
        return Network(nodes: nodes, edges: edges)
    }

    static func ask<T: Sendable>(
        _ address: DatabaseAddress, _ body: @escaping @Sendable (Database) async throws -> T
    )
        throws -> T
    {
        let db = try openDatabase(address)
        defer { _ = try? runBlocking { await db.close() } }
        do {
            return try runBlocking { try await body(db) }
        } catch let error as DatabaseError {
            throw Failure(error.description)
        }
    }
}
