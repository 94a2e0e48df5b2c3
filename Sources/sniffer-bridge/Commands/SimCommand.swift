import CLI
import Foundation
import JSON
import SnifferSim

/// `sniffer-bridge sim`: the Sniffer API simulator (logic in SnifferSim).
struct SimCommand: Command {
    let name = "sim"
    let summary = "Run the Sniffer API simulator (for tests, benchmarks and the demo)."
    let discussion = """
        Serves the Sniffer API endpoints the bridge uses, with in-memory state,
        the reference's error shapes and 401 messages, and fault injection at run
        time through POST /_sim/faults (GET /_sim/requests shows what it received).
        On start it prints one JSON line: listen address, token, company, project
        and status ids. --fault takes the same JSON object as POST /_sim/faults,
        e.g. --fault '{"method":"POST","route":"/bug","status":503,"times":2}'.
        See docs/OPERATIONS.md, "Sniffer simulator".
        """
    let arguments = ArgumentSpec(options: [
        .value("listen", placeholder: "HOST:PORT", help: "Address to listen on (default 127.0.0.1:8090)."),
        .value("state", placeholder: "FILE", help: "Load state from FILE on start and save it there on exit."),
        .repeated("fault", placeholder: "JSON", help: "Arm a fault from the start (repeatable)."),
        .flag("strict", help: "Reject unknown body properties and tags that are not tag ids, with a 400 naming them."),
        .value("id-field", placeholder: "NAME", help: "How answers name a document's id: _id (default) or id."),
        .flag("conflict-on-duplicate-key", help: "Answer 409 to a second bug with an integration key already in use."),
    ])
    let subcommands: [any Command] = [SimTokenCommand()]

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
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
