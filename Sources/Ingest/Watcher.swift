import Articles
import CInotify
import Logging
import Store
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Watches the inbox and its sub-folders through inotify and pushes `InboxEvent`s.
///
/// It runs on a thread of its own: reading inotify is a blocking wait, which must not hold one
/// of the few threads of Swift's cooperative pool. The watch on a folder is always added
/// before the folder is scanned, so a file can never land between the scan and the watch.
public final class Watcher: @unchecked Sendable {
    // Everything below is touched only by the watcher thread once `start()` returns,
    // except `wakeFD`/`stopRequested`, which exist to stop it.
    private let inbox: FilePath
    private let queue: EventQueue
    private let logger: Logger
    private let fd: Int32
    private let wakeFD: Int32
    private var folders: [Int32: PathName] = [:]
    private var rootWatch: Int32 = -1
    private var thread: pthread_t?
    private let stopFlag = StopFlag()
    private let tickFlag = StopFlag()

    /// The kernel's event bits, as `UInt32`s.
    private enum Mask {
        static let closeWrite = UInt32(CINOTIFY_CLOSE_WRITE)
        static let movedTo = UInt32(CINOTIFY_MOVED_TO)
        static let movedFrom = UInt32(CINOTIFY_MOVED_FROM)
        static let create = UInt32(CINOTIFY_CREATE)
        static let deleteSelf = UInt32(CINOTIFY_DELETE_SELF)
        static let moveSelf = UInt32(CINOTIFY_MOVE_SELF)
        static let onlydir = UInt32(CINOTIFY_ONLYDIR)
        static let dontFollow = UInt32(CINOTIFY_DONT_FOLLOW)
        static let exclUnlink = UInt32(CINOTIFY_EXCL_UNLINK)
        static let qOverflow = UInt32(CINOTIFY_Q_OVERFLOW)
        static let ignored = UInt32(CINOTIFY_IGNORED)
        static let isdir = UInt32(CINOTIFY_ISDIR)
    }

    private static let folderMask: UInt32 = {
        var mask = Mask.closeWrite | Mask.movedTo | Mask.movedFrom | Mask.create
        mask |= Mask.deleteSelf | Mask.moveSelf
        mask |= Mask.onlydir | Mask.dontFollow | Mask.exclUnlink
        return mask
    }()

    public enum WatchError: Error, CustomStringConvertible {
        case inotify(Errno)
        case inbox(path: String, errno: Errno)

        public var description: String {
            switch self {
            case .inotify(let errno):
                return "cannot start inotify: \(errno). Raise fs.inotify.max_user_instances with sysctl."
            case .inbox(let path, let errno):
                return "cannot watch the inbox \(path): \(errno). Create it (mkdir -p \(path)) or pass --inbox DIR."
            }
        }
    }

    /// Sets the watches on the inbox and every folder under it. Throws when the inbox cannot be
    /// watched.
    public init(inbox: FilePath, queue: EventQueue, logger: Logger) throws {
        self.inbox = inbox
        self.queue = queue
        self.logger = logger
        let fd = cinotify_init()
        guard fd >= 0 else { throw WatchError.inotify(Errno(rawValue: -fd)) }
        let wake = cinotify_wake_create()
        guard wake >= 0 else {
            close(fd)
            throw WatchError.inotify(Errno(rawValue: -wake))
        }
        self.fd = fd
        self.wakeFD = wake
        let root = addWatch(PathName(bytes: []))
        guard root >= 0 else {
            close(fd)
            close(wake)
            throw WatchError.inbox(path: inbox.string, errno: Errno(rawValue: -root))
        }
        rootWatch = root
        watchTree(under: PathName(bytes: []))
    }

    deinit {
        close(fd)
        close(wakeFD)
    }

    /// Starts the watcher thread.
    public func start() {
        let unmanaged = Unmanaged.passRetained(self)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        var handle = pthread_t()
        let rc = pthread_create(
            &handle, &attributes,
            { context in
                let watcher = Unmanaged<Watcher>.fromOpaque(context!).takeRetainedValue()
                watcher.run()
                return nil
            }, unmanaged.toOpaque())
        pthread_attr_destroy(&attributes)
        if rc == 0 { thread = handle } else { unmanaged.release() }
    }

    /// Asks for one `.tick` event about a quarter of a second from now.
    public func requestTick() {
        guard !tickFlag.isSet else { return }
        tickFlag.set()
        _ = cinotify_wake(wakeFD)
    }

