import Foundation
import LiquidusCore
import LiquidusEngine
import LiquidusTestSupport
import Testing

/// README's library example, compiled and run here so that it cannot drift from the API.
@Suite struct ReadmeExampleTests {
    /// The example, between the markers exactly as README shows it (after its imports).
    static func example() throws -> (margin: AccountMargin, plan: [PlanStep]) {
        // README example begin
        // Bybit's BTCUSDT: 0.1 tick, 0.001 lot, 0.5 % maintenance up to 2,000,000, 0.055 % fee.
        let markets = MarketCatalog(VenuePreset.bybit.markets)

        // 0.5 BTC long from 30,000 on 1,000 of cross collateral, marked at 28,100.
        let alice = try Account(
            id: "alice", marginMode: .cross, walletBalance: 1_000,
            positions: [Position(market: "BTCUSDT", size: Quantity(parsing: "0.5"), entryPrice: 30_000)],
            markets: markets)
        let marks: [String: Price] = ["BTCUSDT": 28_100]

        let margin = try alice.margin(markets: markets, marks: marks)
        print(margin.equity, margin.maintenanceMargin, margin.liquidatable)

        let plan = try LiquidationPlanner.plan(
            account: alice, markets: markets, marks: marks,
            policy: RestoreMarginRatio(target: Rate(parsing: "0.8")), insuranceFund: 1_000_000)
        for step in plan {
            print(step.kind, step.quantity ?? 0, step.expectedPrice ?? 0, step.marginRatioAfter ?? 0)
        }
        // README example end
        return (margin, plan)
    }

    @Test func theExampleGivesWhatReadmeSays() throws {
        let (margin, plan) = try Self.example()
        // equity 1000 + 0.5 × (28100 − 30000) = 50; maintenance 14,050 × 0.5 % = 70.25 ≥ 50.
        #expect(margin.equity == 50)
        #expect(margin.maintenanceMargin == Money(units: 7_025_000_000))
        #expect(margin.liquidatable)
        // Closing q at the mark costs a fee of 28,100 × 0.055 % = 15.455 per unit and frees
        // 140.5 of maintenance: 70.25 − 140.5·q ≤ 0.8 × (50 − 15.455·q) ⇔ q ≥ 0.23608…, so
        // 0.237 lots of 0.001; after it, 36.9515 ÷ 46.337165 = 0.79744845 (rounded up).
        #expect(plan.map(\.kind) == [.partialClose])
        #expect(plan.first?.quantity == Quantity(units: 23_700_000))
        #expect(plan.first?.expectedPrice == 28_100)
        #expect(plan.first?.marginRatioAfter == Rate(units: 79_744_845))
    }

    @Test func readmeShowsTheCompiledExample() throws {
        let readme = try String(contentsOf: LiquidusTestSupport.Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        let begin = try #require(lines.firstIndex { $0.hasSuffix("// README example begin") })
        let end = try #require(lines.firstIndex { $0.hasSuffix("// README example end") })
        let example = lines[(begin + 1)..<end].map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : $0 }
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        let block = try #require(blocks.first { $0.contains("LiquidationPlanner.plan(") }, "README has no Swift example that plans")
        let shown = block.components(separatedBy: "\n").drop { $0.hasPrefix("import ") || $0.isEmpty }
        #expect(Array(shown) == example)
    }
}
