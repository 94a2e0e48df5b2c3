@testable import Admin
import Bridge
import Foundation
import JSON
import Outbound
import SnifferSim
import TestSupport
import Testing

/// The admin API on a live gateway: off without tokens, 401/403 by token,
/// the listings and look-ups, retry, drop and replay, sources and targets.
@Suite(.serialized) struct AdminAPITests {
    @Test func withoutTokensEveryAdminPathIsNotFound() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let api = try await harness.admin("GET", "/events", on: gateway)
        let console = try await harness.admin("GET", "/admin/", on: gateway, token: nil)
        let document = try await harness.admin("GET", "/openapi.json", on: gateway, token: nil)
        await gateway.stop()
        #expect(api.status == 404)
        #expect(console.status == 404)
        #expect(document.status == 404)
    }

    @Test func aReloadChangesTheTokensAndTurnsTheAPIOff() async throws {
        let harness = try PipelineHarness()
        let withoutAdmin = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try harness.enableAdmin()
        let gateway = try await harness.startGateway()
        let before = try await harness.admin("GET", "/events", on: gateway)
        let rotated = try String(contentsOfFile: harness.configPath, encoding: .utf8)
            .replacingOccurrences(of: PipelineHarness.operateToken, with: "rotated-operate-token")
        try rotated.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        _ = try gateway.reload(try harness.load())
        let old = try await harness.admin("GET", "/events", on: gateway)
        let new = try await harness.admin("GET", "/events", on: gateway, token: "rotated-operate-token")
        try withoutAdmin.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        _ = try gateway.reload(try harness.load())
        let off = try await harness.admin("GET", "/events", on: gateway, token: "rotated-operate-token")
        await gateway.stop()
        #expect(before.status == 200)
        #expect(old.status == 401, "a rotated-out token is refused at once")
        #expect(new.status == 200)
        #expect(off.status == 404, "without tokens the API is off again")
    }

    @Test func aMissingOrWrongTokenIs401AndAReadTokenCannotWrite() async throws {
        let harness = try PipelineHarness()
        try harness.enableAdmin()
        let gateway = try await harness.startGateway()
        let missing = try await harness.admin("GET", "/events", on: gateway, token: nil)
        let wrong = try await harness.admin("GET", "/events", on: gateway, token: "operate-token-valuE")
        let prefix = try await harness.admin("GET", "/events", on: gateway, token: "operate-token")
        let basic = try await harness.admin(
            "GET", "/events", on: gateway, token: nil, headers: [(name: "Authorization", value: "Basic b3BlcmF0ZQ==")])
        let read = try await harness.admin("GET", "/events", on: gateway, token: PipelineHarness.readToken)
        let forbidden = try await harness.admin("POST", "/deliveries/retry", on: gateway, token: PipelineHarness.readToken)
        let allowed = try await harness.admin("POST", "/deliveries/retry", on: gateway)
        let unknownRoute = try await harness.admin("GET", "/nothing", on: gateway)
        let wrongMethod = try await harness.admin("DELETE", "/events", on: gateway)
        await gateway.stop()
        for response in [missing, wrong, prefix, basic] {
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(response.header("Content-Type") == "application/json")
        }
        #expect(read.status == 200)
        #expect(forbidden.status == 403)
        #expect(try JSON(parsing: forbidden.body)["message"]?.stringValue?.contains("'dashboard' has scope read") == true)
        #expect(allowed.status == 200)
        #expect(unknownRoute.status == 404)
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, HEAD")

        let writes = harness.logs.records.filter { $0.message.hasPrefix("Admin write") }
        #expect(writes.map(\.message) == ["Admin write refused", "Admin write"])
        #expect(writes.map { $0.metadata["token"]?.description } == ["dashboard", "oncall"])
        let rendered = harness.logs.rendered(as: .json)
        #expect(!rendered.contains(PipelineHarness.operateToken) && !rendered.contains(PipelineHarness.readToken))
    }

    @Test func eventsAndDeliveriesAreListedFilteredAndExplained() async throws {
        let harness = try PipelineHarness()
        try harness.enableAdmin()
        let gateway = try await harness.startGateway()
        for (index, event) in [CIEvent(key: 1, run: 1), CIEvent(key: 2, run: 1), CIEvent(key: 2, run: 2, status: "running")].enumerated() {
            #expect(try await harness.post(event.body, to: gateway, idempotencyKey: "d\(index)").status == 202)
        }
        try await harness.drain(gateway)
        let all = try await harness.adminJSON("GET", "/events", on: gateway)
        let byKey = try await harness.adminJSON("GET", "/events?key=p2&source=ci", on: gateway)
        let paged = try await harness.adminJSON("GET", "/events?limit=2", on: gateway)
        let cursor = try #require(paged["next_cursor"]?.stringValue)
        let rest = try await harness.adminJSON("GET", "/events?limit=2&cursor=\(cursor)", on: gateway)
        let none = try await harness.adminJSON("GET", "/events?since=2100-01-01T00:00:00Z", on: gateway)
        let events = try #require(all["events"]?.arrayValue)
        let firstID = try #require(events.last?["id"]?.intValue)
        let detail = try await harness.adminJSON("GET", "/events/\(firstID)", on: gateway)
        let unmatchedID = try #require(events.first?["id"]?.intValue)
        let unmatched = try await harness.adminJSON("GET", "/events/\(unmatchedID)", on: gateway)
        let done = try await harness.adminJSON("GET", "/deliveries?state=done&source=ci", on: gateway)
        let deliveryID = try #require(done["deliveries"]?.arrayValue?.last?["id"]?.intValue)
        let delivery = try await harness.adminJSON("GET", "/deliveries/\(deliveryID)", on: gateway)
        var refused: [Int] = []
        for path in [
            "/events?state=bogus", "/events?limit=0", "/events?limit=501", "/events?colour=red", "/events?since=yesterday",
            "/events?source=ci&source=ci", "/events?cursor=-3", "/events/abc", "/events/99999999999999999999",
            "/deliveries?state=gone",
        ] {
            refused.append(try await harness.admin("GET", path, on: gateway).status)
        }
        let missing = try await harness.admin("GET", "/events/9999", on: gateway)
        await gateway.stop()

        #expect(events.count == 3)
        #expect(events.map { $0["actions"]?.intValue } == [0, 1, 1])
        #expect(byKey["events"]?.arrayValue?.count == 1)
        #expect(paged["events"]?.arrayValue?.count == 2)
        #expect(rest["events"]?.arrayValue?.count == 1)
        #expect(rest["next_cursor"] == .null)
        #expect(none["events"]?.arrayValue?.isEmpty == true)

        #expect(detail["payload_encoding"] == "json")
        #expect(detail["payload"]?["pipeline"] == "p1")
        #expect(detail["headers"]?.arrayValue?.isEmpty == false)
        #expect(detail["deliveries"]?.arrayValue?.first?["state"] == "done")
        #expect(detail["deliveries"]?[0]?["attempt_history"]?[0]?["outcome"] == "done")
        let rules = try #require(detail["explanation"]?["rules"]?.arrayValue)
        #expect(rules.first { $0["rule"] == "ci-pipeline-failed" }?["status"] == "matched")
        #expect(detail["explanation"]?["matched_rules"] == 1)
        #expect(detail["explanation"]?["text"]?.arrayValue?.last == "1 of 2 rules matched, 1 action")
        #expect(unmatched["explanation"]?["matched_rules"] == 0)
        #expect(unmatched["explanation"]?["rules"]?.arrayValue?.allSatisfy { $0["status"] == "skipped" } == true)

        #expect(done["deliveries"]?.arrayValue?.count == 2)
        #expect(delivery["state"] == "done" && delivery["attempts"] == 1)
        #expect(delivery["result"]?.stringValue?.isEmpty == false)
        #expect(delivery["action"]?["kind"] != nil || delivery["action"] != .null)
        #expect(delivery["event"]?["source"] == "ci")
        #expect(refused == Array(repeating: 400, count: refused.count), "\(refused)")
        #expect(missing.status == 404)
    }

    @Test func deadLettersAreRetriedOneOrAllMatchingAndDropped() async throws {
        let harness = try PipelineHarness(maxAttempts: 1)
        try harness.enableAdmin()
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "[sniffer.breaker]\n", with: "[sniffer.breaker]\nenabled = false\n")
            .write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        harness.simulator.addFault(try SimFaultJSON.make(["route": "*", "status": 400, "times": 1_000]))
        let gateway = try await harness.startGateway()
        for key in 1...3 {
            #expect(try await harness.post(CIEvent(key: key, run: 1).body, to: gateway, idempotencyKey: "d\(key)").status == 202)
        }
        try await harness.drain(gateway)
        let dead = try await harness.adminJSON("GET", "/deliveries?state=dead", on: gateway)
        let ids = try #require(dead["deliveries"]?.arrayValue?.compactMap { $0["id"]?.intValue })
        #expect(ids.count == 3)
        let lastError = dead["deliveries"]?.arrayValue?.first?["last_error"]?.stringValue
        harness.simulator.removeAllFaults()

        let history = try await harness.adminJSON("GET", "/deliveries/\(ids[0])", on: gateway)["attempt_history"]
        let one = try await harness.adminJSON("POST", "/deliveries/\(ids[0])/retry", on: gateway)
        let dropped = try await harness.adminJSON("POST", "/deliveries/\(ids[1])/drop", on: gateway)
        let dropAgain = try await harness.admin("POST", "/deliveries/\(ids[1])/drop", on: gateway)
        let badBody = try await harness.admin("POST", "/deliveries/retry", on: gateway, body: Array("{not json".utf8))
        let badMember = try await harness.admin("POST", "/deliveries/retry", on: gateway, body: Array(#"{"state":"done"}"#.utf8))
        let tooLarge = try await harness.admin(
            "POST", "/deliveries/retry", on: gateway, body: Array(("{\"key\":\"" + String(repeating: "x", count: 70_000) + "\"}").utf8))
        let noMatch = try await harness.adminJSON("POST", "/deliveries/retry", on: gateway, body: ["key": "p3-nothing"])
        let bulk = try await harness.adminJSON("POST", "/deliveries/retry", on: gateway, body: ["source": "ci", "key": "p"])
        try await harness.drain(gateway)
        let afterwards = try await harness.adminJSON("GET", "/deliveries", on: gateway)
        let doneAgain = try await harness.admin("POST", "/deliveries/\(ids[0])/retry", on: gateway)
        let missing = try await harness.admin("POST", "/deliveries/9999/retry", on: gateway)
        await gateway.stop()

        #expect(lastError?.isEmpty == false)
        #expect(history?.arrayValue?.count == 1)
        #expect(history?[0]?["outcome"] == "dead" && history?[0]?["number"] == 1)
        #expect(history?[0]?["answer"]?.stringValue?.contains("400") == true)
        // Queued again and poked: the scheduler may already have it in flight, or done.
        #expect(["pending", "in_flight", "done"].contains(one["state"]?.stringValue ?? ""), "\(one)")
        #expect(dropped["state"] == "dropped")
        #expect(dropAgain.status == 409)
        #expect(badBody.status == 400)
        #expect(badMember.status == 400)
        #expect(tooLarge.status == 413)
        #expect(noMatch["retried"] == 0)
        #expect(bulk["retried"] == 1, "the dropped one is not dead, the retried one is pending or done")
        let states = Dictionary(
            uniqueKeysWithValues: try #require(afterwards["deliveries"]?.arrayValue).compactMap { d in
                d["id"]?.intValue.map { ($0, d["state"]?.stringValue ?? "") }
            })
        #expect(states[ids[0]] == "done" && states[ids[1]] == "dropped" && states[ids[2]] == "done")
        #expect(harness.simulator.bugCount() == 2)
        #expect(doneAgain.status == 409)
        #expect(missing.status == 404)
    }

    @Test func aReplayMakesNewActionsAndTheKeyStillDedups() async throws {
        let harness = try PipelineHarness()
        try harness.enableAdmin()
        let gateway = try await harness.startGateway()
        #expect(try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway, idempotencyKey: "d1").status == 202)
        try await harness.drain(gateway)
        let events = try await harness.adminJSON("GET", "/events", on: gateway)
        let id = try #require(events["events"]?.arrayValue?.first?["id"]?.intValue)
        let forbidden = try await harness.admin("POST", "/events/\(id)/replay", on: gateway, token: PipelineHarness.readToken)
        let replay = try await harness.adminJSON("POST", "/events/\(id)/replay", on: gateway, expect: 201)
        try await harness.drain(gateway)
        let newID = try #require(replay["event_id"]?.intValue)
        let replayed = try await harness.adminJSON("GET", "/events/\(newID)", on: gateway)
        let comments = try await harness.inspector.comments()
        let missing = try await harness.admin("POST", "/events/9999/replay", on: gateway)
        await gateway.stop()

        #expect(forbidden.status == 403)
        #expect(replay["replay_of"] == .int(id) && replay["actions"] == 1 && replay["matched_rules"] == 1)
        #expect(newID != id)
        #expect(replayed["delivery_id"]?.stringValue?.hasPrefix("d1+replay-") == true)
        #expect(replayed["deliveries"]?.arrayValue?.first?["state"] == "done")
        #expect(harness.simulator.bugCount() == 1, "the key has its bug: the replay comments on it")
        #expect(comments.count == 1)
        #expect(missing.status == 404)
    }

    @Test func sourcesAndTargetsShowCountersAndBreakers() async throws {
        let harness = try PipelineHarness()
        try harness.enableAdmin()
        let gateway = try await harness.startGateway()
        #expect(try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway, idempotencyKey: "d1").status == 202)
        #expect(try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway, idempotencyKey: "d1").status == 200)
        try await harness.drain(gateway)
        let activity = try await harness.adminJSON("GET", "/activity", on: gateway, token: PipelineHarness.readToken)
        let future = try await harness.adminJSON("GET", "/activity?since=2100-01-01T00:00:00Z", on: gateway)
        let badSince = try await harness.admin("GET", "/activity?since=soon", on: gateway)
        let sources = try await harness.adminJSON("GET", "/sources", on: gateway, token: PipelineHarness.readToken)
        let targets = try await harness.adminJSON("GET", "/targets", on: gateway, token: PipelineHarness.readToken)
        await gateway.stop()
        #expect(activity["events"] == ["ci": 1])
        #expect(activity["attempts"]?["create_bug"] == ["done": 1, "retry": 0, "dead": 0])
        #expect(future["events"] == [:] && future["attempts"] == [:])
        #expect(badSince.status == 400)
        let ci = try #require(sources["sources"]?.arrayValue?.first { $0["name"] == "ci" })
        #expect(ci["enabled"] == true)
        #expect(ci["counters"]?["stored"] == 1 && ci["counters"]?["duplicates"] == 1 && ci["counters"]?["requests"] == 2)
        #expect(sources["sources"]?.arrayValue?.first { $0["name"] == "github" }?["enabled"] == false)
        let sniffer = try #require(targets["targets"]?.arrayValue?.first)
        #expect(sniffer["name"] == "sniffer" && sniffer["breaker"] == "closed" && sniffer["paused"] == false)
        // The create_bug attempt counts for Sniffer, by outcome, in the last hour.
        #expect(sniffer["last_hour"] == ["done": 1, "retry": 0, "dead": 0])
    }
}
