import Foundation
import LiquidusBook
import LiquidusCore
import LiquidusEngine
@testable import LiquidusSimulation
import LiquidusTestSupport
import Testing

/// End-to-end runs of the simulation on small populations.
@Suite struct SimulationTests {
    /// 15 minutes of the October 2025 scenario in its cascade (21:00–21:15 UTC), every asset.
    static let cascade: ScenarioPath = slice(CrashScenario.october2025(seed: 3), from: 360 * 60, seconds: 15 * 60)

    /// `scenario`'s seconds `start ..< start + seconds`, the depth schedule shifted with them.
    static func slice(_ scenario: ScenarioPath, from start: Int, seconds: Int) -> ScenarioPath {
        scenario.window(from: start, seconds: seconds)
    }

    func plan(accounts: Int, scenario: ScenarioPath, policies: [String], deleveraging: [String] = ["queue"], seed: UInt64 = 3) -> SimulationPlan {
        SimulationPlan(
            scenario: scenario, accounts: accounts, seed: seed, policies: policies, deleveraging: deleveraging,
            options: RunOptions(checkInvariants: true, recordInputs: true))
    }

    /// 100 accounts through ten minutes of the cascade: the invariants hold after every engine input, every
    /// market is liquidated against its book, and replaying the input log (set-up, then the run)
    /// on a fresh engine gives the same state hash.
    @Test(arguments: ["restore", "fixed-fraction", "full"])
    func invariantsAndReplay(policy: String) async throws {
        let plan = plan(accounts: 100, scenario: Self.slice(Self.cascade, from: 120, seconds: 600), policies: [policy])
        let prepared = try plan.prepare()
        let (_, runs) = try await plan.run(prepared)
        let run = try #require(runs.first)
        #expect(run.result.invariantViolations.isEmpty, "\(run.result.invariantViolations.prefix(3))")
        #expect(run.result.accountsLiquidated > 10, "the cascade liquidates a good part of 100 leveraged accounts")
        #expect(run.result.symbols.count == 3)
        for symbol in run.result.symbols {
            let taken = (run.result.breakdown.partialByMarket[symbol]?.count ?? 0) + (run.result.breakdown.takeoverByMarket[symbol]?.count ?? 0)
            #expect(taken > 0, "\(symbol) has liquidations")
        }
        let setup = prepared.setups[0]
        let markets = setup.engine.markets.symbols.map { setup.engine.markets[$0]! }
        var replay = LiquidationEngine(policy: PolicyChoice.named(policy)!.specification.makePolicy(), insuranceFund: setup.insuranceFund, markets: markets)
        var events = 0
        for input in setup.inputs + run.inputs {
            events += try replay.apply(input).count
        }
        #expect(replay.checkInvariants().isEmpty)
        #expect(replay.stateHash == run.result.stateHash)
        #expect(events == setup.setupEvents + run.result.events)
    }

