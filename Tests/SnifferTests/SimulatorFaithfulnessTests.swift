import Foundation
import HTTP
import JSON
import Sniffer
import SnifferSim
import Testing
import Telemetry

@Suite(.serialized) struct SimulatorFaithfulnessTests {
    @Test func successAnswersCarryTheEnvelope() async throws {
        let f = try Fixture()
        let (status, body) = try await f.rawJSON("GET", "/projects?page=1&size=10")
        #expect(status == 200)
        #expect(body["status"] == 200)
        let local = try #require(body["data"]?["localData"])
        #expect(local["total"] == 1)
        #expect(local["items"]?[0]?["_id"] == .string(f.project))
        // encryptData is the simulator's stand-in: base64 of the localData JSON.
        let encrypted = try #require(body["data"]?["encryptData"]?.stringValue)
        let decoded = try #require(Data(base64Encoded: encrypted))
        #expect(try JSON(parsing: [UInt8](decoded)) == local)
    }

    @Test func createAnswers201InTheEnvelope() async throws {
        let f = try Fixture()
        let (status, body) = try await f.rawJSON(
            "POST", "/bug", body: ["summary": "Checkout 500", "project": .string(f.project), "severity": "High"])
        #expect(status == 201)
        #expect(body["status"] == 201)
        let bug = try #require(body["data"]?["localData"])
        #expect(bug["summary"] == "Checkout 500")
        #expect(bug["severity"] == "High")
        #expect(bug["bugStatus"] == f.status("Open").map { .string($0) })
        #expect(bug["_id"]?.stringValue?.count == 24)
        #expect(bug["createdAt"]?.stringValue?.hasSuffix("Z") == true)
    }

    @Test func everyAnswerCarriesResponseTimeAndSize() async throws {
        let f = try Fixture()
        for (method, target, token) in [("GET", "/projects", nil), ("GET", "/bug/nope", nil), ("GET", "/projects", "")] {
            let response = await f.raw(method, target, token: token)
            #expect(response.headers["X-Response-Time"]?.hasSuffix("ms") == true)
            #expect(response.headers["X-Response-Size"] == String(response.body.count))
        }
    }

    @Test func withLocalDataFalseLeavesOnlyTheEncryptedCopy() async throws {
        let f = try Fixture()
        let (_, body) = try await f.rawJSON("GET", "/projects?withLocalData=false")
        #expect(body["data"]?["localData"] == nil)
        #expect(body["data"]?["encryptData"]?.stringValue?.isEmpty == false)
    }

    @Test func paginationIsOneBased() async throws {
        let f = try Fixture()
        for i in 1...25 {
            _ = await f.raw("POST", "/bug", body: ["summary": .string("bug \(i)"), "project": .string(f.project)])
        }
        let (_, first) = try await f.rawJSON("GET", "/bugs?project=\(f.project)&page=1&size=10")
        #expect(first["data"]?["localData"]?["items"]?[0]?["summary"] == "bug 1")
        let (_, third) = try await f.rawJSON("GET", "/bugs?project=\(f.project)&page=3&size=10")
        let local = try #require(third["data"]?["localData"])
        #expect(local["total"] == 25)
        #expect(local["items"]?.arrayValue?.count == 5)
        #expect(local["items"]?[0]?["summary"] == "bug 21")
        let (bad, error) = try await f.rawJSON("GET", "/bugs?page=0")
        #expect(bad == 400)
        #expect(error["message"] == "page must be an integer between 1 and 1000000")
    }

