import Foundation
import Outbound
import Sniffer
import SnifferSim
import Synchronization
import Testing

/// The client with the retry policy: retries counted, Retry-After waited.
@Suite struct ClientRetryTests {
    @Test func retryAfterIsWaitedAndRetriesCounted() async throws {
        let f = try Fixture()
        try await f.arm(["method": "POST", "route": "/bug", "status": 503, "retryAfter": 4, "times": 2])
        let waits = Mutex<[Duration]>([])
        let policy = RetryPolicy(baseDelay: .milliseconds(1), maxDelay: .milliseconds(10), maxAttempts: 5)
        let (outcome, attempts) = await f.client.withRetries(policy: policy, sleep: { d in waits.withLock { $0.append(d) } }) {
            attempt in await f.client.createBug(f.draft("eventually", key: "r-1"), lookUpFirst: attempt > 1)
        }
        #expect(outcome.value?.alreadyExisted == false)
        #expect(attempts == 3)
        #expect(waits.withLock { $0 } .allSatisfy { $0 >= .seconds(4) })
        #expect(waits.withLock { $0.count } == 2)
        #expect(f.sim.bugCount() == 1)
    }

    @Test func lostResponseWithRetriesFilesOneBug() async throws {
        let f = try Fixture()
        try await f.arm(["method": "POST", "route": "/bug", "action": "applyThenDrop"])
        let policy = RetryPolicy(baseDelay: .milliseconds(1), maxDelay: .milliseconds(2), maxAttempts: 3)
        let (outcome, attempts) = await f.client.withRetries(policy: policy, sleep: { _ in }) { attempt in
            await f.client.createBug(f.draft("once only", key: "r-2"), lookUpFirst: attempt > 1)
        }
        #expect(attempts == 2)
        #expect(outcome.value?.alreadyExisted == true)
        #expect(f.sim.bugCount() == 1)
        let posts = f.sim.receivedRequests.filter { $0.method == "POST" }.count
        #expect(posts == 1)  // the retry looked up instead of posting again
    }

    @Test func tokenRejectionIsNeverRetried() async throws {
        let f = try Fixture()
        try await f.arm(["route": "/projects", "status": 401, "message": "Invalid API token", "times": 5])
        let (outcome, attempts) = await f.client.withRetries(policy: RetryPolicy(), sleep: { _ in }) { _ in
            await f.client.projects()
        }
        #expect(attempts == 1)
        guard case .tokenRejected = outcome else {
            Issue.record("expected tokenRejected")
            return
        }
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        let f = try Fixture()
        try await f.arm(["route": "/projects", "status": 500, "times": 10])
        let policy = RetryPolicy(baseDelay: .milliseconds(1), maxDelay: .milliseconds(1), maxAttempts: 3)
        let (outcome, attempts) = await f.client.withRetries(policy: policy, sleep: { _ in }) { _ in
            await f.client.projects()
        }
        #expect(attempts == 3)
        #expect(outcome.value == nil)
    }
}
