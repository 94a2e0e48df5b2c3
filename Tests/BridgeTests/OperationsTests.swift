@testable import Bridge
import Config
@testable import Delivery
import Foundation
import JSON
import Outbound
import Rules
import TestSupport
import Testing

/// `GET /healthz`, `/readyz` (each state) and `/metrics` on a live gateway.
@Suite(.serialized) struct OperationsTests {
    static func get(_ path: String, _ gateway: Gateway, _ harness: PipelineHarness) async throws -> OutboundResponse {
        let port = try #require(gateway.port)
        let request = OutboundRequest(method: "GET", url: "http://127.0.0.1:\(port)\(path)", timeout: .seconds(10))
        switch await harness.transport.send(request) {
        case .success(let response): return response
        case .failure(let failure): throw HarnessError("GET \(path) failed: \(failure)")
        }
    }

    static func json(_ response: OutboundResponse) throws -> JSON { try JSON(parsing: response.body) }

    @Test func healthyAndReady() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let health = try await Self.get("/healthz", gateway, harness)
        let ready = try await Self.get("/readyz", gateway, harness)
        await gateway.stop()
        #expect(health.status == 200)
        #expect(try Self.json(health)["status"] == "ok")
        #expect(ready.status == 200)
        #expect(try Self.json(ready)["status"] == "ready")
    }

    @Test func notReadyWhileTheTokenIsRefused() async throws {
        let harness = try PipelineHarness()
        harness.simulator.addFault(try SimFaultJSON.make(["route": "*", "action": "expireToken"]))
        let gateway = try await harness.startGateway()
        #expect(try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway).status == 202)
        try await waitUntil("readiness reports the refused token") { await gateway.readiness() != nil }
        let ready = try await Self.get("/readyz", gateway, harness)
        let health = try await Self.get("/healthz", gateway, harness)
        let metrics = try PrometheusFormatChecker.check(
            String(decoding: try await Self.get("/metrics", gateway, harness).body, as: UTF8.self))
        await gateway.stop()
        #expect(ready.status == 503)
        let body = try Self.json(ready)
        #expect(body["status"] == "not_ready")
        #expect(body["reason"]?.stringValue?.contains("API token has expired") == true)
        #expect(body["targets"]?["sniffer"]?["paused"]?.boolValue == true)
        #expect(health.status == 200, "alive even when not ready")
        #expect(metrics.value("sniffer_bridge_sniffer_token_state", ["state": "refused"]) == 1)
        #expect(metrics.value("sniffer_bridge_sniffer_token_state", ["state": "ok"]) == 0)
        #expect(metrics.value("sniffer_bridge_deliveries_total", ["outcome": "paused"]) ?? 0 >= 1)
    }

    @Test func theReadinessBodyShowsSnipeITsBreakerOnlyWithItsTable() async throws {
        let harness = try PipelineHarness()
        let plain = try await harness.startGateway()
        let before = try Self.json(try await Self.get("/readyz", plain, harness))
        await plain.stop()
        #expect(before["targets"]?["sniffer"]?["breaker"] == "closed")
        #expect(before["targets"]?["snipeit"] == nil)

        let text = try String(contentsOfFile: harness.configPath, encoding: .utf8)
            + "[snipeit]\nbase_url = \"http://127.0.0.1:9\"\ntoken = \"pat\"\n"
        try text.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        let gateway = try await harness.startGateway()
        let ready = try await Self.get("/readyz", gateway, harness)
        let metrics = try PrometheusFormatChecker.check(
            String(decoding: try await Self.get("/metrics", gateway, harness).body, as: UTF8.self))
        await gateway.stop()
        #expect(ready.status == 200)
        #expect(try Self.json(ready)["targets"] == ["sniffer": ["breaker": "closed"], "snipeit": ["breaker": "closed"]])
        #expect(metrics.value("sniffer_bridge_target_breaker_state", ["target": "snipeit"]) == 0)
        #expect(metrics.value("sniffer_bridge_target_breaker_state", ["target": "sniffer"]) == 0)
    }

    /// `/readyz`'s `targets.sniffer.breaker`.
    static func breakerState(_ gateway: Gateway, _ harness: PipelineHarness) async throws -> String? {
        try Self.json(try await Self.get("/readyz", gateway, harness))["targets"]?["sniffer"]?["breaker"]?.stringValue
    }

    @Test func anOpenBreakerShowsInTheReadinessBodyAndMetricsButLeavesTheGatewayReady() async throws {
        let harness = try PipelineHarness()
        harness.simulator.addFault(try SimFaultJSON.make(["route": "*", "status": 503, "times": 1_000]))
        let opensAtOnce = "failures = 1\ncooldown = \"1h\"\nmax_cooldown = \"1h\""
        try harness.writeConfig(mappings: [harness.ciMapping], breaker: opensAtOnce)
        let gateway = try await harness.startGateway()
        #expect(try await Self.breakerState(gateway, harness) == "closed")
        #expect(try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway).status == 202)
        try await waitUntil("the breaker opens") { try await Self.breakerState(gateway, harness) == "open" }
        let ready = try await Self.get("/readyz", gateway, harness)
        let open = try PrometheusFormatChecker.check(
            String(decoding: try await Self.get("/metrics", gateway, harness).body, as: UTF8.self))

        // A reload that leaves the table as it is keeps the breaker open; `enabled = false` closes it.
        _ = try gateway.reload(try harness.load())
        let kept = try await Self.breakerState(gateway, harness)
        try harness.writeConfig(mappings: [harness.ciMapping], breaker: "enabled = false")
        _ = try gateway.reload(try harness.load())
        let off = try await Self.breakerState(gateway, harness)
        let closed = try PrometheusFormatChecker.check(
            String(decoding: try await Self.get("/metrics", gateway, harness).body, as: UTF8.self))
        await gateway.stop()

        #expect(ready.status == 200, "an open breaker made the gateway not ready")
        #expect(try Self.json(ready)["status"] == "ready")
        #expect(open.value("sniffer_bridge_target_breaker_state", ["target": "sniffer"]) == 2)
        #expect(open.value("sniffer_bridge_target_breaker_transitions_total", ["target": "sniffer", "to": "open"]) == 1)
        #expect(kept == "open")
        #expect(off == "disabled")
        #expect(closed.value("sniffer_bridge_target_breaker_state", ["target": "sniffer"]) == 0)
        #expect(closed.value("sniffer_bridge_target_breaker_transitions_total", ["target": "sniffer", "to": "closed"]) == 1)
        let lines = harness.logs.messages.filter { $0.hasPrefix("Circuit breaker") }
        #expect(lines.count == 2, "one line per change of state: \(lines)")
    }

    @Test func theReadinessBodyNamesEachTargetsBreaker() {
        let statuses = [TargetGates.Status(target: .sniffer, breaker: .halfOpen, breakerEnabled: true, probeAt: nil, pauseReason: "x")]
        #expect(OperationsRoutes.targetsJSON(statuses) == ["sniffer": ["breaker": "half_open", "paused": true]])
        let disabled = [TargetGates.Status(target: .sniffer, breaker: .closed, breakerEnabled: false, probeAt: nil, pauseReason: nil)]
        #expect(OperationsRoutes.targetsJSON(disabled) == ["sniffer": ["breaker": "disabled"]])
    }

    @Test func notReadyWhenTheDataDirectoryTakesNoWrite() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let data = harness.folder.appendingPathComponent("data")
        // Root ignores permissions, so the directory is replaced by a file instead.
        let moved = harness.folder.appendingPathComponent("data-moved")
        try FileManager.default.moveItem(at: data, to: moved)
        try Data("not a directory".utf8).write(to: data)
        let ready = try await Self.get("/readyz", gateway, harness)
        try FileManager.default.removeItem(at: data)
        try FileManager.default.moveItem(at: moved, to: data)
        let again = try await Self.get("/readyz", gateway, harness)
        await gateway.stop()
        #expect(ready.status == 503)
        #expect(try Self.json(ready)["reason"]?.stringValue?.contains("is not writable") == true)
        #expect(again.status == 200)
    }

    @Test func metricsAfterTrafficParseStrictlyWithEverySeries() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let events = [CIEvent(key: 1, run: 1), CIEvent(key: 1, run: 2), CIEvent(key: 1, run: 3, status: "success")]
        for (index, event) in events.enumerated() {
            #expect(try await harness.post(event.body, to: gateway, idempotencyKey: "d\(index)").status == 202)
            try await harness.drain(gateway)
        }
        // A pipeline still running: stored, wanted by no rule.
        let unwanted = CIEvent(key: 2, run: 1, status: "running")
        #expect(try await harness.post(unwanted.body, to: gateway, idempotencyKey: "d9").status == 202)
        try await harness.drain(gateway)
        #expect(try await harness.post(events[0].body, to: gateway, idempotencyKey: "d0").status == 200)
        #expect(try await harness.post(events[0].body, to: gateway, token: "wrong-token").status == 401)
        let response = try await Self.get("/metrics", gateway, harness)
        await gateway.stop()
        #expect(response.status == 200)
        #expect(response.headers.first { $0.name.lowercased() == "content-type" }?.value.hasPrefix("text/plain; version=0.0.4") == true)
        let text = String(decoding: response.body, as: UTF8.self)
        let metrics = try PrometheusFormatChecker.check(text)

        #expect(metrics.value("sniffer_bridge_webhook_requests_total", ["source": "ci", "status": "202"]) == 4)
        #expect(metrics.value("sniffer_bridge_webhook_requests_total", ["source": "ci", "status": "200"]) == 1)
        #expect(metrics.value("sniffer_bridge_webhook_requests_total", ["source": "ci", "status": "401"]) == 1)
        #expect(metrics.value("sniffer_bridge_ingest_duration_seconds_count", ["source": "ci"]) == 6)
        #expect(metrics.value("sniffer_bridge_events_stored_total", ["source": "ci"]) == 4)
        #expect(metrics.value("sniffer_bridge_events_unmatched_total", ["source": "ci"]) == 1)
        #expect(metrics.value("sniffer_bridge_events_duplicate_total", ["source": "ci"]) == 1)
        #expect(metrics.value("sniffer_bridge_rule_matches_total", ["rule": "ci-pipeline-failed"]) == 2)
        #expect(metrics.value("sniffer_bridge_rule_matches_total", ["rule": "ci-pipeline-recovered"]) == 1)
        #expect(metrics.value("sniffer_bridge_deliveries_total", ["outcome": "done"]) == 3)
        #expect(metrics.value("sniffer_bridge_delivery_retries_total") == 0)
        #expect(metrics.value("sniffer_bridge_dead_letters_total") == 0)
        #expect(metrics.value("sniffer_bridge_outbox_actions", ["state": "done"]) == 3)
        #expect(metrics.value("sniffer_bridge_outbox_actions", ["state": "pending"]) == 0)
        #expect(metrics.value("sniffer_bridge_inbox_pending_events") == 0)
        #expect(metrics.value("sniffer_bridge_sniffer_token_state", ["state": "ok"]) == 1)
        #expect(metrics.value("sniffer_bridge_sniffer_request_duration_seconds_count", ["endpoint": "POST /bug"]) == 1)
        #expect(metrics.value("sniffer_bridge_sniffer_request_duration_seconds_count", ["endpoint": "POST /comment"]) == 2)
        #expect(metrics.family("sniffer_bridge_rule_errors_total")?.type == "counter")
        #expect(metrics.family("sniffer_bridge_sniffer_request_duration_seconds")?.type == "histogram")
    }

    @Test func ruleErrorsAndDecisionsAreCountedByRule() throws {
        let metrics = GatewayMetrics()
        var compiler = MappingCompiler(environment: [:], sources: ConfigSchema.sources.map(\.name))
        compiler.add(file: "bad.toml", text: """
            [[rule]]
            name = "broken"
            source = "ci"
            when = "payload.pipeline < 3"
            [[rule.actions]]
            do = "reply"
            text = "x"
            """)
        let set = try compiler.finish()
        let event = RuleEvent(source: "ci", name: "failure", delivery: "1", receivedAt: Date(), headers: EventHeaders(), payload: ["pipeline": "p1"])
        metrics.ingest.record(set.evaluate(event), source: "ci")
        metrics.delivery.record(.retry(at: 0, error: "503"))
        metrics.delivery.record(.deadLetter(error: "400"))
        let exposition = try PrometheusFormatChecker.check(metrics.registry.render())
        #expect(exposition.value("sniffer_bridge_rule_errors_total", ["rule": "broken"]) == 1)
        #expect(exposition.value("sniffer_bridge_delivery_retries_total") == 1)
        #expect(exposition.value("sniffer_bridge_dead_letters_total") == 1)
        #expect(exposition.value("sniffer_bridge_deliveries_total", ["outcome": "retry"]) == 1)
        #expect(exposition.value("sniffer_bridge_deliveries_total", ["outcome": "dead"]) == 1)
    }

    @Test func snifferEndpointsHideIdsAndTheBasePath() {
        let base = "http://sniffer.example/api/v1"
        #expect(MeteredTransport.endpoint(method: "PATCH", url: base + "/bug/64f1ab2c0000000000000008", baseURL: base)
            == "PATCH /bug/:id")
        #expect(MeteredTransport.endpoint(method: "GET", url: base + "/bugs/by-integration-key?key=a%3Ab&p=1", baseURL: base)
            == "GET /bugs/by-integration-key")
        #expect(MeteredTransport.endpoint(method: "POST", url: "http://other:8090/comment", baseURL: base) == "POST /comment")
    }

    @Test func snipeITEndpointsHideIdsTagsAndSerials() {
        let base = "https://assets.example/api/v1"
        #expect(MeteredTransport.endpoint(method: "GET", url: base + "/hardware/bytag/LAPTOP", baseURL: base)
            == "GET /hardware/bytag/:tag")
        #expect(MeteredTransport.endpoint(method: "GET", url: base + "/hardware/byserial/C02XK1ADA", baseURL: base)
            == "GET /hardware/byserial/:serial")
        #expect(MeteredTransport.endpoint(method: "PATCH", url: base + "/hardware/17", baseURL: base) == "PATCH /hardware/:id")
        #expect(MeteredTransport.endpoint(method: "GET", url: base + "/maintenances?asset_id=17&limit=500", baseURL: base)
            == "GET /maintenances")
    }
}
