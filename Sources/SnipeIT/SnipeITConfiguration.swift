import Telemetry

/// How a `SnipeITClient` reaches a Snipe-IT instance, and how hard it may use it.
public struct SnipeITConfiguration: Sendable {
    /// The instance, e.g. `https://assets.example.com` (a trailing `/` is
    /// ignored). The client adds `/api/v1` to API calls and builds web links
    /// (`<baseURL>/hardware/<id>`) from it.
    public var baseURL: String
    /// A personal access token, sent as `Authorization: Bearer <token>`.
    public var token: Secret
    /// Overrides the transport's total timeout for each call.
    public var timeout: Duration?
    /// Calls per minute the client allows itself, shared by every caller of
    /// one client. Snipe-IT counts `API_THROTTLE_PER_MINUTE` (default 120)
    /// per user in fixed one-minute windows; keeping `requestsPerMinute +
    /// burst` at or below it keeps every such window under the limit.
    public var requestsPerMinute: Int = 110
    /// Calls that may go at once after a quiet spell.
    public var burst: Int = 10

    public init(baseURL: String, token: Secret) {
        self.baseURL = baseURL
        self.token = token
    }

    /// The instance's root: `baseURL` without trailing `/` or a `/api/v1` given with it.
    public var webBase: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/api/v1") { base.removeLast("/api/v1".count) }
        return base
    }

    /// Where the API calls go: `webBase` + `/api/v1`.
    public var apiBase: String { webBase + "/api/v1" }
}
