@testable import Bridge
import Config
@testable import Delivery
import Foundation
import Rules
import Store
import Testing

/// A loaded config -> gateway settings, and the small helpers around the gateway.
@Suite struct SettingsTests {
    @Test func theLoadedConfigBecomesTheSettings() {
        var config = BridgeConfig(path: "/etc/bridge/bridge.toml", mappings: [])
        config.server.listen = ListenAddress(host: "::1", port: 9)
        config.sniffer.token = "sniffer_a"
        config.sniffer.project = "7"
        let settings = GatewaySettings(config)
        #expect(settings.host == "::1")
        #expect(settings.port == 9)
        #expect(settings.store.directory == "/etc/bridge/data")
        #expect(settings.snifferToken == "sniffer_a")
        #expect(settings.defaultProject == "7")
    }

    @Test func retrySettingsBecomeThePolicy() throws {
        var config = BridgeConfig(path: "/x/bridge.toml", mappings: [])
        config.sniffer.token = "sniffer_a"
        config.retry.maxAttempts = 4
        config.retry.baseDelayMilliseconds = 250
        config.store.durability = .os
        config.store.reserveBytes = 4_096
        config.server.headTimeoutMilliseconds = 2_000
        config.server.bodyTimeoutMilliseconds = 5_000
        config.server.maxReceivingConnections = 7
        let settings = GatewaySettings(config)
        #expect(settings.retryPolicy.maxAttempts == 4)
        #expect(settings.retryPolicy.baseDelay == .milliseconds(250))
        guard case .sqlite(let store) = settings.store else {
            Issue.record("the default backend is SQLite, got \(settings.store)")
            return
        }
        #expect(store.durability == .os)
        #expect(store.reserveBytes == 4_096)
        #expect(settings.headTimeout == .seconds(2))
        #expect(settings.bodyTimeout == .seconds(5))
        #expect(settings.maxReceivingConnections == 7)
        #expect(GatewaySettings(BridgeConfig(path: "/x/bridge.toml", mappings: [])).store == .sqlite(
            .init(directory: "/x/data", reserveBytes: 32 << 20)))
    }

    @Test func eachTargetsBreakerTableBecomesItsBreaker() {
        var config = BridgeConfig(path: "/x/bridge.toml", mappings: [])
        config.sniffer.baseURL = "https://sniffer.example"
        #expect(GatewaySettings(config).breakers[.sniffer] == CircuitBreaker.Configuration())
        var breaker = BridgeConfig.Breaker()
        breaker.enabled = false
        breaker.failures = 2
        breaker.failureRatio = 0.25
        breaker.windowMilliseconds = 30_000
        breaker.minCalls = 8
        breaker.cooldownMilliseconds = 1_500
        breaker.maxCooldownMilliseconds = 90_000
        config.breakers["sniffer"] = breaker
        let settings = GatewaySettings(config)
        #expect(settings.breakers[.sniffer] == CircuitBreaker.Configuration(
            enabled: false, failures: 2, failureRatio: 0.25, window: .seconds(30), minCalls: 8, cooldown: .milliseconds(1_500),
            maxCooldown: .seconds(90)))
        #expect(settings.address(of: .sniffer) == "https://sniffer.example")
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
        #expect(!details.contains { $0.hasPrefix("output:") })
        var lookup = action
        lookup.output = #"{"found":true,"id":7}"#
        #expect(DeliveryReport.details(lookup, event: nil).contains(#"output:        {"found":true,"id":7}"#))
    }
}
