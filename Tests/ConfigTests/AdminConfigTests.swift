import Config
import Foundation
import TestSupport
import Testing

/// `[admin] tokens`: read inline or from a file, `${ENV}` resolved, and every
/// bad entry refused at its `file:line:col` (`check` and `serve` share this).
@Suite struct AdminConfigTests {
    @Test func withoutTokensTheAdminAPIIsOff() throws {
        #expect(try ConfigKeyTests.config("").admin.isEnabled == false)
        #expect(try ConfigKeyTests.config("[admin]\ntokens = []\n").admin.tokens.isEmpty)
    }

    @Test func tokensAreReadInlineFromTheEnvironmentAndInBothTableForms() throws {
        let config = try ConfigKeyTests.config("""
            [admin]
            tokens = [
              { name = "oncall", token = "${ADMIN_TOKEN}", scope = "operate" },
              { name = "dashboard", token = "r-secret", scope = "read" },
            ]
            """, environment: ["ADMIN_TOKEN": "o-secret"])
        #expect(config.admin.tokens == [
            BridgeConfig.Token(name: "oncall", value: "o-secret", scope: .operate),
            BridgeConfig.Token(name: "dashboard", value: "r-secret", scope: .read),
        ])
        let tables = try ConfigKeyTests.config("""
            [[admin.tokens]]
            name = "a"
            token = "x"
            scope = "read"
            [[admin.tokens]]
            name = "b"
            token = "y"
            scope = "operate"
            """)
        #expect(tables.admin.tokens.map(\.name) == ["a", "b"])
        #expect(tables.admin.isEnabled)
    }

    @Test func aTokenFileIsReadAndTrimmed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("admin-token", "  from-file\n")
        let config = try ConfigKeyTests.config("[admin]\ntokens = [{ name = \"f\", token_file = \"\(file)\", scope = \"read\" }]\n")
        #expect(config.admin.tokens == [BridgeConfig.Token(name: "f", value: "from-file", file: file, scope: .read)])
    }

    @Test func badEntriesAreRefusedAtTheirPositions() throws {
        let errors = try ConfigKeyTests.errors("""
            [admin]
            tokens = [
              { name = "a", token = "x", scope = "read" },
              { name = "a", token = "y", scope = "read" },
              { name = "b", token = "", scope = "write" },
              { name = "", token = "z", token_file = "f", scope = "read" },
              { token = "w", scope = "read", colour = "red" },
              { name = "c", scope = "read" },
              "plain",
            ]
            """)
        #expect(errors == [
            "bridge.toml:5:13: duplicate admin token name 'a' (first given at bridge.toml:4:13)",
            "bridge.toml:6:26: 'token' must not be empty",
            "bridge.toml:6:38: 'scope' must be one of \"read\", \"operate\", found \"write\"",
            "bridge.toml:7:13: 'name' must not be empty",
            "bridge.toml:7:29: 'token' and 'token_file' are both set: give one of them",
            "bridge.toml:8:3: [[admin.tokens]] needs 'name'",
            "bridge.toml:8:34: unknown key 'colour' in [[admin.tokens]] (known: name, scope, token, token_file)",
            "bridge.toml:9:3: [[admin.tokens]] needs 'token' or 'token_file' (the token's value)",
            "bridge.toml:10:3: 'tokens' entry 7 must be a table { name, token or token_file, scope }, found string",
        ])
        let sameValue = try ConfigKeyTests.errors("""
            [admin]
            tokens = [{ name = "a", token = "same", scope = "read" }, { name = "b", token = "${SAME}", scope = "operate" }]
            """, environment: ["SAME": "same"])
        #expect(sameValue == [
                "bridge.toml:3:59: admin token 'b' has the same value as 'a': give each token its own value"
            ])
        #expect(try ConfigKeyTests.errors("[admin]\ntokens = \"x\"\n") == [
            "bridge.toml:3:10: 'tokens' must be an array of tables, found string"
        ])
        #expect(try ConfigKeyTests.errors("[admin]\ntoken = \"x\"\n").first?.contains("unknown key 'token' in [admin]") == true)
    }
}
