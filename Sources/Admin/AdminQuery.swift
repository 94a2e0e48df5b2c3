import Foundation
import HTTP
import Store

/// A request's query string, percent-decoded, checked against the
/// parameters its endpoint knows: an unknown, repeated or badly written
/// parameter is a 400 naming it, before anything is read.
package struct AdminQuery: Sendable {
    private let values: [String: String]

    /// The largest page any listing returns.
    package static let maxLimit = 500
    package static let defaultLimit = 50

    package init(_ query: Substring?, known: [String]) throws(HTTPError) {
        var values: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count == 2 ? parts[1] : "") else {
                throw HTTPError(.badRequest, "the query parameter '\(pair)' is not percent-encoded UTF-8")
            }
            guard known.contains(name) else {
                let list = known.isEmpty ? "none" : known.joined(separator: ", ")
                throw HTTPError(.badRequest, "unknown query parameter '\(name)' (this endpoint knows: \(list))")
            }
            guard values[name] == nil else { throw HTTPError(.badRequest, "the query parameter '\(name)' is given twice") }
            values[name] = value
        }
        self.values = values
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The value of `name`, `nil` when absent; an empty value is refused.
    package func string(_ name: String) throws(HTTPError) -> String? {
        guard let value = values[name] else { return nil }
        guard !value.isEmpty else { throw HTTPError(.badRequest, "the query parameter '\(name)' is empty") }
        return value
    }

    /// `limit`: 1 to `maxLimit`, `defaultLimit` when absent.
    package func limit() throws(HTTPError) -> Int {
        guard let text = try string("limit") else { return Self.defaultLimit }
        guard let limit = Int(text), limit >= 1, limit <= Self.maxLimit else {
            throw HTTPError(.badRequest, "'limit' must be a whole number from 1 to \(Self.maxLimit), found '\(text)'")
        }
        return limit
    }

    /// `cursor`: the `next_cursor` of the page before (an id).
    package func cursor() throws(HTTPError) -> Int64? {
        guard let text = try string("cursor") else { return nil }
        guard let id = Int64(text), id > 0 else {
            throw HTTPError(.badRequest, "'cursor' must be the next_cursor of a previous page, found '\(text)'")
        }
        return id
    }

    /// A time: epoch milliseconds, or RFC 3339 (`2026-12-04T10:00:00Z`).
    package func time(_ name: String) throws(HTTPError) -> EpochMillis? {
        guard let text = try string(name) else { return nil }
        if let millis = Int64(text), millis >= 0 { return millis }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = formatter.date(from: text) ?? {
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.date(from: text)
        }()
        guard let date else {
            throw HTTPError(
                .badRequest, "'\(name)' must be epoch milliseconds or an RFC 3339 time (2026-12-04T10:00:00Z), found '\(text)'")
        }
        return EpochMillis((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// One of `cases` by its raw value.
    package func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(HTTPError) -> T?
    where T.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(.badRequest, "'\(name)' must be one of \(allowed), found '\(text)'")
        }
        return value
    }
}
