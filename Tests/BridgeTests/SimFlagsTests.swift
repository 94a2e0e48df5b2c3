import Foundation
import Glibc
import JSON
import Outbound
import Testing
import TestSupport

/// `sniffer-bridge sim`'s flags, on the real process: `--strict`,
/// `--id-field id` and `--conflict-on-duplicate-key`.
@Suite(.serialized) struct SimFlagsTests {
    @Test func flagsMakeTheSimulatorStrictSpellIdsAsIdAndRefuseARepeatedKey() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sim = try ChildProcess(
            ["sim", "--strict", "--id-field", "id", "--conflict-on-duplicate-key", "--listen", "127.0.0.1:0"],
            folder: URL(fileURLWithPath: folder.path), name: "sim")
        let seed = try JSON(parsing: try await sim.firstLine())
        let address = try #require(seed["listen"]?.stringValue)
        let token = try #require(seed["token"]?.stringValue)
        let project = try #require(seed["project"]?.stringValue)
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        func post(_ body: JSON) async throws -> (Int, JSON) {
            let request = OutboundRequest(
                method: "POST", url: "http://\(address)/bug",
                headers: [(name: "api-token", value: token), (name: "Content-Type", value: "application/json")],
                body: body.serializedBytes(), timeout: .seconds(10))
            guard case .success(let response) = await transport.send(request) else { throw HarnessError("POST /bug failed") }
            return (response.status, try JSON(parsing: response.body))
        }
        let (refused, why) = try await post(["summary": "x", "project": .string(project), "run_url": "https://ci/1"])
        #expect(refused == 400)
        #expect(why["message"] == ["property run_url should not exist"])
        let bug: JSON = ["summary": "x", "project": .string(project), "integrationKey": "K-1"]
        let (created, answer) = try await post(bug)
        #expect(created == 201)
        #expect(answer["data"]?["localData"]?["id"]?.stringValue != nil)
        #expect(answer["data"]?["localData"]?["_id"] == nil)
        #expect(try await post(bug).0 == 409)
        #expect(try await sim.stop(SIGTERM) == 0)
    }
}
