import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
import TestSupport

@testable import HTTP

/// Bodies that trickle in, and many connections sending at once: they are cut
/// off by the body deadline or the receiving bound, while ordinary requests
/// on other connections keep being answered at once.
@Suite("HTTPServer: slow senders", .serialized)
struct HTTPSlowSenderTests {
    static let tricklers = 200

    @Test func trickledBodiesAre408AtTheDeadlineWhileOthersAreServed() throws {
        try raiseDescriptorLimit(atLeast: 2 * Self.tricklers + 256)
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 2)
        // The gap between bytes (300 ms) is far below the stall timeout: only the body deadline cuts them off.
        configuration.bodyStallTimeout = .seconds(10)
        configuration.bodyTimeout = .seconds(2)
        try withServer(configuration) { _, port in
            let started = ContinuousClock.now
            let trickling = try (0..<Self.tricklers).map { _ in try TestClient(port: port, receiveTimeoutSeconds: 10) }
            for client in trickling { try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n") }
            let normal = try TestClient(port: port)
            var served = 0
            var slowest = Duration.zero
            // About 3 s of trickling, one byte per connection every 300 ms; an
            // ordinary request between each round.
            for _ in 0..<10 {
                for client in trickling { try? client.send("x") }
                let sent = ContinuousClock.now
                try normal.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nok")
                if try normal.readResponse().status == 200 { served += 1 }
                slowest = max(slowest, ContinuousClock.now - sent)
                usleep(300_000)
            }
            #expect(served == 10)
            #expect(slowest < .seconds(1), "an ordinary request waited \(slowest)")
            var timedOut = 0
            for client in trickling {
                guard let response = try? client.readResponse() else { continue }
                if response.status == 408, response.headers["connection"] == "close" { timedOut += 1 }
            }
            #expect(timedOut == Self.tricklers)
            // Each was cut off at its deadline (2 s after its head), not at the stall timeout.
            #expect(ContinuousClock.now - started < .seconds(8))
        }
    }

    @Test func beyondTheReceivingBoundTheLongestSenderIsCutOff() throws {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, loopCount: 1)
        configuration.maxReceivingConnections = 10
        try withServer(configuration) { _, port in
            var slow: [TestClient] = []
            func addSlowSender() throws {
                let client = try TestClient(port: port, receiveTimeoutSeconds: 10)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\nab")
                slow.append(client)
                usleep(20_000)
            }
            // Ten senders that are in no hurry fill the bound.
            for _ in 0..<10 { try addSlowSender() }
            // Each ordinary request pushes out the oldest slow one and is
            // answered; a new slow sender then fills the bound again.
            for round in 0..<5 {
                let normal = try TestClient(port: port)
                try normal.send("POST /echo HTTP/1.1\r\nHost: t\r\n")
                usleep(20_000)
                try normal.send("Content-Length: 2\r\n\r\nok")
                #expect(try normal.readResponse().status == 200, "round \(round)")
                let evicted = try slow[round].readResponse()
                #expect(evicted.status == 408)
                #expect(evicted.text.contains("too many slow requests"), "\(evicted.text)")
                try addSlowSender()
            }
            // The ten still within the bound finish their bodies and are answered.
            for client in slow[5...] {
                try client.send(String(repeating: "y", count: 998))
                #expect(try client.readResponse().status == 200)
            }
        }
    }
}
