import Delivery
import Foundation
import HTTP
import JSON
import Store

/// `GET /healthz`, `GET /readyz` and `GET /metrics` on the gateway's listener.
///
/// - `/healthz`: 200 `{"status":"ok"}` while the process answers at all.
/// - `/readyz`: 200 when the data directory takes a write, the largest
///   webhook the listener accepts still fits above the store's disk reserve,
///   the store answers and the Sniffer token is not known to be bad;
///   otherwise 503 with `{"status":"not_ready","reason":...}`. The space
///   test is stricter than the one each append makes, so a nearly full disk
///   turns `/readyz` 503 before webhooks are refused. Either body lists each
///   delivery target's breaker under `targets`; an open breaker keeps
///   `/readyz` at 200, because webhooks are still taken and stored, and a
///   load balancer that pulled the gateway would only lose those.
/// - `/metrics`: the Prometheus text format 0.0.4, the outbox gauges read from
///   the store just before rendering.
package struct OperationsRoutes: Sendable {
    let store: any StoreAdmin
    /// The data directory (`[store].path`), probed with a small file write;
    /// `nil` for a store without one (PostgreSQL).
    let directory: String?
    /// The largest body the listener accepts (`[server].max_body_bytes`).
    let largestEvent: Int
    let metrics: GatewayMetrics
    /// Why deliveries are paused (a refused token), or `nil`.
    let tokenProblem: @Sendable () -> String?
    /// Each delivery target's breaker and pause, for the body.
    let targets: @Sendable () -> [TargetGates.Status]

    /// Adds the three routes to `router`.
    func add(to router: inout HTTPRouter) {
        router.add("GET", "/healthz", AsyncHTTPHandler { _ in Self.json(200, ["status": "ok"]) })
        router.add("GET", "/readyz", AsyncHTTPHandler { _ in await self.readiness() })
        router.add("GET", "/metrics", AsyncHTTPHandler { _ in await self.scrape() })
    }

    /// `nil` when ready, or why not.
    package func notReadyReason() async -> String? {
        if let directory, let problem = probeDirectory(directory) { return problem }
        if let directory, let space = store.diskSpace(), space.reserve > 0, !space.admits(payloadBytes: largestEvent) {
            return "the data directory \(directory) is nearly full: \(space); the largest accepted webhook "
                + "(\(largestEvent) bytes) needs \(DiskSpace.footprint(ofPayload: largestEvent)) above the reserve"
        }
        do { metrics.update(try await store.counts()) } catch {
            return "the store does not answer: \(error)"
        }
        return tokenProblem()
    }

    func readiness() async -> HTTPResponse {
        let targets = Self.targetsJSON(self.targets())
        guard let reason = await notReadyReason() else { return Self.json(200, ["status": "ready", "targets": targets]) }
        return Self.json(503, ["status": "not_ready", "reason": .string(reason), "targets": targets])
    }

    /// `{"sniffer":{"breaker":"open"}}`: each target's breaker state
    /// (`closed`, `half_open`, `open`, or `disabled`), and `"paused": true`
    /// while its token is refused.
    static func targetsJSON(_ statuses: [TargetGates.Status]) -> JSON {
        var targets = JSONObject()
        for status in statuses {
            var target = JSONObject()
            target["breaker"] = .string(status.breakerEnabled ? status.breaker.name : "disabled")
            if status.pauseReason != nil { target["paused"] = .bool(true) }
            targets[status.target.rawValue] = .object(target)
        }
        return .object(targets)
    }

    func scrape() async -> HTTPResponse {
        if let counts = try? await store.counts() { metrics.update(counts) }
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: Array(metrics.registry.render().utf8))
    }

    /// Creates, writes and removes a probe file: a read-only or vanished data
    /// directory (or a full disk) shows here before an event is refused.
    private func probeDirectory(_ directory: String) -> String? {
        let probe = URL(fileURLWithPath: directory).appendingPathComponent(".readyz-probe-\(UUID().uuidString)")
        do {
            try Data("ok\n".utf8).write(to: probe)
            try FileManager.default.removeItem(at: probe)
            return nil
        } catch {
            return "the data directory \(directory) is not writable: \(error.localizedDescription)"
        }
    }

    static func json(_ status: Int, _ body: JSON) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body.serializedBytes())
    }
}
