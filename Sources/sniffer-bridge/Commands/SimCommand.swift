import CLI
import Foundation
import JSON
import SnifferSim

/// `sniffer-bridge sim`: the Sniffer API simulator (logic in SnifferSim).
struct SimCommand: Command {
    let name = "sim"
    let summary = "Run the Sniffer API simulator, or with --snipeit the Snipe-IT one (for tests, benchmarks and the demo)."
    let discussion = """
        Serves the Sniffer API endpoints the bridge uses, with in-memory state,
        the reference's error shapes and 401 messages, and fault injection at run
        time through POST /_sim/faults (GET /_sim/requests shows what it received).
        On start it prints one JSON line: listen address, token, company, project
        and status ids. --fault takes the same JSON object as POST /_sim/faults,
        e.g. --fault '{"method":"POST","route":"/bug","status":503,"times":2}'.
        See docs/OPERATIONS.md, "Sniffer simulator".

        With --snipeit it serves the Snipe-IT API calls the bridge makes instead
        (/api/v1/hardware/bytag, byserial, PATCH /hardware/:id, users,
        statuslabels, maintenances), with seeded assets, users and Snipe-IT's
        status labels, HTML-escaped strings, the 200-with-error envelope, a
        per-token rate limit and faults (POST /_sim/faults, e.g.
        --fault '{"status":503,"times":3}' or '{"action":"down"}'). It prints
        one JSON line: listen address, API base, token and status label ids.
        Its options: --port (or --listen), --token, --rate-limit,
        --rate-limit-envelope, --rate-limit-without-retry-after, --fault.
        See docs/OPERATIONS.md, "Snipe-IT simulator".
        """
    let arguments = ArgumentSpec(options: [
        .value(
            "listen", placeholder: "HOST:PORT", help: "Address to listen on (default 127.0.0.1:8090; with --snipeit 127.0.0.1:8091)."),
        .value("state", placeholder: "FILE", help: "Load state from FILE on start and save it there on exit."),
        .repeated(
            "fault", placeholder: "JSON", help: "Arm a fault from the start (repeatable; with --snipeit a Snipe-IT fault)."),
        .flag("strict", help: "Reject unknown body properties and tags that are not tag ids, with a 400 naming them."),
        .value("id-field", placeholder: "NAME", help: "How answers name a document's id: _id (default) or id."),
        .flag("conflict-on-duplicate-key", help: "Answer 409 to a second bug with an integration key already in use."),
        .flag("snipeit", help: "Run the Snipe-IT API simulator instead of Sniffer's."),
        .value("port", placeholder: "PORT", help: "Snipe-IT: listen on 127.0.0.1:PORT (default 8091; 0 picks a free one)."),
        .value("token", placeholder: "TOKEN", help: "Snipe-IT: the personal access token to accept (default snipeit-sim-token)."),
        .value("rate-limit", placeholder: "N", help: "Snipe-IT: calls per token per minute (default 120; 0 turns it off)."),
        .flag("rate-limit-envelope", help: "Snipe-IT: answer a throttled call with the 200 error envelope, no Retry-After."),
        .flag("rate-limit-without-retry-after", help: "Snipe-IT: answer 429 without Retry-After, as Snipe-IT 5.4 and later do."),
    ])
    let subcommands: [any Command] = [SimTokenCommand()]

    /// Options only one of the two simulators reads.
    static let snipeITOptions = ["port", "token", "rate-limit", "rate-limit-envelope", "rate-limit-without-retry-after"]
    static let snifferOptions = ["state", "strict", "id-field", "conflict-on-duplicate-key"]

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        let snipeIT = arguments.flag("snipeit")
        let (this, other) = snipeIT ? ("sim --snipeit", "sim") : ("sim", "sim --snipeit")
        // `flag` tells whether an option was given at all, whatever its kind.
        for name in snipeIT ? Self.snifferOptions : Self.snipeITOptions where arguments.flag(name) {
            throw ArgumentError(.unexpectedArgument, "'--\(name)' is an option of '\(other)', not of '\(this)'")
        }
        if snipeIT { return try await runSnipeIT(arguments, console: console) }
        var configuration = SnifferSimulator.Configuration()
        for text in arguments.values("fault") {
            do {
                configuration.faults.append(try SimFault(json: JSON(parsing: text)))
            } catch {
                throw ArgumentError.invalidValue(text, for: "--fault", expected: "a fault JSON object (\(error))")
            }
        }
        configuration.strict = arguments.flag("strict")
        configuration.conflictOnDuplicateKey = arguments.flag("conflict-on-duplicate-key")
        if let text = arguments.value("id-field") {
            guard let field = SnifferSimulator.Configuration.IDField(rawValue: text) else {
                throw ArgumentError.invalidValue(text, for: "--id-field", expected: "_id or id")
            }
            configuration.idField = field
        }
        let listen = arguments.value("listen") ?? "127.0.0.1:8090"
        do { _ = try SimListener.parseListen(listen) } catch {
            throw ArgumentError.invalidValue(listen, for: "--listen", expected: "HOST:PORT")
        }
        let stateFile = arguments.value("state").map { URL(fileURLWithPath: $0) }
        let simulator: SnifferSimulator
        do {
            simulator = try SnifferSimulator(configuration: configuration, stateFile: stateFile)
        } catch {
            throw CommandFailure("sniffer-bridge sim: cannot load state \(stateFile?.path ?? ""): \(error)")
        }
        let listener: SimListener
        do {
            listener = try SimListener(simulator: simulator, listen: listen)
        } catch {
            throw CommandFailure("sniffer-bridge sim: cannot listen on \(listen): \(error)")
        }
        let signals = ProcessSignals.shared.stream()
        console.print(simulator.startupLine(listen: listener.address))
        for await signal in signals where signal != SIGHUP { break }
        listener.stop()
        if let stateFile {
            do { try simulator.save(to: stateFile) } catch {
                throw CommandFailure("sniffer-bridge sim: cannot save state to \(stateFile.path): \(error)")
            }
        }
        return 0
    }
}

/// `sniffer-bridge sim token`: mints a token the simulator accepts.
struct SimTokenCommand: Command {
    let name = "token"
    let summary = "Mint an API token the simulator accepts."
    let discussion = """
        The token is sniffer_ + base64url of {"companyId": ID, "expiresAt": epoch ms}
        (the simulator's own encoding; see docs/OPERATIONS.md).
        """
    let arguments = ArgumentSpec(options: [
        .value("company", placeholder: "ID", help: "The company the token belongs to.", required: true),
        .value("expires-in", placeholder: "DURATION", help: "Validity, e.g. 30d, 12h (default 30d)."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        let company = try arguments.required("company")
        guard !company.isEmpty else { throw ArgumentError.invalidValue(company, for: "--company", expected: "a company id") }
        let text = arguments.value("expires-in") ?? "30d"
        guard let lifetime = SimToken.parseDuration(text) else {
            throw ArgumentError.invalidValue(text, for: "--expires-in", expected: "a duration such as 30d, 12h, 90m or 45s")
        }
        console.print(SimToken.mint(companyID: company, expiresAt: Date().addingTimeInterval(lifetime)))
        return 0
    }
}
