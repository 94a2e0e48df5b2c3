import Outbound

/// Snipe-IT's `X-RateLimit-Limit` and `X-RateLimit-Remaining`, as the last
/// answer that carried them reported: what the instance allows the token's
/// user per minute, and what is left of the current minute.
public struct SnipeITRateLimitReading: Sendable, Equatable {
    public var limit: Int
    public var remaining: Int

    public init(limit: Int, remaining: Int) {
        self.limit = limit
        self.remaining = remaining
    }

    /// The reading of `response`, or `nil` when it lacks either header.
    init?(_ response: OutboundResponse) {
        guard let limit = response.header("X-RateLimit-Limit").flatMap({ Int($0) }),
            let remaining = response.header("X-RateLimit-Remaining").flatMap({ Int($0) })
        else { return nil }
        self.init(limit: limit, remaining: remaining)
    }
}
