import HTTP
import JSON

/// One verified, decoded webhook delivery: what the store keeps and the rules see.
public struct ReceivedWebhook: Sendable, Equatable {
    /// The source's name: `github`, `gitlab`, `jenkins`, `ci`, `jira`, `slack`.
    public var source: String
    /// The event name rules match on; each adapter documents where it comes
    /// from (`workflow_run`, `Pipeline Hook`, `finalized`, `failure`,
    /// `jira:issue_created`, `bug`).
    public var name: String
    /// The dedup key within `source`: the sender's delivery id when it sends
    /// one, else a documented derivation (`deliveryIDIsDerived`).
    public var deliveryID: String
    /// `true` when the sender gave no delivery id and `deliveryID` was derived.
    public var deliveryIDIsDerived: Bool
    /// The decoded body: always a JSON object.
    public var payload: JSON
    /// When `payload` is the request body parsed and left unchanged: the
    /// body without the whitespace between its tokens, made by the parse
    /// itself, which the ingest stores instead of serializing `payload` again.
    /// Adapters that rewrite a field or decode a form leave it `nil`.
    public var minifiedBody: [UInt8]?
    /// Set when the gateway must answer at once and neither store the event
    /// nor run rules (GitHub `ping`, Slack `ssl_check`).
    public var immediateResponse: ImmediateResponse?
    /// Slack only: where delayed replies to a slash command go (up to 5 posts
    /// within 30 minutes).
    public var responseURL: String?

    public init(
        source: String, name: String, deliveryID: String, deliveryIDIsDerived: Bool = false, payload: JSON, minifiedBody: [UInt8]? = nil,
        immediateResponse: ImmediateResponse? = nil, responseURL: String? = nil
    ) {
        self.source = source
        self.name = name
        self.deliveryID = deliveryID
        self.deliveryIDIsDerived = deliveryIDIsDerived
        self.payload = payload
        self.minifiedBody = minifiedBody
        self.immediateResponse = immediateResponse
        self.responseURL = responseURL
    }

    /// An answer given without storing the event.
    public struct ImmediateResponse: Sendable, Equatable {
        /// The HTTP status (200).
        public var status: Int
        /// The JSON body, or `nil` for an empty body.
        public var body: JSON?
        /// Why, for logs: `GitHub ping`, `Slack ssl_check`.
        public var reason: String

        public init(status: Int = 200, body: JSON? = nil, reason: String) {
            self.status = status
            self.body = body
            self.reason = reason
        }

        /// The HTTP answer: `status`, and the JSON body when there is one.
        public var response: HTTPResponse {
            guard let body else { return HTTPResponse(status: status) }
            return HTTPResponse(
                status: status, headers: ["Content-Type": "application/json"], body: body.serializedBytes())
        }
    }
}
