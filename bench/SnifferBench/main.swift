// bench-sniffer: 10,000 `POST /bug` calls through SnifferClient + CurlTransport
// to the simulator on 127.0.0.1 (in this process), 32 in flight.
// Prints calls/s, p50/p99 latency and the TCP connections the simulator
// accepted (keep-alive should hold it near 32). Figures: bench/SnifferBench/README.md.
import Foundation
import Outbound
import Sniffer
import SnifferSim
import Synchronization
import Telemetry

let total = Int(ProcessInfo.processInfo.environment["BENCH_CALLS"] ?? "") ?? 10_000
let inFlight = Int(ProcessInfo.processInfo.environment["BENCH_IN_FLIGHT"] ?? "") ?? 32

var simConfiguration = SnifferSimulator.Configuration.strict
simConfiguration.requestLogLimit = 1_000
let simulator = try SnifferSimulator(configuration: simConfiguration)
let listener = try SimListener(simulator: simulator, listen: "127.0.0.1:0")
let transport = try CurlTransport(configuration: CurlTransport.Configuration(
    timeout: .seconds(30), maxHostConnections: inFlight, maxCachedConnections: inFlight * 2, httpVersion: .http1_1))
let client = SnifferClient(
    configuration: SnifferConfiguration(baseURL: "http://\(listener.address)", token: Secret(simulator.seed.token)),
    transport: transport)
let project = simulator.seed.project

/// The next call number, shared by the workers.
final class Ticket: Sendable {
    let next = Atomic<Int>(0)
}

/// Runs `count` creates with `inFlight` workers; answers each call's latency (ns) and the failures.
func run(count: Int, client: SnifferClient, project: String, inFlight: Int) async -> (latencies: [Int64], failures: Int) {
    let ticket = Ticket()
    return await withTaskGroup(of: ([Int64], Int).self) { group in
        for _ in 0..<inFlight {
            group.addTask {
                var latencies: [Int64] = []
                var failures = 0
                while true {
                    let n = ticket.next.add(1, ordering: .relaxed).oldValue
                    guard n < count else { break }
                    var draft = SnifferBugDraft(summary: "bench bug \(n)", project: project)
                    draft.description = "created by bench-sniffer"
                    draft.severity = "High"
                    let started = ContinuousClock.now
                    let outcome = await client.createBug(draft)
                    let elapsed = ContinuousClock.now - started
                    latencies.append(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
                    if outcome.value == nil { failures += 1 }
                }
                return (latencies, failures)
            }
        }
        var all: [Int64] = []
        var failures = 0
        for await (latencies, failed) in group {
            all += latencies
            failures += failed
        }
        return (all, failures)
    }
}

func ms(_ ns: Int64) -> String { String(format: "%.2f ms", Double(ns) / 1e6) }

// Warm-up (connections, caches), not measured.
_ = await run(count: inFlight * 4, client: client, project: project, inFlight: inFlight)
let warmConnections = listener.connectionsAccepted

let started = ContinuousClock.now
let (latencies, failures) = await run(count: total, client: client, project: project, inFlight: inFlight)
let elapsed = ContinuousClock.now - started
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let sorted = latencies.sorted()
func percentile(_ p: Double) -> Int64 { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }

print("bench-sniffer: \(total) POST /bug, \(inFlight) in flight, CurlTransport (HTTP/1.1) -> SnifferSim on \(listener.address)")
print(String(format: "  calls/s        %.0f", Double(total) / seconds))
print("  p50            \(ms(percentile(0.50)))")
print("  p99            \(ms(percentile(0.99)))")
print("  max            \(ms(sorted.last ?? 0))")
print("  failures       \(failures)")
print("  bugs stored    \(simulator.bugCount())")
print("  TCP connections accepted by the simulator: \(listener.connectionsAccepted) (\(warmConnections) during warm-up)")
print("  connections opened by libcurl: \(transport.statistics.connectionsOpened)")

transport.shutdown()
listener.stop()
exit(failures == 0 ? 0 : 1)
