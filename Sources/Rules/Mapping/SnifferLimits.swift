/// The longest values Sniffer accepts. Rendered values longer than these are
/// cut (ending in "…") when the action is built, so a long CI log never makes
/// a delivery fail. Documented in docs/MAPPINGS.md ("Limits").
public struct SnifferLimits: Sendable, Equatable {
    /// A bug summary (title).
    public var summary = 255
    /// A bug description.
    public var description = 65_535
    /// A comment, and `duplicate_comment`.
    public var comment = 65_535
    /// Severity, type, platform, status names and each tag or assignee.
    public var shortText = 100
    /// How many tags a bug gets.
    public var tags = 20
    /// How many assignees a bug gets.
    public var assignees = 20
    /// A dedup (integration) key; cut without an ellipsis.
    public var dedupKey = 255
    /// Slack: `text` of a reply or follow-up (Slack's own limit is larger; long
    /// messages are unreadable in a channel anyway).
    public var slackText = 3_000

    /// The documented defaults.
    public init() {}
}
