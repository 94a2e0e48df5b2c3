/// An inbound webhook to append: what the source adapter decoded from one request.
public struct NewEvent: Sendable, Hashable {
    /// The source name (`github`, `ci`, ...). With `deliveryID` it is the dedup identity.
    public var source: String
    /// The sender's delivery id (`X-GitHub-Delivery`, `Idempotency-Key`, ...).
    public var deliveryID: String
    /// The event name (`workflow_run`, `jira:issue_created`, ...).
    public var name: String
    /// When the gateway received it.
    public var receivedAt: EpochMillis
    /// The request headers worth keeping (the caller decides; secrets excluded).
    public var headers: [HeaderField]
    /// The body, as the caller wants it stored (minified JSON): stored once, as is.
    public var payload: [UInt8]

    public init(source: String, deliveryID: String, name: String, receivedAt: EpochMillis,
                headers: [HeaderField] = [], payload: [UInt8]) {
        self.source = source
        self.deliveryID = deliveryID
        self.name = name
        self.receivedAt = receivedAt
        self.headers = headers
        self.payload = payload
    }

    /// The largest payload the store accepts (1 GiB).
    public static let maxPayloadBytes = 1 << 30

    /// Throws `.invalidArgument` when a field the store relies on is empty.
    func validate() throws(StoreError) {
        if source.isEmpty { throw StoreError(.invalidArgument, "event source is empty") }
        if deliveryID.isEmpty { throw StoreError(.invalidArgument, "event delivery id is empty") }
        // Record fields carry 32-bit lengths (PayloadRecord); HTTP limits keep bodies far below.
        if payload.count >= Self.maxPayloadBytes {
            throw StoreError(.invalidArgument,
                             "event payload is \(payload.count) bytes; the limit is \(Self.maxPayloadBytes)")
        }
    }
}
