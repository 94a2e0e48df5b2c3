import Synchronization

/// What every loop of one server shares: configuration, handler and the
/// connection count that enforces the limit across loops.
package final class ServerContext: Sendable {
    package let configuration: HTTPServer.Configuration
    package let handler: any HTTPHandler
    package let connectionCount = Atomic<Int>(0)
    /// Connections accepted since start (benchmarks check keep-alive with it).
    package let acceptedCount = Atomic<Int>(0)

    package init(configuration: HTTPServer.Configuration, handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
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
