import ArgumentParser

struct GenerateManual: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-manual", abstract: "Print the man page.", shouldDisplay: false)

    func run() throws {}
}
