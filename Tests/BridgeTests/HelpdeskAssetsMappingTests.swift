import Bridge
import Config
import Foundation
import JSON
import Rules
import TestSupport
import Testing

/// The shipped `mappings/snipeit/helpdesk-assets.toml`: its `sniffer-bridge
/// test` cases pass, a config without `[snipeit]` refuses it where its
/// first Snipe-IT action is, and its asset block renders from a look-up's result.
@Suite struct HelpdeskAssetsMappingTests {
    static let folder = SharedFiles.packageRoot.appendingPathComponent("mappings/snipeit").path

    static func config(snipeIT: Bool) throws -> (TemporaryFolder, String) {
        let temporary = try TemporaryFolder()
        let table = snipeIT ? "[snipeit]\nbase_url = \"http://127.0.0.1:1\"\ntoken = \"s\"\n" : ""
        let path = try temporary.write("bridge.toml", """
            mappings = ["\(folder)/*.toml"]
            [sniffer]
            token = "t"
            \(table)[sources.jira]
            allow_unsigned = true
            [sources.slack]
            signing_secrets = ["x"]
            """)
        return (temporary, path)
    }

    @Test func itsTestCasesPass() throws {
        let (temporary, path) = try Self.config(snipeIT: true)
        defer { temporary.remove() }
        let mappings = try MappingSet.load(configPath: path)
        let results = MappingTestRunner(mappings: mappings, decoder: OfflineDecoder.decoder).run(directory: Self.folder + "/tests")
        #expect(results.count == 5)
        for result in results { #expect(result.passed, "\(result.name): \(result.details.joined(separator: "\n"))") }
    }

    @Test func withoutSnipeITTheConfigRefusesIt() throws {
        let (temporary, path) = try Self.config(snipeIT: false)
        defer { temporary.remove() }
        do {
            _ = try ConfigLoader.load(path: path, environment: [:])
            Issue.record("a config without [snipeit] loaded a mapping with Snipe-IT actions")
        } catch {
            let first = try #require(error.lines.first)
            #expect(first.hasSuffix("helpdesk-assets.toml:47:7: action 'lookup_asset' is delivered to Snipe-IT, but the config has no [snipeit] table"), "\(first)")
        }
    }

    @Test func theBugCarriesTheAssetBlock() throws {
        let (temporary, path) = try Self.config(snipeIT: true)
        defer { temporary.remove() }
        let mappings = try MappingSet.load(configPath: path)
        let payload = try JSON(parsing: Array(try String(contentsOfFile: Self.folder + "/tests/jira-issue-created.json", encoding: .utf8).utf8))
        let event = RuleEvent(source: "jira", name: "jira:issue_created", payload: payload)
        let create = try #require(mappings.evaluate(event).actions.first { $0.kind.name == "create_bug" })
        let asset: JSON = [
            "found": true, "id": 3, "asset_tag": "MON-0001", "serial": "SN-SHARED", "model": ["name": "UltraSharp <27\">"],
            "assigned_to": ["name": "Ada Lovelace"], "location": .null, "url": "https://assets.example.com/hardware/3",
        ]
        guard case .action(let rendered) = try StepRendering.render(create, event: event, steps: ["asset": asset]),
            case .createBug(let bug) = rendered.kind
        else {
            Issue.record("not rendered")
            return
        }
        #expect(bug.fields.description == """
            Since this morning, every few seconds.

            Asset
            - Tag: MON-0001
            - Model: UltraSharp <27">
            - Serial: SN-SHARED
            - User: Ada Lovelace
            - Location: -
            - Page: https://assets.example.com/hardware/3

            """)
        #expect(rendered.deferred.isEmpty)
        guard case .action(let missing) = try StepRendering.render(create, event: event, steps: ["asset": ["found": false]]),
            case .createBug(let plain) = missing.kind
        else { return }
        #expect(plain.fields.description?.hasSuffix("Asset: not found in Snipe-IT\n") == true)
    }
}
