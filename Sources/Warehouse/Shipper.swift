import Logging
import PostgresNIO
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Ships a store into PostgreSQL: follows it and writes each record once.
///
/// Exactly once: each batch's rows and the shipper's position (store identity and the offset
/// past the batch) commit in one transaction, and rows are keyed by record `id`
/// (`ON CONFLICT DO NOTHING`). A crash at any point leaves the database at a commit boundary;
/// a restart goes on from the saved position, and a record repeated anyway (a store shipped
/// again from its top after a replacement) is not inserted twice.
public final class Shipper: @unchecked Sendable {
    public struct Options: Sendable {
        public var store: FilePath
        public var origin: String
        public var once: Bool
        public var batchSize: Int
        public var interval: Duration
        /// Connections that write batches side by side (each batch still commits after the one
        /// before it, so the saved position never passes a batch that is not in).
        public var connections: Int

        public init(
            store: FilePath, origin: String, once: Bool, batchSize: Int = 5000, interval: Duration = .milliseconds(200),
            connections: Int = 2
        ) {
            self.store = store
            self.origin = origin
            self.once = once
            self.batchSize = batchSize
            self.interval = interval
            self.connections = max(1, connections)
        }
    }

    public struct Summary: Sendable {
        /// Records committed by this run (including ones the database already had).
        public var records = 0
        /// Lines skipped because they cannot be decoded or the database refused them.
        public var skipped = 0
        public var offset: Int64 = 0
    }

    let address: DatabaseAddress
    let options: Options
    /// The store's absolute path: the position's key, with the origin.
    let storeKey: String
    let report: @Sendable (String) -> Void
    let shouldStop: @Sendable () -> Bool
    private var db: Database?
    /// The connections besides `db` that write batches (`Options.connections`).
    private var others: [Database] = []
    private var summary = Summary()

    public init(
        address: DatabaseAddress, options: Options, report: @escaping @Sendable (String) -> Void,
        shouldStop: @escaping @Sendable () -> Bool
    ) {
        self.address = address
        self.options = options
        self.report = report
        self.shouldStop = shouldStop
        var key = options.store
        if key.isRelative {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil { key = FilePath(platformString: buffer).pushing(key) }
        }
        self.storeKey = key.lexicallyNormalized().string
    }

    /// Ships until `--once` has drained the store or `shouldStop` says so. Database trouble
    /// never ends it: it is reported and retried with backoff.
    ///
    /// Batches are read and encoded here, in order, and written by `Options.connections`
    /// connections in turn, each in its own transaction; a batch's transaction saves the
    /// position past it only once the batch before it has committed, and commits after that.
    /// So what has committed is always a run of batches from the saved position on, whatever
    /// is killed when.
    public func run() async -> Summary {
        var cursor: StoreCursor?
        var backoff = Backoff()
        var waitingForStore = false
        while !shouldStop() {
            guard let db = await connected(&backoff) else { break }
            var inflight: [Task<Shipped, any Error>] = []
            do {
                if cursor == nil {
                    let saved = try await loadPosition(db)
                    do {
                        cursor = try StoreCursor(path: options.store, saved: saved, warn: report)
                        waitingForStore = false
                    } catch {
                        if options.once {
                            report("cannot ship \(options.store): \(error)")
                            summary.skipped = -1
                            break
                        }
                        if !waitingForStore {
                            report("waiting for the store \(options.store) (\(error))")
                            waitingForStore = true
                        }
                        await pause(options.interval * 5)
                        continue
                    }
                }
                guard let cursor else { continue }
                let lanes = try await writers(db)
                var turn = 0
                var recent: [Set<String>] = []
                while !shouldStop() {
                    var batch = try cursor.read(limit: options.batchSize, origin: options.origin)
                    if batch.isEmpty {
                        while !inflight.isEmpty { settle(try await inflight.removeFirst().value, &backoff) }
                        if options.once {
                            await drop()
                            return summary
                        }
                        while !shouldStop() {
                            if try cursor.poll() { break }
                            await pause(options.interval)
                        }
                        continue
                    }
                    Self.dropRepeats(&batch, recent: &recent, keep: lanes.count - 1)
                    if inflight.count >= lanes.count { settle(try await inflight.removeFirst().value, &backoff) }
                    let lane = lanes[turn % lanes.count]
                    turn += 1
                    // `seq` is the store's order: taken here, batch after batch, not by each COPY
                    // (two COPYs side by side would interleave their numbers).
                    let numbers = try await Self.sequence(batch.lines.count, lane)
                    for k in batch.lines.indices { batch.lines[k].seq = numbers[k] }
                    let after = inflight.last
                    inflight.append(Task { try await self.commit(batch, lane, after: after) })
                }
                while !inflight.isEmpty { settle(try await inflight.removeFirst().value, &backoff) }
            } catch let error as StoreReadError {
                await settleAll(&inflight, &backoff)
                report("cannot read \(options.store): \(error); retrying")
                cursor = nil
                await pause(.seconds(1))
            } catch {
                await settleAll(&inflight, &backoff)
                report("lost \(address) (\(Database.explain(error))); \(backoff.describeNext())")
                // The database is the truth: go on from the position it holds (a server that
                // lost its last commits, or a replica promoted in its place, may be behind).
                cursor = nil
                await drop()
                await pause(backoff.next())
            }
        }
        await drop()
        return summary
    }

