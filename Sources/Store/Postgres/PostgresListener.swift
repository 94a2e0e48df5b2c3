import Foundation
import Glibc
import Synchronization

/// The thread that `LISTEN`s on the store's channel, on a connection of its
/// own, and calls the registered handlers for each batch of notifications.
/// It reconnects by itself (once a second) when the connection is lost:
/// a notification missed meanwhile costs a poll interval, nothing more.
final class PostgresListener: Sendable {
    private let handlers = Mutex<[@Sendable () -> Void]>([])
    private let stopping = Atomic(false)
    private let stopped = DispatchSemaphore(value: 0)

    init(channel: String, open: @escaping @Sendable () throws(StoreError) -> PGConnection) {
        let thread = Thread { [self] in
            run(channel: channel, open: open)
            stopped.signal()
        }
        thread.name = "store-pg-listener"
        thread.start()
    }

    func add(_ handler: @escaping @Sendable () -> Void) { handlers.withLock { $0.append(handler) } }

    /// Asks the thread to end (within a quarter of a second), without waiting (for `deinit`).
    func requestStop() { stopping.store(true, ordering: .releasing) }

    /// Ends the thread (within a quarter of a second) and waits for it.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiring) else { return }
        stopped.wait()
    }

    private func run(channel: String, open: @Sendable () throws(StoreError) -> PGConnection) {
        var connection: PGConnection?
        while !stopping.load(ordering: .relaxed) {
            do throws(StoreError) {
                if connection == nil {
                    let fresh = try open()
                    try fresh.execute("LISTEN \(channel)")
                    connection = fresh
                }
                guard let listening = connection else { continue }
                var descriptor = pollfd(fd: listening.socket, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 250) > 0, try listening.takeNotifications() > 0 {
                    for handler in handlers.withLock({ $0 }) { handler() }
                }
            } catch {
                connection = nil
                for _ in 0..<4 where !stopping.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.25) }
            }
        }
    }
}
