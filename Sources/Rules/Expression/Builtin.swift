import Foundation
import JSON

/// The function table of the expression language. Names and arities are
/// checked at load time, so an unknown function or a wrong argument count is
/// a load error, never a runtime surprise. In a template, `value | f(a)` is
/// `f(value, a)`.
public enum Builtin: String, CaseIterable, Sendable {
    case contains, startsWith, endsWith, matches, extract
    case lower, upper, trim, len
    case `default`, join, split, replace, truncate
    case first, last, json, string, find, pluck, keys, slice

    /// Accepted argument counts.
    var arity: ClosedRange<Int> {
        switch self {
        case .lower, .upper, .trim, .len, .first, .last, .json, .string, .keys: return 1...1
        case .contains, .startsWith, .endsWith, .matches, .extract, .default, .split, .pluck: return 2...2
        case .join: return 1...2
        case .slice: return 2...3
        case .truncate: return 2...3
        case .replace, .find: return 3...3
        }
    }

    /// One-line signature for docs and the arity message.
    var signature: String {
        switch self {
        case .contains: return "contains(haystack, needle)"
        case .startsWith: return "startsWith(text, prefix)"
        case .endsWith: return "endsWith(text, suffix)"
        case .matches: return "matches(text, regex)"
        case .extract: return "extract(text, regex)"
        case .lower: return "lower(text)"
        case .upper: return "upper(text)"
        case .trim: return "trim(text)"
        case .len: return "len(value)"
        case .default: return "default(value, fallback)"
        case .join: return "join(list, separator = \", \")"
        case .split: return "split(text, separator)"
        case .replace: return "replace(text, old, new)"
        case .truncate: return "truncate(text, length, suffix = \"…\")"
        case .first: return "first(list)"
        case .last: return "last(list)"
        case .json: return "json(value)"
        case .string: return "string(value)"
        case .find: return "find(list, key, value)"
        case .pluck: return "pluck(list, key)"
        case .keys: return "keys(object)"
        case .slice: return "slice(list, start, end = length)"
        }
    }
}

/// A regular expression compiled once.
///
/// `NSRegularExpression` is immutable after creation and documented as safe to
/// use from several threads at once, which is why this wrapper may be
/// `@unchecked Sendable`.
struct CompiledRegex: @unchecked Sendable {
    let pattern: String
    let regex: NSRegularExpression
    /// Patterns that are plain text (optionally anchored with `^`) are
    /// answered without the regex engine, which is slow on Linux (NSString bridging).
    private let literal: (text: String, anchored: Bool)?

    init(_ pattern: String) throws {
        self.pattern = pattern
        self.regex = try NSRegularExpression(pattern: pattern)
        let anchored = pattern.hasPrefix("^")
        let body = anchored ? String(pattern.dropFirst()) : pattern
        let special: Set<Character> = [".", "^", "$", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "\\"]
        literal = body.contains(where: { special.contains($0) }) ? nil : (body, anchored)
    }

    func matches(_ text: String) -> Bool {
        if let literal {
            return literal.anchored ? text.hasPrefix(literal.text) : (literal.text.isEmpty || text.contains(literal.text))
        }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.firstMatch(in: text, options: [], range: range) != nil
    }

    /// The first match in `text`: its first group when the pattern has one, else all of it.
    func firstMatch(in text: String) -> String? {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = regex.firstMatch(in: text, options: [], range: range) else { return nil }
        let wanted = match.numberOfRanges > 1 && match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range
        return Range(wanted, in: text).map { String(text[$0]) }
    }
}
