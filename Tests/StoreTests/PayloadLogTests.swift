import Foundation
@testable import Store
import TestSupport
import Testing

@Suite("Payload log: records, recovery after a lost WAL, torn tails", .serialized)
struct PayloadLogTests {
    @Test func recordsRoundTripAndDamageEndsTheLog() {
        let record = PayloadRecord(id: 42, receivedAt: -7, source: "github", deliveryID: "d-ü", name: "ping",
                                   headers: HeaderCodec.encode([HeaderField("A", "b")]), codec: .none,
                                   payload: Array("{\"x\":1}".utf8))
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

    /// Logs written before the four-lane checksum ("SBE1") still recover.
    @Test func aRecordOfTheFirstFormatStillDecodes() {
        // The same event as the second format ("SBE2": no codec byte) wrote it...
        let record = PayloadRecord(id: 9, receivedAt: 1_700_000_000_000, source: "ci", deliveryID: "old", name: "failure",
                                   headers: HeaderCodec.encode([]), codec: .none,
                                   payload: Array("{\"legacy\":true}".utf8), magic: PayloadRecord.uncompressedMagic)
        var second: [UInt8] = []
        record.encode(into: &second)
        #expect(Array(second.prefix(4)) == Array("SBE2".utf8))
        // ...and as the first format wrote it: its magic and one-lane checksum.
        let body = second[PayloadRecord.prefixBytes...]
        let check = PayloadRecord.legacyChecksum(body) ^ (UInt64(9) &* 0x9E37_79B9_7F4A_7C15)
        var legacy: [UInt8] = []
        for (value, width) in [(UInt64(PayloadRecord.legacyMagic), 4), (UInt64(body.count), 4), (check, 8), (UInt64(9), 8)] {
            for byte in 0..<width { legacy.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * byte))) }
        }
        legacy += body
        let decoded = PayloadRecord.decode(legacy[...])
        #expect(decoded?.payload == record.payload)
        #expect(decoded?.codec == PayloadCodec.none)
        #expect(decoded?.deliveryID == "old")
        var mixed = legacy
        mixed[0...3] = second[0...3]  // a one-lane checksum under a four-lane magic is torn
        #expect(PayloadRecord.decode(mixed[...]) == nil)
    }

    /// "SBE2" records (before compression) decode as uncompressed; "SBE3"
    /// records carry their codec, and a codec byte no version knows ends the log.
    @Test func recordsCarryTheirCodec() throws {
        let payload = Array(String(repeating: "{\"url\":\"https://api.github.com/repos/o/r\"}", count: 40).utf8)
        let (codec, stored) = PayloadCodec.encode(payload)
        #expect(codec == .lz4)
        let record = PayloadRecord(id: 3, receivedAt: 5, source: "github", deliveryID: "d", name: "push",
                                   headers: [], codec: codec, payload: stored)
        var bytes: [UInt8] = []
        record.encode(into: &bytes)
        #expect(Array(bytes.prefix(4)) == Array("SBE3".utf8))
        #expect(Array(bytes[record.payloadStart...]) == stored)
        let decoded = try #require(PayloadRecord.decode(bytes[...]))
        #expect(decoded == record)
        #expect(try decoded.codec.decode(decoded.payload, where: "test") == payload)

        let second = PayloadRecord(id: 3, receivedAt: 5, source: "github", deliveryID: "d", name: "push", headers: [],
                                   codec: .none, payload: payload, magic: PayloadRecord.uncompressedMagic)
        var secondBytes: [UInt8] = []
        second.encode(into: &secondBytes)
        #expect(secondBytes.count == PayloadRecord.prefixBytes + 8 + 4 * 5 + 6 + 1 + 4 + payload.count)
        #expect(PayloadRecord.decode(secondBytes[...])?.codec == PayloadCodec.none)
        #expect(PayloadRecord.decode(secondBytes[...])?.payload == payload)

        // An unknown codec byte, with a checksum that matches: not a record this version can read.
        let unknown = PayloadRecord(id: 3, receivedAt: 5, source: "github", deliveryID: "d", name: "push", headers: [],
                                    codec: .none, payload: payload)
        var unknownBytes: [UInt8] = []
        unknown.encode(into: &unknownBytes)
        let codecAt = unknown.payloadStart - 5
        #expect(unknownBytes[codecAt] == PayloadCodec.none.rawValue)
        unknownBytes[codecAt] = 7
        let body = unknownBytes[PayloadRecord.prefixBytes...]
        let check = PayloadRecord.checksum(body) ^ (UInt64(3) &* 0x9E37_79B9_7F4A_7C15)
        for byte in 0..<8 { unknownBytes[8 + byte] = UInt8(truncatingIfNeeded: check >> UInt64(8 * byte)) }
        #expect(PayloadRecord.decode(unknownBytes[...]) == nil)
    }

    @Test func theChecksumSeesEveryByte() {
        var generator = SeededGenerator(state: 0xC4EC)
        for length in [0, 1, 7, 8, 31, 32, 33, 100, 4_097] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let base = PayloadRecord.checksum(bytes[...])
            for position in Set([0, length / 2, length - 1]) where position >= 0 && position < length {
                var changed = bytes
                changed[position] ^= 0x01
                #expect(PayloadRecord.checksum(changed[...]) != base, "length \(length), byte \(position)")
            }
            #expect(PayloadRecord.checksum((bytes + [0])[...]) != base, "length \(length) + a zero byte")
        }
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
        let events = try await reopened.pendingEventsWithPayloads(limit: 100)
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

    /// Recovery walks every segment the writer rotated to, whatever segment
    /// size the store is reopened with (a config change between runs).
    @Test func recoveryCrossesSegmentsWrittenWithAnotherSegmentSize() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(configuration: .init(
            directory: directory.path, durability: .fsync, walAutocheckpointPages: 1_000_000, segmentBytes: 300))
        var acked: [Int64] = []
        for index in 0..<12 {  // one batch each: every batch past 300 bytes rotates
            acked.append(try await store.append(StoreFixture.event("s-\(index)", payload: "{\"n\":\(index)}")).id)
        }
        let segments = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/payloads")
        #expect(segments.count > 2)
        let snapshot = try Self.powerLossSnapshot(of: directory.path)
        defer { snapshot.remove() }
        await store.close()

        let reopened = try SQLiteStore(directory: snapshot.path)  // default 64 MiB segments
        let events = try await reopened.pendingEvents(limit: 100)
        #expect(events.map(\.id).sorted() == acked.sorted())
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
