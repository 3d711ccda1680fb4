import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// One real article: its file name and bytes.
struct CorpusArticle {
    var name: String
    var bytes: [UInt8]
}

/// The articles the benchmarks drop: CoNLL-2003 documents (already written one per file by
/// `conll_to_corpus.py`) and the project's seed articles.
enum Corpus {
    /// Every `.txt`/`.md` file of each folder, in name order, folder by folder. Folders that do
    /// not exist are skipped.
    static func load(_ folders: [String]) throws -> [CorpusArticle] {
        var articles: [CorpusArticle] = []
        for folder in folders {
            for name in Files.names(in: folder).sorted()
            where name.hasSuffix(".txt") || name.hasSuffix(".md") {
                articles.append(CorpusArticle(name: name, bytes: try Files.read(folder + "/" + name)))
            }
        }
        return articles
    }

    /// Whitespace-separated words, as Python's `len(text.split())` counts them.
    static func words(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let space = scalar.properties.isWhitespace
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}

/// Small file helpers over swift-system.
enum Files {
    static func names(in folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func read(_ path: String) throws -> [UInt8] {
        let fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        return try fd.closeAfter {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) }
                if n == 0 { break }
                bytes.append(contentsOf: chunk[0..<n])
            }
            return bytes
        }
    }

    static func write(_ path: String, _ bytes: [UInt8]) throws {
        let fd = try FileDescriptor.open(
            FilePath(path), .writeOnly, options: [.create, .truncate, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead])
        try fd.closeAfter { _ = try fd.writeAll(bytes) }
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            try makeDirectory(current)
        }
    }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Errno(rawValue: errno) }
    }

    /// Removes `path` and everything under it (no symbolic links are followed).
    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in names(in: path) { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    static func size(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return -1 }
        return Int64(info.st_size)
    }
}
