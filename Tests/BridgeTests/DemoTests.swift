import Foundation
import Glibc
import JSON
import TestSupport
import Testing

/// `sniffer-bridge demo` as a newcomer runs it: start it, paste the curl
/// commands it prints into a shell, and see the bug, the comment and the
/// resolved status in the simulator.
@Suite(.serialized) struct DemoTests {
    /// The demo's standard output once its script is complete.
    static func script(of demo: ChildProcess, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = String(decoding: (try? Data(contentsOf: demo.output)) ?? Data(), as: UTF8.self)
            if text.contains("Ctrl-C stops both.\n") { return text }
            guard demo.process.isRunning else {
                throw ChildProcess.Failure(description: "demo exited (\(demo.process.terminationStatus)): \(demo.standardError)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcess.Failure(description: "demo printed no complete script: \(demo.standardError)")
    }

    /// Each printed command: a line starting with `curl` and its backslash continuations, as pasted.
    static func commands(in script: String) -> [String] {
        var commands: [String] = []
        var current: [Substring] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if current.isEmpty, !line.hasPrefix("curl ") { continue }
            current.append(line)
            if !line.hasSuffix("\\") {
                commands.append(current.joined(separator: "\n"))
                current = []
            }
        }
        return commands
    }

    /// Runs `command` with `/bin/sh -c`, as a paste into a shell would; returns its standard output.
    static func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `data.localData.items` of a simulator list answer.
    static func items(_ answer: String) throws -> [JSON] {
        let json = try JSON(parsing: answer.trimmingCharacters(in: .whitespacesAndNewlines))
        return try #require(json["data"]?["localData"]?["items"]?.arrayValue, "not a list answer: \(answer)")
    }

    @Test func printedCurlCommandsFileCommentAndResolveOneBug() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "the demo's commands need curl")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mappings = SharedFiles.packageRoot.appendingPathComponent("mappings").path
        let demo = try ChildProcess(
            [
                "demo", "--listen", "127.0.0.1:0", "--sim-listen", "127.0.0.1:0", "--snipeit-listen", "127.0.0.1:0", "--data", folder.appendingPathComponent("data").path,
                "--mappings", mappings, "--log-format", "json",
            ], folder: folder, name: "demo")
        let script = try await Self.script(of: demo)
        let commands = Self.commands(in: script)
        // Three deliveries, the bugs, the comments, /readyz, /metrics; the Jira issue, the laptop, its maintenances.
        try #require(commands.count == 10, "\(script)")
        #expect(commands[0].contains("X-Hub-Signature-256: sha256="))

