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
