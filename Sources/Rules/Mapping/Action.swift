import JSON

/// One thing an event makes the bridge do, produced by `evaluate` and
/// carried out later by the deliverer. A plain value: printable (`json`),
/// comparable in tests, storable in the outbox.
public struct Action: Sendable, Equatable {
    /// The rule that produced it.
    public var rule: String
    /// The integration key tying events to one Sniffer bug (rendered `dedup_key`).
    public var dedupKey: String?
    /// For `comment`, `set_status` and `update_bug`: a Sniffer bug id given
    /// directly (e.g. `/bug status 123 Done`); when set, it names the bug
    /// instead of the dedup key.
    public var bugID: String?
    /// The platform the dedup key belongs to (the rule's
    /// `integration_platform`, e.g. `JIRA` for a Jira issue key); `nil` means
    /// the `[sniffer]` default. Used to file and to find the bug by its key.
    public var integrationPlatform: String?
    /// The W3C `traceparent` of the span that recorded it (its event's
    /// ingest), which its delivery attempts continue; set when it goes into
    /// the outbox, `nil` in what `evaluate` returns.
    public var trace: String?
    /// What to do, with its rendered values.
    public var kind: Kind
    /// `id`: the name later actions of the same rule read its result by
    /// (`steps.<id>`); unique within the rule.
    public var stepID: String?
    /// Fields whose templates read `steps`, as template source by field
    /// name (`when` among them): they cannot be rendered when the event
    /// arrives, so the deliverer renders them, once the earlier actions'
    /// results are known (`StepRendering`). Their typed fields hold a
    /// placeholder until then.
    public var deferred: [String: String]

    /// An action of `rule`.
    public init(
        rule: String, dedupKey: String?, bugID: String? = nil, integrationPlatform: String? = nil, trace: String? = nil,
        kind: Kind, stepID: String? = nil, deferred: [String: String] = [:]
    ) {
        self.rule = rule
        self.dedupKey = dedupKey
        self.bugID = bugID
        self.integrationPlatform = integrationPlatform
        self.trace = trace
        self.kind = kind
        self.stepID = stepID
        self.deferred = deferred
    }

    /// The actions a mapping can ask for (`do = "..."`).
    public enum Kind: Sendable, Equatable {
        case createBug(CreateBug)
        case comment(Comment)
        case setStatus(SetStatus)
        case updateBug(UpdateBug)
        case reply(Reply)
        case followUp(FollowUp)
        case searchBugs(SearchBugs)
        case lookupAsset(LookupAsset)
        case lookupUser(LookupUser)
        case setAssetStatus(SetAssetStatus)
        case addMaintenance(AddMaintenance)

        /// The name used in mapping files and in the JSON form (`do = "create_bug"`).
        public var name: String {
            switch self {
            case .createBug: return "create_bug"
            case .comment: return "comment"
            case .setStatus: return "set_status"
            case .updateBug: return "update_bug"
            case .reply: return "reply"
            case .followUp: return "follow_up"
            case .searchBugs: return "search_bugs"
            case .lookupAsset: return "lookup_asset"
            case .lookupUser: return "lookup_user"
            case .setAssetStatus: return "set_asset_status"
            case .addMaintenance: return "add_maintenance"
            }
        }
    }

    /// Fields of a Sniffer bug that mappings can set; `nil` means "not set".
    public struct BugFields: Sendable, Equatable {
        public var summary: String?
        public var description: String?
        public var severity: String?
        public var type: String?
        public var platform: String?
        public var tags: [String]?
        public var assignees: [String]?
        /// Any further fields, passed through to Sniffer as they are.
        public var extra: JSONObject

        public init(
            summary: String? = nil, description: String? = nil, severity: String? = nil, type: String? = nil,
            platform: String? = nil, tags: [String]? = nil, assignees: [String]? = nil, extra: JSONObject = [:]
        ) {
            self.summary = summary
            self.description = description
            self.severity = severity
            self.type = type
            self.platform = platform
            self.tags = tags
            self.assignees = assignees
            self.extra = extra
        }
    }

    /// What `create_bug` does when a bug with the same dedup key already exists.
    public enum DuplicatePolicy: String, Sendable, Equatable, CaseIterable {
        /// Add `duplicate_comment` to the existing bug (unless identical to its last comment).
        case comment
        /// Overwrite the existing bug's fields with the new ones.
        case update
        /// Like `comment`; if the bug is resolved and was resolved less than
        /// `reopen_window` ago, set it back to `reopen_status`; after the window, file a new bug.
        case reopen
        /// Do nothing.
        case skip
    }

