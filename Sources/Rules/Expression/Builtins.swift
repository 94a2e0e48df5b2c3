import Foundation
import JSON

/// The bodies of the `Builtin` functions. Every function accepts `null` for
/// its main argument (missing data) and answers with null, false or an empty
/// value rather than an error; other wrong types are errors naming the type.
enum Builtins {
    static func call(_ builtin: Builtin, _ args: [Node], _ span: SourceSpan, _ interpreter: Interpreter)
        throws(EvaluationError) -> JSON
    {
        // `default` evaluates its fallback only when needed.
        if builtin == .default {
            let value = try interpreter.evaluate(args[0])
            if value.isNull || value == .string("") { return try interpreter.evaluate(args[1]) }
            return value
        }
        // At most three arguments (checked at load time): evaluated into
        // locals, not an array, so a call allocates nothing of its own.
        let first = try interpreter.evaluate(args[0])
        let second = args.count > 1 ? try interpreter.evaluate(args[1]) : .null
        let third = args.count > 2 ? try interpreter.evaluate(args[2]) : .null
        return try apply(builtin, Arguments(count: args.count, first, second, third), span)
    }

    /// A call's evaluated arguments; absent ones read as null.
    struct Arguments {
        let count: Int
        let values: (JSON, JSON, JSON)

        init(count: Int, _ first: JSON, _ second: JSON = .null, _ third: JSON = .null) {
            self.count = count
            self.values = (first, second, third)
        }

        subscript(index: Int) -> JSON {
            switch index {
            case 0: return values.0
            case 1: return values.1
            default: return values.2
            }
        }
    }

