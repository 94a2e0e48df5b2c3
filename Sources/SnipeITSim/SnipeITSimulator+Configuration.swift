import Foundation

extension SnipeITSimulator {
    /// What a simulator starts with.
    public struct Configuration: Sendable {
        /// Personal access tokens it accepts (`Authorization: Bearer <token>`).
        public var tokens: [String] = [SnipeITSimulator.defaultToken]
        /// Calls per token per minute (Snipe-IT's `API_THROTTLE_PER_MINUTE`,
        /// default 120); 0 turns the limit off.
        public var rateLimitPerMinute = 120
        public var rateLimitAnswer: SnipeITSimRateLimitAnswer = .status429
        /// The clock for the rate limit's windows and for timestamps.
        public var now: @Sendable () -> Date = { Date() }
        /// Faults armed from the start (the `--fault` flags).
        public var faults: [SnipeITSimFault] = []
        /// At most this many received requests are kept for `GET /_sim/requests`.
        public var requestLogLimit = 10_000

        public init() {}
    }

    /// The token a simulator accepts unless told otherwise.
    public static let defaultToken = "snipeit-sim-token"
}