        for command in commands.prefix(3) {
            #expect(try Self.shell(command).contains(#""duplicate":false"#))
        }
        let statusLine = try #require(script.split(separator: "\n").first { $0.hasPrefix("  statuses ") })
        let resolved = try #require(
            statusLine.split(separator: " ").first { $0.hasPrefix("Resolved=") }?.dropFirst("Resolved=".count))

        // Deliveries are asynchronous: wait until the success has been applied.
        var bugs: [JSON] = []
        var comments: [JSON] = []
        try await waitUntil("the success is applied: \(bugs) \(comments)", timeout: .seconds(20), interval: .milliseconds(100)) {
            bugs = try Self.items(Self.shell(commands[3]))
            comments = try Self.items(Self.shell(commands[4]))
            return comments.count >= 2 && bugs.first?["bugStatus"]?.stringValue == String(resolved)
        }
        try #require(bugs.count == 1, "\(bugs)")
        #expect(bugs[0]["summary"]?.stringValue == "CI failed: rebase on clee2000/random-testing@master")
        #expect(bugs[0]["integrationKey"]?.stringValue == "github:clee2000/random-testing:workflow:rebase:master")
        #expect(bugs[0]["bugStatus"]?.stringValue == String(resolved))
        let texts = comments.compactMap { $0["text"]?.stringValue }
        #expect(texts.count == 2)
        #expect(texts.first?.hasPrefix("Failed again: run #97 (failure)") == true)
        #expect(texts.last?.hasPrefix("Fixed: run #98 succeeded") == true)
        #expect(comments.allSatisfy { $0["bug"] == bugs[0]["_id"] })

        // The helpdesk flow: the laptop is looked up, the bug carries its
        // details, the laptop goes out for repair with a maintenance record.
        #expect(try Self.shell(commands[7]).contains(#""duplicate":false"#))
        try await waitUntil("the laptop is out for repair with a maintenance", timeout: .seconds(20), interval: .milliseconds(100)) {
            let laptop = try JSON(parsing: try Self.shell(commands[8]))
            let maintenances = try JSON(parsing: try Self.shell(commands[9]))
            return laptop["status_label"]?["name"] == "Out for Repair" && maintenances["total"] == 1
        }
        let asset = try Self.items(Self.shell(commands[4])).compactMap { $0["text"]?.stringValue }.filter { $0.hasPrefix("Asset ") }
        #expect(asset.count == 1)
        #expect(asset.first?.contains("LAPTOP-0001 | MacBook Pro 14\" | C02XK1ADA | Ada Lovelace | O'Brien's Lab") == true, "\(asset)")

        // Refused requests are logged too: a forged signature, a wrong CI token.
        let hooks = try #require(commands[0].split(separator: " ").first { $0.hasPrefix("http://") })
        let forged = commands[0].replacingOccurrences(
            of: #"sha256=[0-9a-f]{64}"#, with: "sha256=" + String(repeating: "0", count: 64), options: .regularExpression)
        #expect(try Self.shell(forged).contains("unauthorized"))
        let ci = hooks.replacingOccurrences(of: "/hooks/github", with: "/hooks/ci")
        #expect(try Self.shell("curl -s -X POST \(ci) -H 'Authorization: Bearer wrong' -d '{}'").contains("unauthorized"))

        #expect(try await demo.stop(SIGINT) == 0)
        try Self.expectJSONLogWithoutSecrets(demo.standardError, script: script, commands: commands)
    }

    /// Every line of the run's log is a JSON object with the ids an operator
    /// follows, and no configured secret appears anywhere in it (the demo
    /// prints them on standard output on purpose, never in the log).
    static func expectJSONLogWithoutSecrets(_ log: String, script: String, commands: [String]) throws {
        let lines = log.split(separator: "\n")
        try #require(lines.count >= 10, "\(log)")
        let records = try lines.map { try JSON(parsing: String($0)) }
        #expect(records.allSatisfy { $0["time"] != nil && $0["level"] != nil && $0["message"] != nil })
        func first(_ message: String) -> JSON? { records.first { $0["message"]?.stringValue == message } }
        #expect(first("Event stored")?["event_id"] != nil)
        #expect(first("Event stored")?["delivery_id"] != nil)
        #expect(first("Rule matched")?["rule"] == "github-workflow-failed")
        #expect(first("Delivered")?["action_id"] != nil)
        #expect(first("Delivered")?["rule"] == "github-workflow-failed")
        #expect(records.contains { $0["message"] == "Webhook refused" && $0["source"] == "ci" })

        let token = try #require(commands[3].split(separator: "'").first { $0.hasPrefix("api-token: ") }?.dropFirst(11))
        #expect(token.hasPrefix("sniffer_"))
        for secret in ["demo-github-secret", "demo-ci-token", String(token)] {
            #expect(script.contains(secret), "the demo prints \(secret) for the curl commands")
            #expect(!log.contains(secret), "the log shows a secret")
        }
    }

    @Test func sigtermStopsBothAndExits0() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try ChildProcess(
            [
                "demo", "--listen", "127.0.0.1:0", "--sim-listen", "127.0.0.1:0", "--snipeit-listen", "127.0.0.1:0", "--data", folder.path, "--mappings",
                SharedFiles.packageRoot.appendingPathComponent("mappings").path,
            ], folder: folder, name: "demo")
        let script = try await Self.script(of: demo)
        let readyz = try #require(Self.commands(in: script).first { $0.contains("/readyz") })
        #expect(try Self.shell(readyz).contains(#""status":"ready""#))
        #expect(try await demo.stop(SIGTERM) == 0)
        // The config it wrote loads on its own and names the demo store.
        let config = try String(contentsOfFile: folder.appendingPathComponent("demo.toml").path, encoding: .utf8)
        #expect(config.contains(#"path = "demo-store""#))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("demo-store").path))
    }

    @Test func theShippedFailureIsTheRealGitHubDelivery() throws {
        let shipped = try Data(
            contentsOf: SharedFiles.packageRoot.appendingPathComponent("mappings/examples/github/workflow_run.completed.failure.json"))
        #expect(Array(shipped) == (try SharedFiles.fixture("github/workflow_run.completed.failure.json")))
    }

    @Test func refusesWithoutMappings() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await ChildProcess.run(
            [
                "demo", "--listen", "127.0.0.1:0", "--sim-listen", "127.0.0.1:0", "--snipeit-listen", "127.0.0.1:0", "--data", folder.path, "--mappings",
                folder.appendingPathComponent("none").path,
            ], folder: folder)
        #expect(run.status == 1)
        #expect(run.error.contains("no mapping files (*.toml) in"))
        #expect(run.error.contains("--mappings DIR"))
    }
}
