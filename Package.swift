// swift-tools-version:6.0
// sniffer-bridge: a webhook gateway from CI, Jira and Slack to the Sniffer API.
//
// No Swift package dependencies, by design: Foundation, Dispatch, Glibc and
// system C libraries (libcurl, libsqlite3, libcrypto, liblz4, libpq) from Debian's packages.
// Dependencies point one way (see docs/ARCHITECTURE.md):
//   executable -> Bridge -> (Admin, Delivery) -> (Ingest, Config) -> (Store, Sniffer, SnipeIT) -> (Webhooks, Rules, Outbound)
//   -> (HTTP, JSON, TOML) -> C shims
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "sniffer-bridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sniffer-bridge", targets: ["sniffer-bridge"]),
    ],
    targets: [
        // MARK: C libraries
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // epoll and eventfd headers for the HTTP listener (Glibc does not export them).
        .target(name: "CLinux"),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // MARK: Building blocks
        // libm: the standard library's Double rounding links against it on Linux.
        .target(name: "JSON", swiftSettings: strict, linkerSettings: [.linkedLibrary("m")]),
        .target(name: "HTTP", dependencies: ["CLinux"], swiftSettings: strict),
        .target(name: "TOML", swiftSettings: strict),
        .target(name: "Outbound", dependencies: ["CCurl"], swiftSettings: strict),
        // Structured logging and the Prometheus metrics registry, used by Bridge.
        .target(name: "Telemetry", swiftSettings: strict),
        // The executable's command protocol and argument parser, apart so CLITests can unit-test them.
        .target(name: "CLI", swiftSettings: strict),

        // MARK: Domain
        // Pure: expressions, templates and the mapping compiler; text and an environment come in, no file is read.
        .target(name: "Rules", dependencies: ["JSON", "TOML"], swiftSettings: strict),
        .target(name: "Sniffer", dependencies: ["JSON", "Outbound", "Telemetry"], swiftSettings: strict),
        .target(name: "SnifferSim", dependencies: ["JSON", "HTTP", "Outbound"], swiftSettings: strict),
        // The Snipe-IT API client (asset look-ups, status changes, maintenances) and its simulator.
        .target(name: "SnipeIT", dependencies: ["JSON", "Outbound", "Telemetry"], swiftSettings: strict),
        .target(name: "SnipeITSim", dependencies: ["JSON", "HTTP", "Outbound", "SnifferSim"], swiftSettings: strict),
        .target(name: "Store", dependencies: ["CSQLite", "CPostgres", "CLinux", "CLZ4", "JSON"], swiftSettings: strict),
        // Spans exported to an OTLP/HTTP collector as JSON, through the outbound client (waiting as the delivery loops do).
        .target(name: "Tracing", dependencies: ["Delivery", "JSON", "Outbound", "Telemetry"], swiftSettings: strict),
        .target(name: "Webhooks", dependencies: ["HTTP", "JSON", "CCrypto", "Telemetry"], swiftSettings: strict),
        // The config file: its loader (every check `serve` relies on), the files it names, the source
        // registry (names, keys, adapters), the mapping test runner.
        .target(name: "Config", dependencies: ["Rules", "Sniffer", "TOML", "JSON", "Webhooks", "Telemetry"], swiftSettings: strict),
        // POST /hooks/<source>: verify, decode, evaluate the rules, append; one `IngestOutcome` per request.
        .target(
            name: "Ingest", dependencies: ["HTTP", "JSON", "Rules", "Store", "Webhooks", "Telemetry"], swiftSettings: strict
        ),
        // The outbox's consumer: the scheduler, the executor of each action kind, retry decisions.
        .target(
            name: "Delivery",
            dependencies: ["Ingest", "JSON", "Outbound", "Rules", "Sniffer", "SnipeIT", "Store", "Webhooks", "Telemetry"],
            swiftSettings: strict
        ),
        // The admin API under /admin/api/v1 (scoped tokens, events, deliveries, replay, OpenAPI) and its client.
        .target(
            name: "Admin",
            dependencies: ["Config", "HTTP", "Ingest", "JSON", "Outbound", "Rules", "Store", "Telemetry", "Webhooks"],
            swiftSettings: strict
        ),
        // The gateway: wires config, listener, ingest, dispatcher, deliveries and operations routes together.
        .target(
            name: "Bridge",
            dependencies: [
                "Admin", "Config", "Ingest", "Delivery", "HTTP", "JSON", "Rules", "Store", "Sniffer", "SnipeIT", "Outbound",
                "Webhooks",
                "Telemetry", "Tracing",
            ],
            swiftSettings: strict
        ),

        // MARK: The executable
        .executableTarget(
            name: "sniffer-bridge",
            dependencies: [
                "CLI", "Admin", "Bridge", "Delivery", "Config", "JSON", "HTTP", "Rules", "Outbound", "Sniffer", "SnifferSim", "SnipeITSim", "Store",
                "Telemetry",
                // `version` prints the libcurl and SQLite versions linked in, read at run time.
                "CCurl", "CSQLite",
            ],
            swiftSettings: strict
        ),

        // MARK: Benchmarks (bench/; run by `make bench`, see bench/README.md)
        .executableTarget(
            name: "bench-json", dependencies: ["JSON"], path: "bench/JSONBench", exclude: ["README.md"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bench-http", dependencies: ["HTTP"], path: "bench/HTTPBench", exclude: ["run.sh", "README.md"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bench-rules", dependencies: ["JSON", "Rules"], path: "bench/RulesBench", exclude: ["README.md"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bench-sniffer", dependencies: ["JSON", "Outbound", "Sniffer", "SnifferSim", "Telemetry"], path: "bench/SnifferBench",
            exclude: ["README.md"], swiftSettings: strict
        ),
        .executableTarget(
            name: "bench-store", dependencies: ["Store"], path: "bench/StoreBench", exclude: ["README.md"],
            swiftSettings: strict
        ),

        // MARK: Tests
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TOMLTests", dependencies: ["TOML", "JSON", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "JSON", "TOML", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ConfigTests", dependencies: ["Config", "Rules", "JSON", "TOML", "Webhooks", "Telemetry", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "OutboundTests", dependencies: ["Outbound", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SnifferTests", dependencies: ["Sniffer", "SnifferSim", "Outbound", "JSON", "HTTP", "Telemetry", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SnipeITTests",
            dependencies: ["SnipeIT", "SnipeITSim", "SnifferSim", "Outbound", "JSON", "HTTP", "Telemetry", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "WebhooksTests", dependencies: ["Webhooks", "HTTP", "JSON", "Telemetry", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "TracingTests", dependencies: ["Tracing", "Telemetry", "JSON", "Outbound", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "BridgeTests",
            dependencies: [
                "Admin", "Bridge", "Ingest", "Delivery", "Config", "SnifferSim", "HTTP", "JSON", "TestSupport", "Sniffer", "Outbound",
                "Store", "Rules", "Telemetry", "Webhooks", "SnipeIT", "SnipeITSim",
            ],
            swiftSettings: strict
        ),
        // Checks of deploy/: systemd unit, Kubernetes YAML, Dockerfile, example config (parsed with TOML).
        .testTarget(name: "DeployTests", dependencies: ["TOML", "Config", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "JSON", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["CLI", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SystemLibraryTests", dependencies: ["CCurl", "CSQLite", "CCrypto", "CLZ4", "TestSupport"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
