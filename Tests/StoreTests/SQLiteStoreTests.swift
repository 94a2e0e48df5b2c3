import CSQLite
import Foundation
@testable import Store
import Testing

@Suite("SQLiteStore: durability, group commit, reopen", .serialized)
struct SQLiteStoreTests {
    /// Copies the database and its WAL as they are on disk right now, while the
    /// store is still open: what a `kill -9` (or power loss, with fsync) leaves.
    static func crashSnapshot(of directory: String) throws -> TemporaryDirectory {
        let copy = try TemporaryDirectory()
        for name in ["sniffer-bridge.sqlite3", "sniffer-bridge.sqlite3-wal", "payloads"] {
            let source = directory + "/" + name
            if FileManager.default.fileExists(atPath: source) {
                try FileManager.default.copyItem(atPath: source, toPath: copy.path + "/" + name)
            }
        }
        return copy
    }

    @Test func concurrentAppendsShareCommitsAndEveryAckIsOnDisk() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path, durability: .fsync)
        let count = 400
        let acked = try await withThrowingTaskGroup(of: (String, Int64).self) { group in
            for index in 0..<count {
                group.addTask {
                    let result = try await store.append(StoreFixture.event("g-\(index)", payload: #"{"i":\#(index)}"#))
                    return ("g-\(index)", result.id)
                }
            }
            var acked: [String: Int64] = [:]
            for try await (delivery, id) in group { acked[delivery] = id }
            return acked
        }
        #expect(acked.count == count)
        #expect(store.committedBatches < count, "group commit: \(store.committedBatches) batches for \(count) appends")
        #expect(store.committedWrites == count)

        // Without a clean shutdown: the files as they are now, opened elsewhere.
        let snapshot = try Self.crashSnapshot(of: directory.path)
        defer { snapshot.remove() }
        let reopened = try SQLiteStore(directory: snapshot.path)
        let pending = try await reopened.pendingEventsWithPayloads(limit: 1_000)
        #expect(Dictionary(uniqueKeysWithValues: pending.map { ($0.deliveryID, $0.id) }) == acked)
        #expect(pending.allSatisfy { $0.payload == Array(#"{"i":\#($0.deliveryID.dropFirst(2))}"#.utf8) })
        await reopened.close()
        await store.close()
    }

    /// With fsync durability, only jobs whose loss a power failure could not
    /// undo sync the WAL: appends (synced in the payload log), dispatches,
    /// claims and key records (redone from durable state) commit without it.
    @Test func onlyOutcomesSyncTheWAL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(configuration: .init(directory: directory.path, durability: .fsync))
        let event = try await store.append(StoreFixture.event("s-1"))
        let ids = try await store.dispatch(eventID: event.id, actions: [StoreFixture.action("k")], now: 1)
        _ = try await store.append(StoreFixture.event("s-2"), actions: [StoreFixture.action("k2")])
        let claimed = try await store.claimDue(now: 2_000, limit: 10)
        #expect(claimed.map(\.id) == [ids[0], ids[0] + 1])
        try await store.saveKeyRecord(KeyRecord(bugID: "1", createdByAction: ids[0], updatedAt: 2), forDedupKey: "k")
        #expect(store.syncedBatches == 0, "appends, dispatch, claim and the key record skip the WAL sync")
        try await store.complete(actionID: ids[0], result: "bug 1", now: 3)
        #expect(store.syncedBatches == 1, "an outcome is synced")
        await store.close()
    }

    @Test func completionCallbacksAreAcknowledgedAfterCommit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path, durability: .fsync)
        let results = await withTaskGroup(of: Result<AppendResult, StoreError>.self) { group in
            for index in 0..<100 {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        store.append(StoreFixture.event("c-\(index)"), actions: nil) { continuation.resume(returning: $0) }
                    }
                }
            }
            var all: [Result<AppendResult, StoreError>] = []
            for await result in group { all.append(result) }
            return all
        }
        let ids = try results.map { try $0.get().id }
        let snapshot = try Self.crashSnapshot(of: directory.path)
        defer { snapshot.remove() }
        let reopened = try SQLiteStore(directory: snapshot.path)
        #expect(Set(try await reopened.pendingEvents(limit: 1_000).map(\.id)) == Set(ids))
        await reopened.close()
        await store.close()
    }

    @Test func outboxStateSurvivesACrashAndRecovers() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let ids = try await StoreFixture.enqueue(store, delivery: "1", [
            StoreFixture.action("a"), StoreFixture.action("b"), StoreFixture.action("c"),
        ])
        _ = try await store.claimDue(now: 1_000, limit: 10)
        try await store.retry(actionID: ids[0], at: 60_000, error: "503", now: 1_000)
        try await store.deadLetter(actionID: ids[1], error: "400", now: 1_000)
        try await store.saveKeyRecord(KeyRecord(bugID: "B-1", createdByAction: ids[0], updatedAt: 1_000), forDedupKey: "a")
        // ids[2] stays in flight: the process "dies" here.
        let snapshot = try Self.crashSnapshot(of: directory.path)
        defer { snapshot.remove() }
        await store.close()

        let reopened = try SQLiteStore(directory: snapshot.path)
        let retried = try #require(try await reopened.action(id: ids[0]))
        #expect(retried.state == .pending && retried.nextAttemptAt == 60_000 && retried.attempts == 1)
        #expect(try await reopened.action(id: ids[1])?.state == .dead)
        #expect(try await reopened.action(id: ids[2])?.state == .inFlight)
        #expect(try await reopened.keyRecord(forDedupKey: "a") == KeyRecord(bugID: "B-1", createdByAction: ids[0], updatedAt: 1_000))
        #expect(try await reopened.recoverInFlight(now: 2_000) == 1)
        #expect(try await reopened.claimDue(now: 2_000, limit: 10).map(\.id) == [ids[2]])
        #expect(try await reopened.claimDue(now: 60_000, limit: 10).map(\.id) == [ids[0]])
        await reopened.close()
    }

    @Test func aDispatchThatFailsHalfwayLeavesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        // A trigger makes the second action's INSERT fail, after the event was
        // marked dispatched and the first action inserted.
        let raw = try SQLiteDatabase(path: directory.path + "/sniffer-bridge.sqlite3", busyTimeoutMillis: 1_000)
        try raw.execute("""
            CREATE TRIGGER fail_boom BEFORE INSERT ON actions WHEN NEW.kind = 'boom'
            BEGIN SELECT RAISE(ABORT, 'boom refused'); END
            """)
        let id = try await store.append(StoreFixture.event("atomic")).id
        let error = await #expect(throws: StoreError.self) {
            try await store.dispatch(eventID: id, actions: [StoreFixture.action("k"), StoreFixture.action("k", "boom")],
                                     now: 1_000)
        }
        #expect(error?.message.contains("boom refused") == true)
        #expect(try await store.event(id: id)?.state == .pending)
        #expect(try await store.actions(state: nil, afterID: 0, limit: 10).isEmpty)
        // Once the cause is gone the same dispatch goes through whole.
        try raw.execute("DROP TRIGGER fail_boom")
        let ids = try await store.dispatch(eventID: id, actions: [StoreFixture.action("k"), StoreFixture.action("k", "boom")],
                                           now: 2_000)
        #expect(ids.count == 2)
        #expect(try await store.event(id: id)?.state == .dispatched)
        await store.close()
    }

    @Test func cleanReopenKeepsEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let nested = directory.path + "/a/b/data"
        let store = try SQLiteStore(directory: nested)
        let id = try await store.append(StoreFixture.event("x")).id
        await store.close()
        let permissions = try FileManager.default.attributesOfItem(atPath: nested)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o700)
        let reopened = try SQLiteStore(directory: nested)
        #expect(try await reopened.event(id: id)?.deliveryID == "x")
        #expect(try await reopened.append(StoreFixture.event("x")) == .duplicate(id))
        await reopened.close()
    }

    @Test func aSecondOpenerReadsAndWritesWhileTheFirstRuns() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let serve = try SQLiteStore(directory: directory.path)
        let cli = try SQLiteStore(directory: directory.path)
        let ids = try await StoreFixture.enqueue(serve, delivery: "1", [StoreFixture.action("k")])
        _ = try await serve.claimDue(now: 1_000, limit: 1)
        try await serve.deadLetter(actionID: ids[0], error: "x", now: 1_000)
        #expect(try await cli.actions(state: .dead, afterID: 0, limit: 10).map(\.id) == ids)
        #expect(try await cli.retryAllDead(now: 2_000) == 1)
        #expect(try await serve.claimDue(now: 2_000, limit: 10).map(\.id) == ids)
        // Both write events at once: their payload logs share the segment files.
        let appended = try await withThrowingTaskGroup(of: (String, Int64).self) { group in
            for index in 0..<40 {
                let store = index % 2 == 0 ? serve : cli
                group.addTask { ("two-\(index)", try await store.append(StoreFixture.event("two-\(index)", payload: "[\(index)]")).id) }
            }
            var all: [(String, Int64)] = []
            for try await pair in group { all.append(pair) }
            return all
        }
        #expect(try await cli.counts().pendingEvents == 40)
        for (delivery, id) in appended {
            let event = try #require(try await serve.event(id: id))
            #expect(event.deliveryID == delivery)
            #expect(event.payload == Array("[\(delivery.dropFirst(4))]".utf8))
        }
        await cli.close()
        await serve.close()
    }

    @Test func schemaIsVersionedAndANewerOneIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        await store.close()
        let path = directory.path + "/sniffer-bridge.sqlite3"
        let db = try SQLiteDatabase(path: path, busyTimeoutMillis: 1_000)
        #expect(try db.integer("PRAGMA user_version") == SQLiteSchema.currentVersion)
        #expect(try db.text("PRAGMA journal_mode") == "wal")
        try db.execute("PRAGMA user_version = 99")
        let error = #expect(throws: StoreError.self) { try SQLiteStore(directory: directory.path) }
        #expect(error?.code == .database)
        #expect(error?.message.contains("newer") == true)
    }

    @Test func anUnusableDirectoryIsAPreciseError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path + "/plain-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(directory: file + "/data") }
        #expect(error?.code == .io)
        #expect(error?.message.contains("plain-file") == true)
    }

    @Test func pruneGivesTheSpaceBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path, durability: .os)
        for index in 0..<200 {
            let big = StoreFixture.noise(20_000, seed: UInt64(index))
            let id = try await store.append(StoreFixture.event("big-\(index)", payload: big)).id
            _ = try await store.dispatch(eventID: id, actions: [], now: 1_000)
        }
        let file = directory.path + "/sniffer-bridge.sqlite3"
        let size = { () throws -> Int in try Self.bytesOnDisk(directory.path) }
        // Checkpoint so the main file holds the payloads before measuring.
        #expect(try await store.prune(olderThan: 0) == PruneResult(events: 0, actions: 0))
        let before = try size()
        #expect(before > 4_000_000)
        #expect(try await store.prune(olderThan: 2_000) == PruneResult(events: 200, actions: 0))
        let after = try size()
        #expect(after < before / 10, "file \(before) -> \(after) bytes")
        let wal = (try? FileManager.default.attributesOfItem(atPath: file + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        #expect(wal == 0)
        await store.close()
    }

    /// The size of every file under `path`.
    static func bytesOnDisk(_ path: String) throws -> Int {
        let files = FileManager.default.enumerator(atPath: path)?.allObjects.compactMap { $0 as? String } ?? []
        return try files.reduce(0) { total, name in
            let attributes = try FileManager.default.attributesOfItem(atPath: path + "/" + name)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { return total }
            return total + ((attributes[.size] as? NSNumber)?.intValue ?? 0)
        }
    }

    @Test func payloadSegmentsRollAndOnlyUnreferencedOnesAreDeleted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(configuration: .init(directory: directory.path, durability: .os, segmentBytes: 10_000))
        let payload = StoreFixture.noise(4_000, seed: 0x5E9)
        var events: [Int64] = []
        for index in 0..<20 {
            // One at a time, so each append is its own batch and segments roll every 3 events.
            events.append(try await store.append(StoreFixture.event("s-\(index)", payload: payload + "\(index)")).id)
        }
        let payloads = directory.path + "/payloads"
        let segmentsBefore = try FileManager.default.contentsOfDirectory(atPath: payloads).count
        #expect(segmentsBefore >= 6)
        // Event 0 gets a dead action (kept forever); the others finish.
        for (index, id) in events.enumerated() {
            try await store.dispatch(eventID: id, actions: index == 0 ? [StoreFixture.action("dead")] : [], now: 1_000)
        }
        let claimed = try await store.claimDue(now: 1_000, limit: 10)
        try await store.deadLetter(actionID: try #require(claimed.first?.id), error: "x", now: 1_000)
        #expect(try await store.prune(olderThan: 2_000) == PruneResult(events: 19, actions: 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: payloads).count == 1)
        #expect(try await store.event(id: events[0])?.payload == Array((payload + "0").utf8))
        // Writing goes on in a fresh segment.
        let next = try await store.append(StoreFixture.event("after", payload: "{}")).id
        #expect(try await store.event(id: next)?.payload == Array("{}".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: payloads).count == 2)
        await store.close()
    }

    @Test func aTruncatedPayloadIsAPreciseError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let id = try await store.append(StoreFixture.event("t", payload: String(repeating: "x", count: 100))).id
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/payloads").first)
        try FileHandle(forWritingTo: URL(fileURLWithPath: directory.path + "/payloads/" + segment)).truncate(atOffset: 50)
        let error = await #expect(throws: StoreError.self) { try await store.event(id: id) }
        #expect(error?.code == .database)
        #expect(error?.message.contains("truncated") == true)
        await store.close()
    }

    @Test func headersSurviveTheCodecAndTruncationIsAnError() throws {
        let headers = [HeaderField("A", ""), HeaderField("X-Ünï", "v: ✓\r\n"), HeaderField("", "empty name")]
        #expect(try HeaderCodec.decode(HeaderCodec.encode(headers)) == headers)
        #expect(try HeaderCodec.decode([]) == [])
        let bytes = HeaderCodec.encode(headers)
        #expect(throws: StoreError.self) { try HeaderCodec.decode(Array(bytes.dropLast())) }
        #expect(throws: StoreError.self) { try HeaderCodec.decode([1, 0]) }
    }
}

