import JSON
import Outbound
import Sniffer
import SnifferSim
import Testing
import Telemetry

/// Every typed call against the simulator, in-process.
@Suite struct ClientCallTests {
    @Test func createGetAndLookUpByIntegrationKey() async throws {
        let f = try Fixture()
        var draft = f.draft("Deploy failed on main", key: "github:acme/web#42")
        draft.description = "job 7 failed"
        draft.severity = "High"
        let tags = try #require(await f.client.tagIDs(named: ["ci"], project: f.project).value)
        draft.tags = tags
        draft.extra["bugFor"] = "BOARD"
        let created = try #require(await f.client.createBug(draft).value)
        #expect(!created.alreadyExisted)
        #expect(created.bug.summary == "Deploy failed on main")
        #expect(created.bug.integrationKey == "github:acme/web#42")
        #expect(created.bug.integrationPlatform == "SNIFFER_BRIDGE")
        #expect(created.bug.raw["severity"] == "High")
        #expect(created.bug.raw["tags"] == .array(tags.map { .string($0) }))
        let fetched = try #require(await f.client.bug(id: created.bug.id).value)
        #expect(fetched == created.bug)
        let byKey = try #require(await f.client.bug(integrationKey: "github:acme/web#42", project: f.project).value)
        #expect(byKey.id == created.bug.id)
        guard case .notFound(let error) = await f.client.bug(integrationKey: "nope") else {
            Issue.record("a missing key is notFound")
            return
        }
        #expect(error.message == "Bug not found")
    }

    @Test func updateABug() async throws {
        let f = try Fixture()
        let a = try #require(await f.client.createBug(f.draft("a")).value).bug
        let b = try #require(await f.client.createBug(f.draft("b")).value).bug
        let resolved = try #require(f.status("Resolved"))
        let updated = try #require(await f.client.updateBug(id: a.id, ["bugStatus": .string(resolved)]).value)
        #expect(updated.status == resolved)
        let severe = try #require(await f.client.updateBug(id: b.id, ["severity": "Critical"]).value)
        #expect(severe.raw["severity"] == "Critical")
        #expect(await f.client.bug(id: a.id).value?.status == resolved, "only the bug named changes")
        guard case .clientError(let error) = await f.client.updateBug(id: a.id, ["bugStatus": "not-a-status"]) else {
            Issue.record("an unknown status is a client error")
            return
        }
        #expect(error.statusCode == 400)
    }

    @Test func listsPagesAndSearches() async throws {
        let f = try Fixture()
        for i in 1...5 { _ = await f.client.createBug(f.draft("Timeout in job \(i)")) }
        let open = try #require(f.status("Open"))
        let page = try #require(await f.client.bugs(project: f.project, statuses: [open], page: 2, size: 2).value)
        #expect(page.items.map(\.summary) == ["Timeout in job 3", "Timeout in job 4"])
        #expect(page.total == 5)
        #expect(page.hasMore)
        let hits = try #require(await f.client.searchBugs("timeout in JOB 5").value)
        #expect(hits.map(\.summary) == ["Timeout in job 5"])
        let projects = try #require(await f.client.projects().value)
        #expect(projects.items.map(\.id) == [f.project])
        #expect(projects.items.first?.key == "SBD")
    }

    @Test func commentsCreateAndList() async throws {
        let f = try Fixture()
        let bug = try #require(await f.client.createBug(f.draft("with notes")).value).bug
        let comment = try #require(await f.client.createComment(bug: bug.id, text: "Reproduced on staging").value)
        #expect(comment.bug == bug.id)
        #expect(comment.type == "COMMENT")
        _ = await f.client.createComment(bug: bug.id, text: "second")
        let list = try #require(await f.client.comments(bug: bug.id).value)
        #expect(list.items.map(\.text) == ["Reproduced on staging", "second"])
        #expect(list.total == 2)
        guard case .notFound = await f.client.createComment(bug: "64f1ab2c0000000000000999", text: "x") else {
            Issue.record("a comment on a missing bug is notFound")
            return
        }
    }

