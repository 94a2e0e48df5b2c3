/// The four date/time kinds (RFC 3339 as TOML restricts it).
extension TOMLParser {
    /// `YYYY-MM-DD`, optionally followed by `T`, `t` or a space and a time,
    /// optionally followed by `Z`, `z` or `±HH:MM`.
    mutating func parseDateTime() throws(TOMLError) -> TOMLNode {
        let start = index
        let year = try fixedDigits(4, "year")
        try expectSeparator("-", in: "date")
        let month = try fixedDigits(2, "month")
        try expectSeparator("-", in: "date")
        let day = try fixedDigits(2, "day")
        guard (1...12).contains(month) else { throw error("invalid date: month \(month) is not in 1...12", at: start) }
        let days = TOMLDateTime.daysInMonth(month, year: year)
        guard (1...days).contains(day) else {
            throw error("invalid date: day \(day) is not in 1...\(days) for month \(month) of \(year)", at: start)
        }
        var value = TOMLDateTime(kind: .localDate, year: year, month: month, day: day)
        let separator = peek()
        let hasTime = separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
            || (separator == UInt8(ascii: " ") && peek(1).map(Self.isDigit) == true)
        guard hasTime else {
            return TOMLNode(value: .localDate(value), position: source.position(start))
        }
        index += 1
        try parseTime(into: &value)
        switch peek() {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
            value.offsetMinutes = 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let negative = peek() == UInt8(ascii: "-")
            index += 1
            let hours = try fixedDigits(2, "offset hour")
            try expectSeparator(":", in: "offset")
            let minutes = try fixedDigits(2, "offset minute")
            guard hours <= 23 && minutes <= 59 else {
                throw error("invalid offset: \(hours):\(minutes) is not a valid offset (at most 23:59)", at: start)
            }
            value.offsetMinutes = (negative ? -1 : 1) * (hours * 60 + minutes)
        default:
            value.kind = .localDateTime
            return TOMLNode(value: .localDateTime(value), position: source.position(start))
        }
        value.kind = .offsetDateTime
        return TOMLNode(value: .offsetDateTime(value), position: source.position(start))
    }

    /// `HH:MM:SS[.fraction]` on its own.
    mutating func parseLocalTime() throws(TOMLError) -> TOMLNode {
        let start = index
        var value = TOMLDateTime(kind: .localTime)
        try parseTime(into: &value)
        return TOMLNode(value: .localTime(value), position: source.position(start))
    }

    /// `HH:MM:SS[.fraction]`; seconds are required in TOML 1.0, fraction
    /// digits beyond nanoseconds are truncated.
    private mutating func parseTime(into value: inout TOMLDateTime) throws(TOMLError) {
        let start = index
        value.hour = try fixedDigits(2, "hour")
        try expectSeparator(":", in: "time")
        value.minute = try fixedDigits(2, "minute")
        try expectSeparator(":", in: "time")
        value.second = try fixedDigits(2, "second")
        guard value.hour <= 23, value.minute <= 59, value.second <= 60 else {
            throw error(
                "invalid time: hour must be 0...23, minute 0...59 and second 0...60, "
                    + "found \(value.hour):\(value.minute):\(value.second)", at: start)
        }
        guard peek() == UInt8(ascii: ".") else { return }
        index += 1
        guard let first = peek(), Self.isDigit(first) else {
            throw error("expected digits after '.' in time, found \(found())")
        }
        var nanosecond = 0
        var digits = 0
        while let byte = peek(), Self.isDigit(byte) {
            if digits < 9 {
                nanosecond = nanosecond * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            }
            index += 1
        }
        while digits < 9 {
            nanosecond *= 10
            digits += 1
        }
        value.nanosecond = nanosecond
    }

    /// Exactly `count` digits (date/time fields are zero-padded).
    private mutating func fixedDigits(_ count: Int, _ what: String) throws(TOMLError) -> Int {
        var value = 0
        for _ in 0..<count {
            guard let byte = peek(), Self.isDigit(byte) else {
                throw error("expected a \(count)-digit \(what), found \(found())")
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    private mutating func expectSeparator(_ separator: Unicode.Scalar, in what: String) throws(TOMLError) {
        guard peek() == UInt8(ascii: separator) else {
            throw error("expected '\(separator)' in \(what), found \(found())")
        }
        index += 1
    }
}