    /// What one batch's transactions committed.
    struct Shipped: Sendable {
        var records = 0
        var skipped = 0
        var end: Int64 = 0
    }

    private func settle(_ shipped: Shipped, _ backoff: inout Backoff) {
        summary.records += shipped.records
        summary.skipped += shipped.skipped
        summary.offset = shipped.end
        backoff.reset()
    }

    /// Waits for the batches in flight after a failure: those that committed count; the rest
    /// rolled back (each waits for the one before it, and gives up when that one failed).
    private func settleAll(_ inflight: inout [Task<Shipped, any Error>], _ backoff: inout Backoff) async {
        var failed = false
        for task in inflight {
            if !failed, let shipped = try? await task.value {
                settle(shipped, &backoff)
            } else {
                failed = true
                _ = try? await task.value
            }
        }
        inflight = []
    }

    /// A record whose id a batch still in flight carries is not sent again (the store never
    /// holds an id twice, but a file put together by hand might): two transactions inserting
    /// one id would wait for each other. It counts as shipped, as one the database had.
    static func dropRepeats(_ batch: inout ShipBatch, recent: inout [Set<String>], keep: Int) {
        guard keep > 0 else { return }
        let ids = Set(batch.lines.map(\.id))
        if !recent.isEmpty && ids.count == batch.lines.count {
            let before = batch.lines.count
            batch.lines.removeAll { line in recent.contains { $0.contains(line.id) } }
            batch.repeats += before - batch.lines.count
        } else if !recent.isEmpty || ids.count < batch.lines.count {
            var seen = Set<String>()
            let before = batch.lines.count
            batch.lines.removeAll { line in
                recent.contains { $0.contains(line.id) } || !seen.insert(line.id).inserted
            }
            batch.repeats += before - batch.lines.count
        }
        recent.append(ids)
        if recent.count > keep { recent.removeFirst() }
    }

    private func drop() async {
        if let db { await db.close() }
        for other in others { await other.close() }
        db = nil
        others = []
    }

    /// The connections that write batches: `db` and `Options.connections - 1` more.
    private func writers(_ db: Database) async throws -> [Database] {
        others.removeAll { $0.isClosed }
        while others.count < options.connections - 1 {
            others.append(try await Database.connect(address))
        }
        return [db] + others
    }

    /// A connection with the schema migrated and this store's shipping lock held, or nil when
    /// asked to stop while waiting for one.
    private func connected(_ backoff: inout Backoff) async -> Database? {
        if let db, !db.isClosed { return db }
        db = nil
        var failures = 0
        while !shouldStop() {
            do {
                let fresh = try await Database.connect(address)
                do {
                    try await Schema.migrate(fresh)
                    try await lockStore(fresh)
                } catch {
                    await fresh.close()
                    throw error
                }
                if failures > 0 { report("connected to \(address); shipping resumes") }
                db = fresh
                return fresh
            } catch {
                failures += 1
                report("\(error); \(backoff.describeNext())")
                await pause(backoff.next())
            }
        }
        return nil
    }

    /// One shipper per (origin, store): a session lock, released when the connection ends.
    private func lockStore(_ db: Database) async throws(DatabaseError) {
        var locked = false
        do {
            for try await value in try await db.connection.query(
                "SELECT pg_try_advisory_lock(hashtext(\(options.origin)), hashtext(\(storeKey)))", logger: db.logger
            ).decode(Bool.self) {
                locked = value
            }
        } catch {
            throw .failed("cannot lock the store's position in \(db.address): \(Database.explain(error))")
        }
        if !locked {
            throw .failed(
                "another shipper is shipping \(storeKey) as origin \(options.origin) into \(db.address)")
        }
    }

