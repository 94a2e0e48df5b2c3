import Foundation
import JSON
import Outbound

/// `sniffer-bridge sim --strict` as a child process, with what its first
/// line tells: where it listens, a token, the seeded project.
struct SimChild {
    let process: ChildProcess
    let address: String
    let token: String
    let project: String

    static func start(in folder: URL) async throws -> SimChild {
        let process = try ChildProcess(["sim", "--strict", "--listen", "127.0.0.1:0"], folder: folder, name: "sim")
        let seed = try JSON(parsing: try await process.firstLine())
        guard let address = seed["listen"]?.stringValue, let token = seed["token"]?.stringValue,
            let project = seed["project"]?.stringValue
        else { throw HarnessError("the simulator's first line has no listen, token or project: \(seed)") }
        return SimChild(process: process, address: address, token: token, project: project)
    }

    var url: String { "http://\(address)" }

    func inspector(_ transport: CurlTransport) -> SimInspector {
        SimInspector(baseURL: url, token: token, project: project, transport: transport)
    }
}
