import Config
import HTTP
import JSON
import Store

/// Every route of the admin API and the handler of each: the listings and
/// the look-ups here, the writes in `AdminEndpoints+Writes.swift`. The
/// order is the OpenAPI document's.
struct AdminEndpoints: Sendable {
    let context: AdminContext

    var routes: [AdminRoute] {
        [
            AdminRoute("GET", "/events", query: ["source", "state", "since", "until", "key", "cursor", "limit"]) {
                call throws(HTTPError) in try await events(call)
            },
            AdminRoute("GET", "/events/{id}") { call throws(HTTPError) in try await event(call) },
            AdminRoute("POST", "/events/{id}/replay", scope: .operate) { call throws(HTTPError) in try await replay(call) },
            AdminRoute("GET", "/deliveries", query: ["state", "source", "key", "cursor", "limit"]) { call throws(HTTPError) in
                try await deliveries(call)
            },
            AdminRoute("GET", "/deliveries/{id}") { call throws(HTTPError) in try await delivery(call) },
            AdminRoute("POST", "/deliveries/retry", scope: .operate) { call throws(HTTPError) in try await retryMatching(call) },
            AdminRoute("POST", "/deliveries/{id}/retry", scope: .operate) { call throws(HTTPError) in try await retry(call) },
            AdminRoute("POST", "/deliveries/{id}/drop", scope: .operate) { call throws(HTTPError) in try await drop(call) },
            AdminRoute("GET", "/sources") { _ throws(HTTPError) in sources() },
            AdminRoute("GET", "/targets") { _ throws(HTTPError) in try await targets() },
            AdminRoute("GET", "/activity", query: ["since"]) { call throws(HTTPError) in try await activity(call) },
            AdminRoute("GET", "/whoami") { call throws(HTTPError) in
                .json(["name": .string(call.token.name), "scope": .string(call.token.scope.rawValue)])
            },
        ]
    }

    /// Runs a store call, its refusal turned into the API's answer.
    func store<T>(_ body: () async throws(StoreError) -> T) async throws(HTTPError) -> T {
        do { return try await body() } catch { throw HTTPError(error) }
    }

    // MARK: Events

    func events(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let query = EventQuery(
            source: try call.query.string("source"), state: try call.query.choice("state", EventState.self),
            since: try call.query.time("since"), until: try call.query.time("until"), keyContains: try call.query.string("key"),
            before: try call.query.cursor(), limit: try call.query.limit())
        let events = try await store { () async throws(StoreError) in try await context.store.events(matching: query) }
        let next: JSON = events.count == query.limit ? events.last.map { .string(String($0.id)) } ?? .null : .null
        return .json(["events": .array(events.map(AdminJSON.event)), "next_cursor": next])
    }

    func event(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let id = try call.id(of: "an event")
        let stored = try await store { () async throws(StoreError) in try await context.store.event(id: id) }
        guard let stored else { throw HTTPError(.notFound, "no event with id \(id)") }
        let actions = try await store { () async throws(StoreError) in try await context.store.actions(ofEvent: id) }
        var withAttempts: [(OutboxAction, [DeliveryAttempt])] = []
        for action in actions {
            withAttempts.append((action, try await store { () async throws(StoreError) in try await context.store.attempts(ofAction: action.id) }))
        }
        let explanation = AdminReplay.explain(stored, mappings: context.mappings())
        return .json(AdminJSON.event(stored, actions: withAttempts, explanation: explanation))
    }

    // MARK: Deliveries

    func deliveries(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let query = ActionQuery(
            state: try call.query.choice("state", ActionState.self), source: try call.query.string("source"),
            keyContains: try call.query.string("key"), before: try call.query.cursor(), limit: try call.query.limit())
        let actions = try await store { () async throws(StoreError) in try await context.store.actions(matching: query) }
        let next: JSON = actions.count == query.limit ? actions.last.map { .string(String($0.id)) } ?? .null : .null
        return .json(["deliveries": .array(actions.map { AdminJSON.action($0) }), "next_cursor": next])
    }

    func delivery(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let id = try call.id(of: "a delivery")
        return .json(try await deliveryJSON(id))
    }

    /// One delivery with its event, or 404.
    func deliveryJSON(_ id: Int64) async throws(HTTPError) -> JSON {
        let action = try await store { () async throws(StoreError) in try await context.store.action(id: id) }
        guard let action else { throw HTTPError(.notFound, "no delivery with id \(id)") }
        let attempts = try await store { () async throws(StoreError) in try await context.store.attempts(ofAction: id) }
        let event = try await store { () async throws(StoreError) in try await context.store.event(id: action.eventID) }
        return AdminJSON.action(action, attempts: attempts, event: event)
    }

    // MARK: Sources and targets

    func sources() -> AdminReply {
        .json(["sources": .array(context.sources().map { source in
            ["name": .string(source.name), "enabled": .bool(source.enabled), "counters": Self.counters(source.counters)]
        })])
    }

    /// Every target with its breaker, its counters since the start, and its
    /// attempts of the last hour by outcome (from the store, so every
    /// replica's count the same).
    func targets() async throws(HTTPError) -> AdminReply {
        let since = context.now() - 3_600_000
        let activity = try await store { () async throws(StoreError) in try await context.store.activity(since: since) }
        var lastHour: [String: [DeliveryAttempt.Outcome: Int]] = [:]
        for (kind, outcomes) in activity.attempts {
            guard let target = context.targetOfKind(kind) else { continue }
            lastHour[target, default: [:]].merge(outcomes, uniquingKeysWith: +)
        }
        return .json(["targets": .array(context.targets().map { target in
            let outcomes = lastHour[target.name] ?? [:]
            return [
                "name": .string(target.name), "breaker": .string(target.breaker), "probe_at": AdminJSON.optional(target.probeAt),
                "paused": .bool(target.pauseReason != nil), "pause_reason": AdminJSON.optional(target.pauseReason),
                "counters": Self.counters(target.counters),
                "last_hour": .object(JSONObject(DeliveryAttempt.Outcome.allCases.map { ($0.rawValue, .int(Int64(outcomes[$0] ?? 0))) })),
            ]
        })])
    }

    /// Events by source and attempts by kind and outcome since `since` (default: the last hour).
    func activity(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let since = try call.query.time("since") ?? context.now() - 3_600_000
        let activity = try await store { () async throws(StoreError) in try await context.store.activity(since: since) }
        let attempts = activity.attempts.sorted { $0.key < $1.key }.map { kind, outcomes in
            (kind, JSON.object(JSONObject(DeliveryAttempt.Outcome.allCases.map { ($0.rawValue, .int(Int64(outcomes[$0] ?? 0))) })))
        }
        return .json([
            "since": .int(since), "events": Self.counters(activity.events.mapValues(Double.init)),
            "attempts": .object(JSONObject(attempts)),
        ])
    }

    static func counters(_ counters: [String: Double]) -> JSON {
        .object(JSONObject(counters.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) }))
    }
}
