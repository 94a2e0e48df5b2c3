import JSON

/// A 2xx JSON answer, before the endpoint reads it: Snipe-IT answers its
/// envelope for writes and for most errors, and bare documents for reads.
enum SnipeITReply: Sendable {
    /// A body that is not the envelope: a bare asset, a `{"total","rows"}` list.
    case document(JSON)
    /// `{"status":"success","messages":…,"payload":…}`.
    case success(payload: JSON, messages: SnipeITMessages)
    /// `{"status":"error","messages":…,"payload":null}`, with a 2xx status.
    case error(SnipeITMessages)
}
