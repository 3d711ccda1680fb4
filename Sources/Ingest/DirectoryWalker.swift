import Articles
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
