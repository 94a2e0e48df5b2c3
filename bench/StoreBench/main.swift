// bench-store: the store's ingest path alone (no HTTP): 64 concurrent tasks
// append the ~21 KB GitHub workflow_run payload (minified) with group commit,
// once with durability fsync and once with os. Prints events/s and the
// p50/p99 latency from calling append to its acknowledgement (after commit).
//
//   make bench-store                      (release build, defaults)
//   bench-store [events] [concurrency] [page size] [WAL autocheckpoint pages] [fsync|os]
import Dispatch
import Foundation
import Store
import Synchronization

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let totalEvents = arguments.first ?? 40_000
let concurrency = arguments.dropFirst().first ?? 64
let pageSize = arguments.dropFirst(2).first ?? 4_096
let checkpointPages = arguments.dropFirst(3).first ?? 1_000

/// `../shared/fixtures/...` beside the checkout, found from this file.
let fixture = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/fixtures/github/workflow_run.completed.failure.json")

/// Drops whitespace outside strings: the bytes a JSON serializer would write.
func minify(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var inString = false
    var escaped = false
    for byte in bytes {
        if inString {
            out.append(byte)
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
        } else if byte == UInt8(ascii: "\"") {
            inString = true
            out.append(byte)
        } else if byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 {
            out.append(byte)
        }
    }
    return out
}

guard let raw = FileManager.default.contents(atPath: fixture.path) else {
    print("missing fixture: \(fixture.path)")
    exit(1)
}
let payload = minify([UInt8](raw))
let headers = [
    HeaderField("Content-Type", "application/json"), HeaderField("User-Agent", "GitHub-Hookshot/abc123"),
    HeaderField("X-GitHub-Event", "workflow_run"), HeaderField("X-GitHub-Hook-ID", "123456789"),
]

func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
    return Double(sorted[max(0, index)]) / 1_000_000
}

/// Hands out event numbers to the sending tasks.
final class Tickets: Sendable {
    let next = Atomic<Int>(0)
}

func run(_ durability: SQLiteStore.Durability, payload: [UInt8], headers: [HeaderField],
         totalEvents: Int, concurrency: Int, pageSize: Int) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-store-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try SQLiteStore(configuration: .init(directory: directory, durability: durability, pageSize: pageSize,
                                                           walAutocheckpointPages: checkpointPages))
    let tickets = Tickets()
    let started = DispatchTime.now().uptimeNanoseconds
    let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                var mine: [UInt64] = []
                while true {
                    let index = tickets.next.add(1, ordering: .relaxed).oldValue
                    if index >= totalEvents { return mine }
                    let event = NewEvent(source: "github", deliveryID: "delivery-\(index)", name: "workflow_run",
                                         receivedAt: Int64(index), headers: headers, payload: payload)
                    let begin = DispatchTime.now().uptimeNanoseconds
                    _ = try await store.append(event)
                    mine.append(DispatchTime.now().uptimeNanoseconds - begin)
                }
            }
        }
        var all: [UInt64] = []
        for try await part in group { all += part }
        return all.sorted()
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let batches = store.committedBatches
    await store.close()
    let rate = Double(totalEvents) / seconds
    let line = String(format: "%-6@ %7.0f events/s  p50 %6.2f ms  p99 %6.2f ms  %6.1f MB/s payload  %5d commits (%.0f events each)",
                      durability.rawValue as NSString, rate, percentile(latencies, 0.50), percentile(latencies, 0.99),
                      rate * Double(payload.count) / 1e6, batches, Double(totalEvents) / Double(max(1, batches)))
    print(line)
}

print("bench-store: \(totalEvents) appends of \(payload.count) bytes (minified from \(raw.count)), \(concurrency) concurrent tasks, page size \(pageSize)")
let only = CommandLine.arguments.dropFirst().compactMap { SQLiteStore.Durability(rawValue: $0) }
for durability in only.isEmpty ? [SQLiteStore.Durability.fsync, .os] : only {
    try await run(durability, payload: payload, headers: headers, totalEvents: totalEvents,
                  concurrency: concurrency, pageSize: pageSize)
}

// MARK: Outbox: dispatch and claim/complete through a backlog

/// Appends `count` small events, then dispatches each with one action on one of
/// `keys` dedup keys (16 tasks), then drains the outbox with 16 workers that
/// claim up to 8 due actions at a time and complete them.
func runOutbox(count: Int, keys: Int) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-outbox-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try SQLiteStore(directory: directory, durability: .fsync)
    let tickets = Tickets()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<64 {
            group.addTask {
                while true {
                    let index = tickets.next.add(1, ordering: .relaxed).oldValue
                    if index >= count { return }
                    _ = try await store.append(NewEvent(source: "ci", deliveryID: "o-\(index)", name: "build",
                                                        receivedAt: 0, payload: Array("{\"n\":\(index)}".utf8)))
                }
            }
        }
        try await group.waitForAll()
    }
    let dispatchStart = DispatchTime.now().uptimeNanoseconds
    var dispatched = 0
    while true {
        let eventIDs = try await store.pendingEvents(limit: 10_000).map(\.id)
        if eventIDs.isEmpty { break }
        let dispatchTickets = Tickets()
        let base = dispatched
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    while true {
                        let index = dispatchTickets.next.add(1, ordering: .relaxed).oldValue
                        if index >= eventIDs.count { return }
                        let key = "key-\((base + index) % keys)"
                        let action = NewAction(dedupKey: key, kind: "comment", payload: Array("{}".utf8))
                        try await store.dispatch(eventID: eventIDs[index], actions: [action], now: 0)
                    }
                }
            }
            try await group.waitForAll()
        }
        dispatched += eventIDs.count
    }
    let total = dispatched
    let dispatchSeconds = Double(DispatchTime.now().uptimeNanoseconds - dispatchStart) / 1e9
    let drainStart = DispatchTime.now().uptimeNanoseconds
    let done = Tickets()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<16 {
            group.addTask {
                while done.next.load(ordering: .relaxed) < total {
                    let claimed = try await store.claimDue(now: 0, limit: 8)
                    if claimed.isEmpty { await Task.yield(); continue }
                    for action in claimed {
                        try await store.complete(actionID: action.id, result: "B", now: 0)
                        done.next.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        try await group.waitForAll()
    }
    let drainSeconds = Double(DispatchTime.now().uptimeNanoseconds - drainStart) / 1e9
    let counts = try await store.counts()
    await store.close()
    print(String(format: "outbox (fsync): dispatch %6.0f events/s; claim+complete %6.0f actions/s over %d keys (%d done)",
                 Double(total) / dispatchSeconds, Double(total) / drainSeconds, keys,
                 counts.actions[.done] ?? 0))
}

if only.isEmpty { try await runOutbox(count: 20_000, keys: 300) }
