import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One line of the result table.
struct Row {
    enum Result: String {
        case pass = "PASS"
        case fail = "FAIL"
        case skip = "SKIP"
    }

    var scenario: String
    var tried: String
    var expected: String
    var found: String
    var result: Result
}

@main
struct Reliability {
    static func main() {
        var arguments = CommandLine.arguments.dropFirst()
        var daemon: String?
        var wirewatch: String?
        var quick = false
        var only: Set<String> = []
        while let argument = arguments.popFirst() {
            switch argument {
            case "--daemon": daemon = arguments.popFirst()
            case "--wirewatch": wirewatch = arguments.popFirst()
            case "--quick": quick = true
            case "--only": only.formUnion((arguments.popFirst() ?? "").split(separator: ",").map(String.init))
            case "-h", "--help":
                print(usage)
                return
            default:
                FileHandle.standardError.write(
                    Data("wirewatch-reliability: unknown argument \(argument)\n\(usage)\n".utf8))
                exit(2)
            }
        }
        guard let daemon, FileManager.default.isExecutableFile(atPath: daemon) else {
            FileHandle.standardError.write(
                Data("wirewatch-reliability: pass --daemon PATH with the built wirewatchd\n\(usage)\n".utf8))
            exit(2)
        }
        signal(SIGPIPE, SIG_IGN)
        let suite = Suite(daemon: daemon, wirewatch: wirewatch, quick: quick, only: only)
        let rows = suite.run()
        print(Table.markdown(rows))
        let failed = rows.filter { $0.result == .fail }.count
        print(
            "\n\(rows.count) checks: \(rows.filter { $0.result == .pass }.count) passed, \(failed) failed, "
                + "\(rows.filter { $0.result == .skip }.count) skipped")
        exit(failed == 0 ? 0 : 1)
    }

    static let usage = """
        usage: wirewatch-reliability --daemon PATH [--wirewatch PATH] [--quick] [--only crash,flood,hostile,inbox,disk]
          Drives the real wirewatchd through crashes, floods, hostile input, a vanishing inbox and a
          full disk, and prints a table: scenario | tried | expected | found | result. Exit 1 on any FAIL.
          --quick  the short form run by `make test` (well under a minute)
        """
}

enum Table {
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func markdown(_ rows: [Row]) -> String {
        var out = "| scenario | what was tried | expected | found | result |\n|---|---|---|---|---|\n"
        for row in rows {
            out +=
                "| \(cell(row.scenario)) | \(cell(row.tried)) | \(cell(row.expected)) | \(cell(row.found)) | **\(row.result.rawValue)** |\n"
        }
        return out
    }
}
