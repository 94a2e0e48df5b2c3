import Foundation
import Testing

/// The built binary, end to end: what a user types and what they see.
@Suite(.serialized) struct ExecutableTests {
    static let commands = ["serve", "check", "dry-run", "test", "deliveries", "sim", "demo", "version"]

    @Test(arguments: [["--help"], ["-h"], ["help"]])
    func helpListsEveryCommand(_ arguments: [String]) throws {
        let result = try BuiltExecutable.run(arguments)
        #expect(result.status == 0)
        #expect(result.error.isEmpty)
        #expect(result.output.hasPrefix("Usage: sniffer-bridge <command> [options]\n"))
        for command in Self.commands + ["help"] {
            #expect(result.output.contains("\n  \(command) "), "--help does not list \(command)")
        }
    }

    @Test(arguments: commands)
    func everyCommandHasHelp(_ command: String) throws {
        for arguments in [[command, "--help"], ["help", command]] {
            let result = try BuiltExecutable.run(arguments)
            #expect(result.status == 0)
            #expect(result.error.isEmpty)
            #expect(result.output.hasPrefix("Usage: sniffer-bridge \(command)"))
            #expect(result.output.contains("-h, --help"))
        }
    }

    @Test func dryRunHelpDocumentsItsContract() throws {
        let result = try BuiltExecutable.run(["dry-run", "--help"])
        #expect(result.output.hasPrefix(
            "Usage: sniffer-bridge dry-run --config FILE --source SOURCE --payload FILE [--header 'NAME: VALUE']... [--event NAME] [--explain]\n"
        ))
    }

    @Test func subcommandHelp() throws {
        let deliveries = try BuiltExecutable.run(["deliveries", "--help"])
        #expect(deliveries.status == 0)
        for sub in ["list", "show", "retry", "drop"] { #expect(deliveries.output.contains("\n  \(sub) ")) }
        let token = try BuiltExecutable.run(["sim", "token", "--help"])
        #expect(token.status == 0)
        #expect(token.output.hasPrefix("Usage: sniffer-bridge sim token --company ID"))
    }

    @Test(arguments: [["version"], ["--version"]])
    func versionNamesTheLinkedLibraries(_ arguments: [String]) throws {
        let result = try BuiltExecutable.run(arguments)
        #expect(result.status == 0)
        #expect(result.error.isEmpty)
        let lines = result.output.split(separator: "\n").map(String.init)
        try #require(lines.count == 3)
        #expect(lines[0].wholeMatch(of: /sniffer-bridge \d+\.\d+\.\d+/) != nil)
        #expect(lines[1].wholeMatch(of: /libcurl \d+\.\d+\.\d+ \(OpenSSL\/.+\)/) != nil)
        #expect(lines[2].wholeMatch(of: /SQLite 3\.\d+\.\d+/) != nil)
    }

    @Test func unknownCommandPrintsUsageAndExits2() throws {
        let result = try BuiltExecutable.run(["frobnicate"])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.error.hasPrefix("sniffer-bridge: unknown command 'frobnicate'\n"))
        #expect(result.error.contains("Usage: sniffer-bridge <command> [options]"))
    }

    @Test func noArgumentsPrintsUsageAndExits2() throws {
        let result = try BuiltExecutable.run([])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("Usage: sniffer-bridge <command> [options]"))
    }

    @Test(arguments: [
        (["--bogus"], "unknown option '--bogus'"),
        (["check", "--foo"], "unknown option '--foo' for 'check'"),
        (["check", "--config"], "missing value for '--config'"),
        (["serve"], "missing required option '--config' for 'serve'"),
        (["dry-run", "--config", "c", "--source", "github", "--payload", "p", "--explain=1"],
         "option '--explain' takes no value"),
        (["test", "--config", "c"], "missing argument DIR for 'test'"),
        (["demo", "--log-format", "xml"], "invalid value 'xml' for '--log-format': expected json or text"),
        (["demo", "--sim-listen", "8090"], "invalid value '8090' for '--sim-listen': expected HOST:PORT"),
        (["deliveries", "purge"], "unknown subcommand 'purge' for 'deliveries'"),
        (["deliveries", "show", "1", "2"], "unexpected argument '2' for 'deliveries show'"),
    ])
    func badCommandLinesExit2WithTheErrorAndUsage(_ arguments: [String], _ message: String) throws {
        let result = try BuiltExecutable.run(arguments)
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.error.hasPrefix("sniffer-bridge: \(message)\n"))
        #expect(result.error.contains("Usage: sniffer-bridge"))
    }
}
