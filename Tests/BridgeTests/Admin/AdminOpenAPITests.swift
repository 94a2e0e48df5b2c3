@testable import Admin
import Bridge
import Foundation
import JSON
import Rules
import Store
import Telemetry
import TestSupport
import Testing

/// The OpenAPI document against the live API: every path and method it
/// lists answers with a status it documents, in the content type it
/// documents, with a body its schema accepts; no route is left out of it.
@Suite(.serialized) struct AdminOpenAPITests {
    static let methods = ["get", "post", "put", "patch", "delete"]

    /// `(path, method, operation)` for every operation of the document.
    static func operations(_ document: JSON) -> [(path: String, method: String, operation: JSON)] {
        var found: [(String, String, JSON)] = []
        for (path, item) in document["paths"]?.objectValue ?? JSONObject() {
            for method in methods { if let operation = item[method] { found.append((path, method, operation)) } }
        }
        return found
    }

    @Test func theDocumentIsOpenAPI31AndNamesEveryRoute() throws {
        let document = OpenAPIDocument.json
        #expect(document["openapi"] == "3.1.0")
        #expect(try JSON(parsing: OpenAPIDocument.bytes) == document)
        #expect(OpenAPISchemaCheck(document: document).unresolvedReferences().isEmpty)
        let documented = Set(Self.operations(document).map { "\($0.method.uppercased()) \($0.path)" })
        let context = AdminContext(
            store: InMemoryStore(), tokens: { [] }, mappings: { MappingSet(rules: [], files: []) }, sources: { [] }, targets: { [] },
            now: { 0 }, onQueued: {}, logger: .init(label: "t", handler: InMemoryLogHandler()))
        let routed = Set(AdminAPI(context: context).routes.map { "\($0.method) \($0.path)" } + ["GET /openapi.json"])
        #expect(routed == documented, "routes not documented: \(routed.subtracting(documented)); documented, not routed: \(documented.subtracting(routed))")
        for (path, method, operation) in Self.operations(document) {
            #expect(operation["operationId"]?.stringValue != nil, "\(method) \(path) has no operationId")
            #expect(operation["responses"]?.objectValue?.isEmpty == false, "\(method) \(path) has no responses")
        }
    }

    @Test func everyDocumentedOperationAnswersAsDocumented() async throws {
        let harness = try PipelineHarness()
        try harness.enableAdmin()
        let gateway = try await harness.startGateway()
        #expect(try await harness.post(CIEvent(key: 1, run: 1).body, to: gateway, idempotencyKey: "d1").status == 202)
        try await harness.drain(gateway)
        let served = try await harness.admin("GET", "/openapi.json", on: gateway, token: nil)
        let document = try JSON(parsing: served.body)
        let check = OpenAPISchemaCheck(document: document)
        var problems: [String] = []
        var checked = 0
        for (path, method, operation) in Self.operations(document) {
            let responses = operation["responses"]?.objectValue ?? JSONObject()
            let secured = operation["security"]?.arrayValue?.isEmpty != true
            // With the operate token and an id that exists (1), then with none and with a read token.
            var cases: [(String?, String)] = [(PipelineHarness.operateToken, "as operate")]
            if secured { cases += [(nil, "without a token"), (PipelineHarness.readToken, "as read")] }
            for (token, label) in cases {
                let response = try await harness.admin(
                    method.uppercased(), path.replacingOccurrences(of: "{id}", with: "1"), on: gateway, token: token)
                let name = "\(method.uppercased()) \(path) \(label): \(response.status)"
                guard let documented = responses[String(response.status)] else {
                    problems.append("\(name) is not a documented status (\(responses.keys.joined(separator: ", ")))")
                    continue
                }
                let contentType = response.header("Content-Type") ?? "none"
                guard let schema = documented["content"]?[contentType]?["schema"] else {
                    problems.append("\(name): Content-Type \(contentType) is not documented for it")
                    continue
                }
                guard let body = try? JSON(parsing: response.body) else {
                    problems.append("\(name): the body is not JSON")
                    continue
                }
                problems += check.problems(body, schema).map { "\(name): \($0)" }
                checked += 1
            }
            if secured {
                #expect(responses["401"] != nil, "\(method) \(path) does not document 401")
            }
        }
        await gateway.stop()
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(checked == 1 + 12 * 3, "every secured operation three ways, the document once")
        #expect(served.status == 200 && served.header("Content-Type") == "application/json")
    }
}
