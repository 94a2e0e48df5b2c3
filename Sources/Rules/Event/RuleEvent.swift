import Foundation
import JSON

/// One inbound webhook as the rules see it: already verified and decoded by
/// its source adapter. Expressions read it as `source`, `event`, `delivery`,
/// `received_at`, `headers[...]` and `payload...`.
public struct RuleEvent: Sendable {
    /// The source adapter's name: github, gitlab, jenkins, ci, jira, slack.
    public var source: String
    /// The event name as the source adapter gives it (`workflow_run`, `jira:issue_created`, `bug`, ...).
    public var name: String
    /// The sender's delivery id (dedup id).
    public var delivery: String
    /// When the bridge received it.
    public var receivedAt: Date {
        didSet { receivedAtText = Self.format(receivedAt) }
    }
    /// The request headers (case-insensitive lookup).
    public var headers: EventHeaders
    /// The decoded body.
    public var payload: JSON
    /// `receivedAt` as RFC 3339 UTC text, computed once.
    public private(set) var receivedAtText: String

    /// An event; `receivedAt` defaults to the epoch so tests stay deterministic.
    public init(
        source: String, name: String, delivery: String = "", receivedAt: Date = Date(timeIntervalSince1970: 0),
        headers: EventHeaders = EventHeaders(), payload: JSON
    ) {
        self.source = source
        self.name = name
        self.delivery = delivery
        self.receivedAt = receivedAt
        self.headers = headers
        self.payload = payload
        self.receivedAtText = Self.format(receivedAt)
    }

    /// `2026-11-22T10:55:00Z` (fractional seconds dropped).
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