    @Test func errorsHaveTheReferenceShape() async throws {
        let f = try Fixture()
        let cases: [(String, String, JSON?, Int, String, String)] = [
            ("POST", "/bug", ["project": .string(f.project)], 400, "summary should not be empty", "Bad Request"),
            ("POST", "/bug", ["summary": "x", "project": .string(f.project), "severity": "Urgent"], 400,
             "severity must be one of the following values: Low, Medium, High, Critical", "Bad Request"),
            ("GET", "/bug/64f1ab2c0000000000000999", nil, 404, "Bug not found", "Not Found"),
            ("GET", "/nowhere", nil, 404, "Cannot GET /nowhere", "Not Found"),
            ("POST", "/project", ["name": "Again", "key": "SBD"], 409, "Project key already exists", "Conflict"),
        ]
        for (method, target, body, status, message, reason) in cases {
            let (got, json) = try await f.rawJSON(method, target, body: body)
            #expect(got == status, "\(method) \(target)")
            #expect(json == ["statusCode": .int(Int64(status)), "message": .string(message), "error": .string(reason)])
        }
        let response = await f.raw("POST", "/bug", body: nil)
        #expect(response.status == 400)
    }

    @Test func malformedJSONBodyIs400() async throws {
        let f = try Fixture()
        var headers = HTTPHeaders()
        headers.add("api-token", f.sim.seed.token)
        let request = HTTPRequest(method: "POST", target: "/bug", headers: headers, body: Array("{\"summary\":".utf8))
        let response = await f.sim.response(to: request)
        #expect(response.status == 400)
        #expect(try JSON(parsing: response.body)["message"] == "Invalid JSON in request body")
    }

    @Test func aSecondBugWithTheSameIntegrationKeyIsFiledAsTheReferenceShows() async throws {
        // The reference promises no uniqueness of the key: a blind re-create is a second bug.
        let f = try Fixture()
        let body: JSON = ["summary": "a", "project": .string(f.project), "integrationKey": "CI-1"]
        #expect(await f.raw("POST", "/bug", body: body).status == 201)
        #expect(await f.raw("POST", "/bug", body: body).status == 201)
        #expect(f.sim.bugCount() == 2)
    }

    @Test func duplicateIntegrationKeyIs409WhenAsked() async throws {
        let f = try Fixture { $0.conflictOnDuplicateKey = true }
        let body: JSON = ["summary": "a", "project": .string(f.project), "integrationKey": "CI-1"]
        #expect(await f.raw("POST", "/bug", body: body).status == 201)
        let (status, json) = try await f.rawJSON("POST", "/bug", body: body)
        #expect(status == 409)
        #expect(json["message"] == "Bug with integrationKey CI-1 already exists for platform SNIFFER_BRIDGE")
        // The same key on another platform is another bug.
        var jira = body.objectValue ?? [:]
        jira["integrationPlatform"] = "JIRA"
        #expect(await f.raw("POST", "/bug", body: .object(jira)).status == 201)
        let (_, found) = try await f.rawJSON("GET", "/bugs/by-jira-key?key=CI-1")
        #expect(found["data"]?["localData"]?["integrationPlatform"] == "JIRA")
    }

    @Test func propertiesTheReferenceDoesNotShowAre400NamingThem() async throws {
        let f = try Fixture()
        let (status, json) = try await f.rawJSON(
            "POST", "/bug", body: ["summary": "a", "project": .string(f.project), "run_url": "https://ci/1", "commit": "abc"])
        #expect(status == 400)
        #expect(json["message"] == ["property run_url should not exist", "property commit should not exist"])
        #expect(f.sim.bugCount() == 0)
        let (_, created) = try await f.rawJSON("POST", "/bug", body: ["summary": "ok", "project": .string(f.project)])
        let id = try #require(created["data"]?["localData"]?["_id"]?.stringValue)
        #expect(await f.raw("PATCH", "/bug/\(id)", body: ["platform": "GitHub"]).status == 400)
        #expect(await f.raw("POST", "/comment", body: ["bug": .string(id), "text": "t", "author": "x"]).status == 400)
        #expect(await f.raw("POST", "/tag", body: ["name": "t", "project": .string(f.project), "x": 1]).status == 400)
        // The lenient simulator takes them.
        let lenient = try Fixture { $0.strict = false }
        #expect(await lenient.raw("POST", "/bug", body: ["summary": "a", "project": .string(lenient.project), "run_url": "u"]).status == 201)
    }