    /// Stops the thread and waits for it.
    public func stop() {
        stopFlag.set()
        _ = cinotify_wake(wakeFD)
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    private func run() {
        guard let buffer = cinotify_buffer_create() else { return }
        defer { cinotify_buffer_destroy(buffer) }
        var event = cinotify_event()
        while !stopFlag.isSet {
            let ticking = tickFlag.isSet
            let ready = cinotify_wait(fd, wakeFD, rootWatch < 0 ? 100 : ticking ? 250 : -1)
            if stopFlag.isSet { return }
            if ready & 2 != 0 { cinotify_drain(wakeFD) }
            if ready == 0 && ticking {
                tickFlag.clear()
                queue.push(.tick)
            }
            if ready < 0 {
                logger.error("inotify wait failed", metadata: ["errno": "\(-ready)"])
                return
            }
            if rootWatch < 0 { reattachInbox() }
            guard ready & 1 != 0 else { continue }
            let n = cinotify_read(fd, buffer)
            if n < 0 {
                logger.error("inotify read failed", metadata: ["errno": "\(-n)"])
                continue
            }
            while cinotify_next_event(buffer, &event) == 1 {
                handle(event)
            }
        }
    }

    private func handle(_ event: cinotify_event) {
        let mask = event.mask
        if mask & Mask.qOverflow != 0 {
            logger.warning(
                "inotify queue overflowed; rescanning the inbox",
                metadata: ["inbox.path": "\(inbox.string)"])
            watchTree(under: PathName(bytes: []))
            queue.push(.rescan(PathName(bytes: [])))
            return
        }
        guard let folder = folders[event.wd] else { return }
        if mask & (Mask.deleteSelf | Mask.moveSelf) != 0 {
            // Only the inbox itself going away is handled here. A sub-folder moved away is
            // forgotten from its parent's IN_MOVED_FROM, in stream order, before its new name's
            // IN_MOVED_TO is watched; a deleted one's watch ends with IN_IGNORED.
            if event.wd == rootWatch { forget(folder) }
            return
        }
        if mask & Mask.ignored != 0 {
            if event.wd == rootWatch { forget(folder) } else { folders[event.wd] = nil }
            return
        }
        let name = withUnsafeBytes(of: event.name) { Array($0.prefix(Int(event.name_length))) }
        guard !name.isEmpty, !InboxNames.isIgnored(name) else { return }
        let path = InboxPath.join(folder, name)
        let isDirectory = mask & Mask.isdir != 0
        if isDirectory {
            if mask & Mask.movedFrom != 0 {
                forget(path)
            } else if mask & (Mask.create | Mask.movedTo) != 0 {
                // Watch first, then scan: files written into the new folder before the watch
                // existed are found by the scan, those after it by the watch.
                watchTree(under: path)
                queue.push(.rescan(path))
            }
            return
        }
        if mask & Mask.movedFrom != 0 { return }
        if mask & Mask.create != 0 {
            // A new regular file is reported when it is closed. A FIFO, socket or symlink never
            // will be, and neither will a hard link (`ln`), so those are reported now.
            var st = stat()
            let full = InboxPath.absolute(path, in: inbox)
            if full.withPlatformString({ lstat($0, &st) }) == 0,
                (st.st_mode & S_IFMT) != S_IFREG || st.st_nlink > 1
            {
                queue.push(.file(path))
            }
            return
        }
        queue.push(.file(path))
    }

    /// Adds a watch on `folder` and on every folder under it.
    private func watchTree(under folder: PathName) {
        for child in DirectoryWalker.folders(in: inbox, under: folder) {
            _ = addWatch(child)
        }
    }

    private func addWatch(_ folder: PathName) -> Int32 {
        let wd = InboxPath.absolute(folder, in: inbox).withPlatformString {
            cinotify_add_watch(fd, $0, Watcher.folderMask)
        }
        if wd >= 0 { folders[wd] = folder }
        return wd
    }

    private func forget(_ folder: PathName) {
        if folder.bytes.isEmpty {
            for wd in folders.keys { _ = cinotify_rm_watch(fd, wd) }
            folders.removeAll()
            rootWatch = -1
            logger.warning(
                "the inbox was removed or moved away; waiting for it to come back",
                metadata: ["inbox.path": "\(inbox.string)"])
            queue.push(.inboxMissing)
            return
        }
        let prefix = folder.bytes + [UInt8(ascii: "/")]
        for (wd, path) in folders where path == folder || path.bytes.starts(with: prefix) {
            _ = cinotify_rm_watch(fd, wd)
            folders[wd] = nil
        }
    }

    private func reattachInbox() {
        let root = addWatch(PathName(bytes: []))
        guard root >= 0 else { return }
        rootWatch = root
        watchTree(under: PathName(bytes: []))
        logger.notice("the inbox is back; rescanning", metadata: ["inbox.path": "\(inbox.string)"])
        queue.push(.rescan(PathName(bytes: [])))
    }
}

/// A flag set and cleared from any thread.
final class StopFlag: @unchecked Sendable {
    private var value = false
    private var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }
    func set() {
        pthread_mutex_lock(&lock)
        value = true
        pthread_mutex_unlock(&lock)
    }
    func clear() {
        pthread_mutex_lock(&lock)
        value = false
        pthread_mutex_unlock(&lock)
    }
    var isSet: Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return value
    }
}
