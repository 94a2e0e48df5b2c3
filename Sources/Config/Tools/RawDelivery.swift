import Foundation
import Rules

/// A webhook delivery as `dry-run` and mapping test cases give it: a body and
/// headers, not yet decoded. The executable decodes it with the gateway's own
/// source adapters (`DeliveryDecoder`), so offline checks name events exactly
/// as `serve` does.
public struct RawDelivery: Sendable {
    /// A `SourceRegistry` name: `github`, `gitlab`, `jenkins`, `ci`, `jira` or `slack`.
    public var source: String
    /// The request body, as the sender would send it.
    public var body: [UInt8]
    /// Request headers in order (`X-GitHub-Event`, `Content-Type`, ...).
    public var headers: [(name: String, value: String)]
    /// An event name that overrides the decoded one (`dry-run --event`).
    public var eventName: String?
    /// When the delivery counts as received (`received_at` in expressions).
    public var receivedAt: Date

    public init(
        source: String, body: [UInt8], headers: [(name: String, value: String)] = [], eventName: String? = nil,
        receivedAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.source = source
        self.body = body
        self.headers = headers
        self.eventName = eventName
        self.receivedAt = receivedAt
    }

    /// Why a delivery could not be decoded (or a header line read).
    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public var description: String

        public init(_ description: String) { self.description = description }
    }

    /// `Name: value` header lines (as given to `--header`).
    public static func headers(lines: [String]) throws(DecodeError) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw DecodeError("header '\(line)' must be written 'Name: value'")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw DecodeError("header '\(line)' has no name") }
            headers.append((name, value))
        }
        return headers
    }
}

/// Decodes a raw delivery into the event the rules see, or `nil` when the
/// gateway answers the delivery itself and runs no rule (GitHub `ping`, Slack
/// `ssl_check`). Injected by the executable: the Rules target knows no adapter.
public typealias DeliveryDecoder = @Sendable (RawDelivery) throws(RawDelivery.DecodeError) -> RuleEvent?
