import Bridge
import CLI
import Config
import Rules

/// `sniffer-bridge test DIR`: runs mapping test cases.
struct TestCommand: Command {
    let name = "test"
    let summary = "Run mapping test cases: payloads with their expected actions."
    let discussion = """
        Each case under DIR is a file NAME.expected.toml (or .json) giving the
        source, optional event name, headers and the expected actions; the payload
        is NAME.json beside it (or the file its 'payload' key names). Payloads are
        decoded by the same source adapters as serve (signatures not checked). Reports pass
        or fail per case with a diff of expected (-) and actual (+) actions; exits 1
        when any case fails, so mappings can be kept under test in CI. See
        docs/MAPPINGS.md, "Testing mappings".
        """
    let arguments = ArgumentSpec(
        options: [
            .value("config", short: "c", placeholder: "FILE", help: "The config file naming the mappings under test.", required: true),
        ],
        positionals: [Positional("DIR", help: "The folder holding the test cases.")]
    )

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        let path = try arguments.required("config")
        guard let directory = arguments.positional("DIR") else {
            console.error("test: give the folder holding the test cases")
            return 2
        }
        // Nothing is sent, so the Sniffer token is not needed (all else is checked as for serve).
        let mappings: MappingSet
        do {
            mappings = try MappingSet.load(configPath: path)
        } catch {
            for line in error.lines { console.error(line) }
            return 1
        }
        let results = MappingTestRunner(mappings: mappings, decoder: OfflineDecoder.decoder).run(directory: directory)
        guard !results.isEmpty else {
            console.error("test: no test cases (*.expected.toml or *.expected.json) under \(directory)")
            return 1
        }
        for result in results {
            console.print("\(result.passed ? "PASS" : "FAIL") \(result.name)")
            for line in result.details { console.print("    " + line) }
        }
        let failed = results.filter { !$0.passed }.count
        console.print("\(results.count - failed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }
}
