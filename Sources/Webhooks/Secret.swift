import Foundation
/// A webhook secret or token that never prints itself.
///
/// `description`, `debugDescription` and the reflection mirror all show
/// `***`, so a secret interpolated into a log line or an error by mistake
/// leaks nothing. Read the value only where it is used: `reveal()`.
///
/// The Sniffer target has a twin (`Sniffer.Secret`, same API); the two are
/// meant to be unified into one shared type.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The secret itself. Named so every use is easy to find.
    public func reveal() -> String { value }

    /// The secret's UTF-8 bytes (the HMAC key for GitHub, Jira and Slack).
    var utf8Bytes: [UInt8] { Array(value.utf8) }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "***" }
    public var debugDescription: String { "Secret(***)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the secret replaced by `***`.
    public func redact(_ text: String) -> String {
        guard !value.isEmpty else { return text }
        return text.replacingOccurrences(of: value, with: "***")
    }
}

extension Secret: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self.init(value)
    }
}
