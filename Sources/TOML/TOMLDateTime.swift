/// The components of a TOML date, time or date-time.
///
/// Which components are meaningful depends on `kind`: a local date has no
/// time (hour, minute, second and nanosecond are 0), a local time has no date
/// (year, month and day are 0), and only an offset date-time has
/// `offsetMinutes`. The `description` is a canonical RFC 3339 rendering:
/// `T` between date and time, `Z` for a zero offset, and the fraction of a
/// second without trailing zeros (omitted when zero).
public struct TOMLDateTime: Sendable, Hashable, CustomStringConvertible {
    /// Which of TOML's four date/time types this is.
    public enum Kind: Sendable, Hashable {
        /// `1979-05-27T07:32:00Z`, `1979-05-27 07:32:00-07:00`
        case offsetDateTime
        /// `1979-05-27T07:32:00`
        case localDateTime
        /// `1979-05-27`
        case localDate
        /// `07:32:00`
        case localTime
    }

    /// Which kind this is; decides which components are meaningful.
    public var kind: Kind
    /// Year, 0...9999 (0 for a local time).
    public var year: Int
    /// Month, 1...12 (0 for a local time).
    public var month: Int
    /// Day of the month, 1...31 (0 for a local time).
    public var day: Int
    /// Hour, 0...23 (0 for a local date).
    public var hour: Int
    /// Minute, 0...59 (0 for a local date).
    public var minute: Int
    /// Second, 0...60 (60 only as a leap second; 0 for a local date).
    public var second: Int
    /// Fraction of the second in nanoseconds; digits beyond the ninth are truncated.
    public var nanosecond: Int
    /// Offset from UTC in minutes (east positive) for an offset date-time, else nil.
    /// `Z`, `+00:00` and `-00:00` all give 0.
    public var offsetMinutes: Int?

    /// A date/time from its components; validation is the decoder's job.
    public init(
        kind: Kind, year: Int = 0, month: Int = 0, day: Int = 0,
        hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0, offsetMinutes: Int? = nil
    ) {
        self.kind = kind
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.offsetMinutes = offsetMinutes
    }

    /// Whether the value carries a calendar date.
    public var hasDate: Bool { kind != .localTime }
    /// Whether the value carries a time of day.
    public var hasTime: Bool { kind != .localDate }

    /// Canonical rendering, e.g. `1979-05-27T07:32:00.5-07:00`, `07:32:00`, `1979-05-27`.
    public var description: String {
        var out = ""
        if hasDate {
            out += Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        }
        if hasDate && hasTime { out += "T" }
        if hasTime {
            out += Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + ":" + Self.pad(second, 2)
            if nanosecond != 0 {
                var fraction = Self.pad(nanosecond, 9)
                while fraction.hasSuffix("0") { fraction.removeLast() }
                out += "." + fraction
            }
        }
        if let offset = offsetMinutes {
            if offset == 0 {
                out += "Z"
            } else {
                let magnitude = abs(offset)
                out += (offset < 0 ? "-" : "+") + Self.pad(magnitude / 60, 2) + ":" + Self.pad(magnitude % 60, 2)
            }
        }
        return out
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` (1...12) of `year`; 0 for an invalid month.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
