import CLI
import Foundation
import JSON
import SnifferSim
import SnipeITSim

extension SimCommand {
    /// `sniffer-bridge sim --snipeit`: the Snipe-IT API simulator (logic in SnipeITSim).
    func runSnipeIT(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        var configuration = SnipeITSimulator.Configuration()
        for text in arguments.values("fault") {
            do {
                configuration.faults.append(try SnipeITSimFault(json: JSON(parsing: text)))
            } catch {
                throw ArgumentError.invalidValue(text, for: "--fault", expected: "a Snipe-IT fault JSON object (\(error))")
            }
        }
        if let token = arguments.value("token") {
            guard !token.isEmpty, !token.contains(where: \.isWhitespace) else {
                throw ArgumentError.invalidValue(token, for: "--token", expected: "a token without spaces")
            }
            configuration.tokens = [token]
        }
        if let limit = try arguments.integer("rate-limit") {
            guard limit >= 0 else { throw ArgumentError.invalidValue(String(limit), for: "--rate-limit", expected: "0 or more") }
            configuration.rateLimitPerMinute = limit
        }
        switch (arguments.flag("rate-limit-envelope"), arguments.flag("rate-limit-without-retry-after")) {
        case (true, true):
            throw ArgumentError(
                .unexpectedArgument, "'--rate-limit-envelope' and '--rate-limit-without-retry-after' exclude each other")
        case (true, false): configuration.rateLimitAnswer = .envelope
        case (false, true): configuration.rateLimitAnswer = .status429WithoutRetryAfter
        case (false, false): break
        }
        let listen = try Self.snipeITListen(arguments)
        let simulator = SnipeITSimulator(configuration: configuration)
        let listener: SnipeITSimListener
        do {
            listener = try SnipeITSimListener(simulator: simulator, listen: listen)
        } catch {
            throw CommandFailure("sniffer-bridge sim --snipeit: cannot listen on \(listen): \(error)")
        }
        let signals = ProcessSignals.shared.stream()
        console.print(simulator.startupLine(listen: listener.address))
        for await signal in signals where signal != SIGHUP { break }
        listener.stop()
        return 0
    }

    /// `--listen HOST:PORT`, or `--port PORT` on 127.0.0.1 (default 8091); not both.
    private static func snipeITListen(_ arguments: ParsedArguments) throws -> String {
        let port = try arguments.integer("port")
        if let port {
            guard (0...65_535).contains(port) else {
                throw ArgumentError.invalidValue(String(port), for: "--port", expected: "a port in 0...65535")
            }
            guard arguments.value("listen") == nil else {
                throw ArgumentError(.unexpectedArgument, "give '--port' or '--listen', not both")
            }
            return "127.0.0.1:\(port)"
        }
        let listen = arguments.value("listen") ?? "127.0.0.1:8091"
        do { _ = try SimListener.parseListen(listen) } catch {
            throw ArgumentError.invalidValue(listen, for: "--listen", expected: "HOST:PORT")
        }
        return listen
    }
}
