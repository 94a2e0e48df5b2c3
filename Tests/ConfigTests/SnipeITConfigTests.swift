import Config
import Testing

/// `[snipeit]`: optional; its keys read with their defaults, `${ENV}` and
/// `token_file` as in `[sniffer]`, and every bad value refused at its
/// `file:line:col`.
@Suite struct SnipeITConfigTests {
    static let sniffer = "[sniffer]\ntoken = \"t\"\n"

    @Test func withoutATableThereIsNoSnipeITTarget() throws {
        let config = try ConfigKeyTests.config(Self.sniffer)
        #expect(config.snipeIT == nil)
        #expect(config.breaker(of: "snipeit") == BridgeConfig.Breaker())
    }

    @Test func everyKeyIsRead() throws {
        let config = try ConfigKeyTests.config(Self.sniffer + """
            [snipeit]
            base_url = "https://assets.example.com"
            token = "${SNIPEIT_API_TOKEN}"
            timeout = "15s"
            rate_limit = 60
            burst = 3
            [snipeit.breaker]
            failures = 2
            cooldown = "1s"
            """, environment: ["SNIPEIT_API_TOKEN": "pat-123"])
        let snipeIT = try #require(config.snipeIT)
        #expect(snipeIT.baseURL == "https://assets.example.com")
        #expect(snipeIT.token == "pat-123")
        #expect(snipeIT.tokenFile == nil)
        #expect(snipeIT.timeoutMilliseconds == 15_000)
        #expect(snipeIT.rateLimit == 60)
        #expect(snipeIT.burst == 3)
        #expect(config.breaker(of: "snipeit").failures == 2)
        #expect(config.breaker(of: "snipeit").cooldownMilliseconds == 1_000)
        #expect(config.breaker(of: "sniffer") == BridgeConfig.Breaker())
    }

    @Test func theDefaultsStayUnderSnipeITsOwnLimit() throws {
        let config = try ConfigKeyTests.config(Self.sniffer + "[snipeit]\nbase_url = \"http://127.0.0.1:1\"\ntoken = \"p\"\n")
        let snipeIT = try #require(config.snipeIT)
        #expect(snipeIT.rateLimit == 110)
        #expect(snipeIT.burst == 10)
        #expect(snipeIT.rateLimit + snipeIT.burst <= 120)
        #expect(snipeIT.timeoutMilliseconds == nil)
    }

    /// Line 1 is `mappings`, lines 2-3 the `[sniffer]` table, `[snipeit]` starts on line 4.
    @Test(arguments: [
        ("[snipeit]\ntoken = \"p\"\n", "bridge.toml:4:1: [snipeit] needs 'base_url'"),
        ("[snipeit]\nbase_url = \"assets\"\ntoken = \"p\"\n", "bridge.toml:5:13: 'base_url' must be an http://"),
        ("[snipeit]\nbase_url = \"https://a.example\"\n", "bridge.toml:4:1: [snipeit] needs 'token' or 'token_file'"),
        ("[snipeit]\nbase_url = \"https://a.example\"\ntoken = \"\"\n", "bridge.toml:6:10: 'token' must not be empty"),
        ("[snipeit]\nbase_url = \"https://a.example\"\ntoken = \"p\"\nrate_limit = 0\n", "bridge.toml:7:14: 'rate_limit' must be at least 1"),
        ("[snipeit]\nbase_url = \"https://a.example\"\ntoken = \"p\"\ntimeout = \"0s\"\n", "bridge.toml:7:12: 'timeout' must be longer than 0s"),
        ("[snipeit]\nbase_url = \"https://a.example\"\ntoken = \"p\"\nproject = \"x\"\n", "bridge.toml:7:1: unknown key 'project'"),
        (
            "[snipeit]\nbase_url = \"https://a.example\"\ntoken = \"p\"\n[snipeit.breaker]\nfailure_ratio = 2\n",
            "bridge.toml:8:17: 'failure_ratio' must be greater than 0"
        ),
    ])
    func badValuesAreRefusedWhereTheyAre(_ text: String, _ expected: String) throws {
        let errors = try ConfigKeyTests.errors(Self.sniffer + text)
        #expect(errors.contains { $0.hasPrefix(expected) }, "\(errors)")
    }
}
