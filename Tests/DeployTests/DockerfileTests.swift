import Foundation
import TOML
import TestSupport
import Testing

/// The Dockerfile cannot be built here (no Docker engine), so its structure
/// is checked instead: two stages, the packages, a non-root user, the
/// volume, the health check, and paths that agree with the shipped config.
@Suite("Dockerfile")
struct DockerfileTests {
    /// Instructions with continuation lines joined and comments dropped.
    static func instructions() throws -> [(keyword: String, arguments: String)] {
        var result: [(String, String)] = []
        var pending = ""
        for raw in try DeployFiles.text("Dockerfile").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || (line.isEmpty && pending.isEmpty) { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            let full = pending + line
            pending = ""
            guard !full.isEmpty else { continue }
            let parts = full.split(separator: " ", maxSplits: 1)
            result.append((String(parts[0]).uppercased(), parts.count > 1 ? String(parts[1]) : ""))
        }
        return result
    }

    @Test func buildsInTwoStagesFromTheSwiftImageToSlimDebian() throws {
        let all = try Self.instructions()
        let froms = all.filter { $0.keyword == "FROM" }.map(\.arguments)
        #expect(froms.count == 2)
        #expect(froms.first?.hasPrefix("swift:6.3") == true && froms.first?.hasSuffix(" AS build") == true)
        #expect(froms.last?.hasPrefix("debian:bookworm-slim") == true)
        let runs = all.filter { $0.keyword == "RUN" }.map(\.arguments)
        let buildInstall = try #require(runs.first { $0.contains("libcurl4-openssl-dev") })
        for package in ["libsqlite3-dev", "libssl-dev", "liblz4-dev", "libpq-dev", "pkg-config"] { #expect(buildInstall.contains(package)) }
        #expect(runs.contains { $0.contains("swift build -c release --static-swift-stdlib") })
        let runtimeInstall = try #require(runs.first { $0.contains(" libcurl4 ") })
        for package in ["libsqlite3-0", "libssl3", "liblz4-1", "libpq5", "ca-certificates", "curl"] { #expect(runtimeInstall.contains(package)) }
        #expect(!runtimeInstall.contains("-dev"))
        #expect(all.contains { $0.keyword == "COPY" && $0.arguments.hasPrefix("--from=build ") })
    }

    @Test func runsAsANonRootUserWithAVolumeAndAHealthCheck() throws {
        let all = try Self.instructions()
        let user = try #require(all.last { $0.keyword == "USER" }?.arguments)
        #expect(!user.hasPrefix("root") && !user.hasPrefix("0"))
        #expect(all.first { $0.keyword == "VOLUME" }?.arguments == #"["/var/lib/sniffer-bridge"]"#)
        #expect(all.first { $0.keyword == "EXPOSE" }?.arguments == "8080")
        let health = try #require(all.first { $0.keyword == "HEALTHCHECK" }?.arguments)
        #expect(health.contains("CMD"))
        #expect(health.contains("http://127.0.0.1:8080/healthz"))
        #expect(all.first { $0.keyword == "ENTRYPOINT" }?.arguments == #"["/usr/local/bin/sniffer-bridge"]"#)
        #expect(all.first { $0.keyword == "CMD" }?.arguments == #"["serve", "--config", "/etc/sniffer-bridge/config/bridge.toml"]"#)
    }

    @Test func copiedPathsExistAndAgreeWithTheContainerConfig() throws {
        let all = try Self.instructions()
        // `mappings/` comes from the Rules work; the rest must be in this checkout.
        let sources = all.filter { $0.keyword == "COPY" && !$0.arguments.hasPrefix("--from") }
            .compactMap { $0.arguments.split(separator: " ").first.map(String.init) }
        #expect(sources.contains("Package.swift"))
        for source in sources where source != "mappings" {
            let path = SharedFiles.packageRoot.appendingPathComponent(source).path
            #expect(FileManager.default.fileExists(atPath: path), "COPY source \(source) is missing")
        }
        let config = try TOML.parse(try DeployFiles.text("bridge.container.toml"))
        let volume = all.first { $0.keyword == "VOLUME" }?.arguments ?? ""
        let storePath = try #require(ConfigKeys.string(config, "store", "path"))
        #expect(volume.contains("\"\(storePath)\""))
        let text = try DeployFiles.text("Dockerfile")
        #expect(text.contains("deploy/bridge.container.toml /out/etc/sniffer-bridge/config/bridge.toml"))
        #expect(text.contains("/out/etc/sniffer-bridge/mappings/"))
        let dockerignore = try String(contentsOf: SharedFiles.packageRoot.appendingPathComponent(".dockerignore"), encoding: .utf8)
        #expect(dockerignore.split(separator: "\n").contains(".build"))
    }
}
