// swift-tools-version: 6.1
//
// Liquidus: a partial-liquidation risk engine for leveraged derivatives.
//
// The module map (docs/architecture.md): a pure core with no I/O (Core, Book, Monitor, Engine),
// the `check` contract on top, then the simulation, the store and the service, and the
// `liquidus` tool. Internal targets that are not API — the seeded generator, the benchmark
// workloads, the test support — stay out of the production chain: a package that depends on
// `LiquidusEngine` builds none of them.

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
        .library(name: "LiquidusCheck", targets: ["LiquidusCheck"]),
        .executable(name: "liquidus", targets: ["liquidus"]),
        // Not API: the benchmark workloads, a product only because the harness in Benchmarks/
        // (a package of its own) can reach this package's targets through products alone.
        .library(name: "_LiquidusWorkloads", targets: ["LiquidusWorkloads"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The service: HTTP/WebSocket server, durable store, metrics, lifecycle.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // `liquidus route`: the router's client side, towards the shards.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // `swift package generate-documentation`: a command plugin, never built by `swift build`
        // or `swift test`.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Fixed-point numbers, markets, risk tiers, accounts, margin math, venue presets. No I/O.
        .target(name: "LiquidusCore", swiftSettings: swiftSettings),
        // L2 order books, depth walks, slippage estimates, impact models (static and adaptive).
        .target(name: "LiquidusBook", dependencies: ["LiquidusCore"], swiftSettings: swiftSettings),
        // Which positions and accounts crossed maintenance on a tick, in time set by the breaches.
        .target(name: "LiquidusMonitor", dependencies: ["LiquidusCore"], swiftSettings: swiftSettings),
        // The deterministic liquidation engine: policies, the cascade, execution against the books,
        // insurance fund, ADL, events, snapshots.
        .target(name: "LiquidusEngine", dependencies: ["LiquidusCore", "LiquidusMonitor", "LiquidusBook"], swiftSettings: swiftSettings),
        // The `liquidus check` JSON contract: strict reading with JSON paths, the report, and the
        // JSON writer that `check`, `simulate` and the service share.
        .target(name: "LiquidusCheck", dependencies: ["LiquidusCore", "LiquidusBook", "LiquidusEngine"], swiftSettings: swiftSettings),
        // Internal: the seeded generator (SplitMix64) and its distributions, for the simulation,
        // the benchmark workloads and the tests' sweeps.
        .target(name: "LiquidusRandom", swiftSettings: swiftSettings),
        // `liquidus simulate`: price paths, account populations, cascade feedback through a
        // simulated book, policy comparison and the HTML/JSON/text reports.
        .target(
            name: "LiquidusSimulation",
            dependencies: ["LiquidusCore", "LiquidusBook", "LiquidusEngine", "LiquidusCheck", "LiquidusRandom"],
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
                .product(name: "NIOCore", package: "swift-nio"),
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
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        // `liquidus route`: one address in front of the shards — accounts to their owner, market
        // data to every shard in one order (with an outbox per shard), state merged.
        .target(
            name: "LiquidusRouter",
            dependencies: [
                "LiquidusCore", "LiquidusCheck",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Internal: the seeded benchmark workloads W1–W3 (docs/performance.md), for `liquidus
        // bench`, the harness in Benchmarks/ and the tests.
        .target(
            name: "LiquidusWorkloads",
            dependencies: ["LiquidusCore", "LiquidusMonitor", "LiquidusBook", "LiquidusEngine", "LiquidusRandom"],
            swiftSettings: swiftSettings
        ),
        // The command-line tool.
        .executableTarget(
            name: "liquidus",
            dependencies: [
                "LiquidusCore", "LiquidusMonitor", "LiquidusEngine", "LiquidusCheck", "LiquidusSimulation",
                "LiquidusStore", "LiquidusServer", "LiquidusRouter", "LiquidusWorkloads",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fixtures and an independent reference solver shared by the test targets.
        .target(
            name: "LiquidusTestSupport",
            dependencies: ["LiquidusCore", "LiquidusRandom"],
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
                "LiquidusCore", "LiquidusBook", "LiquidusTestSupport", "LiquidusRandom",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusMonitorTests",
            dependencies: [
                "LiquidusCore", "LiquidusMonitor", "LiquidusTestSupport", "LiquidusRandom",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusEngineTests",
            dependencies: [
                "LiquidusCore", "LiquidusBook", "LiquidusEngine", "LiquidusTestSupport", "LiquidusRandom", "LiquidusWorkloads",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusStoreTests",
            dependencies: [
                "LiquidusCore", "LiquidusEngine", "LiquidusStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusServerTests",
            dependencies: [
                "LiquidusCore", "LiquidusEngine", "LiquidusCheck", "LiquidusStore", "LiquidusServer", "LiquidusRandom", "LiquidusSimulation",
                "LiquidusTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusRouterTests",
            dependencies: [
                "LiquidusCore", "LiquidusEngine", "LiquidusStore", "LiquidusServer", "LiquidusRouter", "LiquidusTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusSimulationTests",
            dependencies: ["LiquidusCore", "LiquidusBook", "LiquidusEngine", "LiquidusSimulation", "LiquidusTestSupport", "LiquidusRandom"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LiquidusCheckTests",
            dependencies: [
                "LiquidusCore", "LiquidusBook", "LiquidusCheck", "LiquidusTestSupport", "LiquidusRandom",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
    ]
)
