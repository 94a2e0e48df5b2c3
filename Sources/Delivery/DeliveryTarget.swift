import Rules

/// An API the outbox delivers to, each with a circuit breaker and a token
/// pause of its own (`TargetGates`), so one target's outage or refused token
/// holds only its own deliveries.
///
/// A new target is a new case: `allCases` gives it a breaker, a gauge series
/// and a place in `/readyz`, and the compiler asks for its action kinds
/// below. Its `rawValue` names its config table (`[<rawValue>.breaker]`)
/// and its metric label.
package enum DeliveryTarget: String, Sendable, Hashable, CaseIterable {
    case sniffer
    case snipeIT = "snipeit"

    /// How logs and readiness reasons name it.
    package var displayName: String {
        switch self {
        case .sniffer: "Sniffer"
        case .snipeIT: "Snipe-IT"
        }
    }

    /// The target an action of `kind` is delivered to, whose breaker and
    /// pause it goes through; `nil` for the actions that go to no API
    /// target: `reply` is answered in the command's HTTP response, and
    /// `follow_up` posts to Slack's `response_url`, a URL of its own per
    /// command that expires within minutes, so a breaker shared by all of
    /// them would hold messages no probe can speak for.
    package init?(_ kind: Action.Kind) {
        switch kind {
        case .createBug, .comment, .setStatus, .updateBug, .searchBugs: self = .sniffer
        case .lookupAsset, .lookupUser, .setAssetStatus, .addMaintenance: self = .snipeIT
        case .reply, .followUp: return nil
        }
    }

    /// The target of the action kind named `name` as the outbox stores it
    /// (`create_bug`), for what reads stored kinds (the admin API's
    /// activity per target). `DeliveryTargetTests` checks that it agrees
    /// with `init(_:)` for every kind.
    package init?(kindName name: String) {
        switch name {
        case "create_bug", "comment", "set_status", "update_bug", "search_bugs": self = .sniffer
        case "lookup_asset", "lookup_user", "set_asset_status", "add_maintenance": self = .snipeIT
        default: return nil
        }
    }

    /// The target whose token refused an action of `kind`: its own, or
    /// Sniffer's for a `follow_up`, whose one API call reads the bug it
    /// names from Sniffer.
    package static func owningToken(of kind: Action.Kind) -> DeliveryTarget {
        DeliveryTarget(kind) ?? .sniffer
    }
}
