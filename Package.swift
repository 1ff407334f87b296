// swift-tools-version: 6.1
//
// Liquidus: a partial-liquidation risk engine for leveraged derivatives.
//
// The module map follows ../shared/README.md: a pure core with no I/O, a check front end that
// speaks the JSON contract, and the `liquidus` tool on top. Heavy dependencies (server, store)
// live in their own targets so the core and its tests stay light.

import PackageDescription

/// Settings every target shares: Swift 6 language mode (strict concurrency) plus the upcoming
/// features Hummingbird turns on for all of its targets.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Liquidus",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LiquidusCore", targets: ["LiquidusCore"]),
        .library(name: "LiquidusBook", targets: ["LiquidusBook"]),
        .library(name: "LiquidusMonitor", targets: ["LiquidusMonitor"]),
        .library(name: "LiquidusEngine", targets: ["LiquidusEngine"]),
        .library(name: "LiquidusWorkloads", targets: ["LiquidusWorkloads"]),
        .library(name: "LiquidusCheck", targets: ["LiquidusCheck"]),
        .executable(name: "liquidus", targets: ["liquidus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The service (issue 7): HTTP/WebSocket server, durable store, metrics, lifecycle.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // Fixed-point numbers, markets, risk tiers, accounts, margin math, venue presets. No I/O.
        .target(name: "LiquidusCore", swiftSettings: swiftSettings),
        // L2 order books, depth walks, slippage estimates, impact models (static and adaptive).
        .target(name: "LiquidusBook", dependencies: ["LiquidusCore"], swiftSettings: swiftSettings),
        // Which positions and accounts crossed maintenance on a tick, in time set by the breaches.
        .target(name: "LiquidusMonitor", dependencies: ["LiquidusCore"], swiftSettings: swiftSettings),
        // The deterministic liquidation engine: policies, the cascade, execution against the books,
        // insurance fund, ADL, events.
        .target(name: "LiquidusEngine", dependencies: ["LiquidusCore", "LiquidusMonitor", "LiquidusBook"], swiftSettings: swiftSettings),
        // The seeded benchmark workloads of ../shared/docs/benchmarks.md, shared by `liquidus bench`
        // and the ordo-one harness in Benchmarks/.
        .target(name: "LiquidusWorkloads", dependencies: ["LiquidusCore", "LiquidusMonitor", "LiquidusBook", "LiquidusEngine"], swiftSettings: swiftSettings),
        // The `liquidus check` JSON contract: strict decoding with JSON paths, the report.
        .target(name: "LiquidusCheck", dependencies: ["LiquidusCore", "LiquidusBook", "LiquidusEngine"], swiftSettings: swiftSettings),
        // `liquidus simulate`: price paths, account populations, cascade feedback through a
        // simulated book, policy comparison and the HTML/JSON/text reports.
        .target(
            name: "LiquidusSimulation",
            dependencies: ["LiquidusCore", "LiquidusBook", "LiquidusEngine", "LiquidusWorkloads", "LiquidusCheck"],
            swiftSettings: swiftSettings
        ),
        // The durable command/event log and snapshots: SQLite through GRDB (embedded
        // default) and PostgreSQL through PostgresNIO, behind one `EngineStore` protocol.
        .target(
            name: "LiquidusStore",
            dependencies: [
                "LiquidusCore", "LiquidusEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `liquidus serve`: the engine as a service (Hummingbird 2 REST + WebSocket, auth, metrics).
        .target(
            name: "LiquidusServer",
            dependencies: [
                "LiquidusCore", "LiquidusBook", "LiquidusEngine", "LiquidusCheck", "LiquidusStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command-line tool.
        .executableTarget(
            name: "liquidus",
            dependencies: [
                "LiquidusCore", "LiquidusEngine", "LiquidusCheck", "LiquidusWorkloads", "LiquidusServer", "LiquidusStore", "LiquidusSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Seeded generators and fixtures shared by the test targets.
        .target(
            name: "LiquidusTestSupport",
            dependencies: ["LiquidusCore", "LiquidusWorkloads"],
            path: "Tests/LiquidusTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusCoreTests",
            dependencies: [
                "LiquidusCore", "LiquidusTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusBookTests",
            dependencies: [
                "LiquidusCore", "LiquidusBook", "LiquidusTestSupport", "LiquidusWorkloads",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusMonitorTests",
            dependencies: [
                "LiquidusCore", "LiquidusMonitor", "LiquidusTestSupport", "LiquidusWorkloads",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusEngineTests",
            dependencies: [
                "LiquidusCore", "LiquidusBook", "LiquidusEngine", "LiquidusTestSupport", "LiquidusWorkloads",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusStoreTests",
            dependencies: ["LiquidusCore", "LiquidusEngine", "LiquidusStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusServerTests",
            dependencies: [
                "LiquidusCore", "LiquidusEngine", "LiquidusCheck", "LiquidusStore", "LiquidusServer", "LiquidusWorkloads",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusSimulationTests",
            dependencies: ["LiquidusCore", "LiquidusEngine", "LiquidusSimulation", "LiquidusTestSupport", "LiquidusWorkloads"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusCheckTests",
            dependencies: [
                "LiquidusCore", "LiquidusCheck", "LiquidusTestSupport", "LiquidusWorkloads",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
