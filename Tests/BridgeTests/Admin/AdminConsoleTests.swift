@testable import Admin
import Bridge
import Foundation
import TestSupport
import Testing

/// The console's files on a live gateway: served from the binary with a
/// strict Content-Security-Policy, nothing fetched from elsewhere.
@Suite(.serialized) struct AdminConsoleTests {
    @Test func thePageItsScriptAndStyleAreServedWithoutAToken() async throws {
        let harness = try PipelineHarness()
        try harness.enableAdmin()
        let gateway = try await harness.startGateway()
        let page = try await harness.admin("GET", "/admin/", on: gateway, token: nil)
        let script = try await harness.admin("GET", "/admin/console.js", on: gateway, token: nil)
        let style = try await harness.admin("GET", "/admin/console.css", on: gateway, token: nil)
        let bare = try await harness.admin("GET", "/admin", on: gateway, token: nil)
        let missing = try await harness.admin("GET", "/admin/nothing.js", on: gateway, token: nil)
        let post = try await harness.admin("POST", "/admin/", on: gateway, token: nil)
        await gateway.stop()

        #expect(page.status == 200 && page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(script.status == 200 && script.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(style.status == 200 && style.header("Content-Type") == "text/css; charset=utf-8")
        for response in [page, script, style] {
            #expect(response.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
            #expect(response.header("X-Content-Type-Options") == "nosniff")
        }
        #expect(bare.status == 308 && bare.header("Location") == "/admin/")
        #expect(missing.status == 404)
        #expect(post.status == 405)
        let html = String(decoding: page.body, as: UTF8.self)
        for landmark in ["<header>", "<nav aria-label=", "<main id=\"main\"", "role=\"status\"", "class=\"skip\"", "<html lang=\"en\">"] {
            #expect(html.contains(landmark), "the page has no \(landmark)")
        }
        for file in [page, script, style] {
            let text = String(decoding: file.body, as: UTF8.self)
            #expect(!text.contains("http://") && !text.contains("https://"), "the console loads nothing from elsewhere")
        }
        let js = String(decoding: script.body, as: UTF8.self)
        #expect(js.contains("sessionStorage") && !js.contains("localStorage"), "the token is kept for the session only")
        #expect(!js.contains("innerHTML"), "text is never parsed as HTML")
    }
}