    /// Hyperliquid's markets settle funding hourly: along an hour of the scenario the run sends a
    /// premium sample a second (the mark over the path) and the engine settles at 3,600 s —
    /// payments that balance to the unit, replayed identically from the input log.
    @Test func fundingIsPaidAlongThePath() async throws {
        let scenario = Self.slice(CrashScenario.october2025(seed: 3), from: 0, seconds: 3_602)
        var plan = SimulationPlan(
            scenario: scenario, accounts: 60, seed: 3, policies: ["restore"], deleveraging: ["queue"], marketsVenue: "hyperliquid",
            options: RunOptions(recordInputs: true, funding: true))
        plan.insuranceFund = 1_000_000
        let prepared = try plan.prepare()
        let run = try #require(try await plan.run(prepared).1.first)
        #expect(run.inputs.contains { if case .premiumIndex = $0.action { true } else { false } })
        let setup = prepared.setups[0]
        let markets = setup.engine.markets.symbols.map { setup.engine.markets[$0]! }
        var replay = LiquidationEngine(policy: PolicyChoice.named("restore")!.specification.makePolicy(), insuranceFund: setup.insuranceFund, markets: markets)
        var settlements: [FundingSettled] = []
        for input in setup.inputs + run.inputs {
            for event in try replay.apply(input) { if case .fundingSettled(let s) = event.payload { settlements.append(s) } }
        }
        #expect(!settlements.isEmpty)
        for s in settlements { #expect(s.paid - s.received - s.outsideMarket - s.insuranceFund - s.unrecovered == .zero) }
        #expect(replay.stateHash == run.result.stateHash)
    }

    /// Partial closes go to the engine's books as child orders: the run reports children, levels
    /// taken and both impact models' errors, and the static model's error is a real comparison.
    @Test func executionIsReported() async throws {
        let plan = SimulationPlan(scenario: Self.cascade, accounts: 400, seed: 3, policies: ["fixed-fraction"], deleveraging: ["queue"])
        let (report, _) = try await plan.run(plan.prepare())
        let execution = try #require(report.results.first).execution
        #expect(execution.children > 0)
        #expect(execution.closes > 0 && execution.closes <= execution.children)
        #expect(execution.levelsPerChild >= 1)
        #expect(execution.adaptiveMeanError >= 0 && execution.staticMeanError > 0)
        #expect(report.summaryJSON.contains("\"adaptiveModelMeanErrorBps\""))
    }

    /// Same seed, same options: byte-identical summaries (and a different seed changes them).
    @Test func reproducible() async throws {
        let scenario = Self.slice(CrashScenario.october2025(seed: 9), from: 360 * 60, seconds: 10 * 60)
        func summary(_ seed: UInt64) async throws -> String {
            let plan = SimulationPlan(scenario: scenario, accounts: 200, seed: seed, policies: ["restore", "full"], deleveraging: ["queue", "pro-rata"])
            return try await plan.run(plan.prepare()).report.summaryJSON
        }
        let first = try await summary(9)
        let second = try await summary(9)
        #expect(first == second)
        #expect(try await summary(10) != first)
        #expect(first.contains("\"format\": \"liquidus-simulate-summary-v2\""))
        #expect(first.contains("\"label\": \"restore · pro-rata\""))
    }
}

/// The October 2025 scenario and reading price paths from CSV.
@Suite struct PathTests {
    /// The anchors are met exactly, the three assets move together, and the depth is withdrawn
    /// 98 % at the worst.
    @Test func october2025Anchors() {
        let scenario = CrashScenario.october2025(seed: 1)
        #expect(scenario.assets.map(\.name) == ["BTC", "ETH", "SOL"])
        #expect(scenario.seconds == 12 * 3600 + 1)
        let cascadeStart = 350 * 60, trough = 380 * 60
        let expected: [(Double, Double)] = [(121_000, 106_500), (4_230, 3_553), (219, 151)]
        for (asset, (start, low)) in zip(scenario.assets, expected) {
            #expect(abs(asset.path.prices[cascadeStart] - start) < 1e-6 * start)
            #expect(abs(asset.path.prices[trough] - low) < 1e-6 * low)
            #expect(asset.depth.factor(at: 375 * 60) == 0.02)
            #expect(asset.depth.factor(at: 0) == 1)
        }
        // −12 %, −16 %, −31 % from the cascade's start to the trough.
        let falls = scenario.assets.map { 1 - $0.path.prices[trough] / $0.path.prices[cascadeStart] }
        #expect(abs(falls[0] - 0.12) < 0.002 && abs(falls[1] - 0.16) < 0.002 && abs(falls[2] - 0.31) < 0.002)
        // The per-second returns are correlated.
        func returns(_ prices: [Double]) -> [Double] { zip(prices.dropFirst(), prices).map { log($0 / $1) } }
        let btc = returns(scenario.assets[0].path.prices), sol = returns(scenario.assets[2].path.prices)
        #expect(Self.correlation(btc, sol) > 0.5)
        #expect(CrashScenario.october2025(seed: 1) == scenario)
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var cov = 0.0, va = 0.0, vb = 0.0
        for (x, y) in zip(a, b) {
            cov += (x - ma) * (y - mb)
            va += (x - ma) * (x - ma)
            vb += (y - mb) * (y - mb)
        }
        return cov / (va * vb).squareRoot()
    }

    /// Black Thursday stays: its documented anchors.
    @Test func blackThursdayAnchors() {
        let path = CrashScenario.blackThursday(seed: 1).headline
        #expect(path.seconds == 86_401)
        #expect(abs(path.prices[0] - 7800) < 1e-6)
        #expect(abs(path.prices[4 * 3600] - 7353) < 1e-6)
        #expect(abs(path.prices[4 * 3600 + 45 * 60] - 5678) < 1e-6)
        #expect(path.peakToTrough.fraction > 0.48 && path.peakToTrough.fraction < 0.56)
    }

    @Test func readsAndFillsSeconds() throws {
        let path = try PricePath.csv("timestamp,price,volume\n100,10.5,1\n100,11,2\n103,9,0.5\n", name: "t.csv")
        #expect(path.prices == [11, 11, 11, 9])
        #expect(path.volumes == [3, 0, 0, 0.5])
    }

    @Test func millisecondsAndNoVolume() throws {
        let path = try PricePath.csv("1700000000000,100\n1700000001500,101\n", name: "ms.csv")
        #expect(path.prices == [100, 101])
        #expect(path.volumes.isEmpty)
    }

    /// Each malformed row: the error names its line and column, and nothing is returned.
    @Test(arguments: [
        ("t,p\n1,100\n2,abc\n", 3, 2, "price"),
        ("1,100\n2,-5\n", 2, 2, "price"),
        ("1,100\nx2,100\n", 2, 1, "timestamp"),
        ("5,100\n4,100\n", 2, 1, "timestamp"),
        ("1,100,1\n2,100,-1\n", 2, 3, "volume"),
        ("1,100\n2,100,1,9\n", 2, 0, ""),
        ("1,100\n2,1e400\n", 2, 2, "price"),
    ])
    func malformedRow(text: String, line: Int, column: Int, field: String) {
        #expect(throws: PathCSVError.self) { try PricePath.csv(text, name: "bad.csv") }
        do {
            _ = try PricePath.csv(text, name: "bad.csv")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.field == field)
            #expect(error.description.hasPrefix("line \(line)"))
        }
    }

    @Test func emptyFile() {
        #expect(throws: PathCSVError.self) { try PricePath.csv("timestamp,price\n\n# nothing\n", name: "empty.csv") }
    }
}
