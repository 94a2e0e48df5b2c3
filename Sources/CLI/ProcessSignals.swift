#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Delivers SIGINT, SIGTERM and SIGHUP to the commands that want them,
/// without ever losing one.
///
/// Why not a DispatchSource with `SIG_IGN`, or `sigwait` with blocked
/// signals: a DispatchSource registers a little after the call returns, and a
/// signal ignored in that window (a supervisor's SIGTERM right after the
/// process said it was ready) is lost, so the process never stops; and the
/// async `main` parks the main thread in `sigsuspend` with an empty mask,
/// which defeats any blocking. So this is the self-pipe trick: a handler
/// installed with `sigaction` before anything else writes the signal number
/// to a pipe (async-signal-safe), and one thread reads the pipe and calls the
/// subscribers. A signal sent at any moment after `install()` is kept.
///
/// A signal nobody subscribed to keeps its usual meaning: the process ends
/// with exit status 128 + signal.
public final class ProcessSignals: Sendable {
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The one instance; `install()` must run first thing in `main`.
    public static let shared = ProcessSignals()

    private struct State {
        var installed = false
        var nextToken = 0
        var subscribers: [Int: @Sendable (Int32) -> Void] = [:]
    }

    private let state = Mutex(State())

    private init() {}

    /// Installs the handlers and starts the reading thread. Call it at the
    /// top of `main.swift`; later calls do nothing.
    public func install() {
        let first = state.withLock { state -> Bool in
            defer { state.installed = true }
            return !state.installed
        }
        guard first else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        // Never block in a signal handler: a full pipe drops the byte, and a
        // pipe holds thousands of pending signals.
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        signalPipeWriteEnd = fds[1]
        signalPipeReadEnd = fds[0]

        for signal in Self.handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                let saved = errno
                _ = write(signalPipeWriteEnd, &byte, 1)
                errno = saved
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }

        var thread = pthread_t()
        if pthread_create(&thread, nil, { _ in
            ProcessSignals.shared.readLoop()
            return nil
        }, nil) == 0 {
            pthread_detach(thread)
        }
    }

    /// Calls `handler` (on the signal thread) for each handled signal until
    /// the returned subscription is cancelled.
    public func subscribe(_ handler: @escaping @Sendable (Int32) -> Void) -> Subscription {
        let token = state.withLock { state -> Int in
            state.nextToken += 1
            state.subscribers[state.nextToken] = handler
            return state.nextToken
        }
        return Subscription(token: token)
    }

    /// An `AsyncStream` of the handled signals, subscribed from this call on.
    public func stream() -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let subscription = subscribe { continuation.yield($0) }
        continuation.onTermination = { _ in subscription.cancel() }
        return stream
    }

    public struct Subscription: Sendable {
        fileprivate let token: Int

        public func cancel() {
            _ = ProcessSignals.shared.state.withLock { $0.subscribers.removeValue(forKey: token) }
        }
    }

    private func readLoop() {
        var byte: UInt8 = 0
        while true {
            let count = read(signalPipeReadEnd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return }
            let received = Int32(byte)
            let handlers = state.withLock { Array($0.subscribers.values) }
            if handlers.isEmpty {
                // Nobody asked for it: end as the default disposition would.
                exit(128 + received)
            }
            for handler in handlers { handler(received) }
        }
    }
}

// The signal handler is a C function pointer and cannot capture context, so
// the pipe's ends live in globals. They are written once in `install()`,
// before any handler that reads them is installed, and never again.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1
nonisolated(unsafe) private var signalPipeReadEnd: Int32 = -1
