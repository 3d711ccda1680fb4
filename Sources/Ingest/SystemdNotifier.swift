import CSystemd

/// Tells systemd how the daemon is doing (`sd_notify`): `READY=1`, `STATUS=`, `WATCHDOG=1`,
/// `STOPPING=1`. Does nothing when `NOTIFY_SOCKET` is not set.
public struct SystemdNotifier: Sendable {
    public init() {}

    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    public func status(_ status: String) { send("STATUS=\(status)") }
    public func watchdog() { send("WATCHDOG=1") }
    public func stopping(status: String) { send("STOPPING=1\nSTATUS=\(status)") }
    public func reloading(status: String) { send("RELOADING=1\nSTATUS=\(status)") }
    /// Asks for `seconds` more before start-up (`TimeoutStartSec=`) counts as failed: sent while
    /// a long start is making progress.
    public func extendTimeout(seconds: Int, status: String) {
        send("EXTEND_TIMEOUT_USEC=\(seconds * 1_000_000)\nSTATUS=\(status)")
    }

    private func send(_ state: String) {
        _ = sd_notify(0, state)
    }

    /// Half the watchdog interval systemd asked for, or nil when the watchdog is off.
    public static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(usec / 2))
    }
}
