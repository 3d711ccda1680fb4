import Extraction

#if canImport(Glibc)
    import Glibc
#endif

/// Small UTF-8 text files the daemon and the CLI read whole: configuration, dictionaries.
public enum TextFile {
    public struct ReadError: Error, CustomStringConvertible {
        public var errno: Int32
        public var description: String {
            if errno == EILSEQ { return "it is not UTF-8 text" }
            return String(cString: strerror(errno))
        }
    }

    public static func read(_ path: String) throws(ReadError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ReadError(errno: EILSEQ) }
        return text
    }
}

/// A user dictionary file (`TYPE<TAB>canonical name[<TAB>alias...]` a line), read and parsed.
public enum DictionaryFile {
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The dictionary at `path`; the error names the file, the line and the reason.
    public static func load(_ path: String) throws(LoadError) -> UserDictionary {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw LoadError(description: "the dictionary \(path) cannot be read: \(error)")
        }
        do {
            return try UserDictionary(parsing: text)
        } catch let error as UserDictionary.ParseError {
            throw LoadError(description: "bad dictionary: \(path):\(error.line): \(error.reason)")
        } catch {
            throw LoadError(description: "bad dictionary: \(path): \(error)")
        }
    }
}
