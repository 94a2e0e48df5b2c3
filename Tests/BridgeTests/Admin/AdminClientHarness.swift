import Bridge
import Foundation
import JSON
import Outbound

/// The admin API's side of a `PipelineHarness`: `[admin]` tokens added to
/// its config, and requests to a gateway's `/admin/api/v1`.
extension PipelineHarness {
    static let operateToken = "operate-token-value"
    static let readToken = "read-token-value"

    /// Adds `[admin]` with an `oncall` (operate) and a `dashboard` (read) token.
    func enableAdmin() throws {
        let text = try String(contentsOfFile: configPath, encoding: .utf8) + """

            [admin]
            tokens = [
              { name = "oncall", token = "\(Self.operateToken)", scope = "operate" },
              { name = "dashboard", token = "\(Self.readToken)", scope = "read" },
            ]

            """
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// One request to `gateway`; `path` is below `/admin/api/v1` unless it starts with `/admin`.
    func admin(
        _ method: String, _ path: String, on gateway: Gateway, token: String? = PipelineHarness.operateToken,
        body: [UInt8] = [], headers extra: [(name: String, value: String)] = []
    ) async throws -> OutboundResponse {
        guard let port = gateway.port else { throw HarnessError("gateway not listening") }
        let full = path.hasPrefix("/admin") ? path : "/admin/api/v1" + path
        var headers = extra
        if let token { headers.append((name: "Authorization", value: "Bearer \(token)")) }
        if !body.isEmpty { headers.append((name: "Content-Type", value: "application/json")) }
        let request = OutboundRequest(
            method: method, url: "http://127.0.0.1:\(port)\(full)", headers: headers, body: body, timeout: .seconds(10))
        switch await transport.send(request) {
        case .success(let response): return response
        case .failure(let failure): throw HarnessError("\(method) \(full) failed: \(failure)")
        }
    }

    /// The JSON body of a request that must answer `status`.
    func adminJSON(
        _ method: String, _ path: String, on gateway: Gateway, token: String? = PipelineHarness.operateToken, body: JSON? = nil,
        expect status: Int = 200
    ) async throws -> JSON {
        let response = try await admin(method, path, on: gateway, token: token, body: body?.serializedBytes() ?? [])
        guard response.status == status else {
            throw HarnessError("\(method) \(path): \(response.status) \(String(decoding: response.body, as: UTF8.self)), not \(status)")
        }
        return try JSON(parsing: response.body)
    }
}

extension OutboundResponse {
    /// The first header named `name` (any case).
    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
}
