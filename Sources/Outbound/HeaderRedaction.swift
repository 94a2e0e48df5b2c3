/// Which header names carry secrets, so descriptions and logs can show the
/// name and hide the value. Names compare case-insensitively.
public struct HeaderRedaction: Sendable, Equatable {
    /// Exact names (lower case) whose values are secret.
    public var names: Set<String>
    /// A name containing any of these (lower case) is secret too.
    public var fragments: [String]

    /// What replaces a secret value.
    public static let mask = "<redacted>"

    /// The default: `api-token`, `authorization`, `proxy-authorization`,
    /// `cookie`, `set-cookie`, `x-gitlab-token`, `x-api-key`, and any name
    /// containing "token", "secret", "password" or "signature".
    public static let `default` = HeaderRedaction(
        names: [
            "api-token", "authorization", "proxy-authorization", "cookie", "set-cookie", "x-gitlab-token",
            "x-api-key",
        ],
        fragments: ["token", "secret", "password", "signature"])

    public init(names: Set<String>, fragments: [String] = []) {
        self.names = Set(names.map { $0.lowercased() })
        self.fragments = fragments.map { $0.lowercased() }
    }

    /// Whether values of header `name` must never be shown.
    public func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        return names.contains(lower) || fragments.contains { lower.contains($0) }
    }

    /// `headers` with every sensitive value replaced by `mask`.
    public func redact(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        headers.map { isSensitive($0.name) ? ($0.name, Self.mask) : $0 }
    }

    /// `url` with its user-info password and the values of sensitive query
    /// parameters (same name rules as headers) replaced by `mask`.
    public func redact(url: String) -> String {
        var result = url
        // user:password@host
        if let scheme = result.range(of: "://") {
            let authorityEnd = result[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" }
                ?? result.endIndex
            let authority = result[scheme.upperBound..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                result.replaceSubrange(scheme.upperBound..<at, with: Self.mask)
            }
        }
        guard let question = result.firstIndex(of: "?") else { return result }
        let fragmentStart = result[question...].firstIndex(of: "#") ?? result.endIndex
        let query = result[result.index(after: question)..<fragmentStart]
        let redacted = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "="), isSensitive(String(pair[..<equals])) else { return String(pair) }
            return "\(pair[..<equals])=\(Self.mask)"
        }.joined(separator: "&")
        result.replaceSubrange(result.index(after: question)..<fragmentStart, with: redacted)
        return result
    }
}