    static func apply(_ builtin: Builtin, _ values: Arguments, _ span: SourceSpan) throws(EvaluationError) -> JSON {
        let name = builtin.rawValue
        func typeError(_ value: JSON) -> EvaluationError {
            EvaluationError(span, DiagnosticMessage.argumentType(name, Value.typeName(value)))
        }
        /// The argument as text: strings, and numbers/booleans in their text form.
        func text(_ value: JSON) throws(EvaluationError) -> String {
            switch value {
            case .string(let s): return s
            case .int, .double, .bool: return Value.text(value)
            default: throw typeError(value)
            }
        }
        func integer(_ value: JSON) throws(EvaluationError) -> Int {
            guard let i = value.intValue, let small = Int(exactly: i) else { throw typeError(value) }
            return small
        }
        let subject = values[0]
        switch builtin {
        case .contains:
            return .bool(try Interpreter.contains(subject, values[1], name, span))
        case .startsWith, .endsWith:
            guard !subject.isNull, !values[1].isNull else { return .bool(false) }
            let s = try text(subject)
            let affix = try text(values[1])
            return .bool(builtin == .startsWith ? s.hasPrefix(affix) : s.hasSuffix(affix))
        case .matches:
            guard !subject.isNull else { return .bool(false) }
            let pattern = try text(values[1])
            guard let regex = RegexCache.shared.regex(pattern) else {
                throw EvaluationError(span, DiagnosticMessage.badRegex(pattern))
            }
            return .bool(regex.matches(try text(subject)))
        case .extract:
            guard !subject.isNull else { return .null }
            let pattern = try text(values[1])
            guard let regex = RegexCache.shared.regex(pattern) else {
                throw EvaluationError(span, DiagnosticMessage.badRegex(pattern))
            }
            return regex.firstMatch(in: try text(subject)).map(JSON.string) ?? .null
        case .lower, .upper, .trim:
            guard !subject.isNull else { return .null }
            let s = try text(subject)
            switch builtin {
            case .lower: return .string(s.lowercased())
            case .upper: return .string(s.uppercased())
            default: return .string(s.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        case .len:
            switch subject {
            case .null: return .int(0)
            case .string(let s): return .int(Int64(s.count))
            case .array(let items): return .int(Int64(items.count))
            case .object(let object): return .int(Int64(object.count))
            default: throw typeError(subject)
            }
        case .default:
            return subject.isNull || subject == .string("") ? values[1] : subject
        case .join:
            guard !subject.isNull else { return .string("") }
            guard case .array(let items) = subject else { throw typeError(subject) }
            let separator = values.count > 1 ? try text(values[1]) : ", "
            return .string(items.map(Value.text).joined(separator: separator))
        case .split:
            guard !subject.isNull else { return .array([]) }
            let s = try text(subject)
            let separator = try text(values[1])
            if s.isEmpty { return .array([]) }
            if separator.isEmpty { return .array(s.map { .string(String($0)) }) }
            return .array(split(s, separator).map(JSON.string))
        case .replace:
            guard !subject.isNull else { return .null }
            return .string(try text(subject).replacingAll(try text(values[1]), with: try text(values[2])))
        case .truncate:
            guard !subject.isNull else { return .null }
            let s = try text(subject)
            let limit = max(0, try integer(values[1]))
            let suffix = values.count > 2 ? try text(values[2]) : "…"
            return .string(truncate(s, to: limit, suffix: suffix))
        case .first, .last:
            switch subject {
            case .null: return .null
            case .array(let items): return (builtin == .first ? items.first : items.last) ?? .null
            case .string(let s):
                guard let c = builtin == .first ? s.first : s.last else { return .null }
                return .string(String(c))
            default: throw typeError(subject)
            }
        case .json:
            return .string(Value.serialize(subject))
        case .string:
            return .string(Value.text(subject))
        case .find:
            guard !subject.isNull else { return .null }
            guard case .array(let items) = subject else { throw typeError(subject) }
            let key = try text(values[1])
            return items.first { $0[key] == values[2] } ?? .null
        case .pluck:
            guard !subject.isNull else { return .array([]) }
            guard case .array(let items) = subject else { throw typeError(subject) }
            let key = try text(values[1])
            return .array(items.map { $0[key] ?? .null })
        case .slice:
            // Python-like bounds: negative counts from the end, out of range clamps.
            func bounds(_ length: Int) throws(EvaluationError) -> Range<Int> {
                func clamp(_ raw: Int) -> Int { min(length, max(0, raw < 0 ? length + raw : raw)) }
                let start = clamp(try integer(values[1]))
                let end = values.count > 2 ? clamp(try integer(values[2])) : length
                return start..<max(start, end)
            }
            switch subject {
            case .null: return .null
            case .array(let items): return .array(Array(items[try bounds(items.count)]))
            case .string(let s):
                let characters = Array(s)
                return .string(String(characters[try bounds(characters.count)]))
            default: throw typeError(subject)
            }
        case .keys:
            switch subject {
            case .null: return .array([])
            case .object(let object): return .array(object.keys.map(JSON.string))
            default: throw typeError(subject)
            }
        }
    }

    /// `text` cut at every `separator`, comparing UTF-8 bytes (the standard
    /// library's generic `split` is several times slower here).
    static func split(_ text: String, _ separator: String) -> [String] {
        var parts: [String] = []
        let sep = Array(separator.utf8)
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var start = 0
            var index = 0
            let last = bytes.count - sep.count
            while index <= last {
                var hit = true
                for k in 0..<sep.count where bytes[index + k] != sep[k] {
                    hit = false
                    break
                }
                if hit {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    index += sep.count
                    start = index
                } else {
                    index += 1
                }
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
        }
        if done == nil {
            parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        }
        return parts
    }

    static func isASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    }

    /// At most `limit` characters, the suffix included when cut.
    static func truncate(_ s: String, to limit: Int, suffix: String = "…") -> String {
        // Fast path: no more bytes than the limit means no more characters.
        if s.utf8.count <= limit { return s }
        // ASCII text: characters are bytes, so cut the bytes (no grapheme walk).
        if isASCII(s) && isASCII(suffix) {
            let keep = limit >= suffix.utf8.count ? limit - suffix.utf8.count : limit
            var text = s
            let head = text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[0..<keep]), as: UTF8.self) }
            return limit >= suffix.utf8.count ? head + suffix : head
        }
        guard s.count > limit else { return s }
        let keep = max(0, limit - suffix.count)
        return String(s.prefix(keep)) + (limit >= suffix.count ? suffix : "")
    }
}
