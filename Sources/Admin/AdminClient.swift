import JSON
import Outbound
import Store

/// The admin API of one running gateway, for `sniffer-bridge deliveries
/// --url`: what the data-directory commands do, over HTTP with a bearer
/// token. Answers come back as the store's own values, so the command
/// prints them as it prints the data directory's.
package struct AdminClient: Sendable {
    /// Why a call failed: the gateway's own message when it answered.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
        /// The gateway did not answer, or answered 5xx: another replica may.
        package var isUnavailable = false

        package init(description: String, isUnavailable: Bool = false) {
            self.description = description
            self.isUnavailable = isUnavailable
        }
    }

    /// The gateway's base URL (`http://host:8080`), without `/admin`.
    package let baseURL: String
    let token: String
    let transport: any HTTPTransport

    package init(baseURL: String, token: String, transport: any HTTPTransport) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.token = token
        self.transport = transport
    }

    /// Every delivery in `state` (all when `nil`), newest first, page after page.
    package func deliveries(state: ActionState?) async throws(Failure) -> [OutboxAction] {
        var all: [OutboxAction] = []
        var cursor: String?
        repeat {
            var query = "limit=\(AdminQuery.maxLimit)"
            if let state { query += "&state=\(state.rawValue)" }
            if let cursor { query += "&cursor=\(cursor)" }
            let page = try await call("GET", "/deliveries?\(query)")
            for item in page["deliveries"]?.arrayValue ?? [] { all.append(try Self.action(item)) }
            cursor = page["next_cursor"]?.stringValue
        } while cursor != nil
        return all
    }

    /// One delivery and its event (`nil`: pruned); `nil` when the gateway knows no such id.
    package func delivery(
        id: Int64
    ) async throws(Failure) -> (action: OutboxAction, attempts: [DeliveryAttempt], event: StoredEvent?)? {
        guard let json = try await call("GET", "/deliveries/\(id)", notFoundIsNil: true) else { return nil }
        let attempts = (json["attempt_history"]?.arrayValue ?? []).compactMap { item -> DeliveryAttempt? in
            guard let outcome = item["outcome"]?.stringValue.flatMap(DeliveryAttempt.Outcome.init(rawValue:)) else { return nil }
            return DeliveryAttempt(
                actionID: id, number: Int(item["number"]?.intValue ?? 0), at: item["at"]?.intValue ?? 0, outcome: outcome,
                answer: item["answer"]?.stringValue)
        }
        return (try Self.action(json), attempts, Self.event(json["event"]))
    }

    /// Queues one delivery again; `false` when the gateway knows no such id.
    package func retry(id: Int64) async throws(Failure) -> Bool {
        try await call("POST", "/deliveries/\(id)/retry", notFoundIsNil: true) != nil
    }

    /// Queues every dead letter again; how many.
    package func retryAllDead() async throws(Failure) -> Int {
        Int(try await call("POST", "/deliveries/retry")["retried"]?.intValue ?? 0)
    }

    /// Drops one delivery; `false` when the gateway knows no such id.
    package func drop(id: Int64) async throws(Failure) -> Bool {
        try await call("POST", "/deliveries/\(id)/drop", notFoundIsNil: true) != nil
    }

    private func call(_ method: String, _ path: String) async throws(Failure) -> JSON {
        guard let json = try await call(method, path, notFoundIsNil: false) else {
            throw Failure(description: "\(baseURL): no answer")
        }
        return json
    }

    private func call(_ method: String, _ path: String, notFoundIsNil: Bool) async throws(Failure) -> JSON? {
        let url = baseURL + AdminAPI.apiPrefix + path
        let request = OutboundRequest(
            method: method, url: url, headers: [(name: "Authorization", value: "Bearer \(token)")], timeout: .seconds(30))
        let response: OutboundResponse
        switch await transport.send(request) {
        case .success(let answer): response = answer
        case .failure(let failure): throw Failure(description: "\(method) \(url): \(failure)", isUnavailable: true)
        }
        let json = try? JSON(parsing: response.body)
        // An unknown delivery, as opposed to a gateway without [admin] (its 404 says "no route").
        let unknownDelivery = json?["error"] == "not_found" && json?["message"]?.stringValue?.hasPrefix("no delivery") == true
        if response.status == 404, notFoundIsNil, unknownDelivery { return nil }
        guard (200..<300).contains(response.status), let json else {
            let message = json?["message"]?.stringValue ?? String(decoding: response.body.prefix(200), as: UTF8.self)
            let hint = response.status == 404 && json?["message"]?.stringValue?.hasPrefix("no route") != false
                ? " (is [admin] configured on that gateway?)" : ""
            throw Failure(description: "\(method) \(url): \(response.status) \(message)\(hint)", isUnavailable: response.status >= 500)
        }
        return json
    }

    /// An `OutboxAction` from its JSON (the recorded action in `action` when given).
    static func action(_ json: JSON) throws(Failure) -> OutboxAction {
        guard let id = json["id"]?.intValue, let eventID = json["event_id"]?.intValue,
            let state = json["state"]?.stringValue.flatMap(ActionState.init(rawValue:))
        else { throw Failure(description: "the gateway answered a delivery without id, event_id or state") }
        let payload = json["action"].map { $0.isNull ? [] : $0.serializedBytes() } ?? []
        return OutboxAction(
            id: id, eventID: eventID, sequence: Int(json["sequence"]?.intValue ?? 0), dedupKey: json["dedup_key"]?.stringValue ?? "",
            kind: json["kind"]?.stringValue ?? "", payload: payload, state: state,
            attempts: Int(json["attempts"]?.intValue ?? 0), nextAttemptAt: json["next_attempt_at"]?.intValue ?? 0,
            firstAttemptAt: json["first_attempt_at"]?.intValue, lastError: json["last_error"]?.stringValue,
            result: json["result"]?.stringValue, createdAt: json["created_at"]?.intValue ?? 0,
            finishedAt: json["finished_at"]?.intValue)
    }

    /// The event part of a delivery's JSON, without headers or payload.
    static func event(_ json: JSON?) -> StoredEvent? {
        guard let json, let id = json["id"]?.intValue else { return nil }
        return StoredEvent(
            id: id, source: json["source"]?.stringValue ?? "", deliveryID: json["delivery_id"]?.stringValue ?? "",
            name: json["name"]?.stringValue ?? "", receivedAt: json["received_at"]?.intValue ?? 0, headers: [], payload: [],
            state: .dispatched, dispatchedAt: nil)
    }
}
