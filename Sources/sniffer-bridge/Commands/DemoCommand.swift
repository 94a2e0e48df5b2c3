import Bridge
import CLI
import Foundation
import SnifferSim
import SnipeITSim
import Telemetry

/// `sniffer-bridge demo`: the simulator and the gateway together (logic in Bridge's `Demo`).
struct DemoCommand: Command {
    let name = "demo"
    let summary = "Start the simulator and the gateway together and print curl commands to try."
    let discussion = """
        Runs the Sniffer and Snipe-IT simulators (in-process) and the gateway with
        the shipped mappings (mappings/*.toml, and mappings/snipeit/*.toml for the
        helpdesk flow) and a demo config written to DIR/demo.toml, with
        its store in DIR/demo-store (emptied on start, like the simulator). Then it
        prints ready-to-paste curl commands: a signed GitHub failure, a second
        failure, a success (payloads from mappings/examples/), and the commands
        listing the bugs and comments the simulator holds, then a Jira issue naming
        a laptop and the laptop's state in Snipe-IT. Logs go to standard
        error. SIGINT or SIGTERM stops both and exits 0. This is what 'make run' starts.
        """
    let arguments = ArgumentSpec(options: [
        .value("data", placeholder: "DIR", help: "Data directory (default ./data)."),
        .value("listen", placeholder: "HOST:PORT", help: "Address of the gateway (default 127.0.0.1:8080; port 0 picks one)."),
        .value("sim-listen", placeholder: "HOST:PORT", help: "Address of the simulator (default 127.0.0.1:8090)."),
        .value("snipeit-listen", placeholder: "HOST:PORT", help: "Address of the Snipe-IT simulator (default 127.0.0.1:8091)."),
        .value("mappings", placeholder: "DIR", help: "Shipped mappings and their examples/ (default ./mappings)."),
        .value("log-format", placeholder: "FORMAT", help: "Log lines as 'text' (default) or 'json'."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        var configuration = Demo.Configuration()
        configuration.dataDirectory = arguments.value("data") ?? "data"
        configuration.mappingsFolder = arguments.value("mappings") ?? "mappings"
        configuration.listen = arguments.value("listen") ?? "127.0.0.1:8080"
        let formatName = arguments.value("log-format") ?? "text"
        guard let format = LogFormat(name: formatName) else {
            throw ArgumentError.invalidValue(formatName, for: "--log-format", expected: "json or text")
        }
        configuration.logFormat = format
        let simListen = arguments.value("sim-listen") ?? "127.0.0.1:8090"
        do { _ = try SimListener.parseListen(simListen) } catch {
            throw ArgumentError.invalidValue(simListen, for: "--sim-listen", expected: "HOST:PORT")
        }
        let snipeITListen = arguments.value("snipeit-listen") ?? "127.0.0.1:8091"
        do { _ = try SimListener.parseListen(snipeITListen) } catch {
            throw ArgumentError.invalidValue(snipeITListen, for: "--snipeit-listen", expected: "HOST:PORT")
        }
        // Subscribed first: a signal arriving during start-up still stops the demo.
        let signals = ProcessSignals.shared.stream()
        let listener: SimListener
        do {
            listener = try SimListener(simulator: SnifferSimulator(configuration: .strict), listen: simListen)
        } catch {
            throw CommandFailure("sniffer-bridge demo: cannot start the simulator on \(simListen): \(error)")
        }
        let assets: SnipeITSimListener
        do { assets = try SnipeITSimListener(simulator: SnipeITSimulator(), listen: snipeITListen) } catch {
            listener.stop()
            throw CommandFailure("sniffer-bridge demo: cannot start the Snipe-IT simulator on \(snipeITListen): \(error)")
        }
        let snipeIT = Demo.SnipeIT(baseURL: "http://\(assets.address)", token: assets.simulator.token)
        let seed = listener.simulator.seed
        let sniffer = Demo.Sniffer(
            baseURL: "http://\(listener.address)", token: seed.token, project: seed.project,
            statuses: seed.statuses.map { Demo.Sniffer.Status(name: $0.name, id: $0.id) })
        let demo: Demo
        do { demo = try Demo(configuration: configuration, sniffer: sniffer, snipeIT: snipeIT) } catch {
            listener.stop()
            assets.stop()
            throw CommandFailure("sniffer-bridge demo: \(error)")
        }
        try? demo.metrics.registry.buildInfo(labels: BuildInfo.metricLabels)
        do {
            let address = try await demo.start()
            console.print(demo.script(gateway: address))
        } catch {
            await demo.stop()
            listener.stop()
            assets.stop()
            throw CommandFailure("sniffer-bridge demo: \(error)")
        }
        for await signal in signals where signal != SIGHUP { break }
        await demo.stop()
        listener.stop()
        assets.stop()
        return 0
    }
}