    @Test func tagsOfABugAreTagIds() async throws {
        let f = try Fixture()
        let (status, json) = try await f.rawJSON("POST", "/bug", body: ["summary": "a", "project": .string(f.project), "tags": ["ci"]])
        #expect(status == 400)
        #expect(json["message"]?[0]?.stringValue?.contains("\"ci\" is not") == true)
        let (_, tag) = try await f.rawJSON("POST", "/tag", body: ["name": "ci", "project": .string(f.project)])
        let id = try #require(tag["data"]?["localData"]?["_id"]?.stringValue)
        #expect(await f.raw("POST", "/bug", body: ["summary": "a", "project": .string(f.project), "tags": [.string(id)]]).status == 201)
    }

    @Test func answersCanSpellTheIdAsId() async throws {
        let f = try Fixture { $0.idField = .plain }
        let (_, created) = try await f.rawJSON("POST", "/bug", body: ["summary": "a", "project": .string(f.project)])
        let bug = try #require(created["data"]?["localData"])
        #expect(bug["_id"] == nil)
        let id = try #require(bug["id"]?.stringValue)
        let (_, list) = try await f.rawJSON("GET", "/bugs")
        #expect(list["data"]?["localData"]?["items"]?[0]?["id"] == .string(id))
        #expect(list["data"]?["localData"]?["items"]?[0]?["_id"] == nil)
    }

