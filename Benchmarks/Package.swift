// swift-tools-version: 6.1
//
// Liquidus' benchmark harness (ordo-one/benchmark), kept in its own package as that project's
// guide recommends: the harness and its allocator interposer stay out of the main build, and so
// out of every CI test build. Run from this folder: `swift package benchmark`.

import PackageDescription

let package = Package(
    name: "LiquidusBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Liquidus", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MonitorBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LiquidusCore", package: "Liquidus"),
                .product(name: "LiquidusMonitor", package: "Liquidus"),
                .product(name: "_LiquidusWorkloads", package: "Liquidus"),
            ],
            path: "Benchmarks/MonitorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
