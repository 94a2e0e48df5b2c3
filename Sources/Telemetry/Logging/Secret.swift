/// A secret value (a token, a webhook secret, a password) that prints as
/// `***` everywhere: in `description`, `debugDescription`, string
/// interpolation, `dump` and log metadata. Only `reveal()` gives the value,
/// so every place that really needs it is easy to find.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// What a secret prints as.
    public static let redacted = "***"

    private let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// The secret's value. Call it only where the value leaves the process
    /// on purpose (an HTTP header, an HMAC key).
    public func reveal() -> String { value }

    /// True when the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    /// `text` with every occurrence of the secret replaced by `***`: for
    /// messages that may echo what was sent (a server's error text).
    public func redact(_ text: String) -> String {
        let needle = Array(value.utf8)
        let haystack = Array(text.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if index + needle.count <= haystack.count, haystack[index..<index + needle.count].elementsEqual(needle) {
                result += Secret.redacted.utf8
                index += needle.count
            } else {
                result.append(haystack[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Always `***`.
    public var description: String { Secret.redacted }
    /// Always `***`.
    public var debugDescription: String { Secret.redacted }
    /// `dump` and debuggers see no children, so the value cannot leak through reflection.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Compares in constant time for equal lengths, so equality checks do not
    /// reveal how many leading bytes matched.
    public static func == (lhs: Secret, rhs: Secret) -> Bool {
        let a = Array(lhs.value.utf8)
        let b = Array(rhs.value.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension Secret: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}
