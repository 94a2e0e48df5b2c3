// bench-rules: evaluate 20 rules (mappings/github-actions.toml plus variants)
// against the ~21 KB GitHub workflow_run failure payload. Parsing the payload
// and compiling the rules happen once, outside the measurement.
// Run: make bench-rules. Figures and how to read them: bench/RulesBench/README.md.
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

let tripleQuote = String(repeating: "'", count: 3)
/// Every rule here is for GitHub, so that is the one source the compiler needs to know.
let githubOnly = ["github"]

/// 4 shipped rules + 16 variants: the same rules for other teams'
/// repositories, as a gateway serving several teams would hold. In the
/// typical set the variants watch other repositories, so a failure matches
/// one rule; in the heavy set two variants also watch this repository, so
/// three rules match and each renders a full bug.
func mappingSet(heavy: Bool) -> MappingSet {
    var compiler = MappingCompiler(environment: [:], sources: githubOnly)
    compiler.add(file: mappingURL.path, text: mappingText)
    for variant in 1...4 {
        var text = mappingText.replacingOccurrences(of: "name = \"github-", with: "name = \"v\(variant)-github-")
        let filter = heavy && variant % 2 == 0
            ? "matches(payload.repository.full_name, \"^clee2000/\") && payload.workflow_run.head_branch != \"release-\(variant)\" && "
            : "payload.repository.full_name == \"team\(variant)/service\" && "
        text = text.replacingOccurrences(of: "when = \(tripleQuote)\n", with: "when = \(tripleQuote)\n\(filter)")
        text = text.replacingOccurrences(of: "when = 'payload.", with: "when = '\(filter)payload.")
        compiler.add(file: "variant\(variant).toml", text: text)
    }
    let mappings: MappingSet
    do { mappings = try compiler.finish() } catch { fail(error.description) }
    guard mappings.rules.count == 20 else { fail("expected 20 rules, got \(mappings.rules.count)") }
    return mappings
}
let mappings = mappingSet(heavy: false)
let heavyMappings = mappingSet(heavy: true)

let payload: JSON
do { payload = try JSON(parsing: [UInt8](payloadData)) } catch { fail("payload: \(error)") }
let event = RuleEvent(
    source: "github", name: "workflow_run", delivery: "bfe22520-466a-11ed-8dae-4cb245a6a856",
    receivedAt: Date(timeIntervalSince1970: 1_700_000_000),
    headers: EventHeaders([("X-GitHub-Event", "workflow_run"), ("X-GitHub-Delivery", "bfe22520-466a-11ed-8dae-4cb245a6a856")]),
    payload: payload)

let check = mappings.evaluate(event)
let heavyCheck = heavyMappings.evaluate(event)
guard check.failures.isEmpty, heavyCheck.failures.isEmpty else { fail("rule failures: \(check.failures + heavyCheck.failures)") }
guard check.actions.count == 1, heavyCheck.actions.count == 3 else {
    fail("unexpected action counts: \(check.actions.count), \(heavyCheck.actions.count)")
}

let quick = CommandLine.arguments.contains("--quick")

/// The allocation counter of bench/malloc-count when it is preloaded.
let mallocCounter: UnsafeMutablePointer<UInt>? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "bench_malloc_count")
    .map { $0.assumingMemoryBound(to: UInt.self) }

func allocations(_ label: String, _ counter: UnsafeMutablePointer<UInt>?, _ body: () -> Int) {
    guard let mallocCounter = counter else {
        print("\(label): allocations not counted (run bench/malloc-count/run.sh)")
        return
    }
    var sink = body()
    let before = mallocCounter.pointee
    let rounds = 1_000
    for _ in 0..<rounds { sink &+= body() }
    let count = Double(mallocCounter.pointee - before) / Double(rounds)
    print(String(format: "%@: %.1f allocations/event [%d]", label, count, sink & 1))
}

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

print("payload: \(payloadData.count) bytes; rules: \(mappings.rules.count) in \(mappings.files.count) files")
if mallocCounter != nil || CommandLine.arguments.contains("--allocations-only") {
    var quietEvent = event
    if case .object(var object) = quietEvent.payload {
        object["action"] = "requested"
        quietEvent.payload = .object(object)
    }
    allocations("typical", mallocCounter) { mappings.evaluate(event).actions.count }
    allocations("heavy", mallocCounter) { heavyMappings.evaluate(event).actions.count }
    allocations("quiet", mallocCounter) { mappings.evaluate(quietEvent).actions.count }
    exit(0)
}
if !CommandLine.arguments.contains("--ingest-only") {
measure("typical: 20 rules, 1 matching (create_bug)") { mappings.evaluate(event).actions.count }
measure("heavy:   20 rules, 3 matching (3 create_bug)") { heavyMappings.evaluate(event).actions.count }
if CommandLine.arguments.contains("--matching-only") { exit(0) }


// Only the conditions: an event no rule wants (workflow_run.requested-like).
var quiet = event
if case .object(var object) = quiet.payload {
    object["action"] = "requested"
    quiet.payload = .object(object)
}
measure("quiet:   20 rules, none matching") { mappings.evaluate(quiet).actions.count }
measure("typical with --explain") { mappings.evaluate(event, explain: true).outcomes.count }
}

// What serve does per webhook: the body parsed lazily (and minified) as it
// arrives, then the shipped GitHub mapping evaluated on it, so every nested
// object a rule reads is built from bytes first.
let shippedOnly: MappingSet = {
    var compiler = MappingCompiler(environment: [:], sources: githubOnly)
    compiler.add(file: mappingURL.path, text: mappingText)
    do throws(LoadError) { return try compiler.finish() } catch { fail(error.description) }
}()
let body = [UInt8](payloadData)
func lazyEvent() -> RuleEvent {
    var fresh = event
    do { fresh.payload = try JSON.parsingLazilyMinifying(body).value } catch { fail("payload: \(error)") }
    return fresh
}
measure("ingest: lazy parse + minify only", perBatch: 200) { (try? JSON.parsingLazilyMinifying(body))?.minified.count ?? 0 }
measure("ingest: lazy parse + minify + 4 shipped rules", perBatch: 200) { shippedOnly.evaluate(lazyEvent()).actions.count }
measure("ingest: 4 shipped rules on a built payload", perBatch: 200) { shippedOnly.evaluate(event).actions.count }
