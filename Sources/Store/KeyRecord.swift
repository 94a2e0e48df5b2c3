/// What the gateway remembers per dedup key: the Sniffer bug it maps to, and
/// enough to avoid repeating itself.
public struct KeyRecord: Sendable, Hashable {
    /// The Sniffer bug filed for this key, once known.
    public var bugID: String?
    /// A hash of the last comment posted on that bug, so an identical comment is not repeated.
    public var lastCommentHash: String?
    /// When the bug was last set to a resolved status (for a reopen window); `nil` if open.
    public var resolvedAt: EpochMillis?
    /// The outbox action that filed (or adopted) `bugID`, so that action's own
    /// retry, after a crash between this record and its completion, knows the
    /// bug for its own and does not treat it as a duplicate.
    public var createdByAction: Int64?
    /// The open coalescing window of the key's repeats (`coalesce`), if any.
    public var commentWindow: CommentWindow?
    /// When this record last changed.
    public var updatedAt: EpochMillis

    public init(bugID: String? = nil, lastCommentHash: String? = nil, resolvedAt: EpochMillis? = nil,
                createdByAction: Int64? = nil, commentWindow: CommentWindow? = nil, updatedAt: EpochMillis) {
        self.bugID = bugID
        self.lastCommentHash = lastCommentHash
        self.resolvedAt = resolvedAt
        self.createdByAction = createdByAction
        self.commentWindow = commentWindow
        self.updatedAt = updatedAt
    }

    /// A window opened by a comment on the key's bug: repeats received
    /// before `endsAt` are held, and commented on together when it ends.
    public struct CommentWindow: Sendable, Hashable {
        /// The action whose comment opened it; its retry knows it has commented.
        public var opener: Int64
        public var endsAt: EpochMillis

        public init(opener: Int64, endsAt: EpochMillis) {
            self.opener = opener
            self.endsAt = endsAt
        }
    }
}

extension KeyRecord {
    /// The `keys` columns a record is read from, in the order `stored(...)` takes them.
    static let columns = "bug_id, last_comment_hash, resolved_at, updated_at, created_by_action, window_opener, window_ends_at"

    /// A record from its `keys` row (`columns`): a window only when both of its columns are set.
    static func stored(
        bugID: String?, lastCommentHash: String?, resolvedAt: EpochMillis?, updatedAt: EpochMillis, createdByAction: Int64?,
        windowOpener: Int64?, windowEndsAt: EpochMillis?
    ) -> KeyRecord {
        var window: CommentWindow?
        if let windowOpener, let windowEndsAt { window = CommentWindow(opener: windowOpener, endsAt: windowEndsAt) }
        return KeyRecord(
            bugID: bugID, lastCommentHash: lastCommentHash, resolvedAt: resolvedAt, createdByAction: createdByAction,
            commentWindow: window, updatedAt: updatedAt)
    }
}
