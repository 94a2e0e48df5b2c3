import Bridge
import Delivery
import CLI
import Config
import Foundation
import Rules
import Store

/// `sniffer-bridge deliveries`: inspect and act on the outbox.
struct DeliveriesCommand: Command {
    let name = "deliveries"
    let summary = "List, show, retry or drop deliveries in the data directory."
    let discussion = """
        Works on the data directory whether the gateway runs or not. Give either
        --config (the data directory is [store].path) or --data to each subcommand.
        Or, with --url and --token-file (or --token), through the admin API of a
        running gateway ([admin] tokens; retry and drop need scope operate). Give
        --url once per replica of one store: each call goes to the first that
        answers, the next ones are tried while a replica is down or answers 5xx.
        """
    let subcommands: [any Command] = [
        DeliveriesSubcommand(
            name: "list", summary: "List deliveries, newest first.",
            options: [.value("state", placeholder: "STATE", help: "Only 'pending', 'in_flight', 'done', 'dead' or 'dropped' deliveries.")]
        ),
        DeliveriesSubcommand(
            name: "show", summary: "Show one delivery: its event, action, attempts and errors.",
            positionals: [Positional("ID", help: "The delivery's id.")]
        ),
        DeliveriesSubcommand(
            name: "retry", summary: "Queue a dead delivery (or all of them) for delivery again.",
            options: [.flag("all-dead", help: "Retry every dead delivery.")],
            positionals: [Positional("ID", arity: .optional, help: "The delivery's id (or use --all-dead).")]
        ),
        DeliveriesSubcommand(
            name: "drop", summary: "Remove a delivery from the outbox for good.",
            positionals: [Positional("ID", help: "The delivery's id.")]
        ),
    ]

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        throw ArgumentError.invalidValue("", for: "deliveries", expected: "a subcommand: list, show, retry or drop")
    }
}

/// One of `deliveries list|show|retry|drop`; all share `--config` / `--data`.
struct DeliveriesSubcommand: Command {
    let name: String
    let summary: String
    let arguments: ArgumentSpec

    init(name: String, summary: String, options: [Option] = [], positionals: [Positional] = []) {
        self.name = name
        self.summary = summary
        self.arguments = ArgumentSpec(
            options: [
                .value("config", short: "c", placeholder: "FILE", help: "The config file; its [store].path is used."),
                .value("data", placeholder: "DIR", help: "The data directory, instead of --config."),
                .repeated("url", placeholder: "URL", help: "A running gateway (http://host:8080): use its admin API instead."),
                .value("token-file", placeholder: "FILE", help: "With --url: a file holding an [admin] token."),
                .value("token", placeholder: "TOKEN", help: "With --url: the token itself (visible to ps; prefer --token-file)."),
            ] + options,
            positionals: positionals
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        if !arguments.values("url").isEmpty {
            try await performRemotely(arguments, console: console)
            return 0
        }
        if arguments.value("token") != nil || arguments.value("token-file") != nil {
            throw ArgumentError.invalidValue("", for: "--token", expected: "--token and --token-file only with --url")
        }
        let store = try openStore(arguments)
        do {
            try await perform(arguments, store: store, console: console)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        return 0
    }

    private func perform(_ arguments: ParsedArguments, store: any EventStore, console: Console) async throws {
        let now = EpochMillis((Date().timeIntervalSince1970 * 1000).rounded())
        do {
            switch name {
            case "list":
                let state = try Self.state(arguments)
                var all: [OutboxAction] = []
                var after: Int64 = 0
                while true {
                    let page = try await store.actions(state: state, afterID: after, limit: 1_000)
                    all += page
                    guard let last = page.last, page.count == 1_000 else { break }
                    after = last.id
                }
                for line in DeliveryReport.table(all.reversed()) { console.print(line) }
            case "show":
                let id = try Self.id(arguments.positional("ID"))
                guard let action = try await store.action(id: id) else { throw CommandFailure("no delivery with id \(id)") }
                let event = try await store.event(id: action.eventID)
                let attempts = try await store.attempts(ofAction: id)
                for line in DeliveryReport.details(action, event: event) + DeliveryReport.attempts(attempts) { console.print(line) }
            case "retry":
                if arguments.flag("all-dead") {
                    let count = try await store.retryAllDead(now: now)
                    console.print("\(count) dead deliver\(count == 1 ? "y" : "ies") queued again")
                } else {
                    let id = try Self.id(arguments.positional("ID"))
                    try await store.retryAction(id: id, now: now)
                    console.print("delivery \(id) queued again")
                }
            default:
                let id = try Self.id(arguments.positional("ID"))
                try await store.dropAction(id: id, now: now)
                console.print("delivery \(id) dropped")
            }
        } catch let error as StoreError {
            throw CommandFailure("sniffer-bridge deliveries \(name): \(error.message)")
        }
    }

    /// `--state`, when given.
    static func state(_ arguments: ParsedArguments) throws(ArgumentError) -> ActionState? {
        guard let text = arguments.value("state") else { return nil }
        guard let parsed = ActionState(rawValue: text) else {
            throw ArgumentError.invalidValue(text, for: "--state", expected: "pending, in_flight, done, dead or dropped")
        }
        return parsed
    }

    static func id(_ text: String?) throws(ArgumentError) -> Int64 {
        guard let text else { throw ArgumentError.invalidValue("", for: "ID", expected: "a delivery id (or --all-dead)") }
        guard let id = Int64(text), id > 0 else { throw ArgumentError.invalidValue(text, for: "ID", expected: "a positive number") }
        return id
    }

    private func openStore(_ arguments: ParsedArguments) throws -> any EventStore {
        let settings: StoreSettings
        if let data = arguments.value("data") {
            settings = .sqlite(SQLiteStore.Configuration(directory: data))
        } else if let config = arguments.value("config") {
            // The loader's own reading of [store] (its messages, `check`'s rendering); nothing else is needed.
            do { settings = StoreSettings(try ConfigLoader.storeOnly(configPath: config)) } catch {
                throw CommandFailure(error.linesWithSource().joined(separator: "\n"))
            }
        } else {
            throw ArgumentError.invalidValue("", for: "--config", expected: "--config FILE or --data DIR")
        }
        if let directory = settings.directory, !FileManager.default.fileExists(atPath: directory) {
            throw CommandFailure("sniffer-bridge deliveries: no data directory at \(directory)")
        }
        do { return try settings.open() } catch {
            throw CommandFailure("sniffer-bridge deliveries: cannot open \(settings.place): \(error)")
        }
    }
}
