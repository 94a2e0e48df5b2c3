@testable import Bridge
import Config
import Foundation
import JSON
import Rules
import Store
import Telemetry
import Testing
import TestSupport

/// Stored events become outbox actions with `mappings/ci-generic.toml`.
@Suite struct DispatcherTests {
    static func mappings() throws -> MappingSet {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dispatch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mapping = SharedFiles.packageRoot.appendingPathComponent("mappings/ci-generic.toml").path
        let path = folder.appendingPathComponent("bridge.toml").path
        try #"mappings = ["\#(mapping)"]"#.write(toFile: path, atomically: true, encoding: .utf8)
        return try MappingSet.load(configPath: path, environment: [:])
    }

    static func event(_ status: String, delivery: String) -> NewEvent {
        let payload: JSON = ["pipeline": "api", "status": .string(status), "url": "https://ci/1", "run_id": "9"]
        return NewEvent(source: "ci", deliveryID: delivery, name: status, receivedAt: 1_000, payload: payload.serializedBytes())
    }

    @Test func failureFilesAndSuccessResolvesOnTheSameKey() async throws {
        let store = InMemoryStore()
        let logs = InMemoryLogHandler()
        let dispatcher = Dispatcher(store: store, mappings: try Self.mappings(), logger: Logger(label: "t", handler: logs))
        _ = try await store.append(Self.event("failure", delivery: "1"))
        _ = try await store.append(Self.event("success", delivery: "2"))
        #expect(try await dispatcher.dispatchPending(now: 2_000) == 2)
        #expect(try await store.pendingEvents(limit: 10).isEmpty)
        let actions = try await store.actions(state: nil, afterID: 0, limit: 10)
        #expect(actions.map(\.kind) == ["create_bug", "set_status"])
        #expect(Set(actions.map(\.dedupKey)) == ["ci:-:api:-:-"])
        let create = try ActionCodec.decode(actions[0].payload)
        guard case .createBug(let bug) = create.kind else { Issue.record("not a create: \(create)"); return }
        #expect(bug.fields.summary == "CI failed: api")
        #expect(bug.duplicateComment == "Failed again: run 9 (failure) https://ci/1")
        // Only the two matches are logged (no warning), each with its rule and ids.
        #expect(logs.records.map(\.message) == ["Rule matched", "Rule matched"])
        #expect(logs.records.map { $0.metadata["rule"]?.description } == ["ci-pipeline-failed", "ci-pipeline-recovered"])
    }

    @Test func eventNoRuleWantsIsDispatchedWithZeroActions() async throws {
        let store = InMemoryStore()
        let dispatcher = Dispatcher(
            store: store, mappings: try Self.mappings(), logger: Logger(label: "t", handler: InMemoryLogHandler()))
        let appended = try await store.append(Self.event("running", delivery: "3"))
        #expect(try await dispatcher.dispatchPending(now: 2_000) == 1)
        let event = try #require(try await store.event(id: appended.id))
        #expect(event.state == .dispatched)
        #expect(try await store.actions(state: nil, afterID: 0, limit: 10).isEmpty)
        #expect(try await dispatcher.dispatchPending(now: 3_000) == 0)
    }

    @Test func unreadablePayloadIsDispatchedWithoutActionsAndLogged() async throws {
        let store = InMemoryStore()
        let logs = InMemoryLogHandler()
        let dispatcher = Dispatcher(store: store, mappings: try Self.mappings(), logger: Logger(label: "t", handler: logs))
        _ = try await store.append(NewEvent(source: "ci", deliveryID: "4", name: "failure", receivedAt: 1, payload: Array("{".utf8)))
        #expect(try await dispatcher.dispatchPending(now: 2_000) == 1)
        #expect(try await store.actions(state: nil, afterID: 0, limit: 10).isEmpty)
        #expect(logs.messages.contains { $0.contains("not JSON") })
    }

    /// A pending event whose payload record is damaged is dispatched with no
    /// action and an error naming it, so the events queued behind it (the
    /// store keeps fresh ones pending while any is) are not held for good.
    @Test func aDamagedPayloadIsDispatchedWithoutActionsAndFreesTheQueue() async throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path, durability: .os)
        let payload = Array(#"{"pipeline":"api","status":"failure","url":"https://ci/1","note":"\#(String(repeating: "x", count: 400))"}"#.utf8)
        let damaged = try await store.append(NewEvent(source: "ci", deliveryID: "d", name: "failure", receivedAt: 1, payload: payload))
        let fresh = try await store.append(Self.event("failure", delivery: "f"), actions: [])
        #expect(fresh == .stored(fresh.id), "queued behind the pending one")
        // Flip bytes in the middle of the first record's payload (compressed or not).
        let segment = directory.path + "/payloads/00000001.seg"
        let handle = try #require(FileHandle(forUpdatingAtPath: segment))
        try handle.seek(toOffset: 80)
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 64))
        try handle.close()
        await #expect(throws: StoreError.self) { try await store.event(id: damaged.id) }

        let logs = InMemoryLogHandler()
        let dispatcher = Dispatcher(store: store, mappings: try Self.mappings(), logger: Logger(label: "t", handler: logs))
        #expect(try await dispatcher.dispatchPending(now: 2_000) == 2)
        #expect(try await store.pendingEvents(limit: 10).isEmpty)
        let actions = try await store.actions(state: nil, afterID: 0, limit: 10)
        #expect(actions.map(\.eventID) == [fresh.id], "the damaged event has no action; the next one has its own")
        #expect(logs.messages.contains { $0.contains("cannot be read") })
        await store.close()
    }
}
