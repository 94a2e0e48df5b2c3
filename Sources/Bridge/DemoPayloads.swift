import Foundation
import Telemetry
import Webhooks

/// The example webhook bodies the demo's curl commands post, shipped in
/// `mappings/examples/` (see its README) so a plain clone needs nothing else.
struct DemoPayloads: Sendable {
    /// One body: its file (absolute, for `--data-binary @FILE`) and its bytes.
    struct Payload: Sendable {
        var path: String
        var bytes: [UInt8]

        /// `X-Hub-Signature-256` for these exact bytes under `secret`.
        func githubSignature(secret: String) -> String {
            "sha256=" + Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: bytes))
        }
    }

    /// Run #96 failed (the real GitHub delivery).
    var failure: Payload
    /// Run #97 of the same workflow and branch failed too.
    var secondFailure: Payload
    /// Run #98 succeeded.
    var success: Payload
    /// A Jira issue naming laptop LAPTOP-0001 (the helpdesk flow), when the demo has Snipe-IT.
    var jiraAsset: Payload?

    static let files = (
        failure: "github/workflow_run.completed.failure.json",
        secondFailure: "github/workflow_run.completed.failure.rerun.json",
        success: "github/workflow_run.completed.success.json",
        jiraAsset: "jira/issue_created.asset.json"
    )

    init(folder: URL, helpdesk: Bool = false) throws(GatewayError) {
        failure = try Self.read(folder, Self.files.failure)
        secondFailure = try Self.read(folder, Self.files.secondFailure)
        success = try Self.read(folder, Self.files.success)
        jiraAsset = helpdesk ? try Self.read(folder, Self.files.jiraAsset) : nil
    }

    private static func read(_ folder: URL, _ name: String) throws(GatewayError) -> Payload {
        let url = folder.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .configuration("the demo payload \(url.path) is missing (it ships in mappings/examples/)")
        }
        return Payload(path: url.path, bytes: Array(data))
    }
}
