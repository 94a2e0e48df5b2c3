extension OutboundRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Method, URL and headers with secret values hidden (`HeaderRedaction.default`),
    /// and the body's size only: safe for logs and error messages.
    public var description: String { redactedDescription() }

    /// The same as `description`: never a secret, even in a debugger.
    public var debugDescription: String { redactedDescription() }

    /// `dump` and the debugger see the redacted fields, not the raw ones.
    public var customMirror: Mirror {
        let redaction = HeaderRedaction.default
        return Mirror(
            self,
            children: [
                "method": method,
                "url": redaction.redact(url: url),
                "headers": redaction.redact(headers).map { "\($0.name): \($0.value)" },
                "body": "\(body.count) bytes",
                "timeout": timeout.map { "\($0)" } ?? "default",
            ],
            displayStyle: .struct)
    }

    /// The description under a custom redaction (e.g. extra names from config).
    public func redactedDescription(using redaction: HeaderRedaction = .default) -> String {
        let headers = redaction.redact(headers).map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        return "\(method) \(redaction.redact(url: url)) [\(headers)] body: \(body.count) bytes"
    }
}
