import JSON

/// A `/hooks/ci` report for tests: pipeline `p<key>`, run `run`.
struct CIEvent {
    var key: Int
    var run: Int
    var status = "failure"

    var pipeline: String { "p\(key)" }

    /// The dedup key `mappings/ci-generic.toml` gives it.
    var dedupKey: String { "ci:-:\(pipeline):main:-" }

    var url: String { "https://ci.example/\(pipeline)/runs/\(run)" }

    var body: [UInt8] {
        let json: JSON = [
            "pipeline": .string(pipeline), "status": .string(status), "url": .string(url),
            "run_id": .int(Int64(run)), "branch": "main",
        ]
        return json.serializedBytes([.pretty])
    }
}
