import Foundation

/// A secret string (an API token, a webhook secret) that never prints itself.
///
/// `description`, `debugDescription` and the reflection mirror all show
/// `***`, so a secret interpolated into a log line or an error by mistake
/// leaks nothing. Read the value only where it goes on the wire: `reveal()`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The secret itself. Named so every use is easy to find.
    public func reveal() -> String { value }

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
