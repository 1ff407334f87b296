import Foundation
import LiquidusCore
@testable import LiquidusSimulation
import Testing

/// `--runs N`: seeds, the Student t interval, and reports that do not depend on scheduling.
@Suite struct RepeatedRunsTests {
    /// 1…5: mean 3, s = √2.5, half-width t(0.975, 4) · s ÷ √5 = 2.776 × 1.5811 ÷ 2.2361 = 1.9629.
    @Test func studentInterval() {
        let interval = MeanInterval([1, 2, 3, 4, 5])
        #expect(interval.mean == 3)
        #expect(Swift.abs(interval.standardDeviation - 2.5.squareRoot()) < 1e-12)
        #expect(Swift.abs(interval.halfWidth - 1.96293) < 1e-4)
        #expect(Swift.abs(interval.low - 1.03707) < 1e-4 && Swift.abs(interval.high - 4.96293) < 1e-4)
        let one = MeanInterval([7])
        #expect(one.mean == 7 && one.halfWidth == 0 && one.low == 7)
        #expect(MeanInterval([]).count == 0)
    }

    /// The t quantile: the table to ν = 30, the expansion beyond within 10⁻³ of the published
    /// values (ν = 40: 2.021, 60: 2.000, 120: 1.980), decreasing toward z = 1.96.
    @Test func studentQuantile() {
        #expect(MeanInterval.studentT975(degreesOfFreedom: 1) == 12.706)
        #expect(MeanInterval.studentT975(degreesOfFreedom: 19) == 2.093)
        for (ν, t) in [(40, 2.021), (60, 2.000), (120, 1.980)] {
            #expect(Swift.abs(MeanInterval.studentT975(degreesOfFreedom: ν) - t) < 1e-3, "ν = \(ν)")
        }
        let values = (30...200).map { MeanInterval.studentT975(degreesOfFreedom: $0) }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 > $1 } && values.last! > 1.959964)
    }

    /// The first seed is `--seed` itself; the others are distinct and the same every time.
    @Test func seeds() {
        let seeds = RunSamples.seeds(from: 1, count: 20)
        #expect(seeds.first == 1 && Set(seeds).count == 20)
        #expect(RunSamples.seeds(from: 1, count: 20) == seeds)
        #expect(RunSamples.seeds(from: 1, count: 3) == Array(seeds.prefix(3)))
        #expect(Set(RunSamples.seeds(from: 2, count: 20)).intersection(seeds).isEmpty)
    }

    static func plan(_ seed: UInt64) -> SimulationPlan {
        SimulationPlan(
            scenario: SimulationTests.slice(CrashScenario.october2025(seed: seed), from: 360 * 60, seconds: 240), accounts: 150, seed: seed,
            policies: ["fixed-fraction", "full"], deleveraging: ["queue"])
    }

    /// Three seeds, one at a time or two at a time: byte-identical summary and runs.csv; the
    /// means are those of the seeds run one by one; the first seed's report is its single run's.
    @Test func repeatedRunsAreDeterministic() async throws {
        let seeds = RunSamples.seeds(from: 4, count: 3)
        let repeated = RepeatedSimulation(seeds: seeds) { Self.plan($0) }
        let narrow = try await repeated.run(width: 1)
        let wide = try await repeated.run(width: 2)
        #expect(narrow.summaryJSON == wide.summaryJSON)
        #expect(narrow.runsCSV == wide.runsCSV)
        #expect(narrow.textTable == wide.textTable)

        var singles: [SimulationReport] = []
        for seed in seeds {
            let plan = Self.plan(seed)
            singles.append(try await plan.run(plan.prepare()).report)
        }
        let equity = try #require(RunSamples.metricIndex("traderEquityEnd"))
        for label in ["fixed-fraction", "full"] {
            let values = singles.map { report in Double(report.results.first { $0.label == label }!.traderEquityEnd.units) / 1e8 }
            let interval = try #require(wide.interval(label, equity))
            #expect(interval.count == 3)
            #expect(Swift.abs(interval.mean - values.reduce(0, +) / 3) < 1e-6)
            #expect(interval.halfWidth > 0, "three populations give three values")
        }
        #expect(wide.results.map(\.stateHash) == singles[0].results.map(\.stateHash))

        let json = wide.summaryJSON
        #expect(json.contains("\"repeated\": {"))
        #expect(json.contains("\"seeds\": [\"4\", \"\(seeds[1])\", \"\(seeds[2])\"]"))
        let csv = try #require(wide.runsCSV)
        #expect(csv.split(separator: "\n").count == 1 + 3 * 2)
        #expect(csv.hasPrefix("seed_index,seed,run,accountsLiquidated,"))
        let first = csv.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(first[0] == "1" && first[1] == "4" && first[2] == "fixed-fraction")
        #expect(first[3] == "\(singles[0].results[0].accountsLiquidated)", "a count is written whole")
        #expect(wide.csvFiles.map(\.name).last == "runs.csv")
        #expect(wide.html.contains("<h2>Over 3 seeds</h2>"))
        #expect(wide.html.contains("aria-label=\"trader equity at the end: mean and 95 % interval over 3 seeds\""))
        #expect(wide.textTable.contains("Over 3 seeds"))
        // One seed: no section, no runs.csv.
        let one = try await RepeatedSimulation(seeds: [4]) { Self.plan($0) }.run(width: 2)
        #expect(!one.summaryJSON.contains("\"repeated\"") && one.runsCSV == nil && !one.html.contains("seeds</h2>"))
    }
}
