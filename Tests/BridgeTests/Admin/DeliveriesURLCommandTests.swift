import Foundation
import JSON
import SnifferSim
import Testing

/// `sniffer-bridge deliveries --url`: the data-directory commands through a
/// running gateway's admin API, a replica that is down passed over.
@Suite(.serialized) struct DeliveriesURLCommandTests {
    @Test func listShowRetryAndDropThroughTheAdminAPI() async throws {
        let harness = try PipelineHarness(maxAttempts: 1)
        try harness.enableAdmin()
        harness.simulator.addFault(try SimFaultJSON.make(["route": "*", "status": 400, "times": 2]))
        let gateway = try await harness.startGateway()
        for key in 1...2 {
            #expect(try await harness.post(CIEvent(key: key, run: 1).body, to: gateway, idempotencyKey: "d\(key)").status == 202)
        }
        try await harness.drain(gateway)
        let port = try #require(gateway.port)
        let url = "http://127.0.0.1:\(port)"
        let operate = harness.folder.appendingPathComponent("operate-token").path
        try "\(PipelineHarness.operateToken)\n".write(toFile: operate, atomically: true, encoding: .utf8)
        let folder = harness.folder
        // Port 1 on loopback refuses: that replica is down, the next one answers.
        let down = "http://127.0.0.1:1"

        let list = try await ChildProcess.run(
            ["deliveries", "list", "--state", "dead", "--url", down, "--url", url, "--token-file", operate], folder: folder)
        let show = try await ChildProcess.run(["deliveries", "show", "1", "--url", url, "--token-file", operate], folder: folder)
        let readOnly = try await ChildProcess.run(
            ["deliveries", "retry", "1", "--url", url, "--token", PipelineHarness.readToken], folder: folder)
        let wrong = try await ChildProcess.run(["deliveries", "list", "--url", url, "--token", "nope"], folder: folder)
        let retry = try await ChildProcess.run(["deliveries", "retry", "1", "--url", url, "--token-file", operate], folder: folder)
        let drop = try await ChildProcess.run(["deliveries", "drop", "2", "--url", url, "--token-file", operate], folder: folder)
        let missing = try await ChildProcess.run(["deliveries", "drop", "99", "--url", url, "--token-file", operate], folder: folder)
        try await harness.drain(gateway)
        let all = try await ChildProcess.run(["deliveries", "list", "--url", url, "--token-file", operate], folder: folder)
        let retryAll = try await ChildProcess.run(
            ["deliveries", "retry", "--all-dead", "--url", url, "--token-file", operate], folder: folder)
        let allDown = try await ChildProcess.run(["deliveries", "list", "--url", down, "--token-file", operate], folder: folder)
        let noToken = try await ChildProcess.run(["deliveries", "list", "--url", url], folder: folder)
        await gateway.stop()

        #expect(list.status == 0, "\(list.error)")
        let rows = list.output.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows.dropFirst().map { $0.split(separator: " ")[0] } == ["2", "1"])
        #expect(list.output.contains("dead"))
        #expect(show.status == 0, "\(show.error)")
        #expect(show.output.contains("state:         dead"))
        #expect(show.output.contains("event:         1 (ci failure, delivery d1"))
        #expect(show.output.contains("\"do\": \"create_bug\""))
        #expect(show.output.contains("history:\n  #1 ") && show.output.contains(" dead GET /bugs/by-integration-key: 400 "), "\(show.output)")
        #expect(readOnly.status == 1)
        #expect(readOnly.error.contains("403") && readOnly.error.contains("scope read"))
        #expect(wrong.status == 1 && wrong.error.contains("401"))
        #expect(retry.output == "delivery 1 queued again\n", "\(retry.error)")
        #expect(drop.output == "delivery 2 dropped\n", "\(drop.error)")
        #expect(missing.status == 1 && missing.error.contains("no delivery with id 99"))
        let states = all.output.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
        #expect(states == ["dropped", "done"])
        #expect(retryAll.output == "0 dead deliveries queued again\n")
        #expect(allDown.status == 1 && allDown.error.contains("connectionRefused"))
        #expect(noToken.status != 0 && noToken.error.contains("--token-file"))
        #expect(harness.simulator.bugCount() == 1)
    }
}
