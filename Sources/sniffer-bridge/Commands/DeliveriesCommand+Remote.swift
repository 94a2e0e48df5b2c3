import Admin
import CLI
import Delivery
import Foundation
import Outbound
import Store

/// `deliveries list|show|retry|drop --url URL...`: the same commands through
/// the admin API of running gateways, printed as the data directory's are.
extension DeliveriesSubcommand {
    func performRemotely(_ arguments: ParsedArguments, console: Console) async throws {
        if arguments.value("config") != nil || arguments.value("data") != nil {
            throw ArgumentError.invalidValue("", for: "--url", expected: "either --url or --config/--data, not both")
        }
        let token = try Self.token(arguments)
        let transport: CurlTransport
        do { transport = try CurlTransport() } catch {
            throw CommandFailure("sniffer-bridge deliveries: cannot start the HTTP client: \(error)")
        }
        defer { transport.shutdown() }
        let clients = arguments.values("url").map { AdminClient(baseURL: $0, token: token, transport: transport) }
        do {
            try await perform(arguments, clients: clients, console: console)
        } catch let failure as AdminClient.Failure {
            throw CommandFailure("sniffer-bridge deliveries \(name): \(failure)")
        }
    }

    private func perform(_ arguments: ParsedArguments, clients: [AdminClient], console: Console) async throws {
        switch name {
        case "list":
            let state = try Self.state(arguments)
            let actions = try await Self.first(clients) { client throws(AdminClient.Failure) in
                try await client.deliveries(state: state)
            }
            for line in DeliveryReport.table(actions) { console.print(line) }
        case "show":
            let id = try Self.id(arguments.positional("ID"))
            let found = try await Self.first(clients) { client throws(AdminClient.Failure) in try await client.delivery(id: id) }
            guard let (action, attempts, event) = found else { throw CommandFailure("no delivery with id \(id)") }
            for line in DeliveryReport.details(action, event: event) + DeliveryReport.attempts(attempts) { console.print(line) }
        case "retry":
            if arguments.flag("all-dead") {
                let count = try await Self.first(clients) { client throws(AdminClient.Failure) in try await client.retryAllDead() }
                console.print("\(count) dead deliver\(count == 1 ? "y" : "ies") queued again")
            } else {
                let id = try Self.id(arguments.positional("ID"))
                guard try await Self.first(clients, { client throws(AdminClient.Failure) in try await client.retry(id: id) }) else {
                    throw CommandFailure("sniffer-bridge deliveries retry: no delivery with id \(id)")
                }
                console.print("delivery \(id) queued again")
            }
        default:
            let id = try Self.id(arguments.positional("ID"))
            guard try await Self.first(clients, { client throws(AdminClient.Failure) in try await client.drop(id: id) }) else {
                throw CommandFailure("sniffer-bridge deliveries drop: no delivery with id \(id)")
            }
            console.print("delivery \(id) dropped")
        }
    }

    /// `body` on the first replica that answers: one that is down or
    /// answers 5xx passes the call to the next; the last one's failure is thrown.
    static func first<T>(
        _ clients: [AdminClient], _ body: (AdminClient) async throws(AdminClient.Failure) -> T
    ) async throws(AdminClient.Failure) -> T {
        var failures: [String] = []
        for client in clients {
            do { return try await body(client) } catch where error.isUnavailable {
                failures.append(error.description)
            }
        }
        throw AdminClient.Failure(description: failures.joined(separator: "; "), isUnavailable: true)
    }

    /// `--token-file` (trimmed) or `--token`: exactly one of them.
    static func token(_ arguments: ParsedArguments) throws -> String {
        switch (arguments.value("token-file"), arguments.value("token")) {
        case (let file?, nil):
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CommandFailure("sniffer-bridge deliveries: cannot read --token-file \(file)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw CommandFailure("sniffer-bridge deliveries: --token-file \(file) is empty") }
            return token
        case (nil, let token?) where !token.isEmpty:
            return token
        case (nil, _):
            throw ArgumentError.invalidValue("", for: "--token-file", expected: "--token-file FILE or --token TOKEN with --url")
        default:
            throw ArgumentError.invalidValue("", for: "--token", expected: "one of --token and --token-file, not both")
        }
    }
}
