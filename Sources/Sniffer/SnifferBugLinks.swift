import Outbound

/// Where a person opens a bug: `[sniffer] web_url`, a template of the web
/// app's bug page with `{id}` (the document id) and `{number}` (the
/// `bugNumber` people see). The API host is no such place: it answers 401
/// to a browser, which sends no token. Without a template there is no link,
/// and a bug is named by its number.
public struct SnifferBugLinks: Sendable, Equatable {
    /// The placeholders a template may use.
    public static let placeholders = ["{id}", "{number}"]

    public var template: String?

    public init(template: String? = nil) {
        self.template = template
    }

    /// The page of a bug; `nil` without a template, or when the template
    /// needs the number and it is not known.
    public func url(id: String, number: Int64?) -> String? {
        guard let template else { return nil }
        if template.contains("{number}"), number == nil { return nil }
        return template.replacingOccurrences(of: "{id}", with: PercentEncoding.escape(id))
            .replacingOccurrences(of: "{number}", with: number.map(String.init) ?? "")
    }

    /// How a message names a bug: `bug #42`, or `bug <id>` when its number is not known.
    public static func name(id: String, number: Int64?) -> String {
        number.map { "bug #\($0)" } ?? "bug \(id)"
    }

    /// The placeholders of `template` that are not `{id}` or `{number}`.
    public static func unknownPlaceholders(in template: String) -> [String] {
        var unknown: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let placeholder = String(rest[open...close])
            if !placeholders.contains(placeholder) { unknown.append(placeholder) }
            rest = rest[rest.index(after: close)...]
        }
        return unknown
    }
}
