import Foundation
import Testing

@Suite("systemd unit")
struct SystemdUnitTests {
    /// `[Section]` -> key -> values (a key may repeat, e.g. SystemCallFilter).
    static func parse(_ text: String) throws -> [String: [String: [String]]] {
        var sections: [String: [String: [String]]] = [:]
        var current: String?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast())
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else {
                throw UnitError(message: "line \(number + 1) is neither a section nor Key=Value: \(line)")
            }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            sections[section, default: [:]][key, default: []].append(value)
        }
        return sections
    }

    struct UnitError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    @Test func hasTheDirectivesASecurityReviewExpects() throws {
        let unit = try Self.parse(try DeployFiles.text("sniffer-bridge.service"))
        #expect(Set(unit.keys) == ["Unit", "Service", "Install"])
        let service = try #require(unit["Service"])
        let expected: [String: String] = [
            "ExecReload": "/bin/kill -HUP $MAINPID",
            "Restart": "on-failure",
            "DynamicUser": "yes",
            "StateDirectory": "sniffer-bridge",
            "WorkingDirectory": "/var/lib/sniffer-bridge",
            "EnvironmentFile": "/etc/sniffer-bridge/secrets.env",
            "LimitNOFILE": "65536",
            "NoNewPrivileges": "yes",
            "ProtectSystem": "strict",
            "ProtectHome": "yes",
            "PrivateTmp": "yes",
            "PrivateDevices": "yes",
            "ProtectKernelTunables": "yes",
            "ProtectKernelModules": "yes",
            "ProtectKernelLogs": "yes",
            "ProtectControlGroups": "yes",
            "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
            "RestrictNamespaces": "yes",
            "LockPersonality": "yes",
            "MemoryDenyWriteExecute": "yes",
            "CapabilityBoundingSet": "",
            "ReadWritePaths": "-/var/lib/sniffer-bridge",
        ]
        for (key, value) in expected {
            #expect(service[key] == [value], "\(key)")
        }
        #expect(service["SystemCallFilter"]?.first == "@system-service")
        let start = try #require(service["ExecStart"]?.first)
        #expect(start.hasPrefix("/usr/local/bin/sniffer-bridge serve --config /etc/sniffer-bridge/"))
        #expect(unit["Install"]?["WantedBy"] == ["multi-user.target"])
    }

    /// `systemd-analyze verify` checks every directive's name and value. It
    /// also wants ExecStart's binary to exist, so a copy of the unit runs
    /// /bin/true instead; the rest is verified as shipped. Without the tool,
    /// the unit's syntax is checked by `parse` and every key is one systemd knows.
    @Test func verifiesWithSystemdAnalyze() throws {
        let text = try DeployFiles.text("sniffer-bridge.service")
        guard let analyze = ExternalCommand.find("systemd-analyze") else {
            let unit = try Self.parse(text)
            let keys = Set(unit.values.flatMap(\.keys))
            #expect(keys.isSubset(of: Self.knownKeys), "unknown keys: \(keys.subtracting(Self.knownKeys).sorted())")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("sniffer-bridge.service")
        let runnable = text.replacingOccurrences(of: "ExecStart=/usr/local/bin/sniffer-bridge", with: "ExecStart=/bin/true")
        #expect(runnable != text)
        try runnable.write(to: copy, atomically: true, encoding: .utf8)
        let result = try ExternalCommand.run(analyze, ["verify", copy.path])
        #expect(result.status == 0, "systemd-analyze verify failed: \(result.stderr)")
        // Unknown keys and bad values are only warnings (exit 0): any output is a failure.
        #expect(result.stderr.isEmpty, "systemd-analyze verify: \(result.stderr)")
        #expect(result.stdout.isEmpty, "systemd-analyze verify: \(result.stdout)")
    }

    @Test func systemdAnalyzeCatchesAMisspelledDirective() throws {
        guard let analyze = ExternalCommand.find("systemd-analyze") else {
            #expect(throws: UnitError.self) { try Self.parse("[Service]\nnot a directive\n") }
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("broken.service")
        try "[Service]\nExecStart=/bin/true\nProtectHom=yes\n".write(to: copy, atomically: true, encoding: .utf8)
        let result = try ExternalCommand.run(analyze, ["verify", copy.path])
        #expect(result.stderr.contains("ProtectHom"))
    }

    static let knownKeys: Set<String> = [
        "Description", "Documentation", "After", "Wants", "Type", "ExecStart", "ExecReload", "EnvironmentFile", "Restart",
        "RestartSec", "KillSignal", "TimeoutStopSec", "DynamicUser", "StateDirectory", "StateDirectoryMode",
        "ConfigurationDirectory", "WorkingDirectory", "ReadWritePaths", "LimitNOFILE", "NoNewPrivileges",
        "CapabilityBoundingSet", "AmbientCapabilities", "ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateDevices",
        "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups", "ProtectClock",
        "ProtectHostname", "ProtectProc", "ProcSubset", "RestrictAddressFamilies", "RestrictNamespaces", "RestrictRealtime",
        "RestrictSUIDSGID", "LockPersonality", "MemoryDenyWriteExecute", "RemoveIPC", "UMask", "SystemCallArchitectures",
        "SystemCallFilter", "SystemCallErrorNumber", "WantedBy",
    ]
}
