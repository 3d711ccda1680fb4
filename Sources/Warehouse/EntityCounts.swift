import PostgresNIO

/// Entity counts summed by the database (`wirewatch entities --db`, `wirewatch graph --db`), so
/// the records themselves stay there.
///
/// The commands key an entity by its type and `canonical.lowercased()` (Swift's). For a name in
/// ASCII that is `lower(name COLLATE "C")`, which the server groups by; names with other
/// characters come back as rows (article, type, name, mentions) for the caller to key itself.
public enum EntityCounts {
    /// Which entity rows count: of records with status ok, not boilerplate, and of these types
    /// (nil: all) and none of `excluded`; of one origin when given.
    public struct Filter: Sendable {
        public var types: [String]?
        public var excluded: [String]
        public var origin: String?

        public init(types: [String]?, excluded: [String], origin: String?) {
            self.types = types
            self.excluded = excluded
            self.origin = origin
        }
    }

    /// One (type, lowercased ASCII name): the articles that name it, its mentions in them, and
    /// the spelling of its first mention in shipping order.
    public struct Group: Sendable {
        public var type: String
        public var name: String
        public var articles: Int
        public var mentions: Int
    }

    /// One entity row with a name that is not ASCII, in shipping order (`seq`, then the
    /// record's order).
    public struct Row: Sendable {
        public var article: Int64
        public var type: String
        public var name: String
        public var mentions: Int
    }

    /// A co-occurrence count: the articles two groups (indices into the groups given back) share.
    public struct Pair: Sendable {
        public var first: Int
        public var second: Int
        public var articles: Int
    }

    static let ascii = #"e.canonical !~ '[^\x01-\x7f]'"#

    /// The counted entity rows: `FROM` (with `e` the entity, `a` the article, then `joins`) and
    /// `WHERE`.
    static func source(_ filter: Filter, _ binds: inout PostgresBindings, joins: String = "") -> String {
        var sql = """
            FROM wirewatch.entities e JOIN wirewatch.articles a ON a.id = e.article_id \(joins)
            WHERE a.status = 'ok' AND NOT e.boilerplate
            """
        if let types = filter.types {
            binds.append(types)
            sql += " AND e.type = ANY($\(binds.count)::text[])"
        }
        if !filter.excluded.isEmpty {
            binds.append(filter.excluded)
            sql += " AND e.type <> ALL($\(binds.count)::text[])"
        }
        if let origin = filter.origin {
            binds.append(origin)
            sql += " AND a.origin = $\(binds.count)"
        }
        return sql
    }

    static let groupColumns = """
        e.type, lower(e.canonical COLLATE "C") AS k, count(DISTINCT e.article_id) AS articles,
            sum(e.mentions) AS mentions, (array_agg(e.canonical ORDER BY a.seq, e.ordinal))[1] AS name
        """

    /// The groups of ASCII names — with `top` > 0 only those ranked (by mentions, then articles)
    /// among the first `top`, ties included — and the rows of the other names.
    public static func tally(
        _ db: Database, _ filter: Filter, top: Int
    ) async throws(DatabaseError) -> (
        groups: [Group], rows: [Row]
    ) {
        var binds = PostgresBindings()
        let from = source(filter, &binds)
        var sql = "WITH g AS (SELECT \(groupColumns) \(from) AND \(ascii) GROUP BY 1, 2)"
        if top > 0 {
            binds.append(top - 1)
            sql += """
                , cut AS (
                    SELECT mentions, articles FROM g ORDER BY mentions DESC, articles DESC OFFSET $\(binds.count) LIMIT 1
                )
                SELECT type, name, articles, mentions FROM g
                WHERE NOT EXISTS (SELECT 1 FROM cut) OR (mentions, articles) >= (SELECT mentions, articles FROM cut)
                """
        } else {
            sql += " SELECT type, name, articles, mentions FROM g"
        }
        let groups = try await fetchGroups(db, PostgresQuery(unsafeSQL: sql, binds: binds))
        return (groups, try await otherRows(db, filter))
    }

