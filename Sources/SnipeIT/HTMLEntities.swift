import JSON

/// Undoes the HTML escaping Snipe-IT applies to the strings of its answers
/// (Laravel's `e()`, PHP's `htmlspecialchars` with `ENT_QUOTES`): `&amp;`,
/// `&lt;`, `&gt;`, `&quot;`, `&#039;`, plus `&apos;` and any numeric
/// reference (`&#38;`, `&#x26;`). Other `&name;` sequences are left as they
/// are. One pass: text that was escaped twice comes back escaped once, as
/// it was stored.
public enum HTMLEntities {
    /// `text` with its character references replaced by the characters.
    public static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let (scalar, length) = reference(in: scalars, at: index) {
                out.append(scalar)
                index += length
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    /// `json` with every string value unescaped, at any depth (keys are left
    /// alone: Snipe-IT does not escape them).
    public static func unescape(_ json: JSON) -> JSON {
        switch json {
        case .string(let text): return .string(unescape(text))
        case .array(let items): return .array(items.map(unescape))
        case .object(let object):
            var result = JSONObject()
            for (key, value) in object { result[key] = unescape(value) }
            return .object(result)
        default: return json
        }
    }

    private static let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]

    /// The character the reference starting at `start` (an `&`) stands for,
    /// and how many scalars it spans with its `;`.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        let limit = min(scalars.count, start + 12)
        guard let end = (start + 1..<limit).first(where: { scalars[$0] == ";" }), end > start + 1 else { return nil }
        var body = String.UnicodeScalarView()
        body.append(contentsOf: scalars[(start + 1)..<end])
        let name = String(body)
        let length = end - start + 1
        if let scalar = named[name] { return (scalar, length) }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = digits.allSatisfy(\.isASCII) ? UInt32(digits, radix: 10) : nil
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
