/// How the simulator answers a call over its rate limit.
public enum SnipeITSimRateLimitAnswer: String, Sendable, CaseIterable {
    /// HTTP 429, the envelope "Too many requests", `Retry-After` and the
    /// `X-RateLimit-*` headers: what Laravel's throttle exception carries.
    case status429 = "429"
    /// HTTP 429 and the envelope without any of those headers: what Snipe-IT
    /// 5.4 and later answer (their exception handler drops the headers).
    case status429WithoutRetryAfter = "429-without-retry-after"
    /// HTTP 200 and the error envelope "Too Many Requests.", no headers.
    case envelope
}
