import Foundation
@testable import Store
import Testing

@Suite("Payload log: records, recovery after a lost WAL, torn tails")
struct PayloadLogTests {
    @Test func recordsRoundTripAndDamageEndsTheLog() {
        let record = PayloadRecord(id: 42, receivedAt: -7, source: "github", deliveryID: "d-ü", name: "ping",
                                   headers: HeaderCodec.encode([HeaderField("A", "b")]), payload: Array("{\"x\":1}".utf8))
        var bytes: [UInt8] = []
        record.encode(into: &bytes)
        #expect(bytes.count == record.size)
        #expect(Array(bytes[record.payloadStart...]) == record.payload)
        #expect(PayloadRecord.decode(bytes[...]) == record)
        #expect(PayloadRecord.decode(bytes.dropLast()[...]) == nil)  // incomplete
        var torn = bytes
        torn[record.payloadStart + 2] ^= 0xFF
        #expect(PayloadRecord.decode(torn[...]) == nil)  // checksum
        var wrongID = bytes
        wrongID[16] ^= 0x01
        #expect(PayloadRecord.decode(wrongID[...]) == nil)  // the id is covered too
        #expect(PayloadRecord.decode([UInt8](repeating: 0, count: 64)[...]) == nil)  // zeros after a crash
    }

    /// Copies the database file and the payload log but NOT the WAL: a power
    /// loss in which every commit that was not fsync'd is gone.
    static func powerLossSnapshot(of directory: String) throws -> TemporaryDirectory {
        let copy = try TemporaryDirectory()
        for name in ["sniffer-bridge.sqlite3", "payloads"] {
            try FileManager.default.copyItem(atPath: directory + "/" + name, toPath: copy.path + "/" + name)
        }
        return copy
    }

    @Test func acknowledgedAppendsSurviveLosingTheWAL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // No automatic checkpoint: copying the database file while a checkpoint
        // writes it would tear the copy, a state a real power loss cannot
        // produce (the checkpoint syncs the WAL before touching the database).
        let store = try SQLiteStore(configuration: .init(
            directory: directory.path, durability: .fsync, walAutocheckpointPages: 1_000_000, segmentBytes: 3_000))
        let acked = try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for index in 0..<60 {
                group.addTask { try await store.append(StoreFixture.event("w-\(index)", payload: "{\"n\":\(index)}")) }
            }
            var all: [AppendResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        let snapshot = try Self.powerLossSnapshot(of: directory.path)
        defer { snapshot.remove() }
        await store.close()

        let reopened = try SQLiteStore(directory: snapshot.path)
        let events = try await reopened.pendingEvents(limit: 100)
        #expect(Set(events.map(\.id)) == Set(acked.map(\.id)))
        for event in events {
            #expect(event.payload == Array("{\"n\":\(event.deliveryID.dropFirst(2))}".utf8))
            #expect(event.headers == StoreFixture.event("x").headers)
        }
        #expect(try await reopened.append(StoreFixture.event("w-7")).isDuplicate)
        let fresh = try await reopened.append(StoreFixture.event("new"))
        #expect(try await reopened.event(id: fresh.id)?.deliveryID == "new")
        await reopened.close()
    }

    @Test func aTornTailIsIgnoredAndOverwritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path)
        let first = try await store.append(StoreFixture.event("a")).id
        await store.close()
        // A batch that died half-written: a plausible header, then garbage.
        let segment = directory.path + "/payloads/00000001.seg"
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x42, 0x53, 0x45, 0x31, 0xFF, 0, 0, 0]) + Data(repeating: 7, count: 40))
        try handle.close()

        let reopened = try SQLiteStore(directory: directory.path)
        #expect(try await reopened.pendingEvents(limit: 10).map(\.id) == [first])
        let second = try await reopened.append(StoreFixture.event("b", payload: "{\"b\":2}")).id
        #expect(try await reopened.event(id: second)?.payload == Array("{\"b\":2}".utf8))
        await reopened.close()
        // The garbage was overwritten: a lost WAL now recovers both.
        let snapshot = try Self.powerLossSnapshot(of: directory.path)
        defer { snapshot.remove() }
        try FileManager.default.removeItem(atPath: snapshot.path + "/sniffer-bridge.sqlite3")
        let rebuilt = try SQLiteStore(directory: snapshot.path)
        #expect(try await rebuilt.pendingEvents(limit: 10).map(\.deliveryID) == ["a", "b"])
        await rebuilt.close()
    }
}
