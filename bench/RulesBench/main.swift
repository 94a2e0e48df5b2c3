// bench-rules: evaluate 20 rules (mappings/github-actions.toml plus variants)
// against the ~21 KB GitHub workflow_run failure payload. Parsing the payload
// and compiling the rules happen once, outside the measurement.
import Foundation
import JSON
import Rules

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
let payloadURL = shared.appendingPathComponent("fixtures/github/workflow_run.completed.failure.json")
let mappingURL = root.appendingPathComponent("mappings/github-actions.toml")

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("bench-rules: " + message + "\n").utf8))
    exit(1)
}

guard let payloadData = FileManager.default.contents(atPath: payloadURL.path) else { fail("missing \(payloadURL.path)") }
guard let mappingText = try? String(contentsOf: mappingURL, encoding: .utf8) else { fail("missing \(mappingURL.path)") }

// 4 shipped rules + 16 variants: the same rules for other repositories and
// branches (most do not match), as a gateway serving several teams would hold.
var compiler = MappingCompiler(environment: [:])
compiler.add(file: mappingURL.path, text: mappingText)
for variant in 1...4 {
    var text = mappingText.replacingOccurrences(of: "name = \"github-", with: "name = \"v\(variant)-github-")
    let filter = variant % 2 == 0
        ? "matches(payload.repository.full_name, '^clee2000/') && payload.workflow_run.head_branch != 'release-\(variant)' && "
        : "payload.repository.full_name == 'team\(variant)/service' && "
    text = text.replacingOccurrences(of: "when = '''\n", with: "when = '''\n\(filter)")
    text = text.replacingOccurrences(of: "when = 'payload.", with: "when = '\(filter.replacingOccurrences(of: "'", with: "\""))payload.")
    compiler.add(file: "variant\(variant).toml", text: text)
}
let mappings: MappingSet
do { mappings = try compiler.finish() } catch { fail(error.description) }
guard mappings.rules.count == 20 else { fail("expected 20 rules, got \(mappings.rules.count)") }

let payload: JSON
do { payload = try JSON(parsing: [UInt8](payloadData)) } catch { fail("payload: \(error)") }
let event = Event(
    source: "github", name: "workflow_run", delivery: "bfe22520-466a-11ed-8dae-4cb245a6a856",
    receivedAt: Date(timeIntervalSince1970: 1_700_000_000),
    headers: EventHeaders([("X-GitHub-Event", "workflow_run"), ("X-GitHub-Delivery", "bfe22520-466a-11ed-8dae-4cb245a6a856")]),
    payload: payload)

let check = mappings.evaluate(event)
guard check.failures.isEmpty else { fail("rule failures: \(check.failures)") }

let quick = CommandLine.arguments.contains("--quick")

/// This thread's CPU time in nanoseconds: on a machine shared with other
/// builds, wall time mostly measures the scheduler; CPU time measures us.
func cpuNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

func measure(_ label: String, batches: Int = quick ? 2 : 60, perBatch: Int = 500, _ body: () -> Int) {
    var sink = 0
    for _ in 0..<perBatch { sink &+= body() }  // warm-up
    var cpu: [Double] = []
    var wall: [Double] = []
    for _ in 0..<batches {
        let startWall = DispatchTime.now().uptimeNanoseconds
        let startCPU = cpuNanoseconds()
        for _ in 0..<perBatch { sink &+= body() }
        cpu.append(Double(cpuNanoseconds() - startCPU) / Double(perBatch) / 1000)
        wall.append(Double(DispatchTime.now().uptimeNanoseconds - startWall) / Double(perBatch) / 1000)
    }
    cpu.sort()
    wall.sort()
    print(String(
        format: "%@: CPU median %.2f µs/event (p90 %.2f, min %.2f); wall median %.2f µs/event [%d]",
        label, cpu[cpu.count / 2], cpu[cpu.count * 9 / 10], cpu[0], wall[wall.count / 2], sink & 1))
}

print("payload: \(payloadData.count) bytes, rules: \(mappings.rules.count) in \(mappings.files.count) files, "
    + "matching: \(check.matchedRules), actions per event: \(check.actions.count)")
measure("evaluate, 20 rules") { mappings.evaluate(event).actions.count }
if CommandLine.arguments.contains("--matching-only") { exit(0) }

// Only the conditions: an event no rule wants (workflow_run.requested-like).
var quiet = event
if case .object(var object) = quiet.payload {
    object["action"] = "requested"
    quiet.payload = .object(object)
}
measure("evaluate, 20 rules, none matching") { mappings.evaluate(quiet).actions.count }
measure("evaluate with --explain") { mappings.evaluate(event, explain: true).outcomes.count }
