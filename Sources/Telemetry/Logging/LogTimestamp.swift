#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A wall-clock instant with millisecond precision, written as RFC 3339 in
/// UTC (`2026-11-22T11:06:42.123Z`). Formatting is done by hand with
/// `gmtime_r`: no locale, no formatter objects, safe from any thread.
public struct LogTimestamp: Sendable, Hashable, Comparable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The current time from `CLOCK_REALTIME`.
    public static func now() -> LogTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return LogTimestamp(millisecondsSinceEpoch: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-22T11:06:42.123Z`.
    public var rfc3339: String {
        // Floor division, so instants before 1970 keep a non-negative millisecond part.
        var seconds = millisecondsSinceEpoch / 1000
        var millis = millisecondsSinceEpoch % 1000
        if millis < 0 {
            millis += 1000
            seconds -= 1
        }
        var time = time_t(seconds)
        var parts = tm()
        // RFC 3339 has four-digit years; anything outside is clamped to the epoch.
        guard gmtime_r(&time, &parts) != nil, (0...9999).contains(Int(parts.tm_year) + 1900) else {
            return "1970-01-01T00:00:00.000Z"
        }
        // One fixed-size buffer: a log line is written for every event, and
        // joining a dozen small strings showed up in the ingest's profile.
        var text = Array("0000-00-00T00:00:00.000Z".utf8)  // the separators in place
        func put(_ value: Int, _ width: Int, at start: Int) {
            var rest = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                text[start + offset] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                rest /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, 4, at: 0)
        put(Int(parts.tm_mon) + 1, 2, at: 5)
        put(Int(parts.tm_mday), 2, at: 8)
        put(Int(parts.tm_hour), 2, at: 11)
        put(Int(parts.tm_min), 2, at: 14)
        put(Int(parts.tm_sec), 2, at: 17)
        put(Int(millis), 3, at: 20)
        return String(decoding: text, as: UTF8.self)
    }

    public static func < (lhs: LogTimestamp, rhs: LogTimestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}
