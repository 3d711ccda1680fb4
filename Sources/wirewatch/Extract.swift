import ArgumentParser
import Articles
import Extraction
import Store
import SystemPackage

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Run the extractor on files and print their records, without the daemon.",
        discussion: """
            Each FILE goes through the same code as in wirewatchd (safe open, size limit, \
            UTF-8 or UTF-16 with a BOM, or a web page in its own charset, extraction) and comes \
            out as one schema v1 record on stdout, its path as given on the command line. A web \
            page (HTML by its content or a .html/.htm name) is read for its main text and its \
            markup's metadata. A file that cannot be read gets a rejected record saying why. \
            --format text prints instead the text the extractor read (a web page's main text, \
            a text file's decoded text), exactly the text that mention offsets index, followed \
            by a newline when it does not end in one. Several files are extracted at once, one \
            per CPU the process may use (--jobs, or `taskset`, sets how many); their records \
            still come out in the order the files were named. Exit status 0 when at least one \
            file gave an ok record, 1 when none did.

            Examples:
              wirewatch extract seeds/*.txt | jq '.entities[] | .canonical'
              wirewatch extract article.txt >> store/articles.jsonl
              wirewatch extract --dictionary names.tsv article.txt
              wirewatch extract --format text saved-page.html
              wirewatch extract --jobs 1 archive/*.txt > records.jsonl
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case record, text
    }

    @Argument(help: ArgumentHelp("Article files to extract.", valueName: "FILE"), completion: .file())
    var files: [String]

    @Option(help: ArgumentHelp("What to print: the record (a JSON line) or the text the extractor read."))
    var format: Format = .record

    @Option(help: ArgumentHelp("Refuse files larger than this many bytes.", valueName: "BYTES"))
    var maxBytes = ArticleProcessor.defaultMaxBytes

    @Option(
        help: ArgumentHelp(
            "A user dictionary (TYPE<TAB>canonical name[<TAB>alias...] a line) whose names are always recognised.",
            valueName: "FILE"),
        completion: .file())
    var dictionary: String?

    @Option(
        help: ArgumentHelp(
            "Extract this many files at once (records in FILE order all the same); default: one per CPU the process may use.",
            valueName: "N"))
    var jobs: Int?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE to extract") }
        if let jobs, jobs <= 0 { throw ValidationError("--jobs takes a positive number of files at once") }
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
        if format == .text {
            var ok = 0
            for file in files where printText(file, processor: processor, out: Output.standard) { ok += 1 }
            try found(ok > 0)
            return
        }
        try Extract.records(of: files, processor: processor, jobs: jobs)
    }

    /// Prints each file's record (`PlainExtraction.run`); exit status 1 when none was ok.
    static func records(of files: [String], processor: ArticleProcessor, jobs: Int? = nil) throws {
        Output.standard.flush()
        let status = PlainExtraction.run(files, processor: processor, jobs: jobs)
        if status != 0 { throw ExitCode(status) }
    }

    /// Prints the text the extractor reads in `file`; false (with a warning) when it cannot be read.
    private func printText(_ file: String, processor: ArticleProcessor, out: Output) -> Bool {
        switch processor.load(FilePath(file)) {
        case .unreadable(let reason, _):
            Diagnostics.warn("\(file): the file \(reason)")
            return false
        case .content(let bytes, _):
            switch processor.articleText(bytes, name: PathName(file)) {
            case .failure(let failure):
                Diagnostics.warn("\(file): the file \(failure.reason)")
                return false
            case .success(let read):
                out.write(read.text)
                if !read.text.isEmpty && !read.text.hasSuffix("\n") { out.line() }
                return true
            }
        }
    }
}

extension Extract {
    /// `wirewatch extract FILE...` with no option (`PlainExtraction.files`): the records with the defaults, without
    /// making the command (its property wrappers build ArgumentParser's name tables: ~0.6 M instructions).
    static func runPlain(_ files: [String]) throws {
        try records(
            of: files, processor: ArticleProcessor(extractor: Extractor(), maxBytes: ArticleProcessor.defaultMaxBytes))
    }
}