@Suite(.serialized) struct KeyRecordMigrationTests {
    /// Schema 2 kept a key's creator in `last_comment_hash` as
    /// `created-by:<action id>`; schema 3 moves it to its own column.
    @Test func theCreatorMarkMovesToItsOwnColumn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        await store.close()
        let db = try SQLiteDatabase(path: directory.path + "/sniffer-bridge.sqlite3", busyTimeoutMillis: 1_000)
        try db.execute(SQLiteFixture.dropSchema6)
        try db.execute(SQLiteFixture.dropSchema5)
        try db.execute(SQLiteFixture.dropSchema4)
        try db.execute("ALTER TABLE keys DROP COLUMN created_by_action")
        try db.execute("INSERT INTO keys VALUES ('created', 'B-1', 'created-by:42', NULL, 5)")
        try db.execute("INSERT INTO keys VALUES ('commented', 'B-2', 'ab12', 7, 6)")
        try db.execute("PRAGMA user_version = 2")
        withExtendedLifetime(db) {}

        let reopened = try SQLiteStore(directory: directory.path)
        #expect(try await reopened.keyRecord(forDedupKey: "created") == KeyRecord(bugID: "B-1", createdByAction: 42, updatedAt: 5))
        #expect(try await reopened.keyRecord(forDedupKey: "commented")
            == KeyRecord(bugID: "B-2", lastCommentHash: "ab12", resolvedAt: 7, updatedAt: 6))
        await reopened.close()
    }
}