    private func loadPosition(_ db: Database) async throws -> (identity: StoreIdentity, offset: Int64)? {
        let origin = options.origin
        let store = storeKey
        let logger = db.logger
        return try await db.run { connection in
            let rows = try await connection.query(
                """
                SELECT device, inode, head, "offset" FROM wirewatch.positions WHERE origin = \(origin) AND store = \(store)
                """, logger: logger)
            for try await (device, inode, head, offset) in rows.decode((String, String, String, Int64).self) {
                return (StoreIdentity(device: UInt64(device) ?? 0, inode: UInt64(inode) ?? 0, head: head), offset)
            }
            return nil
        }
    }

    /// The batch's rows and the position past it, in one transaction that commits after
    /// `after`'s. A batch the database refuses for its data is halved until the refused record
    /// is found; that one is skipped with a warning (and its offset), the rest land.
    private func commit(_ batch: ShipBatch, _ db: Database, after: Task<Shipped, any Error>?) async throws -> Shipped {
        do {
            try await write(batch, db, after: after)
            return Shipped(records: batch.lines.count + batch.repeats, skipped: batch.skipped, end: batch.end)
        } catch {
            guard let state = Database.sqlState(error), Self.isDataError(state) else { throw error }
            if batch.lines.count <= 1 {
                let start = batch.lines.first?.start ?? batch.end
                report(
                    "\(options.store): offset \(start): skipped a record the database refused (\(Database.explain(error)))"
                )
                var skip = batch
                skip.lines = []
                skip.skipped += 1
                try await write(skip, db, after: after)
                return Shipped(records: skip.repeats, skipped: skip.skipped, end: skip.end)
            }
            let middle = batch.lines.count / 2
            var first = batch
            first.lines = Array(batch.lines[..<middle])
            first.end = batch.lines[middle].start
            first.skipped = 0
            first.repeats = 0
            var second = batch
            second.lines = Array(batch.lines[middle...])
            let one = try await commit(first, db, after: after)
            let two = try await commit(second, db, after: nil)
            return Shipped(records: one.records + two.records, skipped: one.skipped + two.skipped, end: two.end)
        }
    }

    /// SQLSTATE classes that no retry cures: data exceptions, integrity violations (other than
    /// a duplicate key, which `ON CONFLICT` absorbs).
    static func isDataError(_ state: String) -> Bool {
        state.hasPrefix("22") || (state.hasPrefix("23") && state != "23505")
    }

    static let positionSQL = """
        INSERT INTO wirewatch.positions (origin, store, device, inode, head, "offset", records, skipped, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
        ON CONFLICT (origin, store) DO UPDATE SET
            device = excluded.device, inode = excluded.inode, head = excluded.head, "offset" = excluded."offset",
            records = wirewatch.positions.records + excluded.records,
            skipped = wirewatch.positions.skipped + excluded.skipped, updated_at = now()
        """

    /// Where `COPY` finds the tables (its table names are not schema-qualified); set for the
    /// transaction only.
    static let searchPathSQL: PostgresQuery = "SET LOCAL search_path TO wirewatch, pg_catalog"

    /// For a batch some of whose records the database holds already: the rows go through a
    /// temporary table and `ON CONFLICT DO NOTHING`, which tells which ones went in.
    static let stagingSQL = """
        CREATE TEMPORARY TABLE IF NOT EXISTS ship_staging ON COMMIT DELETE ROWS AS
        SELECT seq, id, origin, path, ingested_at, status, published, title, source, authors, line, safe, name_words
        FROM wirewatch.article_rows WITH NO DATA
        """

    static let fromStagingSQL = """
        INSERT INTO wirewatch.article_rows
            (seq, id, origin, path, ingested_at, status, published, title, source, authors, line, safe, name_words)
        SELECT seq, id, origin, path, ingested_at, status, published, title, source, authors, line, safe, name_words
        FROM ship_staging
        ON CONFLICT (id) DO NOTHING
        RETURNING id
        """

    /// The entity-name words the rows left to the server: normalised like `--db` lookups'.
    static let wordsSQL = """
        UPDATE wirewatch.article_rows a SET name_words = string_to_array(normalize(u.words, NFC), ' ')
        FROM unnest($1::text[], $2::text[]) AS u(id, words)
        WHERE a.id = u.id
        """

