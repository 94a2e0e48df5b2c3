import Foundation

/// Snipe-IT's throttle as Laravel's `ThrottleRequests` keeps it: per token
/// (Snipe-IT keys it by user), a fixed window that starts at the first call
/// and lasts 60 s, at most `perMinute` calls in it.
struct SnipeITSimRateLimit: Sendable {
    /// The verdict on one call.
    enum Verdict: Equatable {
        /// Let through; `remaining` calls are left in this window.
        case allowed(remaining: Int)
        /// Refused; the window ends in `retryAfter` seconds.
        case throttled(retryAfter: Int)
    }

    /// Calls allowed per window; 0 or less turns the limit off.
    var perMinute: Int
    var answer: SnipeITSimRateLimitAnswer
    private var windows: [String: (start: Date, hits: Int)] = [:]

    init(perMinute: Int, answer: SnipeITSimRateLimitAnswer) {
        self.perMinute = perMinute
        self.answer = answer
    }

    var isOn: Bool { perMinute > 0 }

    /// Counts a call by `key` at `now`.
    mutating func hit(_ key: String, now: Date) -> Verdict {
        guard isOn else { return .allowed(remaining: Int.max) }
        var window = windows[key] ?? (start: now, hits: 0)
        if now.timeIntervalSince(window.start) >= 60 { window = (start: now, hits: 0) }
        if window.hits >= perMinute {
            windows[key] = window
            let left = 60 - now.timeIntervalSince(window.start)
            return .throttled(retryAfter: max(1, Int(left.rounded(.up))))
        }
        window.hits += 1
        windows[key] = window
        return .allowed(remaining: perMinute - window.hits)
    }

    /// Forgets every window (a new minute for everyone).
    mutating func reset() {
        windows.removeAll()
    }
}
