/// Laravel's `e()` as Snipe-IT's transformers apply it to every string they
/// answer: PHP's `htmlspecialchars` with `ENT_QUOTES`, double encoding on.
enum SnipeITSimEscaping {
    static func e(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#039;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `e()` of an optional: `e(null)` is `""` in PHP.
    static func e(_ text: String?) -> String {
        e(text ?? "")
    }
}
