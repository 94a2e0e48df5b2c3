import CSQLite
import Foundation
@testable import Store
import TestSupport
import Testing

@Suite("Payload compression: LZ4 in the payload log, read back as sent", .serialized)
struct PayloadCompressionTests {
    /// The ~19 KB GitHub `workflow_run` payload, minified as the gateway stores it.
    static func githubPayload() throws -> [UInt8] {
        let json = try JSONSerialization.jsonObject(
            with: Data(try SharedFiles.fixture("github/workflow_run.completed.failure.json")))
        return [UInt8](try JSONSerialization.data(withJSONObject: json))
    }

    @Test func aWebhookPayloadShrinksAndComesBackByteForByte() throws {
        let payload = try Self.githubPayload()
        let (codec, stored) = PayloadCodec.encode(payload)
        #expect(codec == .lz4)
        #expect(stored.count * 4 < payload.count, "\(payload.count) bytes stored as \(stored.count)")
        #expect(try codec.decode(stored, where: "test") == payload)
    }

    @Test func smallOrIncompressiblePayloadsAreStoredAsTheyAre() throws {
        let small = Array(#"{"pipeline":"deploy","status":"failure"}"#.utf8)
        #expect(PayloadCodec.encode(small).codec == .none)
        #expect(PayloadCodec.encode(small).stored == small)
        var generator = SeededGenerator(state: 0x1274)
        let noise = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(PayloadCodec.encode(noise).codec == .none)
        #expect(PayloadCodec.encode(noise).stored == noise)
        #expect(try PayloadCodec.none.decode(noise, where: "test") == noise)
    }

    /// A damaged stored payload is an error that names it, never wrong bytes
    /// or a crash (LZ4's `_safe` decoder stays inside its buffers).
    @Test func damagedCompressedPayloadsAreReportedPrecisely() throws {
        let payload = try Self.githubPayload()
        let (_, stored) = PayloadCodec.encode(payload)
        let place = "payloads/00000001.seg:100"
        func failure(_ bytes: [UInt8]) -> String? {
            do {
                _ = try PayloadCodec.lz4.decode(bytes, where: place)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(failure(Array(stored.prefix(3)))?.contains("truncated (3 bytes)") == true)
        #expect(failure(Array(stored.dropLast(40)))?.contains("is corrupt") == true)
        var wrongLength = stored
        wrongLength[0] &+= 1  // announces one byte more than the block holds
        #expect(failure(wrongLength)?.contains("is corrupt") == true)
        var huge = stored
        huge[3] = 0x7F
        #expect(failure(huge)?.contains("announces") == true)
        #expect(failure(huge)?.contains(place) == true)
        var generator = SeededGenerator(state: 0xDA3A)
        for _ in 0..<200 {
            var damaged = stored
            damaged[Int.random(in: 4..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            // Either the damage hits a literal (other bytes, the announced
            // length) or the decoder refuses it: never a different length.
            if let decoded = try? PayloadCodec.lz4.decode(damaged, where: place) {
                #expect(decoded.count == payload.count)
            }
        }
        #expect(throws: StoreError.self) { try PayloadCodec.stored(9, where: place) }
        #expect(try PayloadCodec.stored(1, where: place) == .lz4)
    }

    @Test func theStoreWritesASeventhOfTheBytesAndReadsThePayloadBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let payload = try Self.githubPayload()
        let store = try SQLiteStore(directory: directory.path, durability: .fsync)
        var ids: [Int64] = []
        for index in 0..<20 {
            ids.append(try await store.append(NewEvent(
                source: "github", deliveryID: "c-\(index)", name: "workflow_run", receivedAt: 1_000,
                headers: [HeaderField("X-GitHub-Event", "workflow_run")], payload: payload)).id)
        }
        for id in ids {
            #expect(try await store.event(id: id)?.payload == payload)
        }
        await store.close()
        let logBytes = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/payloads")
            .map { try FileManager.default.attributesOfItem(atPath: directory.path + "/payloads/" + $0)[.size] as? Int ?? 0 }
            .reduce(0, +)
        // Whole 4 KiB blocks (direct I/O), still far below 20 raw payloads.
        #expect(logBytes < 20 * payload.count / 4, "\(logBytes) bytes for \(20 * payload.count)")

        let reopened = try SQLiteStore(directory: directory.path)
        #expect(try await reopened.pendingEventsWithPayloads(limit: 100).map(\.payload) == Array(repeating: payload, count: 20))
        await reopened.close()
    }

    /// Compressed records rebuild their rows after a power loss took the WAL.
    @Test func compressedRecordsRecoverWithTheirCodec() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let payload = try Self.githubPayload()
        let store = try SQLiteStore(configuration: .init(
            directory: directory.path, durability: .fsync, walAutocheckpointPages: 1_000_000))
        for index in 0..<5 {
            _ = try await store.append(NewEvent(source: "ci", deliveryID: "r-\(index)", name: "failure",
                                                receivedAt: 1_000, headers: [], payload: payload))
        }
        let snapshot = try PayloadLogTests.powerLossSnapshot(of: directory.path)
        defer { snapshot.remove() }
        await store.close()

        let reopened = try SQLiteStore(directory: snapshot.path)
        let events = try await reopened.pendingEventsWithPayloads(limit: 10)
        #expect(events.map(\.deliveryID) == (0..<5).map { "r-\($0)" })
        #expect(events.allSatisfy { $0.payload == payload })
        await reopened.close()
    }

    /// A data directory written before compression (schema 1, no codec
    /// column) opens, migrates, and reads its payloads as they were stored.
    @Test func aStoreFromBeforeCompressionStillReads() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let payload = Array(#"{"old":"payload"}"#.utf8)
        let store = try SQLiteStore(directory: directory.path)
        let id = try await store.append(StoreFixture.event("v1", payload: String(decoding: payload, as: UTF8.self))).id
        await store.close()

        // Turn it back into schema 1.
        let db = try SQLiteDatabase(path: directory.path + "/sniffer-bridge.sqlite3", busyTimeoutMillis: 1_000)
        try db.execute(SQLiteFixture.dropSchema6)
        try db.execute(SQLiteFixture.dropSchema5)
        try db.execute(SQLiteFixture.dropSchema4)
        try db.execute("ALTER TABLE events DROP COLUMN payload_codec")
        try db.execute("ALTER TABLE keys DROP COLUMN created_by_action")
        try db.execute("PRAGMA user_version = 1")
        withExtendedLifetime(db) {}

        let reopened = try SQLiteStore(directory: directory.path)
        #expect(try await reopened.event(id: id)?.payload == payload)
        let big = try Self.githubPayload()
        let next = try await reopened.append(NewEvent(source: "ci", deliveryID: "v2", name: "failure",
                                                      receivedAt: 2_000, headers: [], payload: big)).id
        #expect(try await reopened.event(id: next)?.payload == big)
        await reopened.close()
    }
}