    /// `create_bug`: file a bug under the dedup key, or apply `onDuplicate` to the existing one.
    public struct CreateBug: Sendable, Equatable {
        /// Sniffer project id; `nil` uses the config's default project.
        public var project: String?
        public var fields: BugFields
        public var onDuplicate: DuplicatePolicy
        public var reopenWindowSeconds: Int64
        public var reopenStatus: String
        public var duplicateComment: String?
        /// `coalesce`: repeats of the key within this many seconds of the
        /// first become one comment; `nil` comments on every repeat.
        public var coalesceSeconds: Int64?
        /// `coalesce_label`: how the coalesced comment names this event (e.g. `#512`).
        public var coalesceLabel: String?

        public init(
            project: String? = nil, fields: BugFields, onDuplicate: DuplicatePolicy = .comment,
            reopenWindowSeconds: Int64 = 7 * 86_400, reopenStatus: String = "Open", duplicateComment: String? = nil,
            coalesceSeconds: Int64? = nil, coalesceLabel: String? = nil
        ) {
            self.project = project
            self.fields = fields
            self.onDuplicate = onDuplicate
            self.reopenWindowSeconds = reopenWindowSeconds
            self.reopenStatus = reopenStatus
            self.duplicateComment = duplicateComment
            self.coalesceSeconds = coalesceSeconds
            self.coalesceLabel = coalesceLabel
        }
    }

    /// `comment`: add a comment to the bug of the dedup key (or `bugID`).
    public struct Comment: Sendable, Equatable {
        public var text: String
        /// Shown as the comment's author (e.g. the Jira user), when set.
        public var author: String?
        /// Skip when identical to the bug's last comment.
        public var skipRepeat: Bool

        public init(text: String, author: String? = nil, skipRepeat: Bool = true) {
            self.text = text
            self.author = author
            self.skipRepeat = skipRepeat
        }
    }

    /// `set_status`: change the status of the bug of the dedup key (or `bugID`).
    public struct SetStatus: Sendable, Equatable {
        /// A status *name*, resolved to Sniffer's id at delivery time.
        public var status: String
        /// When no bug has the dedup key: skip (true) or fail (false).
        public var onlyIfExists: Bool
        public var comment: String?

        public init(status: String, onlyIfExists: Bool = true, comment: String? = nil) {
            self.status = status
            self.onlyIfExists = onlyIfExists
            self.comment = comment
        }
    }

    /// `update_bug`: change the fields that are set on the bug of the dedup key (or `bugID`).
    public struct UpdateBug: Sendable, Equatable {
        public var fields: BugFields
        public var onlyIfExists: Bool

        public init(fields: BugFields, onlyIfExists: Bool = true) {
            self.fields = fields
            self.onlyIfExists = onlyIfExists
        }
    }

    /// How a Slack message is shown.
    public enum Visibility: String, Sendable, Equatable, CaseIterable {
        case ephemeral
        case inChannel = "in_channel"
    }

    /// The immediate answer to a Slack command (the HTTP response body).
    public struct Reply: Sendable, Equatable {
        public var text: String
        public var visibility: Visibility

        public init(text: String, visibility: Visibility = .ephemeral) {
            self.text = text
            self.visibility = visibility
        }
    }

    /// A later message to Slack's `response_url` once the rule's other actions
    /// are done. `success` and `failure` are usually templates that read
    /// `steps` (and, in `failure`, `error`): rendered at delivery (`deferred`).
    public struct FollowUp: Sendable, Equatable {
        public var url: String
        public var success: String
        public var failure: String
        public var visibility: Visibility

        public init(url: String, success: String, failure: String, visibility: Visibility = .ephemeral) {
            self.url = url
            self.success = success
            self.failure = failure
            self.visibility = visibility
        }
    }

    /// A search of Sniffer's bugs whose hits are its step's `results`, for a follow-up.
    public struct SearchBugs: Sendable, Equatable {
        public var query: String
        public var limit: Int
        public var project: String?

        public init(query: String, limit: Int = 5, project: String? = nil) {
            self.query = query
            self.limit = limit
            self.project = project
        }
    }
}
