// swift-tools-version:6.1
// A peer for bench-bridge: a Hummingbird 2 receiver of GitHub webhooks that
// checks the signature and answers 202 without storing anything. Its own
// package, so the product's Package.swift names no dependency.
import PackageDescription

let package = Package(
    name: "hummingbird-receiver",
    platforms: [.macOS(.v15)],
    dependencies: [
        // No traits: the receiver needs neither swift-configuration nor full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0", traits: []),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "hummingbird-receiver",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
