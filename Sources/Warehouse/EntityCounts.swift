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

    /// The groups of ASCII names named in at least `minArticles` articles, and for each article
    /// naming two or more of them, which (indices into the groups, ascending); nil when a name
    /// that counts is not ASCII (the caller then reads the records).
    public static func network(
        _ db: Database, _ filter: Filter, minArticles: Int
    ) async throws(DatabaseError) -> (
        groups: [Group], articles: [[Int]]
    )? {
        var binds = PostgresBindings()
        let from = source(filter, &binds)
        binds.append(minArticles)
        // Every name that counts is grouped; one beyond ASCII (`other`) sends the caller back
        // to the records.
        let kept = PostgresQuery(
            unsafeSQL: """
                SELECT type, name, articles, mentions, k, other FROM (
                    SELECT \(groupColumns), bool_or(NOT (\(ascii))) AS other \(from) GROUP BY 1, 2
                ) g
                WHERE articles >= $\(binds.count) OR other
                """, binds: binds)
        let found: [(Group, String)]? = try await run(db) { connection, logger in
            var found: [(Group, String)] = []
            for try await (type, name, articles, mentions, key, other) in try await connection.query(
                kept, logger: logger
            ).decode((String, String, Int64, Int64, String, Bool).self) {
                if other { return nil }
                found.append((Group(type: type, name: name, articles: Int(articles), mentions: Int(mentions)), key))
            }
            return found
        }
        guard let found else { return nil }
        // Each article's kept groups, by their place in `found`.
        binds = PostgresBindings()
        binds.append(found.map(\.0.type))
        binds.append(found.map(\.1))
        let join = """
            JOIN unnest($1::text[], $2::text[]) WITH ORDINALITY AS kept(type, k, n)
                ON kept.type = e.type AND kept.k = lower(e.canonical COLLATE "C")
            """
        let members = PostgresQuery(
            unsafeSQL: """
                SELECT array_agg(kept.n - 1) \(source(filter, &binds, joins: join))
                GROUP BY a.seq HAVING count(*) > 1
                """, binds: binds)
        let articles: [[Int]] = try await run(db) { connection, logger in
            var articles: [[Int]] = []
            for try await list in try await connection.query(members, logger: logger).decode([Int64].self) {
                // Each group once (an article may name one several times).
                articles.append(Set(list).map { Int($0) })
            }
            return articles
        }
        return (found.map(\.0), articles)
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
