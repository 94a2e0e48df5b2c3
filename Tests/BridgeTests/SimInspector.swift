import JSON
import Outbound
import Sniffer
import Telemetry

/// Reads what a simulator holds, over HTTP with its own token (so a token
/// the gateway has lost does not blind the test).
struct SimInspector {
    let client: SnifferClient
    let project: String

    init(baseURL: String, token: String, project: String, transport: any HTTPTransport) {
        client = SnifferClient(
            configuration: SnifferConfiguration(baseURL: baseURL, token: Secret(token)), transport: transport)
        self.project = project
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Every bug of the project.
    func bugs() async throws -> [SnifferBug] {
        var all: [SnifferBug] = []
        var page = 1
        while true {
            guard case .success(let list) = await client.bugs(project: project, page: page, size: 100) else {
                throw Failure(description: "GET /bugs failed")
            }
            all += list.items
            guard list.hasMore, !list.items.isEmpty else { return all }
            page += 1
        }
    }

    /// Every comment of the project.
    func comments() async throws -> [SnifferComment] {
        var all: [SnifferComment] = []
        var page = 1
        while true {
            guard case .success(let list) = await client.comments(project: project, page: page, size: 100) else {
                throw Failure(description: "GET /comments failed")
            }
            all += list.items
            guard list.hasMore, !list.items.isEmpty else { return all }
            page += 1
        }
    }
}
