import CLI
import Testing

@Suite struct ArgumentParserTests {
    let spec = ArgumentSpec(
        options: [
            .value("config", short: "c", placeholder: "FILE", help: "config", required: true),
            .value("source", placeholder: "SOURCE", help: "source"),
            .repeated("header", placeholder: "'K: V'", help: "header"),
            .flag("explain", help: "explain"),
        ],
        positionals: [
            Positional("DIR", help: "dir"),
            Positional("MORE", arity: .variadic, help: "more"),
        ]
    )

    func parse(_ words: [String], spec: ArgumentSpec? = nil) throws(ArgumentError) -> ParsedArguments {
        switch try ArgumentParser(command: "check", spec: spec ?? self.spec).parse(words) {
        case .arguments(let arguments): return arguments
        case .help: throw ArgumentError(.unknownCommand, "help was not expected")
        }
    }

    func error(_ words: [String], spec: ArgumentSpec? = nil) -> ArgumentError? {
        do {
            _ = try parse(words, spec: spec)
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesSeparateAndAttached() throws {
        let parsed = try parse(["--config", "a.toml", "--source=github", "dir"])
        #expect(parsed.value("config") == "a.toml")
        #expect(parsed.value("source") == "github")
        #expect(parsed.positional("DIR") == "dir")
        #expect(parsed.command == "check")
    }

    @Test func shortAliasesTakeValuesBothWays() throws {
        #expect(try parse(["-c", "x.toml", "d"]).value("config") == "x.toml")
        #expect(try parse(["-c=y.toml", "d"]).value("config") == "y.toml")
    }

    @Test func attachedValueMayContainEqualsAndStartWithDash() throws {
        let parsed = try parse(["--config=a=b", "--header=-X: 1", "d"])
        #expect(parsed.value("config") == "a=b")
        #expect(parsed.values("header") == ["-X: 1"])
    }

    @Test func repeatedOptionsKeepTheirOrder() throws {
        let parsed = try parse(["-c", "f", "--header", "A: 1", "d", "--header=B: 2", "--header", "A: 3"])
        #expect(parsed.values("header") == ["A: 1", "B: 2", "A: 3"])
        #expect(parsed.value("header") == "A: 3")
    }

    @Test func flagsAreBooleans() throws {
        #expect(try parse(["-c", "f", "--explain", "d"]).flag("explain"))
        #expect(try !parse(["-c", "f", "d"]).flag("explain"))
        #expect(try parse(["-c", "f", "d"]).values("header").isEmpty)
    }

    @Test func positionalsAnywhereAndVariadicLast() throws {
        let parsed = try parse(["one", "-c", "f", "two", "three"])
        #expect(parsed.positional("DIR") == "one")
        #expect(parsed.positionalValues("MORE") == ["two", "three"])
        #expect(parsed.positionals == ["one", "two", "three"])
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try parse(["-c", "f", "--", "--explain", "-h", "--nope"])
        #expect(!parsed.flag("explain"))
        #expect(parsed.positionals == ["--explain", "-h", "--nope"])
    }

    @Test func loneDashIsAValue() throws {
        let parsed = try parse(["--config", "-", "-"])
        #expect(parsed.value("config") == "-")
        #expect(parsed.positional("DIR") == "-")
    }

    @Test func helpAnywhereBeforeDoubleDash() throws {
        for words in [["--help"], ["-c", "f", "-h"], ["d", "--help", "--config"]] {
            let outcome = try ArgumentParser(command: "check", spec: spec).parse(words)
            guard case .help = outcome else {
                Issue.record("expected help for \(words)")
                continue
            }
        }
    }

    @Test func unknownOptionNamesOptionAndCommand() {
        #expect(error(["--foo"])?.message == "unknown option '--foo' for 'check'")
        #expect(error(["--foo=1"])?.message == "unknown option '--foo' for 'check'")
        #expect(error(["-x"])?.message == "unknown option '-x' for 'check'")
        #expect(error(["-cx"])?.code == .unknownOption)
    }

    @Test func missingValues() {
        #expect(error(["--config"])?.message == "missing value for '--config'")
        #expect(error(["--config", "--explain", "d"])?.message == "missing value for '--config'")
        #expect(error(["--config="])?.message == "missing value for '--config'")
        #expect(error(["-c"])?.message == "missing value for '-c'")
    }

    @Test func flagWithValueIsRejected() {
        #expect(error(["-c", "f", "--explain=yes", "d"])?.message == "option '--explain' takes no value")
    }

    @Test func singleValueOptionGivenTwice() {
        #expect(error(["-c", "a", "--config", "b", "d"])?.message == "option '--config' given more than once")
    }

    @Test func requiredOptionAndArgument() {
        #expect(error(["d"])?.message == "missing required option '--config' for 'check'")
        #expect(error(["-c", "f"])?.message == "missing argument DIR for 'check'")
    }

    @Test func extraPositionalIsRejected() {
        let spec = ArgumentSpec(positionals: [Positional("ID", arity: .optional, help: "id")])
        #expect(error(["1", "2"], spec: spec)?.message == "unexpected argument '2' for 'check'")
        #expect(error([], spec: spec) == nil)
        #expect(error(["x"], spec: ArgumentSpec())?.code == .unexpectedArgument)
    }

    @Test func integerValues() throws {
        let spec = ArgumentSpec(options: [.value("limit", placeholder: "N", help: "n")])
        #expect(try parse(["--limit=-3"], spec: spec).integer("limit") == -3)
        #expect(try parse([], spec: spec).integer("limit") == nil)
        let parsed = try parse(["--limit", "ten"], spec: spec)
        #expect(throws: ArgumentError.invalidValue("ten", for: "--limit", expected: "an integer")) {
            try parsed.integer("limit")
        }
        #expect(throws: ArgumentError.self) { try parse([], spec: spec).required("limit") }
    }
}
