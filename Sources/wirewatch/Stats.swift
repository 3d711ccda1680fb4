import ArgumentParser
import Articles
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarise the store and what is waiting in the inbox.",
        discussion: """
            Records by status, articles in the inbox that have no record yet (by path; hidden \
            and temporary names are not articles), the first and last ingest, the store's size, \
            and corrupt lines if there are any. The inbox is --inbox DIR, else \
            $WIREWATCH_INBOX, else ./inbox; when it does not exist, the waiting count is left out.

            Examples:
              wirewatch stats
              wirewatch stats --store /var/lib/wirewatch/articles.jsonl --inbox /srv/inbox
            """)

    @OptionGroup var store: StoreOptions

    @Option(
        help: ArgumentHelp("The inbox to compare with (default: $WIREWATCH_INBOX, else ./inbox).", valueName: "DIR"),
        completion: .directory)
    var inbox: String?

    func run() throws {
        let reader = try store.open()
        var scan = StoreScan(reader: reader)
        var byStatus: [Record.Status: Int] = [:]
        var first: String?
        var last: String?
        var paths = Set<[UInt8]>()
        var total = 0
        try scan.forEach(prefilter: nil) { _, _, _, record in
            guard let record = record() else { return true }
            total += 1
            byStatus[record.status, default: 0] += 1
            if first.map({ record.ingestedAt < $0 }) ?? true { first = record.ingestedAt }
            if last.map({ record.ingestedAt > $0 }) ?? true { last = record.ingestedAt }
            paths.insert(record.path.bytes)
            return true
        }
        let out = Output.standard
        func row(_ name: String, _ value: String) { out.line(Render.fit(name + ":", 16) + " " + value) }
        row("store", "\(reader.path), \(Render.bytes(reader.size()))")
        row("records", String(total))
        for status in Record.Status.allCases { row("  " + status.rawValue, String(byStatus[status] ?? 0)) }
        if scan.corrupt > 0 { row("corrupt lines", "\(scan.corrupt) (skipped; see the messages above)") }
        row("first ingest", first ?? "-")
        row("last ingest", last ?? "-")
        let folder = FilePath(inbox ?? environment("WIREWATCH_INBOX") ?? "./inbox")
        if let articles = InboxListing.articles(in: folder) {
            let waiting = articles.filter { !paths.contains($0.bytes) }
            row("inbox", "\(folder): \(articles.count) articles, \(waiting.count) waiting without a record")
            for path in waiting.prefix(10) { out.line("  " + path.description) }
            if waiting.count > 10 { out.line("  … and \(waiting.count - 10) more") }
        } else {
            row("inbox", "\(folder) not found (pass --inbox DIR to count the articles waiting there)")
        }
        out.flush()
    }
}

/// Lists the articles in an inbox the way the daemon sees them: regular files, hidden and
/// temporary names left out, symbolic links not followed.
enum InboxListing {
    static func articles(in inbox: FilePath) -> [PathName]? {
        var info = stat()
        guard inbox.withPlatformString({ stat($0, &info) }) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        var found: [PathName] = []
        var stack: [PathName] = [PathName(bytes: [])]
        while let folder = stack.popLast() {
            let directory = InboxPath.absolute(folder, in: inbox)
            guard let dir = directory.withPlatformString({ opendir($0) }) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                    let bytes = raw.bindMemory(to: UInt8.self)
                    return Array(bytes[0..<(bytes.firstIndex(of: 0) ?? bytes.count)])
                }
                if name == [46] || name == [46, 46] || InboxNames.isIgnored(name) { continue }
                let child = InboxPath.join(folder, name)
                var st = stat()
                guard InboxPath.absolute(child, in: inbox).withPlatformString({ lstat($0, &st) }) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR: stack.append(child)
                case S_IFREG: found.append(child)
                default: continue
                }
            }
        }
        return found.sorted()
    }
}
