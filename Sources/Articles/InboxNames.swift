import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Which names in the inbox are articles.
public enum InboxNames {
    /// Hidden and temporary names (`.x`, `*.tmp`, `*.part`, `*~`, `*.swp`, `#x#`) are
    /// ignored until they are renamed to a real name: editors, `rsync` and downloaders write
    /// under such names first.
    public static func isIgnored(_ name: [UInt8]) -> Bool {
        guard let first = name.first else { return true }
        if first == UInt8(ascii: ".") { return true }
        if name.last == UInt8(ascii: "~") { return true }
        if first == UInt8(ascii: "#") && name.count > 1 && name.last == UInt8(ascii: "#") { return true }
        for suffix in ignoredSuffixes where name.count > suffix.count && name.suffix(suffix.count).elementsEqual(suffix)
        {
            return true
        }
        return false
    }

    private static let ignoredSuffixes: [[UInt8]] = [".tmp", ".part", ".swp", ".swx", ".crdownload"].map {
        Array($0.utf8)
    }
}

/// Paths relative to the inbox, as raw bytes.
public enum InboxPath {
    public static func join(_ folder: PathName, _ name: [UInt8]) -> PathName {
        if folder.bytes.isEmpty { return PathName(bytes: name) }
        return PathName(bytes: folder.bytes + [UInt8(ascii: "/")] + name)
    }

    /// `folder/name`, keeping the name's exact bytes.
    package static func child(_ folder: FilePath, _ name: [UInt8]) -> FilePath {
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