    @Test func statusesAndTagsTakeMoreThanOnePage() async throws {
        let f = try Fixture()
        let (_, first) = try await f.rawJSON("GET", "/statuses?project=\(f.project)&page=1&size=100")
        #expect(first["data"]?["localData"]?["total"] == 105)
        #expect(first["data"]?["localData"]?["items"]?.arrayValue?.count == 100)
        let (_, second) = try await f.rawJSON("GET", "/statuses?project=\(f.project)&page=2&size=100")
        let names = second["data"]?["localData"]?["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["Archived column 100", "In Progress", "Resolved", "Closed", "Reopened"])
        let (_, tags) = try await f.rawJSON("GET", "/tags?project=\(f.project)&page=2&size=100")
        #expect(tags["data"]?["localData"]?["total"] == 100)
        #expect(tags["data"]?["localData"]?["items"]?.arrayValue?.isEmpty == true)
    }

    @Test func companyScopingHidesOtherCompaniesData() async throws {
        let f = try Fixture()
        let (_, created) = try await f.rawJSON("POST", "/bug", body: ["summary": "mine", "project": .string(f.project)])
        let id = try #require(created["data"]?["localData"]?["_id"]?.stringValue)
        let other = f.sim.mintToken(company: "64f1ab2c00000000000000ff", lifetime: 3600)
        #expect(await f.raw("GET", "/bug/\(id)", token: other).status == 404)
        #expect(await f.raw("GET", "/project/\(f.project)", token: other).status == 404)
        let (_, list) = try await f.rawJSON("GET", "/bugs", token: other)
        #expect(list["data"]?["localData"]?["total"] == 0)
        let (_, projects) = try await f.rawJSON("GET", "/projects", token: other)
        #expect(projects["data"]?["localData"]?["total"] == 0)
        let (status, _) = try await f.rawJSON(
            "POST", "/bug", token: other, body: ["summary": "x", "project": .string(f.project)])
        #expect(status == 404)
    }

    @Test func statusesTagsAndDefaults() async throws {
        let f = try Fixture {
            $0.fillerStatuses = 0
            $0.fillerTags = 0
        }
        let (_, list) = try await f.rawJSON("GET", "/statuses?project=\(f.project)")
        let names = list["data"]?["localData"]?["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["Open", "In Progress", "Resolved", "Closed", "Reopened"])
        let (_, defaults) = try await f.rawJSON("GET", "/status/default")
        #expect(defaults["data"]?["localData"]?.arrayValue?.count == 5)
        let open = try #require(f.status("Open"))
        let (_, one) = try await f.rawJSON("GET", "/status/\(open)")
        #expect(one["data"]?["localData"]?["name"] == "Open")
        #expect(await f.raw("POST", "/status", body: ["name": "open", "project": .string(f.project)]).status == 409)
        #expect(await f.raw("POST", "/tag", body: ["name": "ci", "project": .string(f.project)]).status == 201)
        #expect(await f.raw("POST", "/tag", body: ["name": "CI", "project": .string(f.project)]).status == 409)
        let (_, tags) = try await f.rawJSON("GET", "/tags?project=\(f.project)")
        #expect(tags["data"]?["localData"]?["items"]?[0]?["name"] == "ci")
    }

    @Test func searchCapsAtThirtyHits() async throws {
        let f = try Fixture()
        for i in 1...35 {
            _ = await f.raw("POST", "/bug", body: ["summary": .string("Flaky test \(i)"), "project": .string(f.project)])
        }
        _ = await f.raw("POST", "/bug", body: ["summary": "Other", "project": .string(f.project)])
        let (_, hits) = try await f.rawJSON("GET", "/bugs/search?search=FLAKY")
        #expect(hits["data"]?["localData"]?["items"]?.arrayValue?.count == 30)
        #expect(await f.raw("GET", "/bugs/search").status == 400)
    }

    @Test func bulkPatchIsAllOrNothing() async throws {
        let f = try Fixture()
        let (_, a) = try await f.rawJSON("POST", "/bug", body: ["summary": "a", "project": .string(f.project)])
        let id = try #require(a["data"]?["localData"]?["_id"])
        let (status, _) = try await f.rawJSON("PATCH", "/bugs", body: ["bugIds": [id, "missing"], "isArchived": true])
        #expect(status == 404)
        let (_, bug) = try await f.rawJSON("GET", "/bug/\(id.stringValue ?? "")")
        #expect(bug["data"]?["localData"]?["isArchived"] == false)
        #expect(await f.raw("PATCH", "/bug/\(id.stringValue ?? "")", body: ["company": "x"]).status == 400)
    }

    @Test func statePersistsThroughAFile() async throws {
        let f = try Fixture()
        _ = await f.raw("POST", "/bug", body: ["summary": "kept", "project": .string(f.project), "integrationKey": "K"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sim-state-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try f.sim.save(to: file)
        let again = try SnifferSimulator(stateFile: file)
        #expect(again.seed.company == f.sim.seed.company)
        #expect(again.seed.project == f.project)
        #expect(again.bugCount() == 1)
        let client = SnifferClient(
            configuration: SnifferConfiguration(baseURL: "http://sim.test", token: Secret(again.seed.token)),
            transport: InProcessTransport(handler: again))
        #expect(await client.bug(integrationKey: "K").value?.summary == "kept")  // the key index is rebuilt
        let next = try #require(await client.createBug(SnifferBugDraft(summary: "next", project: f.project)).value)
        #expect(next.bug.raw["bugNumber"] == 2)
        try Data("{\"counter\": -1}".utf8).write(to: file)
        #expect(throws: (any Error).self) { try SnifferSimulator(stateFile: file) }
    }

    @Test func startupLineNamesEverythingAScriptNeeds() throws {
        let f = try Fixture()
        let line = f.sim.startupLine(listen: "127.0.0.1:8090")
        #expect(!line.contains("\n"))
        let json = try JSON(parsing: line)
        #expect(json["listen"] == "127.0.0.1:8090")
        #expect(json["token"]?.stringValue?.hasPrefix("sniffer_") == true)
        #expect(json["company"] == .string(f.sim.seed.company))
        #expect(json["project"] == .string(f.project))
        #expect(json["statuses"]?["In Progress"] == f.status("In Progress").map { .string($0) })
    }
}
