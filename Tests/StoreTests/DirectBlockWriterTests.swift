import Foundation
@testable import Store
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Payload log: direct, block-aligned writes", .serialized)
struct DirectBlockWriterTests {
    /// Whether the folder `path` is on a file system that refuses O_DIRECT (tmpfs).
    static func refusesDirectIO(_ path: String) -> Bool {
        let probe = path + "/.direct-probe"
        defer { unlink(probe) }
        let fd = open(probe, O_RDWR | O_CREAT | O_CLOEXEC | DirectBlockWriter.openFlag, 0o600)
        if fd >= 0 { close(fd) }
        return fd < 0 && errno == EINVAL
    }

    @Test func unalignedBatchesKeepEveryEarlierByte() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try #require(!Self.refusesDirectIO(folder.path), "the temporary folder is on tmpfs")
        let path = folder.path + "/log"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | DirectBlockWriter.openFlag, 0o600)
        try #require(fd >= 0, "open with O_DIRECT: \(String(cString: strerror(errno)))")
        defer { close(fd) }
        let writer = DirectBlockWriter()
        var generator = SeededGenerator(state: 0xD1EC7)
        var expected: [UInt8] = []
        // Sizes below, at and above a block, so batches start and end anywhere in one.
        for round in 0..<60 {
            let size = [1, 7, 4095, 4096, 4097, 10_000, 333][round % 7] + Int.random(in: 0...50, using: &generator)
            let batch = (0..<size).map { _ in UInt8.random(in: 1...255, using: &generator) }
            if round % 9 == 8 { writer.forgetTail() }  // as after a reopen: the block is read back
            let failure = batch.withUnsafeBytes { writer.write($0, at: Int64(expected.count), segment: 1, fd: fd) }
            #expect(failure == nil, "round \(round): errno \(failure ?? 0)")
            expected += batch
        }
        let onDisk = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(onDisk.count % DirectBlockWriter.blockSize == 0, "writes are whole blocks")
        #expect(Array(onDisk.prefix(expected.count)) == expected)
        #expect(onDisk.dropFirst(expected.count).allSatisfy { $0 == 0 }, "past the end: zero padding only")
    }

    @Test(arguments: [SQLiteStore.Durability.fsync, .os])
    func aStoreWritesItsLogDirectlyAndReadsEveryPayloadBack(durability: SQLiteStore.Durability) async throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let store = try SQLiteStore(configuration: .init(directory: directory.path, durability: durability, segmentBytes: 50_000))
        var generator = SeededGenerator(state: 0x5E6)
        var payloads: [Int64: [UInt8]] = [:]
        try await withThrowingTaskGroup(of: (Int64, [UInt8]).self) { group in
            for index in 0..<200 {
                let size = Int.random(in: 0...3_000, using: &generator)
                let payload = "{\"n\":\(index),\"pad\":\"" + StoreFixture.noise(size, seed: UInt64(index)) + "\"}"
                group.addTask {
                    let result = try await store.append(StoreFixture.event("d-\(index)", payload: payload))
                    return (result.id, Array(payload.utf8))
                }
            }
            for try await (id, payload) in group { payloads[id] = payload }
        }
        for (id, payload) in payloads {
            #expect(try await store.event(id: id)?.payload == payload, "event \(id)")
        }
        let segments = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/payloads").sorted()
        #expect(segments.count >= 2, "the log rotated: \(segments)")
        if !Self.refusesDirectIO(directory.path) {
            for name in segments {
                let size = try FileManager.default.attributesOfItem(atPath: directory.path + "/payloads/" + name)[.size] as? Int
                #expect((size ?? 1) % DirectBlockWriter.blockSize == 0, "\(name) was written in whole blocks")
            }
        }
        await store.close()
        // Reopened (the block holding the end is read back), it goes on appending.
        let reopened = try SQLiteStore(configuration: .init(directory: directory.path, durability: durability, segmentBytes: 50_000))
        let next = try await reopened.append(StoreFixture.event("after", payload: "{\"after\":true}"))
        #expect(try await reopened.event(id: next.id)?.payload == Array("{\"after\":true}".utf8))
        for (id, payload) in payloads.prefix(20) {
            #expect(try await reopened.event(id: id)?.payload == payload)
        }
        await reopened.close()
    }
}
