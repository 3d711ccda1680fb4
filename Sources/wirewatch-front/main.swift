// `wirewatch`, the command users type. It runs `wirewatch extract FILE...` (no option) itself and hands
// every other command, unchanged, to `wirewatch-full` next to it (the same commands with ArgumentParser,
// the PostgreSQL client and Foundation linked in). This binary has none of them: it starts in about half
// the time (no Foundation, NIO or ICU data for the dynamic linker to relocate: 514 page faults instead of
// 842 for a one-line article), which is most of what extracting one file on demand costs.

import Articles
import Extraction

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The arguments after the command's name, read from argv here: the standard library's
/// `CommandLine.arguments` is made the first time it is asked for by generic code that looks its types
/// up by name at run time (~40 µs, a twentieth of what extracting one short file takes in all).
func commandArguments() -> [String] {
    var out: [String] = []
    out.reserveCapacity(max(0, Int(CommandLine.argc) - 1))
    var k = 1
    while k < Int(CommandLine.argc) {
        if let p = CommandLine.unsafeArgv[k] { out.append(String(cString: p)) }
        k += 1
    }
    return out
}

let arguments = commandArguments()
if let files = PlainExtraction.files(arguments) {
    resetSignals()
    let processor = ArticleProcessor(extractor: Extractor(), maxBytes: ArticleProcessor.defaultMaxBytes)
    exit(PlainExtraction.run(files, processor: processor))
}

/// The folder this executable is in (from /proc/self/exe), "." when it cannot be read.
func ownFolder() -> String {
    var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink("/proc/self/exe", &path, Int(PATH_MAX))
    guard n > 0 else { return "." }
    let full = String(decoding: path[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = full.lastIndex(of: "/") else { return "." }
    return slash == full.startIndex ? "/" : String(full[..<slash])
}

let full = ownFolder() + "/wirewatch-full"
execv(full, CommandLine.unsafeArgv)
let why = String(cString: strerror(errno))
_ = Array(
    ("wirewatch: cannot run \(full) (\(why)); every command but `wirewatch extract FILE...` runs there: "
        + "install it next to wirewatch (make install), or build it (swift build --product wirewatch-full)\n").utf8
).withUnsafeBytes { writeAll(STDERR_FILENO, $0) }
exit(2)
