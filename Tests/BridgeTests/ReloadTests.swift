import Bridge
import Foundation
import JSON
import Rules
import SnifferSim
import Testing
import TestSupport

/// `Gateway.reload` (what SIGHUP calls) on an in-process gateway: a new
/// snapshot applies from the next request and the next dispatch pass, a
/// config the gateway cannot use changes nothing, and a new token resumes
/// paused deliveries.
@Suite(.serialized) struct ReloadTests {
    @Test func newRuleRotatedSecretAndNewSourceApplyFromTheNextRequest() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let first = try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway)
        #expect(first.status == 202)
        #expect(first.json?["matched"]?.intValue == 1)
        let githubBefore = try await harness.post([UInt8]("{}".utf8), to: gateway, source: "github")
        #expect(githubBefore.status == 404, "github is not configured yet")

        let extra = try harness.writeExtraMapping()
        try harness.writeConfig(
            mappings: [harness.ciMapping, extra], ciTokens: ["rotated-ci-token"], githubSecrets: ["gh-secret"])
        let loaded = try harness.load()
        let report = try gateway.reload(loaded)
        #expect(report.rules == loaded.mappings.rules.count)
        #expect(report.files == 2)
        #expect(report.summary == "Reloaded: \(loaded.mappings.rules.count) rules in 2 files")
        #expect(report.sourcesAdded == ["github"])
        #expect(report.sourcesRemoved.isEmpty)
        #expect(report.needsRestart.isEmpty)
        #expect(report.snifferReplaced == false)

        let oldSecret = try await harness.post(CIEvent(key: 2, run: 1).body, to: gateway)
        #expect(oldSecret.status == 401, "the rotated-out token is still accepted")
        let second = try await harness.post(CIEvent(key: 2, run: 1).body, to: gateway, token: "rotated-ci-token")
        #expect(second.status == 202)
        #expect(second.json?["matched"]?.intValue == 2, "the new rule does not match at ingest")
        let githubAfter = try await harness.post([UInt8]("{}".utf8), to: gateway, source: "github")
        #expect(githubAfter.status == 401, "github's route is not live after the reload (unsigned: refused)")

        try await harness.drain(gateway)
        await gateway.stop()
        let summaries = Set(try await harness.inspector.bugs().map(\.summary))
        #expect(summaries == ["CI failed: p1 on main", "CI failed: p2 on main", "Reloaded rule: p2"])
    }

    @Test func aConfigTheGatewayCannotUseChangesNothing() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        // Well-formed, but its token file does not exist: the loader refuses
        // it (as `check` does), so it never reaches the gateway.
        try harness.writeConfig(
            mappings: [harness.ciMapping, try harness.writeExtraMapping()], ciTokens: ["other"],
            tokenLine: #"token_file = "/nonexistent/sniffer-token""#)
        #expect(throws: LoadError.self) { try harness.load() }
        let answer = try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway)
        #expect(answer.status == 202, "the old token no longer works")
        #expect(answer.json?["matched"]?.intValue == 1, "the rejected config's rule is in force")

        // A broken mapping never gets as far as the gateway.
        try "[[rule]]\nname = 3\n".write(toFile: try harness.writeExtraMapping(), atomically: true, encoding: .utf8)
        #expect(throws: LoadError.self) { try harness.load() }
        try await harness.drain(gateway)
        await gateway.stop()
        #expect(try await harness.inspector.bugs().map(\.summary) == ["CI failed: p1 on main"])
    }

    @Test func settingsThatNeedARestartAreReportedAndKept() async throws {
        let harness = try PipelineHarness()
        let gateway = try await harness.startGateway()
        let port = try #require(gateway.port)
        try harness.writeConfig(mappings: [harness.ciMapping], listen: "127.0.0.1:1", server: "max_body_bytes = 1000")
        let report = try gateway.reload(try harness.load())
        #expect(report.needsRestart == ["server.listen", "server.max_body_bytes"])
        #expect(gateway.port == port)
        let answer = try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway)
        #expect(answer.status == 202)
        await gateway.stop()
    }

    @Test func expiredTokenPausesAndAReloadWithANewTokenDeliversEverything() async throws {
        let harness = try PipelineHarness(maxAttempts: 2)
        let events = (1...3).flatMap { key in (1...2).map { CIEvent(key: key, run: $0) } }
        harness.simulator.addFault(try SimFaultJSON.make(["method": "POST", "route": "/comment", "action": "expireToken"]))
        let clock = ManualClock()
        let gateway = try await harness.startGateway(clock: clock)
        for event in events {
            #expect(try await harness.post(event.body, to: gateway).status == 202)
        }
        try await waitUntil("deliveries pause") { gateway.notReadyReason != nil }
        #expect(gateway.notReadyReason?.contains("API token has expired") == true)
        #expect(await gateway.readiness() != nil)
        let sent = try await FaultTests.pausedWhileTimePasses(gateway, clock, harness)
        #expect(harness.simulator.receivedRequests.count == sent, "a paused gateway kept sending")
        let paused = try await gateway.counts()
        #expect(paused.actions[.dead] == 0, "a refused token dead-lettered deliveries")
        #expect(paused.actions[.pending, default: 0] > 0)

        // Rotation: a new token is created, deployed (reload), the old one dies.
        let newToken = harness.simulator.mintToken(company: harness.simulator.seed.company, lifetime: 3_600)
        let report = try gateway.reload(try harness.load(token: newToken))
        #expect(report.snifferReplaced)
        #expect(gateway.notReadyReason == nil)
        try await harness.drain(gateway, clock: clock)
        let after = try await gateway.counts()
        #expect(await gateway.readiness() == nil)
        await gateway.stop()
        #expect(after.actions[.dead] == 0)
        #expect(after.actions[.done] == events.count)
        let bugs = try await harness.inspector.bugs()
        #expect(bugs.count == 3)
        let comments = try await harness.inspector.comments().map(\.text)
        #expect(comments.sorted() == events.filter { $0.run > 1 }.map { "Failed again: run \($0.run) (failure) \($0.url)" }.sorted())
    }
}
