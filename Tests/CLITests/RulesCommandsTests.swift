import Foundation
import TestSupport
import Testing

/// `check`, `dry-run` and `test` run as the built binary, on files written
/// into a temporary folder.
@Suite(.serialized) struct RulesCommandsTests {
    typealias Folder = TemporaryFolder

    static func configWithShippedMappings(_ folder: Folder) throws -> String {
        let mappings = SharedFiles.packageRoot.appendingPathComponent("mappings").path
        return try folder.write("bridge.toml", "mappings = [\"\(mappings)/*.toml\"]\n")
    }

    @Test func checkSummarisesOrListsEveryError() throws {
        let folder = try Folder()
        defer { folder.remove() }
        // `check` wants what `serve` wants, the Sniffer token included; `dry-run` and `test` do not.
        let config = try Self.configWithShippedMappings(folder)
        try folder.write("bridge.toml", try String(contentsOfFile: config, encoding: .utf8) + "[sniffer]\ntoken = \"t\"\n")
        let good = try BuiltExecutable.run(["check", "--config", config])
        #expect(good.status == 0)
        #expect(good.output.hasSuffix(" OK\n"))
        // Every shipped mapping file and every rule in it is counted.
        let folderURL = SharedFiles.packageRoot.appendingPathComponent("mappings")
        let files = try FileManager.default.contentsOfDirectory(atPath: folderURL.path).filter { $0.hasSuffix(".toml") }
        let rules = try files.map { try String(contentsOf: folderURL.appendingPathComponent($0), encoding: .utf8) }
            .map { $0.components(separatedBy: "\n[[rule]]").count - ($0.hasPrefix("[[rule]]") ? 0 : 1) }.reduce(0, +)
        #expect(good.output == "\(rules) rules in \(files.count) files OK\n")

        try folder.write("bad/m.toml", "[[rule]]\nname = \"x\"\nsource = \"nope\"\n")
        let badConfig = try folder.write("bad.toml", "mappings = [\"bad/*.toml\"]\n[server]\nport = 1\n[sniffer]\ntoken = \"t\"\n")
        let bad = try BuiltExecutable.run(["check", "--config", badConfig])
        #expect(bad.status == 1)
        #expect(bad.output.isEmpty)
        #expect(bad.error == """
            \(badConfig):3:1: unknown key 'port' in [server] (known: body_timeout, head_timeout, listen, max_body_bytes, max_receiving_connections, shutdown_timeout)
                port = 1
                ^
            \(folder.path)/bad/m.toml:1:1: rule needs at least one [[rule.actions]] entry
                [[rule]]
                ^
            \(folder.path)/bad/m.toml:3:11: unknown source 'nope' (known: github, gitlab, jenkins, ci, jira, slack)
                source = "nope"
                          ^

            """)
    }

    @Test func dryRunPrintsActionsAndExplains() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let config = try Self.configWithShippedMappings(folder)
        let payload = try SharedFiles.url("fixtures/github/workflow_run.requested.json").path
        let quiet = try BuiltExecutable.run([
            "dry-run", "--config", config, "--source", "github", "--payload", payload,
            "--header", "X-GitHub-Event: workflow_run", "--explain",
        ])
        #expect(quiet.status == 0)
        #expect(quiet.output == "[]\n")
        #expect(quiet.error.contains("rule 'github-workflow-failed' ("))
        #expect(quiet.error.contains("    `payload.action == \"completed\"` is false\n      `payload.action` = \"requested\"\n"))

        let failure = try SharedFiles.url("fixtures/github/workflow_run.completed.failure.json").path
        let loud = try BuiltExecutable.run([
            "dry-run", "--config", config, "--source", "github", "--payload", failure, "--header", "X-GitHub-Event: workflow_run",
        ])
        #expect(loud.status == 0)
        #expect(loud.output.contains("\"dedup_key\": \"github:clee2000/random-testing:workflow:rebase:master\""))
        #expect(loud.error.isEmpty)
    }

    @Test func testRunsCasesAndFailsWithADiff() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let config = try Self.configWithShippedMappings(folder)
        try folder.write("cases/ping.json", "{\"zen\": \"Keep it simple.\"}")
        try folder.write("cases/ping.expected.toml", "source = \"github\"\n[headers]\nX-GitHub-Event = \"ping\"\n")
        let passing = try BuiltExecutable.run(["test", "--config", config, folder.path + "/cases"])
        #expect(passing.status == 0)
        #expect(passing.output.hasSuffix("1 passed, 0 failed\n"))

        try folder.write("cases/wrong.json", "{\"zen\": \"x\"}")
        try folder.write("cases/wrong.expected.json", "{\"source\": \"github\", \"event\": \"ping\", \"actions\": [{\"do\": \"reply\"}]}")
        let failing = try BuiltExecutable.run(["test", "--config", config, folder.path + "/cases"])
        #expect(failing.status == 1)
        #expect(failing.output.contains("FAIL \(folder.path)/cases/wrong.expected.json\n"))
        #expect(failing.output.contains("    -    \"do\": \"reply\""))
        #expect(failing.output.hasSuffix("1 passed, 1 failed\n"))
    }

    /// `dry-run` and `test` name events as `serve` does: Jenkins by phase, Slack without the slash.
    @Test func dryRunAndTestDecodeLikeTheGateway() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let config = try Self.configWithShippedMappings(folder)
        let jenkins = try SharedFiles.url("fixtures/jenkins/notification-plugin.finalized.failure.json").path
        let build = try BuiltExecutable.run(["dry-run", "--config", config, "--source", "jenkins", "--payload", jenkins])
        #expect(build.status == 0)
        #expect(build.output.contains("\"rule\": \"jenkins-build-failed\""))
        #expect(build.output.contains("\"dedup_key\": \"jenkins:JobUrl\""))

        let slack = try folder.write("bug.txt", "command=%2Fbug&text=help&team_id=T1")
        let help = try BuiltExecutable.run(["dry-run", "--config", config, "--source", "slack", "--payload", slack])
        #expect(help.status == 0)
        #expect(help.output.contains("\"rule\": \"slack-bug-help\""))

        let broken = try folder.write("broken.json", "{\"name\": \"job\"}")
        let refused = try BuiltExecutable.run(["dry-run", "--config", config, "--source", "jenkins", "--payload", broken])
        #expect(refused.status == 1)
        #expect(refused.error.contains("build"))

        try folder.write("cases/fail.json", String(decoding: try SharedFiles.fixture("jenkins/notification-plugin.completed.failure.json"), as: UTF8.self))
        try folder.write("cases/fail.expected.toml", "source = \"jenkins\"\n")
        let cases = try BuiltExecutable.run(["test", "--config", config, folder.path + "/cases"])
        #expect(cases.status == 0)
        #expect(cases.output.hasSuffix("1 passed, 0 failed\n"))
    }
}