    /// The batch's rows and the position past it, in one transaction. The rows go in by `COPY`;
    /// when the database has one of the records already (a store shipped again from its top,
    /// another host's copy of the same file), the batch goes again through `ship_staging`, and
    /// only the records that went in bring their entity rows.
    private func write(_ batch: ShipBatch, _ db: Database, after: Task<Shipped, any Error>?) async throws {
        var position = PostgresBindings(capacity: 8)
        position.append(options.origin)
        position.append(storeKey)
        position.append(String(batch.identity.device))
        position.append(String(batch.identity.inode))
        position.append(batch.identity.head)
        position.append(batch.end)
        position.append(batch.lines.count + batch.repeats)
        position.append(batch.skipped)
        let logger = db.logger
        let lines = batch.lines
        let move = PostgresQuery(unsafeSQL: Self.positionSQL, binds: position)
        try await db.run { connection in
            try await connection.withTransaction(logger: logger) { connection in
                if !lines.isEmpty {
                    try await connection.query(Self.searchPathSQL, logger: logger)
                    try await connection.query("SAVEPOINT ship", logger: logger)
                    var went = lines
                    do {
                        try await Self.copy(
                            lines.map(\.article), numbers: lines.map(\.seq), into: "article_rows",
                            ["seq"] + ShipRows.articleColumns, connection,
                            logger)
                    } catch {
                        guard Database.sqlState(error) == "23505" else { throw error }
                        try await connection.query("ROLLBACK TO SAVEPOINT ship", logger: logger)
                        try await connection.query(PostgresQuery(unsafeSQL: Self.stagingSQL), logger: logger)
                        try await Self.copy(
                            lines.map(\.article), numbers: lines.map(\.seq), into: "ship_staging",
                            ["seq"] + ShipRows.articleColumns, connection,
                            logger)
                        var inserted = Set<String>()
                        for try await id in try await connection.query(
                            PostgresQuery(unsafeSQL: Self.fromStagingSQL), logger: logger
                        ).decode(String.self) {
                            inserted.insert(id)
                        }
                        went = lines.filter { inserted.contains($0.id) }
                    }
                    if went.contains(where: { !$0.entities.isEmpty }) {
                        try await Self.copy(
                            went.map(\.entities), into: "entities", ShipRows.entityColumns, connection, logger)
                    }
                    let deferred = went.filter { $0.words != nil }
                    if !deferred.isEmpty {
                        var binds = PostgresBindings(capacity: 2)
                        binds.append(deferred.map(\.id))
                        binds.append(deferred.map { $0.words ?? "" })
                        try await connection.query(
                            PostgresQuery(unsafeSQL: Self.wordsSQL, binds: binds), logger: logger)
                    }
                }
                if let after {
                    do {
                        _ = try await after.value
                    } catch {
                        throw DatabaseError.failed(
                            "the batch before this one did not commit (\(Database.explain(error)))")
                    }
                }
                try await connection.query(move, logger: logger)
            }
        }
    }

    /// `count` numbers from `article_rows.seq`'s sequence, in increasing order.
    static func sequence(_ count: Int, _ db: Database) async throws -> [Int64] {
        guard count > 0 else { return [] }
        let logger = db.logger
        return try await db.run { connection in
            var numbers: [Int64] = []
            numbers.reserveCapacity(count)
            for try await number in try await connection.query(
                """
                SELECT nextval(pg_get_serial_sequence('wirewatch.article_rows', 'seq')) FROM generate_series(1, \(count))
                """, logger: logger
            ).decode(Int64.self) {
                numbers.append(number)
            }
            return numbers.sorted()
        }
    }

    /// Sends `rows` (COPY text rows) into `table`, in chunks of about a megabyte; with
    /// `numbers`, each row's number first (the column before `columns`' first).
    static func copy(
        _ rows: [[UInt8]], numbers: [Int64]? = nil, into table: String, _ columns: [String],
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20 + 65536)
            for (k, row) in rows.enumerated() {
                if let numbers {
                    buffer.writeString(String(numbers[k]))
                    buffer.writeInteger(UInt8(0x09))
                }
                buffer.writeBytes(row)
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer = ByteBuffer()
                    buffer.reserveCapacity(1 << 20 + 65536)
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// Sleeps `duration` in short steps, returning early when asked to stop.
    private func pause(_ duration: Duration) async {
        var left = duration
        let step = Duration.milliseconds(100)
        while left > .zero && !shouldStop() {
            let slice = min(step, left)
            try? await Task.sleep(for: slice)
            left -= slice
        }
    }
}

/// Retry delays: 0.5 s doubling to 30 s.
struct Backoff {
    private var current: Duration = .milliseconds(500)

    mutating func next() -> Duration {
        let value = current
        current = min(current * 2, .seconds(30))
        return value
    }

    func describeNext() -> String {
        let (seconds, atto) = current.components
        let ms = seconds * 1000 + atto / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "retrying in \(ms / 1000) s" : "retrying in \(Double(ms) / 1000) s"
    }

    mutating func reset() { current = .milliseconds(500) }
}
