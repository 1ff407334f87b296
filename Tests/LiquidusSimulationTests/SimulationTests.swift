import Foundation
import LiquidusBook
import LiquidusCore
import LiquidusEngine
@testable import LiquidusSimulation
import LiquidusTestSupport
import Testing

/// End-to-end runs of the simulation on small populations.
@Suite struct SimulationTests {
    /// One hour of the default scenario around its first leg (10:00–11:00: 7,353 → 5,678).
    static let firstLeg: PricePath = {
        let full = CrashScenario.blackThursday(seed: 3)
        return PricePath(name: "first leg", prices: Array(full.prices[(4 * 3600 - 600)...(5 * 3600 - 600)]))
    }()

    func plan(accounts: Int, path: PricePath, policies: [String], seed: UInt64 = 3) -> SimulationPlan {
        var plan = SimulationPlan(path: path, accounts: accounts, seed: seed, policies: policies)
        plan.checkInvariants = true
        plan.recordInputs = true
        return plan
    }

    /// 500 accounts, one hour: the invariants hold after every engine input, and replaying the
    /// input log (set-up, then the run) on a fresh engine gives the same state hash.
    @Test(arguments: ["restore", "fixed-fraction", "incremental", "full"])
    func invariantsAndReplay(policy: String) async throws {
        let plan = plan(accounts: 500, path: Self.firstLeg, policies: [policy])
        let prepared = try plan.prepare()
        let (_, runs) = try await plan.run(prepared)
        let run = try #require(runs.first)
        #expect(run.result.invariantViolations.isEmpty, "\(run.result.invariantViolations.prefix(3))")
        #expect(run.result.accountsLiquidated > 20, "the first leg liquidates a good part of 500 leveraged accounts")
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

    /// Hyperliquid's markets settle funding hourly: along the hour of the first leg the run sends
    /// a premium sample a second (the mark over the path), and the engine settles at 3,600 s —
    /// payments that balance to the unit, replayed identically from the input log.
    @Test func fundingIsPaidAlongThePath() async throws {
        var plan = plan(accounts: 200, path: Self.firstLeg, policies: ["restore"])
        plan.marketsVenue = "hyperliquid"
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
        for s in settlements { #expect(s.paid - s.received - s.outsideMarket - s.insuranceFund + s.unrecovered == .zero) }
        #expect(replay.stateHash == run.result.stateHash)
    }

    /// Same seed, same options: byte-identical summaries (and a different seed changes them).
    @Test func reproducible() async throws {
        let path = CrashScenario.blackThursday(seed: 9).prefix(seconds: 1800)
        func summary(_ seed: UInt64) async throws -> String {
            var plan = SimulationPlan(path: path, accounts: 400, seed: seed, policies: ["restore", "full"])
            plan.bookDepth = 50_000
            return try await plan.run(plan.prepare()).report.summaryJSON
        }
        let first = try await summary(9)
        let second = try await summary(9)
        #expect(first == second)
        #expect(try await summary(10) != first)
        #expect(first.contains("\"format\": \"liquidus-simulate-summary-v1\""))
    }

    /// The default scenario, reduced to 3,000 accounts: the partial policies leave traders more
    /// equity than full liquidation, and the report says by how much.
    @Test func partialKeepsMoreEquityThanFull() async throws {
        let plan = SimulationPlan(path: CrashScenario.blackThursday(seed: 1), accounts: 3_000, seed: 1, policies: ["restore", "fixed-fraction", "full"])
        let (report, _) = try await plan.run(plan.prepare())
        let full = try #require(report.fullResult)
        for label in ["restore", "fixed-fraction"] {
            let partial = try #require(report.results.first { $0.label == label })
            let versus = try #require(report.equityVersusFull(partial))
            #expect(versus.isPositive, "\(label): \(versus)")
            #expect(partial.traderEquityEnd > full.traderEquityEnd)
            #expect(report.summaryJSON.contains("\"traderEquityVersusFull\": \"\(versus)\""))
            #expect(report.html.contains("left traders \(Format.money(versus)) more equity than full liquidation"))
        }
    }
}

/// Reading price paths from CSV.
@Suite struct PathCSVTests {
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

/// The simulated book.
@Suite struct SimulatedBookTests {
    /// Selling walks the bids like `OrderBook.walk` on the same levels (to the grids' rounding),
    /// depletion moves the displacement down, and refill brings it back.
    @Test func walkDisplacementAndRefill() throws {
        let market = Fixtures.btc
        var book = SimulatedBook(configuration: .init(depthWithinOnePercent: 2_000_000, refillRate: 0.1), startPrice: 30_000)
        #expect(book.displacement == 0)
        let quantity = 20.0
        let factor = book.averagePriceFactor(.sell, quantity: quantity)
        let orderBook = try book.orderBook(market: market, around: 30_000)
        let walk = try orderBook.walk(side: .sell, quantity: Quantity(20))
        let average = Double(try #require(walk.averagePrice).units) / 1e8
        #expect(abs(average - 30_000 * factor) < 30_000 * 0.0002)
        book.consume(.sell, quantity: quantity)
        let displaced = book.displacement
        #expect(displaced < 0)
        for _ in 0..<10 { book.refill() }
        #expect(book.displacement > displaced)
        #expect(book.displacement < 0)
        for _ in 0..<400 { book.refill() }
        #expect(book.displacement == 0)
    }

    /// The default path reproduces its documented anchors.
    @Test func blackThursdayAnchors() {
        let path = CrashScenario.blackThursday(seed: 1)
        #expect(path.seconds == 86_401)
        #expect(abs(path.prices[0] - 7800) < 1e-6)
        #expect(abs(path.prices[4 * 3600] - 7353) < 1e-6)
        #expect(abs(path.prices[4 * 3600 + 45 * 60] - 5678) < 1e-6)
        #expect(path.peakToTrough.fraction > 0.48)
        #expect(path.peakToTrough.fraction < 0.56)
        #expect(CrashScenario.blackThursday(seed: 1) == path)
    }
}
