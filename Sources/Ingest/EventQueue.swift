import Synchronization

/// A hand-off from the watcher's thread to the pipeline's task: many producers push, one
/// consumer takes everything pending at once, so bursts are handled as batches.
public final class EventQueue: Sendable {
    private struct State {
        var events: [InboxEvent] = []
        var waiter: CheckedContinuation<[InboxEvent]?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    public init() {}

    public func push(_ event: InboxEvent) {
        let waiter = state.withLock { state -> CheckedContinuation<[InboxEvent]?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.events.append(event)
            return nil
        }
        waiter?.resume(returning: [event])
    }

    /// No more events will be taken; a waiting consumer gets `nil`.
    public func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<[InboxEvent]?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// How many events are waiting.
    public var count: Int { state.withLock { $0.events.count } }

    /// Everything pending, waiting until there is something; `nil` once finished or cancelled.
    public func next() async -> [InboxEvent]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[InboxEvent]?, Never>) in
                let ready = state.withLock { state -> [InboxEvent]?? in
                    if state.finished { return .some(nil) }
                    if !state.events.isEmpty {
                        defer { state.events.removeAll(keepingCapacity: true) }
                        return .some(state.events)
                    }
                    state.waiter = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
    }
}
