import Foundation

/// The text `sniffer-bridge demo` prints once both servers listen: where
/// things are, then numbered, ready-to-paste curl commands (each ends at a
/// line without a trailing backslash) for the whole life of one bug.
struct DemoScript {
    let demo: Demo
    /// `http://HOST:PORT` of the gateway.
    let gateway: String

    var text: String {
        let sniffer = demo.sniffer
        let payloads = demo.payloads
        let secret = demo.configuration.githubSecret
        let statuses = sniffer.statuses.map { "\($0.name)=\($0.id)" }.joined(separator: " ")
        let store = URL(fileURLWithPath: demo.configPath).deletingLastPathComponent().appendingPathComponent(Demo.storeFolder)
        var lines = [
            demo.snipeIT == nil
                ? "sniffer-bridge demo: the gateway and a Sniffer simulator are running."
                : "sniffer-bridge demo: the gateway, a Sniffer simulator and a Snipe-IT simulator are running.",
            "  gateway    \(gateway)  (POST /hooks/github, /hooks/ci; GET /healthz, /readyz, /metrics)",
            "  simulator  \(sniffer.baseURL)  project \(sniffer.project)",
            "  statuses   \(statuses)",
            "  config     \(demo.configPath)  (GitHub secret '\(secret)', CI token '\(demo.configuration.ciToken)')",
            "  store      \(store.path)  (emptied on start, like the simulator)",
            "",
            "Paste these in another shell, one after the other:",
            "",
            "# 1. A GitHub workflow run failed (run #96): the gateway files a bug.",
        ]
        lines += githubPost(payloads.failure, secret: secret)
        lines += ["", "# 2. The next run (#97) failed too: same dedup key, so a comment on that bug, not a new bug."]
        lines += githubPost(payloads.secondFailure, secret: secret)
        lines += ["", "# 3. Run #98 succeeded: the bug is set to Resolved, with a comment."]
        lines += githubPost(payloads.success, secret: secret)
        lines += [
            "",
            "# 4. The bugs the simulator holds (bugStatus is a status id, see above), then their comments.",
            "curl -s -H '\(header("api-token", sniffer.token))' '\(sniffer.baseURL)/bugs?project=\(sniffer.project)'; echo",
            "curl -s -H '\(header("api-token", sniffer.token))' '\(sniffer.baseURL)/comments?project=\(sniffer.project)'; echo",
            "",
            "# The gateway's own view: health, readiness, metrics.",
            "curl -s \(gateway)/readyz; echo",
            "curl -s \(gateway)/metrics",
        ]
        if let snipeIT = demo.snipeIT, let issue = payloads.jiraAsset { lines += helpdesk(snipeIT, issue) }
        lines += ["", "Ctrl-C stops both."]
        return lines.joined(separator: "\n")
    }

    /// The helpdesk flow: a Jira issue naming laptop LAPTOP-0001, then the
    /// asset (out for repair) and its maintenance records in Snipe-IT.
    private func helpdesk(_ snipeIT: Demo.SnipeIT, _ issue: DemoPayloads.Payload) -> [String] {
        let bearer = header("Authorization", "Bearer \(snipeIT.token)")
        return [
            "",
            "# 5. Helpdesk (Snipe-IT simulator at \(snipeIT.baseURL)): Jira issue HD-43 names laptop LAPTOP-0001.",
            "#    The gateway looks it up, files the bug (jira-helpdesk.toml) and adds the Asset block as a",
            "#    comment (snipeit/helpdesk-assets.toml), sets the laptop Out for Repair, adds a maintenance.",
            "curl -s -X POST \(gateway)/hooks/jira \\",
            "  -H 'Content-Type: application/json' \\",
            "  -H 'X-Atlassian-Webhook-Identifier: \(UUID().uuidString.lowercased())' \\",
            "  --data-binary @\(shellWord(issue.path)); echo",
            "",
            "# 6. The laptop in Snipe-IT (status_label: Out for Repair), and its maintenance records.",
            "curl -s -H 'Accept: application/json' -H '\(bearer)' '\(snipeIT.baseURL)/api/v1/hardware/1'; echo",
            "curl -s -H 'Accept: application/json' -H '\(bearer)' '\(snipeIT.baseURL)/api/v1/maintenances?asset_id=1'; echo",
        ]
    }

    /// One signed GitHub delivery with a fresh delivery id (re-pasting the
    /// same command shows deduplication: the answer says duplicate).
    private func githubPost(_ payload: DemoPayloads.Payload, secret: String) -> [String] {
        [
            "curl -s -X POST \(gateway)/hooks/github \\",
            "  -H 'Content-Type: application/json' \\",
            "  -H 'X-GitHub-Event: workflow_run' \\",
            "  -H 'X-GitHub-Delivery: \(UUID().uuidString.lowercased())' \\",
            "  -H 'X-Hub-Signature-256: \(payload.githubSignature(secret: secret))' \\",
            "  --data-binary @\(shellWord(payload.path)); echo",
        ]
    }

    private func header(_ name: String, _ value: String) -> String { "\(name): \(value)" }

    /// `path` as one shell word: bare when it is plain, single-quoted otherwise.
    private func shellWord(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@".contains($0) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
