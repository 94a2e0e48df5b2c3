import CLI
import Config
import Rules

/// `sniffer-bridge check --config FILE`: validates config and mappings.
struct CheckCommand: Command {
    let name = "check"
    let summary = "Validate the config file and every mapping file it names."
    let discussion = """
        Prints every error as 'file:line:col: message' (followed by the source
        line and a caret under the spot) and exits 1, or prints a
        one-line summary (e.g. '12 rules in 5 files OK') and exits 0. Nothing is
        started and nothing is sent.
        """
    let arguments = ArgumentSpec(options: [
        .value("config", short: "c", placeholder: "FILE", help: "The config file (TOML).", required: true),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        let path = try arguments.required("config")
        do {
            let loaded = try ConfigLoader.load(path: path)
            console.print(ConfigLoader.summary(loaded))
            return 0
        } catch {
            for line in error.linesWithSource() { console.error(line) }
            return 1
        }
    }
}
