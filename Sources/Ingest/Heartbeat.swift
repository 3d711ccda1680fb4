import Synchronization

/// When the pipeline started the work it is doing now, so the watchdog can tell busy from
/// stuck.
public final class Heartbeat: Sendable {
    private let busySince = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    public func begin() { busySince.withLock { $0 = .now } }
    public func end() { busySince.withLock { $0 = nil } }

    /// True unless one piece of work has run longer than `limit`.
    public func isHealthy(limit: Duration) -> Bool {
        busySince.withLock { since in
            guard let since else { return true }
            return ContinuousClock.now - since < limit
        }
    }
}
