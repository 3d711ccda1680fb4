import ArgumentParser
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
