import Glibc
import Synchronization

/// What every loop of one server shares: configuration, handler and the
/// connection count that enforces the limit across loops.
package final class ServerContext: Sendable {
    package let configuration: HTTPServer.Configuration
    package let handler: any HTTPHandler
    package let connectionCount = Atomic<Int>(0)
    /// Connections accepted since start (benchmarks check keep-alive with it).
    package let acceptedCount = Atomic<Int>(0)
    /// Loop threads the server runs.
    package let loopCount: Int
    /// Whether `accept` is failing for want of descriptors (an episode).
    private let outOfDescriptors = Atomic(false)
    /// When it last failed so (monotonic nanoseconds).
    private let lastDescriptorFailure = Atomic<Int64>(0)
    /// Connections closed unanswered during the current episode.
    package let refusedForDescriptors = Atomic<Int>(0)

    package init(configuration: HTTPServer.Configuration, handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
        loopCount = max(1, configuration.loopCount ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// An `accept` failed with EMFILE or ENFILE: the first failure of an
    /// episode is reported, with the limit and the descriptors open. Call it
    /// with a descriptor free (counting them opens one).
    package func descriptorsRanOut() {
        lastDescriptorFailure.store(Self.monotonicNanoseconds(), ordering: .relaxed)
        guard outOfDescriptors.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        refusedForDescriptors.store(0, ordering: .relaxed)
        configuration.notify?(.descriptorsExhausted(limit: DescriptorReserve.limit, open: DescriptorReserve.openCount()))
    }

    /// An `accept` succeeded. It ends an episode only a second or more after
    /// the last failure: at the limit, each closing connection lets one
    /// accept through before the next fails, and that is still one episode.
    package func descriptorsAreBack() {
        guard outOfDescriptors.load(ordering: .relaxed),
              Self.monotonicNanoseconds() - lastDescriptorFailure.load(ordering: .relaxed) >= 1_000_000_000,
              outOfDescriptors.compareExchange(expected: true, desired: false, ordering: .relaxed).exchanged else { return }
        configuration.notify?(.descriptorsRecovered(refused: refusedForDescriptors.load(ordering: .relaxed)))
    }

    private static func monotonicNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Reserves a connection slot; `false` when the limit is reached.
    package func reserveConnection() -> Bool {
        let after = connectionCount.add(1, ordering: .relaxed).newValue
        if after > configuration.maxConnections {
            connectionCount.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    package func releaseConnection() {
        connectionCount.subtract(1, ordering: .relaxed)
    }

    package var isBelowLimit: Bool {
        connectionCount.load(ordering: .relaxed) < configuration.maxConnections
    }
}
