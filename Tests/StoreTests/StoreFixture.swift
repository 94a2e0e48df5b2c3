import Foundation
import Store
import Testing
import TestSupport

/// Which implementation a shared test runs against.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case memory
    /// A schema of its own in the test cluster that `Tests/with-postgres.sh`
    /// starts (`SNIFFER_BRIDGE_TEST_POSTGRES`); without it the test fails.
    case postgres

    var description: String { rawValue }
}

/// A fresh temporary data directory, removed by `remove()`.
typealias TemporaryDirectory = TemporaryFolder

/// Builds stores and test values.
enum StoreFixture {
    /// Runs `body` with a new store of `kind`; closes it and removes its files after.
    static func with(_ kind: StoreKind, _ body: (any EventStore) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store: any EventStore
        switch kind {
        case .sqlite: store = try SQLiteStore(directory: directory.path, durability: .os)
        case .memory: store = InMemoryStore()
        case .postgres: store = try PostgresStore(configuration: .init(url: try TestPostgres.url(), schema: TestPostgres.freshSchema()))
        }
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func event(_ delivery: String, source: String = "github", name: String = "workflow_run",
                      at time: EpochMillis = 1_000, payload: String = #"{"a":1}"#) -> NewEvent {
        NewEvent(source: source, deliveryID: delivery, name: name, receivedAt: time,
                 headers: [HeaderField("X-GitHub-Event", name), HeaderField("X-Note", "ünïcode: ✓")],
                 payload: Array(payload.utf8))
    }

    /// `count` random hex digits: text LZ4 cannot shrink, for tests of the
    /// space payloads take (a repeated character compresses to nothing).
    static func noise(_ count: Int, seed: UInt64) -> String {
        var generator = SeededGenerator(state: seed)
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int.random(in: 0..<16, using: &generator)] })
    }

    static func action(_ key: String, _ kind: String = "create") -> NewAction {
        NewAction(dedupKey: key, kind: kind, payload: Array(#"{"kind":"\#(kind)"}"#.utf8))
    }

    /// Appends one event and dispatches `actions` for it at `now`; returns the action ids.
    static func enqueue(_ store: any EventStore, delivery: String, _ actions: [NewAction],
                        now: EpochMillis = 1_000) async throws -> [Int64] {
        let id = try await store.append(event(delivery, at: now)).id
        return try await store.dispatch(eventID: id, actions: actions, now: now)
    }
}

extension EventStore {
    /// The pending events with their payloads, read one by one as the dispatcher reads them.
    func pendingEventsWithPayloads(limit: Int) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        for pending in try await pendingEvents(limit: limit) {
            events.append(try #require(try await event(id: pending.id)))
        }
        return events
    }
}

/// Turning a data directory back into an older schema.
enum SQLiteFixture {
    /// Undoes migration 6 (the attempts table): schema 5.
    static let dropSchema6 = """
        DROP INDEX attempts_action;
        DROP INDEX attempts_at;
        DROP TABLE attempts;
        """

    /// Undoes migration 5 (the step output column): schema 4.
    static let dropSchema5 = """
        ALTER TABLE actions DROP COLUMN output;
        """

    /// Undoes migration 4 (coalescing): schema 3.
    static let dropSchema4 = """
        DROP INDEX actions_coalesced;
        ALTER TABLE actions DROP COLUMN coalesced_into;
        ALTER TABLE keys DROP COLUMN window_opener;
        ALTER TABLE keys DROP COLUMN window_ends_at;
        """
}
