import ArgumentParser
import Articles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Wirewatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wirewatch",
        abstract: "Query the wirewatch store: which articles name whom, and what is in them.",
        discussion: """
            wirewatch reads the store that wirewatchd writes (one JSON record per line) without \
            loading it: every command streams it in constant memory. The store is --store FILE, \
            else $WIREWATCH_STORE, else ./store/articles.jsonl.

            Exit status, like grep's: 0 when something matched, 1 when nothing did, 2 on an error.

            Examples:
              wirewatch query --entity OIC
              wirewatch query --type PERSON --since 2023-01-01 --json | jq .title
              wirewatch tail -f
              wirewatch entities --type GPE --top 5
              wirewatch query --entity Pashinyan --format csv
              wirewatch related Azerbaijan
              wirewatch timeline Azerbaijan --by month
              wirewatch graph --format graphml > entities.graphml
              wirewatch show 000_dfec17d03ea7e3d2.txt
              wirewatch stats
            """,
        version: "1.0.0",
        subcommands: [
            Query.self, Tail.self, Entities.self, Related.self, Timeline.self, Graph.self, Show.self, Stats.self,
            Extract.self, Ship.self,
        ]
    )

    /// Runs the command; maps outcomes to grep's exit statuses (usage errors are 2, not 64).
    static func main() {
        resetSignals()
        do {
            if let files = PlainExtraction.files(Array(CommandLine.arguments.dropFirst())) {
                try Extract.runPlain(files)
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
            Output.standard.flush()
        } catch let failure as Failure {
            Diagnostics.warn(failure.message)
            Glibc.exit(2)
        } catch {
            Output.standard.flush()
            let code = exitCode(for: error)
            if code == .success {
                let message = fullMessage(for: error)
                if !message.isEmpty { Output.standard.line(message) }
                Output.standard.flush()
                Glibc.exit(0)
            }
            if let exitCode = error as? ExitCode { Glibc.exit(exitCode.rawValue) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Diagnostics.raw(message + "\n") }
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// The grep-like outcome of a command that looks for something.
func found(_ anything: Bool) throws {
    Output.standard.flush()
    if !anything { throw ExitCode(1) }
}
