import Foundation

/// The `Retry-After` response header (RFC 9110 §10.2.3): delta-seconds or
/// an HTTP-date.
public enum RetryAfter {
    /// The longest delay a header can ask for; larger values are clamped
    /// (the policy's `maxAge` then gives up).
    public static let maximum: Duration = .seconds(10 * 365 * 86_400)

    /// The delay `value` asks for, measured from `now`; zero for a date in
    /// the past; nil when the header is malformed (and then ignored).
    public static func delay(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Digits only: too many digits for an Int means "very long".
            guard let seconds = Int64(trimmed) else { return maximum }
            return min(.seconds(seconds), maximum)
        }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        let interval = date.timeIntervalSince(now)
        if interval <= 0 { return .zero }
        return min(.milliseconds(Int64(min(interval, maximum.seconds) * 1000)), maximum)
    }
}
