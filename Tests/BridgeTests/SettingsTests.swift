@testable import Bridge
import Config
import Foundation
import Rules
import Store
import Testing

/// Config -> gateway settings, and the small helpers around the gateway.
@Suite struct SettingsTests {
    @Test(arguments: ["8080", "host:", ":80", "h:99999", "h:x"])
    func badListenAddressesAreRefused(_ text: String) {
        #expect(throws: GatewayError.self) { _ = try GatewaySettings.listen(text) }
    }

    @Test func listenAddresses() throws {
        #expect(try GatewaySettings.listen("0.0.0.0:8080") == ("0.0.0.0", 8080))
        #expect(try GatewaySettings.listen("[::1]:9") == ("::1", 9))
    }

    @Test func dataDirectoryIsRelativeToTheConfigFile() {
        var config = BridgeConfig(path: "/etc/bridge/bridge.toml", mappings: [])
        config.store.path = "data"
        #expect(GatewaySettings.dataDirectory(config) == "/etc/bridge/data")
        config.store.path = "/var/lib/bridge"
        #expect(GatewaySettings.dataDirectory(config) == "/var/lib/bridge")
    }

    @Test func tokenComesFromTheConfigOrItsFile() throws {
        var config = BridgeConfig(path: "/x/bridge.toml", mappings: [])
        config.sniffer.token = "sniffer_a"
        #expect(try GatewaySettings(config).snifferToken == "sniffer_a")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
        try "sniffer_b\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        config.sniffer.token = nil
        config.sniffer.tokenFile = file.path
        #expect(try GatewaySettings(config).snifferToken == "sniffer_b")
        config.sniffer.tokenFile = nil
        #expect(throws: GatewayError.self) { _ = try GatewaySettings(config) }
    }

    @Test func retrySettingsBecomeThePolicy() throws {
        var config = BridgeConfig(path: "/x/bridge.toml", mappings: [])
        config.sniffer.token = "sniffer_a"
        config.retry.maxAttempts = 4
        config.retry.baseDelayMilliseconds = 250
        config.store.durability = .os
        let settings = try GatewaySettings(config)
        #expect(settings.retryPolicy.maxAttempts == 4)
        #expect(settings.retryPolicy.baseDelay == .milliseconds(250))
        #expect(settings.store.durability == .os)
    }

    @Test func wakeupSignalBeforeWaitReturnsAtOnceAndWaitTimesOut() async {
        let wakeup = Wakeup()
        wakeup.signal()
        let start = ContinuousClock.now
        await wakeup.wait(timeout: .seconds(10))
        #expect(ContinuousClock.now - start < .seconds(5))
        let again = ContinuousClock.now
        await wakeup.wait(timeout: .milliseconds(30))
        #expect(ContinuousClock.now - again >= .milliseconds(30))
    }

    @Test func reportTableAndDetails() {
        let action = OutboxAction(
            id: 12, eventID: 3, sequence: 0, dedupKey: "ci:k", kind: "create_bug", payload: Array(#"{"do":"create_bug"}"#.utf8),
            state: .dead, attempts: 12, nextAttemptAt: 0, firstAttemptAt: 0, lastError: "503 down\nagain", result: nil,
            createdAt: 0, finishedAt: 86_400_000)
        let table = DeliveryReport.table([action])
        #expect(table.count == 2)
        #expect(table[0].hasPrefix("ID"))
        #expect(table[1].hasPrefix("12      dead       12        1970-01-02 00:00:00   create_bug"))
        #expect(table[1].hasSuffix("503 down again"))
        #expect(DeliveryReport.table([]) == ["no deliveries"])
        let details = DeliveryReport.details(action, event: nil)
        #expect(details.contains("event:         3 (pruned)"))
        #expect(details.contains("last error:    503 down\nagain"))
        #expect(details.contains(#"    "do": "create_bug""#))
    }

    @Test func deliveryConcurrencyIsConfigurable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "".write(to: folder.appendingPathComponent("m.toml"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("bridge.toml").path
        try "mappings = [\"m.toml\"]\n[delivery]\nconcurrency = 32\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ConfigLoader.load(path: path, environment: [:]).config.delivery.concurrency == 32)
        try "mappings = [\"m.toml\"]\n[delivery]\nworkers = 32\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: LoadError.self) { _ = try ConfigLoader.load(path: path, environment: [:]) }
    }
}
