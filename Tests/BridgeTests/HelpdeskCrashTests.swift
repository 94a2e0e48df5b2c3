import Foundation
import Glibc
import JSON
import Outbound
import Testing
import TestSupport

/// The helpdesk flow end to end with `serve` and both simulators as real
/// processes: a Jira issue naming a laptop, and the gateway killed with
/// `kill -9` after the look-up, while Snipe-IT refuses the status change.
/// The restart renders the rest from the stored look-up: one bug, the
/// asset out for repair, and exactly one maintenance record.
@Suite(.serialized) struct HelpdeskCrashTests {
    static let issue = """
        {"webhookEvent":"jira:issue_created","timestamp":1764806400000,"user":{"accountId":"u-1","displayName":"Ana"},\
        "issue":{"key":"HD-43","self":"https://acme.atlassian.net/rest/api/2/issue/10043","fields":{"summary":"My laptop will not boot",\
        "description":null,"customfield_10050":"LAPTOP-0001","project":{"key":"HD"},"priority":{"name":"Medium"}}}}
        """

    struct Snipe {
        let process: ChildProcess
        let url: String
        let token: String
        let transport: CurlTransport

        func call(_ method: String, _ path: String, _ body: String = "") async throws -> JSON {
            let request = OutboundRequest(method: method, url: url + path, body: Array(body.utf8), timeout: .seconds(10))
            guard case .success(let response) = await transport.send(request) else { throw HarnessError("\(method) \(path) failed") }
            return try JSON(parsing: response.body)
        }

        func state() async throws -> JSON { try await call("GET", "/_sim/state") }
    }

    @Test func killNineBetweenTheLookUpAndTheStatusChangeLeavesOneMaintenance() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-helpdesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let sniffer = try await SimChild.start(in: folder)
        let process = try ChildProcess(["sim", "--snipeit", "--listen", "127.0.0.1:0"], folder: folder, name: "snipeit")
        let started = try JSON(parsing: try await process.firstLine())
        let snipe = Snipe(
            process: process, url: "http://" + (started["listen"]?.stringValue ?? ""), token: started["token"]?.stringValue ?? "",
            transport: transport)
        // Snipe-IT takes the look-up but not the status change, until the faults are cleared.
        _ = try await snipe.call("POST", "/_sim/faults", #"{"action":"down","method":"PATCH","route":"/api/v1/hardware/*"}"#)

        let mappings = SharedFiles.packageRoot.appendingPathComponent("mappings/snipeit").path
        let configPath = folder.appendingPathComponent("bridge.toml").path
        try """
            mappings = ["\(mappings)/*.toml"]
            [server]
            listen = "127.0.0.1:0"
            [store]
            path = "data"
            durability = "os"
            [sniffer]
            base_url = "\(sniffer.url)"
            token = "${SNIFFER_TOKEN}"
            project = "\(sniffer.project)"
            [snipeit]
            base_url = "\(snipe.url)"
            token = "${SNIPEIT_TOKEN}"
            [snipeit.breaker]
            enabled = false
            [retry]
            max_attempts = 1000
            base_delay = "10ms"
            max_delay = "100ms"
            max_age = "1h"
            [sources.jira]
            allow_unsigned = true

            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let environment = ["SNIFFER_TOKEN": sniffer.token, "SNIPEIT_TOKEN": snipe.token]

        var serve = try ChildProcess(["serve", "--config", configPath], environment: environment, folder: folder, name: "serve1")
        var port = try await Self.port(serve)
        #expect(try await Self.post(Self.issue, port: port, transport: transport) == 202)
        try await waitUntil("the status change was tried and refused", timeout: .seconds(30)) {
            let log = try await snipe.call("GET", "/_sim/requests")
            return log["items"]?.arrayValue?.contains { $0["method"] == "PATCH" && $0["status"] == 503 } == true
        }
        _ = try await serve.stop(SIGKILL)
        _ = try await snipe.call("DELETE", "/_sim/faults")

        serve = try ChildProcess(["serve", "--config", configPath], environment: environment, folder: folder, name: "serve2")
        port = try await Self.port(serve)
        try await waitUntil("the maintenance is recorded", timeout: .seconds(30)) {
            let rows = try await snipe.state()["maintenances"]?.arrayValue ?? []
            return rows.contains { $0["title"] == "HD-43: My laptop will not boot" }
        }
        // A redelivery of the same issue is a duplicate: nothing runs again.
        #expect(try await Self.post(Self.issue, port: port, transport: transport) == 200)
        // The second run's Snipe-IT calls are timed by endpoint, tags hidden.
        let metrics = try await transport.send(OutboundRequest(method: "GET", url: "http://127.0.0.1:\(port)/metrics")).get()
        let exposition = String(decoding: metrics.body, as: UTF8.self)
        #expect(exposition.contains(#"sniffer_bridge_snipeit_request_duration_seconds_count{endpoint="PATCH /hardware/:id"}"#))
        #expect(!exposition.contains("LAPTOP-0001"))
        _ = try await serve.stop(SIGTERM)

        let state = try await snipe.state()
        let maintenances = (state["maintenances"]?.arrayValue ?? []).filter { $0["asset_id"]?.intValue == 1 }
        #expect(maintenances.count == 1, "\(maintenances)")
        #expect(maintenances.first?["notes"]?.stringValue?.hasPrefix("Sniffer bug ") == true)
        let asset = (state["assets"]?.arrayValue ?? []).first { $0["id"]?.intValue == 1 }
        #expect(asset?["status_id"] == 5, "Out for Repair")
        let bugs = try await sniffer.inspector(transport).bugs()
        #expect(bugs.count == 1)
        let description = bugs.first?.raw["description"]?.stringValue ?? ""
        #expect(description.contains("- Model: MacBook Pro 14\""), "\(description)")
        #expect(description.contains("- User: Ada Lovelace"))
        #expect(description.contains("- Location: O'Brien's Lab"))
        #expect(description.contains("- Page: \(snipe.url)/hardware/1"))
        #expect(bugs.first?.integrationKey == "HD-43")
        let patches = try await snipe.call("GET", "/_sim/requests")["items"]?.arrayValue?.filter { $0["method"] == "PATCH" } ?? []
        #expect(patches.filter { $0["status"] == 200 }.count == 1, "the status was changed once")
        #expect(try await snipe.call("GET", "/_sim/requests")["items"]?.arrayValue?.filter { $0["method"] == "POST" }.count == 1)
        _ = try await sniffer.process.stop(SIGTERM)
        _ = try await snipe.process.stop(SIGTERM)
    }

    static func port(_ serve: ChildProcess) async throws -> Int {
        let line = try JSON(parsing: try await serve.firstLine())
        let listen = try #require(line["listen"]?.stringValue)
        return try #require(listen.split(separator: ":").last.flatMap { Int($0) })
    }

    static func post(_ body: String, port: Int, transport: CurlTransport) async throws -> Int {
        let request = OutboundRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/hooks/jira",
            headers: [(name: "Content-Type", value: "application/json"), (name: "X-Atlassian-Webhook-Identifier", value: "hd-43-created")],
            body: Array(body.utf8), timeout: .seconds(10))
        guard case .success(let response) = await transport.send(request) else { throw HarnessError("POST /hooks/jira failed") }
        return response.status
    }
}
