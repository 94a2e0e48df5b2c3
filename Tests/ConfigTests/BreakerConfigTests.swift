import Config
import Testing

/// `[sniffer.breaker]`: every key read with its default, and every bad value
/// refused at its `file:line:col` (`check` and `serve` share this loader).
@Suite struct BreakerConfigTests {
    static let token = "[sniffer]\ntoken = \"t\"\n"

    @Test func withoutATableTheDefaultsApply() throws {
        let config = try ConfigKeyTests.config(Self.token)
        let breaker = config.breaker(of: "sniffer")
        #expect(breaker == BridgeConfig.Breaker())
        #expect(breaker.enabled)
        #expect(breaker.failures == 5)
        #expect(breaker.failureRatio == 0.5)
        #expect(breaker.windowMilliseconds == 60_000)
        #expect(breaker.minCalls == 10)
        #expect(breaker.cooldownMilliseconds == 5_000)
        #expect(breaker.maxCooldownMilliseconds == 60_000)
    }

    @Test func everyKeyIsRead() throws {
        let config = try ConfigKeyTests.config(Self.token + """
            [sniffer.breaker]
            enabled = false
            failures = 3
            failure_ratio = 0.75
            window = "2m"
            min_calls = 20
            cooldown = "500ms"
            max_cooldown = 30
            """)
        let breaker = config.breaker(of: "sniffer")
        #expect(!breaker.enabled)
        #expect(breaker.failures == 3)
        #expect(breaker.failureRatio == 0.75)
        #expect(breaker.windowMilliseconds == 120_000)
        #expect(breaker.minCalls == 20)
        #expect(breaker.cooldownMilliseconds == 500)
        #expect(breaker.maxCooldownMilliseconds == 30_000)
    }

    @Test func theEdgesOfEachRangeAreAccepted() throws {
        let config = try ConfigKeyTests.config(Self.token + """
            [sniffer.breaker]
            failures = 1
            failure_ratio = 1
            min_calls = 1
            window = "1ms"
            cooldown = "7s"
            max_cooldown = "7s"
            """)
        let breaker = config.breaker(of: "sniffer")
        #expect(breaker.failureRatio == 1)
        #expect(breaker.cooldownMilliseconds == breaker.maxCooldownMilliseconds)
        // Written as a dotted key or an inline table, it is the same table.
        #expect(try ConfigKeyTests.config("[sniffer]\ntoken = \"t\"\nbreaker.failures = 2\n").breaker(of: "sniffer").failures == 2)
        #expect(try ConfigKeyTests.config("[sniffer]\ntoken = \"t\"\nbreaker = { min_calls = 4 }\n").breaker(of: "sniffer").minCalls == 4)
    }

    @Test func badValuesAreRefusedAtTheirPositions() throws {
        #expect(try ConfigKeyTests.errors(Self.token + """
            [sniffer.breaker]
            enabled = "no"
            failures = 0
            failure_ratio = 0
            window = "0s"
            min_calls = -1
            cooldown = "soon"
            max_cooldown = "1m"
            """) == [
                "bridge.toml:5:11: 'enabled' must be true or false, found string",
                "bridge.toml:6:12: 'failures' must be at least 1, found 0",
                "bridge.toml:7:17: 'failure_ratio' must be greater than 0 and at most 1, found 0",
                "bridge.toml:8:11: 'window' must be longer than 0s",
                "bridge.toml:9:13: 'min_calls' must be at least 1, found -1",
                #"bridge.toml:10:13: invalid duration "soon" (use a number with ms, s, m, h or d, e.g. "500ms", "7d")"#,
            ])
        #expect(try ConfigKeyTests.errors(Self.token + "[sniffer.breaker]\nfailure_ratio = 1.5\n") == [
            "bridge.toml:5:17: 'failure_ratio' must be greater than 0 and at most 1, found 1.5",
        ])
        #expect(try ConfigKeyTests.errors(Self.token + "[sniffer.breaker]\nfailure_ratio = \"half\"\n") == [
            "bridge.toml:5:17: 'failure_ratio' must be a number, found string",
        ])
    }

    @Test func theCooldownMayNotExceedItsCeiling() throws {
        #expect(try ConfigKeyTests.errors(Self.token + "[sniffer.breaker]\ncooldown = \"10s\"\nmax_cooldown = \"5s\"\n") == [
            "bridge.toml:5:1: 'cooldown' (10s) must not be longer than 'max_cooldown' (5s)",
        ])
        // Against a default: the one written is at fault.
        #expect(try ConfigKeyTests.errors(Self.token + "[sniffer.breaker]\ncooldown = \"2m\"\n") == [
            "bridge.toml:5:1: 'cooldown' (2m) must not be longer than 'max_cooldown' (1m)",
        ])
        #expect(try ConfigKeyTests.errors(Self.token + "[sniffer.breaker]\nwindow = \"1m\"\nmax_cooldown = \"1s\"\n") == [
            "bridge.toml:6:1: 'cooldown' (5s) must not be longer than 'max_cooldown' (1s)",
        ])
    }

    @Test func unknownKeysAndAWrongTypeAreRefused() throws {
        let unknown = try ConfigKeyTests.errors(Self.token + "[sniffer.breaker]\nthreshold = 3\n")
        #expect(unknown.count == 1)
        #expect(unknown.first?.hasPrefix("bridge.toml:5:1: unknown key 'threshold' in [sniffer.breaker]") == true, "\(unknown)")
        #expect(try ConfigKeyTests.errors("[sniffer]\ntoken = \"t\"\nbreaker = 5\n") == [
            "bridge.toml:4:11: 'breaker' must be a table, found integer",
        ])
    }
}
