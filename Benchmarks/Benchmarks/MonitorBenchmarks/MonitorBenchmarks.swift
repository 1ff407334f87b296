import Benchmark
import LiquidusMonitor
import LiquidusWorkloads

// The workloads of ../shared/docs/benchmarks.md, seeded and generated here. Each benchmark
// iteration is a batch of 1,000 ticks or plans (reported per tick through `scalingFactor: .kilo`); the
// indexed monitors and the naive full scans run on the same data in one run, so their ratio is
// measured, not assumed.

/// Holds a workload that the benchmark body mutates (setup results are passed by value).
final class Box<Workload>: @unchecked Sendable {
    var workload: Workload
    init(_ workload: Workload) { self.workload = workload }
}

let ticksPerIteration = 1_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .nanoseconds, warmupIterations: 1, maxDuration: .seconds(5), maxIterations: 200)

    // W1: 1,000,000 isolated positions over 10 markets.
    Benchmark("W1 isolated: indexed, no breach", configuration: .init(scalingFactor: .kilo)) { benchmark, box in
        var tick = 0
        for _ in benchmark.scaledIterations {
            blackHole(box.workload.quietTick(tick))
            tick += 1
        }
    } setup: {
        Box(IsolatedWorkload(positions: 1_000_000, marketCount: 10))
    }

    Benchmark("W1 isolated: indexed, ~10 breaches per tick, query + re-index", configuration: .init(scalingFactor: .kilo, maxIterations: 20)) { benchmark, box in
        var tick = 0
        var query = Duration.zero
        for _ in benchmark.scaledIterations {
            blackHole(box.workload.crashTick(tick, breachesPerTick: 10, query: &query))
            tick += 1
        }
        blackHole(query)
    } setup: {
        Box(IsolatedWorkload(positions: 1_000_000, marketCount: 10))
    }

    Benchmark("W1 isolated: naive full scan", configuration: .init(maxIterations: 30)) { benchmark, box in
        for tick in benchmark.scaledIterations { blackHole(box.workload.naiveTick(tick)) }
    } setup: {
        Box(IsolatedWorkload(positions: 1_000_000, marketCount: 10))
    }

    // W2: 200,000 cross accounts × 4 positions over 20 markets.
    Benchmark("W2 cross: banded monitor", configuration: .init(scalingFactor: .kilo)) { benchmark, box in
        for _ in benchmark.scaledIterations { blackHole(box.workload.tick()) }
    } setup: {
        Box(CrossWorkload(accounts: 200_000, positionsPerAccount: 4, marketCount: 20))
    }

    Benchmark("W2 cross: naive full recomputation", configuration: .init(maxIterations: 20)) { benchmark, box in
        for _ in benchmark.scaledIterations { blackHole(box.workload.naiveTick()) }
    } setup: {
        Box(CrossWorkload(accounts: 200_000, positionsPerAccount: 4, marketCount: 20))
    }

    // W3: partial-liquidation planning on a four-tier market with a 50-level book (per plan).
    Benchmark("W3 planning: quote (close, book price, first child)", configuration: .init(scalingFactor: .kilo)) { benchmark, box in
        var workload = box.workload, index = 0
        for _ in benchmark.scaledIterations {
            blackHole(workload.quote(index))
            index += 1
        }
    } setup: {
        Box(PlanningWorkload())
    }

    Benchmark("W3 planning: plan with steps and reasons", configuration: .init(scalingFactor: .kilo)) { benchmark, box in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(box.workload.plan(index))
            index += 1
        }
    } setup: {
        Box(PlanningWorkload())
    }
}
