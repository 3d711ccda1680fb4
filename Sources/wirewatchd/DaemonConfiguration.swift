import Articles
import Extraction
import Ingest
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's settings as a configuration file gives them (`wirewatchd --config FILE`).
///
/// The format is `key = value`, one setting a line; `#` starts a comment (whole line or
/// after the value), blank lines are ignored. Keys: `inbox`, `store`, `max_bytes`,
/// `dictionary`. Relative paths are taken relative to the folder of the file. A key may
/// appear once; an unknown key, a missing `=`, an empty value or a bad number is refused
/// with the line number and the reason.
struct DaemonConfiguration: Equatable, Sendable {
    var inbox: String?
    var store: String?
    var maxBytes: Int?
    var dictionary: String?

    static let keys = ["inbox", "store", "max_bytes", "dictionary"]

    /// Why a configuration file was refused: `FILE:LINE: reason`.
    struct ParseError: Error, CustomStringConvertible, Equatable {
        var file: String
        var line: Int?
        var reason: String
        var description: String {
            if let line { return "\(file):\(line): \(reason)" }
            return "\(file): \(reason)"
        }
    }

    /// Reads and parses the file at `path`.
    static func load(path: String) throws(ParseError) -> DaemonConfiguration {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw ParseError(file: path, line: nil, reason: "cannot be read: \(error)")
        }
        return try parse(text, file: path)
    }

    /// Parses configuration text; `file` names it in errors and anchors relative paths.
    static func parse(_ text: String, file: String) throws(ParseError) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        var seen: [String: Int] = [:]
        let base = directory(of: file)
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let content = trimmed(line)
            if content.isEmpty { continue }
            func fail(_ reason: String) -> ParseError { ParseError(file: file, line: number, reason: reason) }
            guard let equals = content.firstIndex(of: "=") else {
                throw fail("expected \"key = value\", found \"\(content)\"")
            }
            let key = trimmed(content[..<equals])
            let value = trimmed(content[content.index(after: equals)...])
            guard keys.contains(key) else {
                let known = keys.joined(separator: ", ")
                throw fail("unknown key \"\(key)\"; the keys are \(known)")
            }
            if let first = seen[key] {
                throw fail("\"\(key)\" is set twice (first on line \(first)); keep one")
            }
            seen[key] = number
            guard !value.isEmpty else { throw fail("\"\(key)\" has no value") }
            switch key {
            case "inbox": configuration.inbox = resolve(value, against: base)
            case "store": configuration.store = resolve(value, against: base)
            case "dictionary": configuration.dictionary = resolve(value, against: base)
            default:
                guard let bytes = parseByteCount(value), bytes > 0 else {
                    throw fail(
                        "max_bytes must be a positive number of bytes (suffixes K, M, G allowed), not \"\(value)\"")
                }
                configuration.maxBytes = bytes
            }
        }
        return configuration
    }

    /// `16777216`, `512K`, `16M`, `1G` (powers of 1024; `KiB`/`MiB`/`GiB` also accepted).
    static func parseByteCount(_ text: String) -> Int? {
        var digits = text
        var multiplier = 1
        let suffixes: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30),
        ]
        for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
            digits = trimmed(text.dropLast(suffix.count))
            multiplier = factor
            break
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else {
            return nil
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") || base == "." { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}

/// The settings the daemon runs with: command-line flags over the configuration file over
/// the built-in defaults.
struct EffectiveSettings: Equatable, Sendable {
    static let defaultInbox = "./inbox"
    static let defaultStore = "./store/articles.jsonl"

    var inbox: String
    var store: String
    var maxBytes: Int
    var dictionary: String?

    /// What the command line said; nil where it said nothing.
    struct Flags: Sendable {
        var inbox: String?
        var store: String?
        var maxBytes: Int?
        var dictionary: String?
    }

    init(flags: Flags, file: DaemonConfiguration) {
        inbox = flags.inbox ?? file.inbox ?? Self.defaultInbox
        store = flags.store ?? file.store ?? Self.defaultStore
        maxBytes = flags.maxBytes ?? file.maxBytes ?? ArticleProcessor.defaultMaxBytes
        dictionary = flags.dictionary ?? file.dictionary
    }
}

/// Loads the configuration file and the user dictionary, at start and on every SIGHUP.
final class DaemonReloader: Sendable {
    /// Everything one load produced.
    struct Loaded: Sendable {
        var settings: EffectiveSettings
        var dictionary: UserDictionary?

        var extractor: Extractor { dictionary.map { Extractor(dictionary: $0) } ?? Extractor() }
        var processor: ArticleProcessor { ArticleProcessor(extractor: extractor, maxBytes: settings.maxBytes) }
    }

    /// Why a load failed, in one line.
    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    let configPath: String?
    let flags: EffectiveSettings.Flags
    private let running: Mutex<Loaded>

    /// Loads once; throws a message for the user when the configuration or dictionary is bad.
    init(configPath: String?, flags: EffectiveSettings.Flags) throws(LoadError) {
        self.configPath = configPath
        self.flags = flags
        running = Mutex(try Self.load(configPath: configPath, flags: flags))
    }

    /// What the daemon runs with now (inbox and store as at start).
    var loaded: Loaded { running.withLock { $0 } }

    static func load(configPath: String?, flags: EffectiveSettings.Flags) throws(LoadError) -> Loaded {
        var file = DaemonConfiguration()
        if let configPath {
            do {
                file = try DaemonConfiguration.load(path: configPath)
            } catch {
                throw LoadError(description: "bad configuration: \(error)")
            }
        }
        let settings = EffectiveSettings(flags: flags, file: file)
        guard let path = settings.dictionary else { return Loaded(settings: settings, dictionary: nil) }
        do {
            return Loaded(settings: settings, dictionary: try DictionaryFile.load(path))
        } catch {
            throw LoadError(description: error.description)
        }
    }

    /// Re-reads the configuration and the dictionary and installs them in `target`; on any
    /// error keeps what runs now. Logs one line saying what changed; returns a status line.
    func reload(into target: ReloadableProcessor, logger: Logger) -> String {
        let old = loaded
        var new: Loaded
        do {
            new = try Self.load(configPath: configPath, flags: flags)
        } catch {
            logger.error(
                "reload refused, keeping the running configuration: \(error)",
                metadata: ["config.path": "\(configPath ?? "-")"])
            return "reload refused (\(error)); running with the previous configuration"
        }
        var changes: [String] = []
        var restart: [String] = []
        if new.settings.inbox != old.settings.inbox {
            restart.append("inbox \(new.settings.inbox)")
            new.settings.inbox = old.settings.inbox
        }
        if new.settings.store != old.settings.store {
            restart.append("store \(new.settings.store)")
            new.settings.store = old.settings.store
        }
        switch (new.settings.dictionary, old.settings.dictionary) {
        case (let path?, _):
            let was = old.dictionary.map { "\($0.entries.count)" } ?? "none"
            changes.append("dictionary \(path), \(new.dictionary?.entries.count ?? 0) entries (was \(was))")
        case (nil, let oldPath?):
            changes.append("dictionary removed (was \(oldPath), \(old.dictionary?.entries.count ?? 0) entries)")
        case (nil, nil):
            changes.append("no dictionary")
        }
        if new.settings.maxBytes != old.settings.maxBytes {
            changes.append("max_bytes \(new.settings.maxBytes) (was \(old.settings.maxBytes))")
        }
        target.replace(with: new.processor)
        running.withLock { $0 = new }
        var message = "reloaded: " + changes.joined(separator: "; ")
        if !restart.isEmpty {
            message += "; not applied until a restart (systemctl restart): " + restart.joined(separator: ", ")
        }
        var metadata: Logger.Metadata = ["config.path": "\(configPath ?? "-")"]
        if let path = new.settings.dictionary {
            metadata["dictionary.path"] = "\(path)"
            metadata["dictionary.entries"] = "\(new.dictionary?.entries.count ?? 0)"
        }
        if restart.isEmpty {
            logger.notice("\(message)", metadata: metadata)
        } else {
            logger.warning("\(message)", metadata: metadata)
        }
        return message
    }
}

/// A whole text file, read with plain POSIX calls (no Foundation in the daemon).
