// swift-tools-version:6.1
// A peer for bench-postgres: a Hummingbird 2 receiver of GitHub webhooks that
// checks the signature and stores each one with one INSERT through
// PostgresNIO before it answers, the way most hand-written gateways do. Its
// own package, so the product's Package.swift names no dependency.
import PackageDescription

let package = Package(
    name: "hummingbird-postgres",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0", traits: []),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "hummingbird-postgres",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
