import Foundation
import JSON
import Store
import Testing

/// `sniffer-bridge deliveries` and `serve` as a user runs them.
@Suite(.serialized) struct CommandTests {
    /// A data directory holding one done, one dead and one pending delivery.
    static func dataDirectory(_ folder: URL) async throws -> String {
        let path = folder.appendingPathComponent("data").path
        let store = try SQLiteStore(configuration: .init(directory: path, durability: .os))
        let event = try await store.append(
            NewEvent(source: "ci", deliveryID: "d1", name: "failure", receivedAt: 1_000, payload: Array(#"{"a":1}"#.utf8)))
        let actions = ["a", "b", "c"].map {
            NewAction(dedupKey: "key-\($0)", kind: "comment", payload: Array(#"{"do":"comment","text":"\#($0)"}"#.utf8))
        }
        try await store.dispatch(eventID: event.id, actions: actions, now: 1_000)
        let claimed = try await store.claimDue(now: 2_000, limit: 10)
        try #require(claimed.count == 3)
        try await store.complete(actionID: claimed[0].id, result: "bug 1: comment 2", now: 3_000)
        try await store.deadLetter(actionID: claimed[1].id, error: "400 Bad Request: no", now: 3_000)
        try await store.release(actionID: claimed[2].id, at: 9_000)
        await store.close()
        return path
    }

    @Test func deliveriesListShowRetryDrop() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deliveries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try await Self.dataDirectory(folder)

        let all = try await ChildProcess.run(["deliveries", "list", "--data", data], folder: folder)
        #expect(all.status == 0)
        let lines = all.output.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.dropFirst().map { $0.split(separator: " ")[0] } == ["3", "2", "1"])

        let dead = try await ChildProcess.run(["deliveries", "list", "--state", "dead", "--data", data], folder: folder)
        #expect(dead.output.split(separator: "\n").count == 2)
        #expect(dead.output.contains("400 Bad Request: no"))

        let show = try await ChildProcess.run(["deliveries", "show", "2", "--data", data], folder: folder)
        #expect(show.status == 0)
        #expect(show.output.contains("state:         dead"))
        #expect(show.output.contains("event:         1 (ci failure, delivery d1"))

        let retry = try await ChildProcess.run(["deliveries", "retry", "--all-dead", "--data", data], folder: folder)
        #expect(retry.output == "1 dead delivery queued again\n")
        let retryDone = try await ChildProcess.run(["deliveries", "retry", "1", "--data", data], folder: folder)
        #expect(retryDone.status == 1)
        #expect(retryDone.error.contains("action 1 is done"))

        let drop = try await ChildProcess.run(["deliveries", "drop", "3", "--data", data], folder: folder)
        #expect(drop.output == "delivery 3 dropped\n")
        let missing = try await ChildProcess.run(["deliveries", "show", "99", "--data", data], folder: folder)
        #expect(missing.status == 1)
        #expect(missing.error == "no delivery with id 99\n")

        let pending = try await ChildProcess.run(["deliveries", "list", "--state", "pending", "--data", data], folder: folder)
        #expect(pending.output.split(separator: "\n").map { $0.split(separator: " ")[0] } == ["ID", "2"])
    }

    @Test func deliveriesFindTheDataDirectoryThroughTheConfigWithoutItsSecrets() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deliveries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Self.dataDirectory(folder)
        let config = folder.appendingPathComponent("bridge.toml").path
        try """
            mappings = ["none/*.toml"]
            [store]
            path = "data"
            [sniffer]
            token = "${UNSET_TOKEN_FOR_THIS_TEST}"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let list = try await ChildProcess.run(["deliveries", "list", "--config", config], folder: folder)
        #expect(list.status == 0)
        #expect(list.output.split(separator: "\n").count == 4)
        let none = try await ChildProcess.run(["deliveries", "list"], folder: folder)
        #expect(none.status == 2)
        let nowhere = try await ChildProcess.run(["deliveries", "list", "--data", folder.appendingPathComponent("nope").path], folder: folder)
        #expect(nowhere.status == 1)
        #expect(nowhere.error.contains("no data directory"))
    }

    /// `[store]` is read by the config loader, so a broken one fails with
    /// the line `check` prints for it.
    @Test func deliveriesRefuseABrokenStoreWithCheckMessages() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deliveries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("bridge.toml").path
        for (text, line) in [
            ("mappings = []\n[store]\npath = 3\n", "\(config):3:8: 'path' must be a string, found integer"),
            ("mappings = []\n[store]\ndurability = \"soon\"\n", "\(config):3:15: 'durability' must be one of \"fsync\", \"os\", found \"soon\""),
            ("mappings = []\n[store]\npath = \"${UNSET_DATA_DIR_FOR_THIS_TEST}\"\n", "\(config):3:9: environment variable 'UNSET_DATA_DIR_FOR_THIS_TEST' is not set"),
            ("mappings = [\n", "\(config):2:1: "),
        ] {
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            let list = try await ChildProcess.run(["deliveries", "list", "--config", config], folder: folder)
            #expect(list.status == 1, "\(text)")
            #expect(list.error.hasPrefix(line), "\(list.error)")
            let check = try await ChildProcess.run(["check", "--config", config], folder: folder)
            #expect(check.status == 1)
            let first = list.error.split(separator: "\n").first.map(String.init) ?? ""
            #expect(check.error.split(separator: "\n").contains { $0 == first }, "\(check.error)")
        }
    }

    @Test func serveReportsABrokenConfigAndExits1() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("bridge.toml").path
        try "mappings = []\n[server]\nlisten = 8080\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try await ChildProcess.run(["serve", "--config", config], folder: folder)
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("bridge.toml:"))
    }
}
