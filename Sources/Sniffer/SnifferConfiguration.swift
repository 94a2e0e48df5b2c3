import Telemetry
/// How a `SnifferClient` reaches Sniffer, and the conventions it follows
/// where the API reference is silent (docs/OPERATIONS.md, "Sniffer API conventions").
public struct SnifferConfiguration: Sendable {
    /// The API host, e.g. `https://support.api.dev.snifferweb.com` (a trailing `/` is ignored).
    public var baseURL: String
    /// Sent as the `api-token` header; must start with `sniffer_`.
    public var token: Secret
    /// The bug field that records an external key at creation.
    public var integrationKeyField = "integrationKey"
    /// The bug field that records which platform the key belongs to.
    public var integrationPlatformField = "integrationPlatform"
    /// The platform used when a draft or a look-up names none (`JIRA` for the Jira use case).
    public var defaultPlatform = "SNIFFER_BRIDGE"
    /// Query parameter names of `GET /bugs/by-integration-key`.
    public var byKeyKeyParameter = "key"
    public var byKeyPlatformParameter = "platform"
    public var byKeyProjectParameter = "project"
    /// Overrides the transport's total timeout for each call.
    public var timeout: Duration?
    /// Send every POST (create a bug, a comment) on a new connection, so a
    /// dropped connection never makes libcurl resend it on its own (see
    /// `OutboundRequest.freshConnection`). The bridge turns it on.
    public var freshConnectionForPOST = false

    public init(baseURL: String, token: Secret) {
        self.baseURL = baseURL
        self.token = token
    }
}
