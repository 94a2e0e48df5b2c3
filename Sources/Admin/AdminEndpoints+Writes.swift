import HTTP
import JSON
import Store

/// The writes, each needing scope `operate`: retry one delivery or every
/// dead letter matching a filter, drop one, replay an event.
extension AdminEndpoints {
    /// The largest number of dead letters one `POST /deliveries/retry` reads per page.
    static let retryPage = 500

    func retry(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let id = try call.id(of: "a delivery")
        _ = try call.body(known: [])
        let now = context.now()
        try await store(delivery: id) { () async throws(StoreError) in try await context.store.retryAction(id: id, now: now) }
        context.onQueued()
        return .json(try await deliveryJSON(id))
    }

    func drop(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let id = try call.id(of: "a delivery")
        _ = try call.body(known: [])
        let now = context.now()
        try await store(delivery: id) { () async throws(StoreError) in try await context.store.dropAction(id: id, now: now) }
        return .json(try await deliveryJSON(id))
    }

    /// Every dead letter matching `{"source": ..., "key": ...}` (both
    /// optional; `{}` or no body: every one) goes back to pending. One that
    /// changed state meanwhile (retried or dropped by another call) is skipped.
    func retryMatching(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let body = try call.body(known: ["source", "key"])
        let source = try Self.string(body, "source")
        let key = try Self.string(body, "key")
        var ids: [Int64] = []
        var before: Int64?
        while true {
            let query = ActionQuery(state: .dead, source: source, keyContains: key, before: before, limit: Self.retryPage)
            let page = try await store { () async throws(StoreError) in try await context.store.actions(matching: query) }
            ids += page.map(\.id)
            guard page.count == Self.retryPage, let last = page.last else { break }
            before = last.id
        }
        let now = context.now()
        var retried = 0
        // Oldest first, as `deliveries retry --all-dead` does: each goes to the back of its key's queue.
        for id in ids.reversed() {
            do {
                try await context.store.retryAction(id: id, now: now)
                retried += 1
            } catch where error.code == .wrongState || error.code == .notFound {
                continue
            } catch {
                throw HTTPError(error)
            }
        }
        if retried > 0 { context.onQueued() }
        return .json(["retried": .int(Int64(retried))])
    }

    func replay(_ call: AdminCall) async throws(HTTPError) -> AdminReply {
        let id = try call.id(of: "an event")
        _ = try call.body(known: [])
        let stored = try await store { () async throws(StoreError) in try await context.store.event(id: id) }
        guard let stored else { throw HTTPError(.notFound, "no event with id \(id)") }
        let (event, actions, result) = try AdminReplay.replay(stored, mappings: context.mappings(), now: context.now())
        let appended = try await store { () async throws(StoreError) in try await context.store.append(event, actions: actions) }
        if appended.isDuplicate {
            throw HTTPError(.conflict, "event \(id) was replayed in this very millisecond already (event \(appended.id))")
        }
        context.onQueued()
        let state: String = if case .dispatched = appended { "dispatched" } else { "pending" }
        return .json(
            [
                "event_id": .int(appended.id), "replay_of": .int(id), "delivery_id": .string(event.deliveryID),
                "state": .string(state), "matched_rules": .int(Int64(result.matchedRules)),
                "actions": .int(Int64(actions.count)),
            ], status: 201)
    }

    /// A store call on the delivery `id`: an unknown id is answered as `GET /deliveries/{id}` answers it.
    func store(delivery id: Int64, _ body: () async throws(StoreError) -> Void) async throws(HTTPError) {
        do { try await body() } catch where error.code == .notFound {
            throw HTTPError(.notFound, "no delivery with id \(id)")
        } catch {
            throw HTTPError(error)
        }
    }

    /// An optional string member; any other type is a 400 naming it.
    static func string(_ body: JSONObject, _ key: String) throws(HTTPError) -> String? {
        guard let value = body[key], !value.isNull else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw HTTPError(.badRequest, "'\(key)' must be a non-empty string, found \(value.typeName)")
        }
        return text
    }
}