    @Test func statusNamesResolveCaseInsensitivelyAndRefreshOnAMiss() async throws {
        let f = try Fixture()
        // 105 statuses: "In Progress" and the later ones are on the second page of 100.
        let statuses = try #require(await f.client.statuses(project: f.project).value)
        #expect(statuses.items.count == 100)
        #expect(statuses.total == 105)
        #expect(statuses.items.first?.name == "Open")
        #expect(!statuses.items.contains { $0.name == "In Progress" })
        f.sim.clearReceivedRequests()
        #expect(await f.client.statusID(named: "in progress", project: f.project).value == f.status("In Progress"))
        let pages = f.sim.receivedRequests.filter { $0.target.hasPrefix("/statuses") }.map(\.target)
        #expect(pages.count == 2)
        #expect(pages.first?.contains("page=1&size=100") == true)
        #expect(pages.last?.contains("page=2&size=100") == true)
        let calls = f.sim.receivedRequests.count
        #expect(await f.client.statusID(named: "CLOSED", project: f.project).value == f.status("Closed"))
        #expect(f.sim.receivedRequests.count == calls)  // served from the cache
        // A status created after the cache was filled is found by the refresh.
        let (status, created) = try await f.rawJSON("POST", "/status", body: ["name": "Won't Fix", "project": .string(f.project)])
        #expect(status == 201)
        #expect(await f.client.statusID(named: "won't fix", project: f.project).value == created["data"]?["localData"]?["_id"]?.stringValue)
        guard case .notFound = await f.client.statusID(named: "Nonexistent", project: f.project) else {
            Issue.record("an unknown status name is notFound")
            return
        }
    }

    @Test func requestsCarryTheTokenHeaderAndEscapedQuery() async throws {
        let f = try Fixture()
        _ = await f.client.bug(integrationKey: "a b&c", platform: "JIRA")
        let sent = try #require(f.sim.receivedRequests.last)
        #expect(sent.target == "/bugs/by-integration-key?key=a%20b%26c&platform=JIRA")
        #expect(sent.headers["api-token"] == "***")  // present (the log hides its value)
    }

    @Test func configurableFieldNamesAreUsed() async throws {
        let f = try Fixture {
            $0.integrationKeyField = "externalKey"
            $0.integrationPlatformField = "externalPlatform"
            $0.defaultPlatform = "JIRA"
        }
        var configuration = SnifferConfiguration(baseURL: "http://sim.test", token: Secret(f.sim.seed.token))
        configuration.integrationKeyField = "externalKey"
        configuration.integrationPlatformField = "externalPlatform"
        configuration.defaultPlatform = "JIRA"
        let client = SnifferClient(configuration: configuration, transport: InProcessTransport(handler: f.sim))
        let created = try #require(await client.createBug(f.draft("jira sync", key: "PROJ-7")).value)
        #expect(created.bug.raw["externalKey"] == "PROJ-7")
        #expect(created.bug.integrationPlatform == "JIRA")
        let (_, legacy) = try await f.rawJSON("GET", "/bugs/by-jira-key?key=PROJ-7")
        #expect(legacy["data"]?["localData"]?["_id"] == .string(created.bug.id))
    }

    @Test func configurableLookUpParameterNamesAreUsed() async throws {
        let f = try Fixture {
            $0.byKeyKeyParameter = "k"
            $0.byKeyPlatformParameter = "p"
            $0.byKeyProjectParameter = "in"
        }
        var configuration = SnifferConfiguration(baseURL: "http://sim.test", token: Secret(f.sim.seed.token))
        configuration.byKeyKeyParameter = "k"
        configuration.byKeyPlatformParameter = "p"
        configuration.byKeyProjectParameter = "in"
        let client = SnifferClient(configuration: configuration, transport: InProcessTransport(handler: f.sim))
        let created = try #require(await client.createBug(f.draft("lookup", key: "ci:x"), lookUpFirst: true).value)
        #expect(!created.alreadyExisted)
        let found = try #require(await client.bug(integrationKey: "ci:x", project: f.project).value)
        #expect(found.id == created.bug.id)
        let lookUps = f.sim.receivedRequests.filter { $0.target.hasPrefix("/bugs/by-integration-key") }
        #expect(lookUps.map(\.target) == [
            "/bugs/by-integration-key?k=ci%3Ax&p=SNIFFER_BRIDGE&in=\(f.project)",
            "/bugs/by-integration-key?k=ci%3Ax&p=SNIFFER_BRIDGE&in=\(f.project)",
        ])
        #expect(lookUps.map(\.status) == [404, 200])
        // The simulator no longer reads the default names.
        let (status, _) = try await f.rawJSON("GET", "/bugs/by-integration-key?key=ci%3Ax")
        #expect(status == 400)
    }
}