    /// The groups of ASCII names named in at least `minArticles` articles, and the pairs of them
    /// that share articles; nil when a name that counts is not ASCII (the caller then reads the
    /// records).
    public static func network(
        _ db: Database, _ filter: Filter, minArticles: Int
    ) async throws(DatabaseError) -> (
        groups: [Group], pairs: [Pair]
    )? {
        var binds = PostgresBindings()
        let others = "SELECT EXISTS (SELECT 1 \(source(filter, &binds)) AND NOT (\(ascii)))"
        let check = PostgresQuery(unsafeSQL: others, binds: binds)
        let mixed: Bool = try await run(db) { connection, logger in
            for try await value in try await connection.query(check, logger: logger).decode(Bool.self) {
                return value
            }
            return false
        }
        if mixed { return nil }
        binds = PostgresBindings()
        let from = source(filter, &binds)
        binds.append(minArticles)
        let kept = """
            WITH g AS (SELECT \(groupColumns) \(from) GROUP BY 1, 2),
            kept AS (SELECT row_number() OVER (ORDER BY type, k) - 1 AS n, * FROM g WHERE articles >= $\(binds.count))
            """
        let groups = try await fetchGroups(
            db,
            PostgresQuery(unsafeSQL: kept + " SELECT type, name, articles, mentions FROM kept ORDER BY n", binds: binds)
        )
        // The same filter again, each entity row joined to its kept group.
        let members = source(
            filter, &binds, joins: #"JOIN kept ON kept.type = e.type AND kept.k = lower(e.canonical COLLATE "C")"#)
        let pairs = PostgresQuery(
            unsafeSQL: """
                \(kept),
                members AS (SELECT DISTINCT e.article_id, kept.n \(members))
                SELECT m1.n, m2.n, count(*) FROM members m1 JOIN members m2 ON m1.article_id = m2.article_id AND m1.n < m2.n
                GROUP BY 1, 2
                """, binds: binds)
        let found: [Pair] = try await run(db) { connection, logger in
            var found: [Pair] = []
            for try await (first, second, count) in try await connection.query(pairs, logger: logger).decode(
                (Int64, Int64, Int64).self)
            {
                found.append(Pair(first: Int(first), second: Int(second), articles: Int(count)))
            }
            return found
        }
        return (groups, found)
    }

    static func fetchGroups(_ db: Database, _ query: PostgresQuery) async throws(DatabaseError) -> [Group] {
        try await run(db) { connection, logger in
            var groups: [Group] = []
            for try await (type, name, articles, mentions) in try await connection.query(query, logger: logger).decode(
                (String, String, Int64, Int64).self)
            {
                groups.append(Group(type: type, name: name, articles: Int(articles), mentions: Int(mentions)))
            }
            return groups
        }
    }

    static func otherRows(_ db: Database, _ filter: Filter) async throws(DatabaseError) -> [Row] {
        var binds = PostgresBindings()
        let sql =
            "SELECT a.seq, e.type, e.canonical, e.mentions \(source(filter, &binds)) AND NOT (\(ascii)) "
            + "ORDER BY a.seq, e.ordinal"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await run(db) { connection, logger in
            var rows: [Row] = []
            for try await (seq, type, name, mentions) in try await connection.query(query, logger: logger).decode(
                (Int64, String, String, Int32).self)
            {
                rows.append(Row(article: seq, type: type, name: name, mentions: Int(mentions)))
            }
            return rows
        }
    }

    /// A question that may read the whole table: an hour before the watchdog gives up.
    static func run<T: Sendable>(
        _ db: Database, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws(DatabaseError) -> T {
        let logger = db.logger
        do {
            return try await db.run(deadline: .seconds(3600)) { connection in try await body(connection, logger) }
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw .failed("cannot read \(db.address): \(Database.explain(error))")
        }
    }
}
