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

        public init(
            store: FilePath, origin: String, once: Bool, batchSize: Int = 2000, interval: Duration = .milliseconds(200)
        ) {
            self.store = store
            self.origin = origin
            self.once = once
            self.batchSize = batchSize
            self.interval = interval
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
    public func run() async -> Summary {
        var cursor: StoreCursor?
        var pending: ShipBatch?
        var backoff = Backoff()
        var waitingForStore = false
        while !shouldStop() {
            guard let db = await connected(&backoff) else { break }
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
                while !shouldStop() {
                    if pending == nil { pending = try cursor.read(limit: options.batchSize) }
                    let batch = pending!
                    if !batch.isEmpty {
                        try await commit(batch, db)
                        backoff.reset()
                        pending = nil
                        summary.offset = batch.end
                        if batch.lines.count >= options.batchSize { continue }
                    } else {
                        pending = nil
                    }
                    if options.once {
                        await drop()
                        return summary
                    }
                    while !shouldStop() {
                        if try cursor.poll() { break }
                        await pause(options.interval)
                    }
                }
            } catch let error as StoreReadError {
                report("cannot read \(options.store): \(error); retrying")
                cursor = nil
                pending = nil
                await pause(.seconds(1))
            } catch {
                report("lost \(address) (\(Database.explain(error))); \(backoff.describeNext())")
                // The database is the truth: go on from the position it holds (a server that
                // lost its last commits, or a replica promoted in its place, may be behind).
                cursor = nil
                pending = nil
                await drop()
                await pause(backoff.next())
            }
        }
        await drop()
        return summary
    }

    private func drop() async {
        if let db { await db.close() }
        db = nil
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

    /// The batch's rows and the position past it, in one transaction. A batch the database
    /// refuses for its data is halved until the refused record is found; that one is skipped
    /// with a warning (and its offset), the rest land.
    private func commit(_ batch: ShipBatch, _ db: Database) async throws {
        do {
            try await write(batch, db)
            summary.records += batch.lines.count
            summary.skipped += batch.skipped
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
                try await write(skip, db)
                summary.skipped += skip.skipped
                return
            }
            let middle = batch.lines.count / 2
            var first = batch
            first.lines = Array(batch.lines[..<middle])
            first.end = batch.lines[middle].start
            first.skipped = 0
            var second = batch
            second.lines = Array(batch.lines[middle...])
            try await commit(first, db)
            try await commit(second, db)
        }
    }

    /// SQLSTATE classes that no retry cures: data exceptions, integrity violations (other than
    /// a duplicate key, which `ON CONFLICT` absorbs).
    static func isDataError(_ state: String) -> Bool {
        state.hasPrefix("22") || (state.hasPrefix("23") && state != "23505")
    }

    static let insertSQL = #"""
        WITH input AS (
            SELECT l.n, l.line, coalesce(nullif(l.safe, ''), l.line)::jsonb AS r,
                string_to_array(normalize(l.words, NFC), ' ') AS words
            FROM unnest($1::text[], $2::text[], $4::text[]) WITH ORDINALITY AS l(line, safe, words, n)
        ), inserted AS (
            INSERT INTO wirewatch.articles
                (id, origin, path, ingested_at, status, published, title, source, authors, record, line, name_words)
            SELECT r->>'id', $3, r->>'path',
                CASE WHEN r->>'ingested_at' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$'
                     THEN (r->>'ingested_at')::timestamptz END,
                r->>'status', r->>'published', r->>'title', r->>'source',
                ARRAY(SELECT jsonb_array_elements_text(
                    CASE WHEN jsonb_typeof(r->'authors') = 'array' THEN r->'authors' ELSE '[]' END)),
                r, line, words
            FROM input ORDER BY n
            ON CONFLICT (id) DO NOTHING
            RETURNING id, record
        )
        INSERT INTO wirewatch.entities (article_id, ordinal, type, canonical, text, mentions, boilerplate)
        SELECT i.id, e.n, e.v->>'type', coalesce(e.v->>'canonical', e.v->>'text'), e.v->>'text',
            coalesce(jsonb_array_length(e.v->'mentions'), 0), coalesce((e.v->>'boilerplate')::boolean, false)
        FROM inserted i,
            jsonb_array_elements(CASE WHEN jsonb_typeof(i.record->'entities') = 'array'
                                      THEN i.record->'entities' ELSE '[]' END) WITH ORDINALITY AS e(v, n)
        """#

    static let positionSQL = """
        INSERT INTO wirewatch.positions (origin, store, device, inode, head, "offset", records, skipped, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
        ON CONFLICT (origin, store) DO UPDATE SET
            device = excluded.device, inode = excluded.inode, head = excluded.head, "offset" = excluded."offset",
            records = wirewatch.positions.records + excluded.records,
            skipped = wirewatch.positions.skipped + excluded.skipped, updated_at = now()
        """

    private func write(_ batch: ShipBatch, _ db: Database) async throws {
        var rows = PostgresBindings(capacity: 4)
        rows.append(batch.lines.map(\.text))
        rows.append(batch.lines.map(\.jsonb))
        rows.append(options.origin)
        rows.append(batch.lines.map(\.words))
        var position = PostgresBindings(capacity: 8)
        position.append(options.origin)
        position.append(storeKey)
        position.append(String(batch.identity.device))
        position.append(String(batch.identity.inode))
        position.append(batch.identity.head)
        position.append(batch.end)
        position.append(batch.lines.count)
        position.append(batch.skipped)
        let logger = db.logger
        let hasRows = !batch.lines.isEmpty
        let insert = PostgresQuery(unsafeSQL: Self.insertSQL, binds: rows)
        let move = PostgresQuery(unsafeSQL: Self.positionSQL, binds: position)
        try await db.run { connection in
            try await connection.withTransaction(logger: logger) { connection in
                if hasRows {
                    try await connection.query(insert, logger: logger)
                }
                try await connection.query(move, logger: logger)
            }
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
