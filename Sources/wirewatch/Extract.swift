import ArgumentParser
import Articles
import Extraction
import Store
import SystemPackage

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the extractor on files and print their records, without the daemon.",
        discussion: """
            Each FILE goes through the same code as in wirewatchd (safe open, size limit, \
            UTF-8 or UTF-16 with a BOM, extraction) and comes out as one schema v1 record on \
            stdout, its path as given on the command line. A file that cannot be read gets a \
            rejected record saying why. Exit status 0 when at least one file gave an ok record, \
            1 when none did.

            Examples:
              wirewatch extract seeds/*.txt | jq '.entities[] | .canonical'
              wirewatch extract article.txt >> store/articles.jsonl
              wirewatch extract --dictionary names.tsv article.txt
            """)

    @Argument(help: ArgumentHelp("Article files to extract.", valueName: "FILE"), completion: .file())
    var files: [String]

    @Option(help: ArgumentHelp("Refuse files larger than this many bytes.", valueName: "BYTES"))
    var maxBytes = ArticleProcessor.defaultMaxBytes

    @Option(
        help: ArgumentHelp(
            "A user dictionary (TYPE<TAB>canonical name[<TAB>alias...] a line) whose names are always recognised.",
            valueName: "FILE"),
        completion: .file())
    var dictionary: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE to extract") }
        if maxBytes <= 0 { throw ValidationError("--max-bytes takes a positive number of bytes") }
    }

    func run() throws {
        var extractor = Extractor()
        if let dictionary {
            do {
                extractor = Extractor(dictionary: try DictionaryFile.load(dictionary))
            } catch {
                throw ValidationError(error.description)
            }
        }
        let processor = ArticleProcessor(extractor: extractor, maxBytes: maxBytes)
        let encoder = RecordEncoder()
        let out = Output.standard
        var ok = 0
        for file in files {
            let record = processor.record(forFileAt: FilePath(file), relativePath: PathName(file))
            if record.status == .ok {
                ok += 1
            } else {
                Diagnostics.warn("\(file): \(record.error ?? "rejected")")
            }
            out.write(encoder.encode(record))
        }
        try found(ok > 0)
    }
}
