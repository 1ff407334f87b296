import LiquidusCore
import LiquidusTestSupport
import PropertyBased
import Testing

@Suite struct LiquidationPriceTests {
    let btc = Fixtures.btc

    @Test func isolatedShortSolvesInItsTier() throws {
        // bob: short 1 at 30000, margin 600. Tier 1: p = (30000 + 600) ÷ 1.004 = 30478.08…, a short
        // rounds down → 30478.0. Bankruptcy: 30000 + 600 = 30600.
        let liquidation = try #require(LiquidationPriceSolver.liquidationPrice(
            size: -1, entryPrice: 30_000, backing: 600, tiers: btc.riskTiers, tickSize: btc.tickSize))
        #expect(liquidation.price.description == "30478")
        #expect(liquidation.tier == 0)
        #expect(LiquidationPriceSolver.bankruptcyPrice(size: -1, entryPrice: 30_000, backing: 600, tickSize: btc.tickSize)?.description == "30600")
    }

    @Test func longCrossesIntoALowerTier() throws {
        // carol: long 20 at 32000, margin 64000. Tier 3 (r 0.01, a 3050) would give
        // (640000 − 64000 − 3050) ÷ 19.8 = 28936.9 → notional 578738 < 600000: not tier 3.
        // Tier 2 (0.005, 50): (640000 − 64000 − 50) ÷ 19.9 = 28942.21… → notional 578844 ∈ tier 2. Up → 28942.3.
        let liquidation = try #require(LiquidationPriceSolver.liquidationPrice(
            size: 20, entryPrice: 32_000, backing: 64_000, tiers: btc.riskTiers, tickSize: btc.tickSize))
        #expect(liquidation.price.description == "28942.3")
        #expect(liquidation.tier == 1)
    }

    @Test func noPriceWhereBackingCoversEverything() {
        // A long of 1 at 30000 backed by 40000 survives a fall to zero.
        #expect(LiquidationPriceSolver.liquidationPrice(size: 1, entryPrice: 30_000, backing: 40_000, tiers: btc.riskTiers, tickSize: btc.tickSize) == nil)
        #expect(LiquidationPriceSolver.bankruptcyPrice(size: 1, entryPrice: 30_000, backing: 40_000, tickSize: btc.tickSize) == nil)
        // A short with negative backing beyond its entry value is under water at every price.
        #expect(LiquidationPriceSolver.liquidationPrice(size: -1, entryPrice: 100, backing: -200, tiers: btc.riskTiers, tickSize: btc.tickSize) == nil)
    }

    /// A table whose second tier's amount is off continuity by 0.5 (within the one unit allowed).
    func jumpTable(amount: String) throws -> RiskTierTable {
        try RiskTierTable([
            RiskTier(notionalCap: 50_000, maintenanceMarginRate: Fixtures.rate("0.004"), maintenanceAmount: 0, maxLeverage: 125),
            RiskTier(notionalCap: nil, maintenanceMarginRate: Fixtures.rate("0.005"), maintenanceAmount: Fixtures.money(amount), maxLeverage: 100),
        ])
    }

    @Test func upwardJumpGivesTheFirstRootCrossedByAFallingMark() throws {
        // Amount 49.5: MM jumps from 200 to 200.5 at notional 50000. Long 1 at 50250 backed by 450.25:
        // tier 1 root (50250 − 450.25) ÷ 0.996 = 49999.75 and tier 2 root (49799.75 − 49.5) ÷ 0.995
        // = 50000.2512… are both real; a falling mark meets 50000.25… first → up 50000.3, tier 2.
        let solved = try #require(LiquidationPriceSolver.liquidationPrice(
            size: 1, entryPrice: 50_250, backing: Fixtures.money("450.25"), tiers: try jumpTable(amount: "49.5"), tickSize: Fixtures.price("0.1")))
        #expect(solved.price.description == "50000.3")
        #expect(solved.tier == 1)
    }

    @Test func downwardJumpPutsTheRootAtTheCap() throws {
        // Amount 50.5: MM drops from 200 to 199.5 crossing notional 50000. Backed by 449.75, the
        // surplus is −0.25 at the cap in tier 1 and +0.25 just above it in tier 2: no root in
        // either tier's interior; liquidation starts at the cap's price, 50000.
        let solved = try #require(LiquidationPriceSolver.liquidationPrice(
            size: 1, entryPrice: 50_250, backing: Fixtures.money("449.75"), tiers: try jumpTable(amount: "50.5"), tickSize: Fixtures.price("0.1")))
        #expect(solved.price.description == "50000")
        #expect(solved.tier == 0)
    }

    /// Random isolated positions on the four-tier table: the solver agrees with an independent
    /// bisection reference to the tick, and at the solved price equity meets maintenance within
    /// one tick's worth of money.
    @Test func agreesWithReferenceAndMeetsMaintenance() async {
        let table = btc.riskTiers
        let tick = btc.tickSize
        await propertyCheck(
            count: 1_500,
            input: Gen.int64(in: 1...60_000), Gen.bool, Gen.int64(in: 10_000...90_000), Gen.int64(in: 2...100)
        ) { lots, long, entryWhole, leverage in
            let size = Quantity(units: lots * 100_000 * (long ? 1 : -1))  // lots of 0.001
            let entry = Price(units: entryWhole * 100_000_000 + lots % 10 * 10_000_000)
            let backing = Money.notional(of: size, at: entry, .up).divided(by: Rate(Int(leverage)), .up)
            let solved = LiquidationPriceSolver.liquidationPrice(size: size, entryPrice: entry, backing: backing, tiers: table, tickSize: tick)
            let reference = ReferenceMargin.liquidationPrice(size: size, entry: entry, backing: backing, tiers: table, tick: tick)
            #expect(solved?.price == reference, "size \(size) entry \(entry) backing \(backing)")
            guard let solved else { return }
            // Tier landing: the solved tier holds the notional at the exact root; at the rounded price
            // the notional may cross a cap by at most one tick's worth.
            let surplus = ReferenceMargin.surplus(size: size, entry: entry, backing: backing, tiers: table, at: solved.price)
            let oneTickOfMoney = Int128(size.units.magnitude) * Int128(tick.units) * 100_000_000  // |q|·tick at 10⁻²⁴
            // Rounding toward solvency stops a long just above its root and a short just below:
            // either way equity is still (barely) at or above maintenance, by less than one tick.
            #expect(surplus >= 0)
            #expect(surplus <= oneTickOfMoney * 2)
        }
    }

    /// More balance never brings a long's liquidation price up, nor a short's down.
    @Test func liquidationPriceIsMonotoneInBalance() async {
        let table = btc.riskTiers
        await propertyCheck(count: 800, input: Gen.int64(in: 1...20_000), Gen.bool, Gen.int64(in: 0...50_000), Gen.int64(in: 1...5_000)) { lots, long, balance, extra in
            let size = Quantity(units: lots * 100_000 * (long ? 1 : -1))
            let entry: Price = 30_000
            let low = LiquidationPriceSolver.liquidationPrice(size: size, entryPrice: entry, backing: Money(Int(balance)), tiers: table, tickSize: btc.tickSize)
            let high = LiquidationPriceSolver.liquidationPrice(size: size, entryPrice: entry, backing: Money(Int(balance + extra)), tiers: table, tickSize: btc.tickSize)
            switch (low, high, long) {
            case let (low?, high?, true): #expect(high.price <= low.price)
            case let (low?, high?, false): #expect(high.price >= low.price)
            case (nil, .some, true): Issue.record("a long gained a liquidation price by adding balance")
            case (.some, nil, false): Issue.record("a short lost its liquidation price by adding balance")
            default: break
            }
        }
    }
}
