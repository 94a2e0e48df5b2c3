import Foundation
import JSON
import TestSupport
import Testing

/// Every webhook fixture parses, and its serialization re-parses to an equal value.
@Suite struct JSONFixtureTests {
    static func fixtureNames() throws -> [String] {
        var names: [String] = []
        for folder in ["github", "gitlab", "jenkins", "jira"] {
            let url = try SharedFiles.url("fixtures/" + folder)
            let files = try FileManager.default.contentsOfDirectory(atPath: url.path)
            names += files.filter { $0.hasSuffix(".json") }.sorted().map { folder + "/" + $0 }
        }
        return names
    }

    @Test func everyFixtureRoundTrips() throws {
        let names = try Self.fixtureNames()
        #expect(names.count >= 20, "expected the webhook fixtures, found \(names.count)")
        for name in names {
            let value = try JSON(parsing: try SharedFiles.fixture(name))
            #expect(value.objectValue != nil, "\(name) is not an object")
            for options in [[], .pretty, .sortedKeys] as [JSONSerializationOptions] {
                let back = try JSON(parsing: value.serializedBytes(options))
                #expect(back == value, "\(name) changed after serializing with \(options.rawValue)")
            }
        }
    }

    @Test func theBenchmarkFixtureReadsAsExpected() throws {
        let value = try JSON(parsing: try SharedFiles.fixture("github/workflow_run.completed.failure.json"))
        #expect(value["action"] == "completed")
        #expect(value["workflow_run"]?["id"] == .int(3_206_737_417))
        #expect(value["workflow_run"]?["conclusion"] == "failure")
        #expect(value.objectValue?.keys.first == "action")
    }
}
