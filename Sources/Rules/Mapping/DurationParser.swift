/// Durations in mapping and config files: `"500ms"`, `"30s"`, `"5m"`,
/// `"24h"`, `"7d"`, or a bare integer of seconds.
enum DurationParser {
    /// The duration in milliseconds, or `nil` if malformed.
    static func milliseconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces
        var digits = ""
        var unit = ""
        for character in trimmed {
            if unit.isEmpty, character.isASCII, character.isNumber { digits.append(character) } else { unit.append(character) }
        }
        guard let amount = Int64(digits) else { return nil }
        let scale: Int64
        switch unit {
        case "ms": scale = 1
        case "", "s": scale = 1_000
        case "m": scale = 60_000
        case "h": scale = 3_600_000
        case "d": scale = 86_400_000
        default: return nil
        }
        let (product, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = self[...]
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
