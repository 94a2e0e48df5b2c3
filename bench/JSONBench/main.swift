// bench-json: parse (and serialize) a ~21 KB GitHub webhook 10,000 times with
// the JSON target and with Foundation's JSONSerialization, in the same run.
// Usage: bench-json [path/to/file.json [iterations]]   (see bench/JSONBench/README.md)
import Foundation
import JSON

let defaultFixture = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // JSONBench
    .deletingLastPathComponent()  // bench
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("../shared/fixtures/github/workflow_run.completed.failure.json")
    .standardizedFileURL

let arguments = CommandLine.arguments.dropFirst()
let fixture = arguments.first.map { URL(fileURLWithPath: $0) } ?? defaultFixture
guard let data = try? Data(contentsOf: fixture) else {
    FileHandle.standardError.write(Data("bench-json: cannot read \(fixture.path)\n".utf8))
    exit(1)
}
let bytes = [UInt8](data)

// A smaller count is for profiling (e.g. under valgrind); figures use 10,000.
let iterations = max(100, arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000)
let batchSize = 100
let warmUp = min(500, iterations / 10)

/// Runs `body` `iterations` times in batches of `batchSize`, each batch timed
/// with ContinuousClock, and returns the median time per call in microseconds.
func medianMicroseconds(_ body: () -> Int) -> (median: Double, sink: Int) {
    var sink = 0
    for _ in 0..<warmUp { sink &+= body() }
    let clock = ContinuousClock()
    var perCall: [Double] = []
    for _ in 0..<(iterations / batchSize) {
        let elapsed = clock.measure {
            for _ in 0..<batchSize { sink &+= body() }
        }
        let (seconds, attoseconds) = elapsed.components
        perCall.append((Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(batchSize))
    }
    perCall.sort()
    return (perCall[perCall.count / 2], sink)
}

/// A cheap fact about a parsed value, so the optimizer cannot drop the work.
func weight(_ value: JSON) -> Int {
    if case .object(let object) = value { return object.count }
    return 1
}

guard let parsed = try? JSON(parsing: bytes), let foundationObject = try? JSONSerialization.jsonObject(with: data)
else {
    FileHandle.standardError.write(Data("bench-json: \(fixture.path) is not valid JSON\n".utf8))
    exit(1)
}

let ours = medianMicroseconds { (try? JSON(parsing: bytes)).map(weight) ?? -1 }
// The webhook ingest's parse: everything validated, nested objects built on
// first read; "+ 2 reads" also builds the two objects a GitHub rule reads.
let lazy = medianMicroseconds { (try? JSON(parsingLazily: bytes)).map(weight) ?? -1 }
let lazyRead = medianMicroseconds {
    guard let value = try? JSON(parsingLazily: bytes) else { return -1 }
    return (value["workflow_run"]?["conclusion"]?.stringValue?.count ?? 0)
        + (value["repository"]?["full_name"]?.stringValue?.count ?? 0)
}
let lazyMinify = medianMicroseconds { (try? JSON.parsingLazilyMinifying(bytes))?.minified.count ?? -1 }
let foundation = medianMicroseconds {
    ((try? JSONSerialization.jsonObject(with: data)) as? NSDictionary)?.count ?? -1
}
let oursOut = medianMicroseconds { parsed.serializedBytes().count }
let foundationOut = medianMicroseconds {
    (try? JSONSerialization.data(withJSONObject: foundationObject))?.count ?? -1
}

func format(_ value: Double) -> String { String(format: "%8.2f", value) }

print("bench-json: \(fixture.lastPathComponent), \(bytes.count) bytes, \(iterations) iterations, median per call")
print("  parse      JSON      \(format(ours.median)) µs")
print("  parse      lazily    \(format(lazy.median)) µs   (JSON(parsingLazily:), nested objects unbuilt)")
print("  parse      lazily+2  \(format(lazyRead.median)) µs   (and two nested objects read)")
print("  parse      +minify   \(format(lazyMinify.median)) µs   (JSON.parsingLazilyMinifying: the ingest's one pass)")
print("  parse      Foundation\(format(foundation.median)) µs   (JSONSerialization.jsonObject)")
print("  parse      ratio     \(String(format: "%8.2f", foundation.median / ours.median))x faster")
print("  serialize  JSON      \(format(oursOut.median)) µs")
print("  serialize  Foundation\(format(foundationOut.median)) µs   (JSONSerialization.data)")
print("  serialize  ratio     \(String(format: "%8.2f", foundationOut.median / oursOut.median))x faster")
// Keeps the sinks observable.
if ours.sink == 42 && lazy.sink == 42 && lazyRead.sink == 42 && lazyMinify.sink == 42 && foundation.sink == 42 && oursOut.sink == 42 && foundationOut.sink == 42 { print("") }
