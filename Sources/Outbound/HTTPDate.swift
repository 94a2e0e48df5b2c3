import Foundation

/// Parses the three HTTP-date formats of RFC 9110 §5.6.7 by hand (no
/// locale, no `DateFormatter`): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`,
/// the obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime
/// `Sun Nov  6 08:49:37 1994`. Anything else is nil.
public enum HTTPDate {
    /// The date `text` names, or nil when it is not a valid HTTP-date.
    public static func parse(_ text: String) -> Date? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if fields.count == 6, fields[0].hasSuffix(","), fields[5] == "GMT" {
            // IMF-fixdate: day-name "," SP DD SP Mon SP YYYY SP HH:MM:SS SP GMT
            guard fields[1].count == 2, fields[3].count == 4, let year = Int(fields[3]) else { return nil }
            return make(year: year, month: fields[2], day: fields[1], time: fields[4])
        }
        if fields.count == 4, fields[0].hasSuffix(","), fields[3] == "GMT" {
            // RFC 850: day-name "," SP DD-Mon-YY SP HH:MM:SS SP GMT
            let parts = fields[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[0].count == 2, parts[2].count == 2, let yy = Int(parts[2]) else { return nil }
            // Two-digit years: 70-99 are 19xx, the rest 20xx.
            return make(year: yy >= 70 ? 1900 + yy : 2000 + yy, month: parts[1], day: parts[0], time: fields[2])
        }
        if fields.count == 5, !fields[0].hasSuffix(",") {
            // asctime: day-name SP Mon SP ( 2DIGIT / SP 1DIGIT ) SP HH:MM:SS SP YYYY
            guard fields[2].count <= 2, fields[4].count == 4, let year = Int(fields[4]) else { return nil }
            return make(year: year, month: fields[1], day: fields[2], time: fields[3])
        }
        return nil
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func make(year: Int, month: String, day: String, time: String) -> Date? {
        guard let monthIndex = months.firstIndex(of: month), day.allSatisfy(\.isASCIIDigit), let day = Int(day) else {
            return nil
        }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            hour < 24, minute < 60, second <= 60,
            (1...daysInMonth(monthIndex + 1, year: year)).contains(day)
        else { return nil }
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    private static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard
    /// Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
