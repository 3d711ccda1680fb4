import PostgresNIO

/// Reads shipped records back, in the order they were shipped (`seq`: a store's own order),
/// a page at a time: the store lines, byte for byte, for the commands to decode and answer
/// from with the same code as for a store file.
///
/// The SQL filter only narrows: every record it drops cannot match; every record it keeps is
/// checked again by the caller (a name's words all among the record's entity-name words is
/// necessary for `NameQuery` to match, not sufficient).
public final class RecordPages: @unchecked Sendable {
    public struct Filter: Sendable {
        /// Candidates must hold, for one of these, all its words among their entity names'
        /// words (`NameMatch.words`); nil: every record. An empty word list matches every record.
        public var nameWords: [[String]]?
        public var status: String?
        public var origin: String?

        public init(nameWords: [[String]]? = nil, status: String? = nil, origin: String? = nil) {
            self.nameWords = nameWords
            self.status = status
            self.origin = origin
        }
    }

    let db: Database
    let filter: Filter
    let pageSize: Int
    private var last: Int64 = 0
    private var done = false

    public init(db: Database, filter: Filter, pageSize: Int = 500) {
        self.db = db
        self.filter = filter
        self.pageSize = pageSize
    }

    /// The next page of store lines (without newlines), or nil at the end.
    public func next() async throws(DatabaseError) -> [[UInt8]]? {
        if done { return nil }
        var sql = "SELECT seq, line FROM wirewatch.articles WHERE seq > $1"
        var binds = PostgresBindings()
        binds.append(last)
        if let status = filter.status {
            binds.append(status)
            sql += " AND status = $\(binds.count)"
        }
        if let origin = filter.origin {
            binds.append(origin)
            sql += " AND origin = $\(binds.count)"
        }
        if let names = filter.nameWords {
            if names.contains(where: \.isEmpty) {
                // A name without words (only punctuation) is matched whole: no word narrows it.
            } else if names.isEmpty {
                sql += " AND false"
            } else {
                var alternatives: [String] = ["name_words IS NULL"]
                for words in names {
                    binds.append(words)
                    alternatives.append(
                        "name_words @> (SELECT array_agg(normalize(w, NFC)) FROM unnest($\(binds.count)::text[]) w)")
                }
                sql += " AND (" + alternatives.joined(separator: " OR ") + ")"
            }
        }
        binds.append(pageSize)
        sql += " ORDER BY seq LIMIT $\(binds.count)"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let logger = db.logger
        do {
            let page: [(Int64, String)] = try await db.run { connection in
                var rows: [(Int64, String)] = []
                for try await row in try await connection.query(query, logger: logger).decode((Int64, String).self) {
                    rows.append(row)
                }
                return rows
            }
            if page.count < pageSize { done = true }
            guard let tail = page.last else { return nil }
            last = tail.0
            return page.map { Array($0.1.utf8) }
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw .failed("cannot read \(db.address): \(Database.explain(error))")
        }
    }
}
