// swift-tools-version: 6.1
//
// Liquidus' coverage-guided fuzz targets (libFuzzer), kept in their own package like the
// benchmarks: `swift build` and `swift test` of the main package never build them. Each target
// is an executable whose entry point is libFuzzer's `LLVMFuzzerTestOneInput`; build and run them
// with `scripts/fuzz.sh` (see docs/robustness.md), which passes `--sanitize=fuzzer`.

import PackageDescription

/// `-parse-as-library`: the targets have no `main` of their own; libFuzzer's drives them.
let fuzzerSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .unsafeFlags(["-parse-as-library"]),
]

let package = Package(
    name: "LiquidusFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Liquidus", path: ".."),
    ],
    targets: [
        // Decoding the fuzzer's bytes into books, check documents and engine inputs.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "LiquidusCore", package: "Liquidus"),
                .product(name: "LiquidusBook", package: "Liquidus"),
                .product(name: "LiquidusEngine", package: "Liquidus"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Bytes → `check` input → report: the reader, the margins and the planner.
        .executableTarget(
            name: "CheckFuzzer",
            dependencies: ["FuzzSupport", .product(name: "LiquidusCheck", package: "Liquidus")],
            swiftSettings: fuzzerSettings
        ),
        // Bytes → a sequence of engine inputs, the invariants checked after each.
        .executableTarget(
            name: "EngineFuzzer",
            dependencies: ["FuzzSupport", .product(name: "LiquidusEngine", package: "Liquidus")],
            swiftSettings: fuzzerSettings
        ),
    ]
)
