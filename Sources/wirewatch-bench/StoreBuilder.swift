import Articles
import Extraction
import Ingest
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Builds a large store of real records without a daemon: each article is extracted once by
/// the daemon's own `ArticleProcessor`, then copy `k` of it is recorded as the daemon would
/// record the file `copy-k/NAME` holding the article plus `k` newlines (its own SHA-256, id
/// and byte count; the same words and entities).
struct StoreBuilder {
    var articles: [CorpusArticle]

    func build(records: Int, into path: String) throws {
        let processor = ArticleProcessor(extractor: Extractor())
        let encoder = RecordEncoder()
        let time = Timestamp.now()
        var templates: [Record] = []
        var hashers: [SHA256] = []
        for article in articles {
            var hasher = SHA256()
            hasher.update(article.bytes)
            hashers.append(hasher)
            templates.append(
                processor.record(
                    for: article.bytes, sha256: SHA256.hex(article.bytes),
                    relativePath: PathName(article.name),
                    at: time))
        }
        let temporary = path + ".part"
        let fd = try FileDescriptor.open(
            FilePath(temporary), .writeOnly, options: [.create, .truncate, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead])
        try fd.closeAfter {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(8 << 20)
            var written = 0
            var copy = 0
            while written < records {
                for (index, template) in templates.enumerated() where written < records {
                    var record = template
                    var hasher = hashers[index]
                    hasher.update([UInt8](repeating: 0x0A, count: copy))
                    let sha = hasher.finalizeHex()
                    record.path = PathName("copy-\(copy)/\(articles[index].name)")
                    record.sha256 = record.status == .ok ? sha : record.sha256
                    record.bytes = articles[index].bytes.count + copy
                    record.id = FileVersion.id(path: record.path, sha256: sha)
                    buffer.append(contentsOf: encoder.encode(record))
                    written += 1
                    if buffer.count >= 8 << 20 {
                        _ = try fd.writeAll(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                copy += 1
            }
            _ = try fd.writeAll(buffer)
            _ = fsync(fd.rawValue)
        }
        guard rename(temporary, path) == 0 else {
            throw BenchError("rename \(temporary) failed: errno \(errno)")
        }
        note("built \(path): \(records) records, \(Files.size(path)) bytes")
    }
}
