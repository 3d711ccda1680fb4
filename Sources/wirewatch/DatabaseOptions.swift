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
