import Articles
import Dispatch
import Extraction
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The article processor the pipeline uses, replaceable while the daemon runs.
///
/// `systemctl reload` builds a new extractor (a new user dictionary) or a new size limit and
/// swaps it in here; the pipeline picks it up before its next article, so no article is
/// dropped or processed twice, and the article in flight finishes with the processor it
/// started with.
public final class ReloadableProcessor: Sendable {
    private struct State {
        var generation: Int
        var processor: ArticleProcessor
    }

    private let state: Mutex<State>

    public init(_ processor: ArticleProcessor) {
        state = Mutex(State(generation: 0, processor: processor))
    }

    /// The processor in use now.
    public var current: ArticleProcessor { state.withLock { $0.processor } }

    /// Counts the replacements; the pipeline compares it to notice a new processor cheaply.
    public var generation: Int { state.withLock { $0.generation } }

    /// The processor and its generation, read together.
    public func snapshot() -> (generation: Int, processor: ArticleProcessor) {
        state.withLock { ($0.generation, $0.processor) }
    }

    /// Installs `processor` for every article that starts after this call.
    public func replace(with processor: ArticleProcessor) {
        state.withLock { state in
            state.generation += 1
            state.processor = processor
        }
    }
}

/// Runs `reload` each time the process gets SIGHUP (`systemctl reload`, `ExecReload=`),
/// telling systemd `RELOADING=1` before and `READY=1` after.
///
/// The signal is trapped when the service is created, so create it before the daemon says
/// `READY=1`: from then on a SIGHUP never kills the daemon.
public struct ReloadService: Service {
    /// What a reload did, for the `STATUS=` line after it.
    public typealias Reload = @Sendable () async -> String

    private let trap: SignalTrap
    private let reload: Reload
    private let notifier: SystemdNotifier

    public init(notifier: SystemdNotifier, reload: @escaping Reload) {
        self.trap = SignalTrap(SIGHUP)
        self.reload = reload
        self.notifier = notifier
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in trap.signals {
                notifier.reloading(status: "reloading the configuration")
                let status = await reload()
                notifier.ready(status: status)
            }
        }
        trap.cancel()
    }
}

/// A signal delivered as an async sequence through a Dispatch signal source.
final class SignalTrap: Sendable {
    let signals: AsyncStream<Void>
    private let source: DispatchSourceBox

    init(_ signalNumber: Int32) {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        signals = stream
        // Dispatch only sees the signal once its default action (for SIGHUP: exit) is off.
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(
            signal: signalNumber, queue: DispatchQueue(label: "wirewatchd.signals"))
        source.setEventHandler { continuation.yield() }
        source.setCancelHandler { continuation.finish() }
        source.resume()
        self.source = DispatchSourceBox(source)
    }

    func cancel() { source.source.cancel() }
}

/// Dispatch sources are thread-safe; the box says so to the compiler.
private final class DispatchSourceBox: @unchecked Sendable {
    let source: any DispatchSourceSignal
    init(_ source: any DispatchSourceSignal) { self.source = source }
}
