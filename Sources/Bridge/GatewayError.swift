/// Why the gateway could not start (or a `deliveries` command could not run).
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The config names something unusable (a listen address, a token file, a source).
        case configuration
        /// The data directory could not be opened.
        case store
        /// The listener could not bind.
        case listen
        /// The gateway was run (or stopped) already: it runs once.
        case lifecycle
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    static func configuration(_ message: String) -> GatewayError { GatewayError(.configuration, message) }

    public var description: String { message }
}
