import JSON

/// The `messages` of Snipe-IT's envelope: a sentence, or the field errors of
/// a failed validation (each field with its list of sentences). The text is
/// translated into the token owner's locale, so it is for people: callers
/// decide on the outcome's case, never on these words.
public enum SnipeITMessages: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case fields([SnipeITFieldError])

    /// Reads `messages` as Snipe-IT writes it: a string, an object of field
    /// errors (a list of strings, or one string, per field), a number (what
    /// versions before 5.4 put there for some HTTP errors), or null.
    public init(_ json: JSON?) {
        switch json {
        case .string(let text)?:
            self = .text(text)
        case .object(let object)?:
            self = .fields(object.members.map { member in
                let sentences: [String]
                switch member.value {
                case .array(let items): sentences = items.map { $0.stringValue ?? $0.serialized() }
                case .string(let text): sentences = [text]
                default: sentences = [member.value.serialized()]
                }
                return SnipeITFieldError(field: member.key, messages: sentences)
            })
        case .array(let items)?:
            self = .text(items.map { $0.stringValue ?? $0.serialized() }.joined(separator: "; "))
        case .int(let number)?:
            self = .text(String(number))
        case nil, .null?:
            self = .text("")
        case let other?:
            self = .text(other.serialized())
        }
    }

    /// One line: the sentence, or `field: sentence; field: sentence`.
    public var description: String {
        switch self {
        case .text(let text): text
        case .fields(let errors): errors.map(\.description).joined(separator: "; ")
        }
    }

    /// The same messages with `transform` applied to every sentence.
    func mapText(_ transform: (String) -> String) -> SnipeITMessages {
        switch self {
        case .text(let text): .text(transform(text))
        case .fields(let errors):
            .fields(errors.map { SnipeITFieldError(field: $0.field, messages: $0.messages.map(transform)) })
        }
    }
}
