import CLI
import Foundation
import Store

/// `sniffer-bridge store`: move a store from one backend to another.
struct StoreCommand: Command {
    let name = "store"
    let summary = "Move an SQLite data directory's store into PostgreSQL."
    let subcommands: [any Command] = [StoreMigrateCommand()]

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        throw ArgumentError.invalidValue("", for: "store", expected: "a subcommand: migrate")
    }
}

/// `sniffer-bridge store migrate --from DIR --to URL`.
struct StoreMigrateCommand: Command {
    let name = "migrate"
    let summary = "Copy a data directory's events, deliveries and keys into an empty PostgreSQL schema."
    let discussion = """
        Stop the gateway first. Every event (so a redelivery is still a duplicate), every
        delivery in its state (done ones never run again; in-flight ones become pending)
        and the key table (so no key files a second bug) are copied, ids kept. The
        schema must be empty: if a migration stops half-way, drop the schema and run it
        again. Then start the gateway with [store] backend = "postgres".
        """
    let arguments = ArgumentSpec(options: [
        .value("from", placeholder: "DIR", help: "The SQLite data directory ([store].path).", required: true),
        .value("to", placeholder: "URL", help: "The PostgreSQL URL (or use --to-file)."),
        .value("to-file", placeholder: "FILE", help: "A file holding the PostgreSQL URL."),
        .value("schema", placeholder: "NAME", help: "The schema to fill (default sniffer_bridge)."),
    ])

    func run(_ arguments: ParsedArguments, console: Console) async throws -> Int32 {
        let directory = try arguments.required("from")
        guard FileManager.default.fileExists(atPath: directory) else {
            throw CommandFailure("sniffer-bridge store migrate: no data directory at \(directory)")
        }
        let url: String
        switch (arguments.value("to"), arguments.value("to-file")) {
        case (let text?, nil): url = text
        case (nil, let file?):
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CommandFailure("sniffer-bridge store migrate: cannot read \(file)")
            }
            url = text.trimmingCharacters(in: .whitespacesAndNewlines)
        default: throw ArgumentError.invalidValue("", for: "--to", expected: "one of --to URL or --to-file FILE")
        }
        let schema = arguments.value("schema") ?? "sniffer_bridge"
        let source: SQLiteStore
        let target: PostgresStore
        do { source = try SQLiteStore(configuration: .init(directory: directory)) } catch {
            throw CommandFailure("sniffer-bridge store migrate: cannot open \(directory): \(error)")
        }
        do { target = try PostgresStore(configuration: .init(url: url, schema: schema)) } catch {
            await source.close()
            throw CommandFailure("sniffer-bridge store migrate: cannot open the PostgreSQL schema \(schema): \(error)")
        }
        let result: Result<StoreMigration.Report, StoreError>
        do { result = .success(try await StoreMigration.copy(from: source, to: target)) } catch { result = .failure(error) }
        await source.close()
        await target.close()
        switch result {
        case .success(let report):
            console.print(
                "migrated \(report.events) events, \(report.actions) deliveries (\(report.attempts) attempts) and \(report.keys) keys "
                    + "from \(directory) to the schema \(schema)")
            return 0
        case .failure(let error):
            throw CommandFailure("sniffer-bridge store migrate: \(error.message)")
        }
    }
}
