import Store

/// What the watcher tells the pipeline.
public enum InboxEvent: Sendable, Hashable {
    /// A file (path relative to the inbox) was closed after writing, moved in, or created as
    /// something that is not a regular file.
    case file(PathName)
    /// Everything under this folder (relative; empty for the inbox) must be scanned: at start,
    /// after an overflow, when a folder is created or moved in, or when the inbox came back.
    case rescan(PathName)
    /// The inbox folder is gone; watching resumes when it is back.
    case inboxMissing
    /// Time has passed (asked for with `Watcher.requestTick()`): look at deferred files again.
    case tick
}
