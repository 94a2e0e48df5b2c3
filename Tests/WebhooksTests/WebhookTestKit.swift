import Foundation
import HTTP
import JSON
import Telemetry
import TestSupport
import Testing
import Webhooks

/// Request builders, signers and error assertions shared by the source tests.
enum Kit {
    /// Slack's test-vector clock (PROTOCOLS.md §E), used as "now" everywhere.
    static let now = Date(timeIntervalSince1970: 1_531_420_618)
    static let nowSeconds: Int64 = 1_531_420_618

    static func request(
        _ headers: [(String, String)], body: [UInt8], target: String = "/hooks/test"
    ) -> HTTPRequest {
        HTTPRequest(method: "POST", target: target, headers: HTTPHeaders(headers), body: body)
    }

    static func hmacHex(_ secret: String, _ message: [UInt8]) -> String {
        Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: message))
    }

    /// `sha256=<hex>` for GitHub and Jira.
    static func hubSignature(_ secret: String, _ body: [UInt8]) -> String {
        "sha256=" + hmacHex(secret, body)
    }

    /// `v0=<hex>` for Slack.
    static func slackSignature(_ secret: String, timestamp: Int64, _ body: [UInt8]) -> String {
        "v0=" + hmacHex(secret, Array("v0:\(timestamp):".utf8) + body)
    }

    /// The form encoding of `text` (WHATWG: unreserved kept, space as `+`, the rest `%XX`).
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "*"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "): out.append("+")
            default: out += "%" + Hex.encode([byte]).uppercased()
            }
        }
        return out
    }

    static func json(_ bytes: [UInt8]) throws -> JSON {
        try JSON(parsing: bytes)
    }

    /// The error `body` throws, or `nil` when it succeeds.
    /// (Untyped closure: Swift 6 does not infer typed throws for closures.)
    static func failure<T>(
        _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation
    ) -> WebhookError? {
        do {
            _ = try body()
            return nil
        } catch let error as WebhookError {
            return error
        } catch {
            Issue.record("expected a WebhookError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Asserts `error` has `status`, its message contains `fragment`, and
    /// neither the message nor the JSON body contains any of `secrets`
    /// (secrets, tokens, expected digests).
    static func expect(
        _ error: WebhookError?, status: Int, _ fragment: String, secrets: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error else {
            Issue.record("expected a \(status) error containing \"\(fragment)\", got success", sourceLocation: sourceLocation)
            return
        }
        #expect(error.status == status, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        let body = String(decoding: error.response().body, as: UTF8.self)
        for secret in secrets where !secret.isEmpty {
            #expect(!error.message.contains(secret), "message leaks a secret", sourceLocation: sourceLocation)
            #expect(!body.contains(secret), "body leaks a secret", sourceLocation: sourceLocation)
            #expect(!"\(error)".contains(secret), "description leaks a secret", sourceLocation: sourceLocation)
        }
    }

    /// The file names in a fixtures folder, for "every fixture is covered" checks.
    static func fixtureNames(_ folder: String) throws -> Set<String> {
        let url = try SharedFiles.url("fixtures/" + folder)
        return Set(try FileManager.default.contentsOfDirectory(atPath: url.path))
    }
}
