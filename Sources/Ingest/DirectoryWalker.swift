import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Lists an inbox folder without following symbolic links and without descending into
/// hidden folders.
enum DirectoryWalker {
    struct Entry {
        var name: [UInt8]
        var isDirectory: Bool
    }

    /// The entries of one folder, `.` and `..` left out; empty when it cannot be read.
    static func entries(of directory: FilePath) -> [Entry] {
        guard let dir = directory.withPlatformString({ opendir($0) }) else { return [] }
        defer { closedir(dir) }
        var result: [Entry] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return Array(bytes[0..<length])
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var st = stat()
                let full = InboxPath.child(directory, name)
                let isDirectory = full.withPlatformString { lstat($0, &st) } == 0 && (st.st_mode & S_IFMT) == S_IFDIR
                type = isDirectory ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            result.append(Entry(name: name, isDirectory: type == UInt8(DT_DIR)))
        }
        return result
    }

    /// Every article path (relative to `inbox`) under the folder `relative`, in name order.
    static func articles(in inbox: FilePath, under relative: PathName) -> [PathName] {
        var found: [PathName] = []
        var stack: [PathName] = [relative]
        while let folder = stack.popLast() {
            for entry in entries(of: InboxPath.absolute(folder, in: inbox)) {
                if InboxNames.isIgnored(entry.name) { continue }
                let child = InboxPath.join(folder, entry.name)
                if entry.isDirectory { stack.append(child) } else { found.append(child) }
            }
        }
        return found.sorted()
    }

    /// Every folder under (and including) `relative`, not following symbolic links.
    static func folders(in inbox: FilePath, under relative: PathName) -> [PathName] {
        var found: [PathName] = []
        var stack: [PathName] = [relative]
        while let folder = stack.popLast() {
            found.append(folder)
            for entry in entries(of: InboxPath.absolute(folder, in: inbox))
            where entry.isDirectory && !InboxNames.isIgnored(entry.name) {
                stack.append(InboxPath.join(folder, entry.name))
            }
        }
        return found
    }
}

/// Paths relative to the inbox, as raw bytes.
public enum InboxPath {
    public static func join(_ folder: PathName, _ name: [UInt8]) -> PathName {
        if folder.bytes.isEmpty { return PathName(bytes: name) }
        return PathName(bytes: folder.bytes + [UInt8(ascii: "/")] + name)
    }

    /// `folder/name`, keeping the name's exact bytes.
    static func child(_ folder: FilePath, _ name: [UInt8]) -> FilePath {
        absolute(PathName(bytes: name), in: folder)
    }

    /// The absolute path of `relative` under `inbox`. Names are handed to the kernel as the
    /// exact bytes they arrived as.
    public static func absolute(_ relative: PathName, in inbox: FilePath) -> FilePath {
        if relative.bytes.isEmpty { return inbox }
        var bytes = inbox.withPlatformString { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
        if bytes.last != UInt8(ascii: "/") { bytes.append(UInt8(ascii: "/")) }
        bytes += relative.bytes
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { FilePath(platformString: $0.baseAddress!) }
        }
    }
}
