import LiquidusCore
@testable import LiquidusEngine
import Testing

/// Each policy on a hand-derived example, on the ``Fixtures/test`` market (tick 1, lot 1, tiers
/// 5 % up to 10,000 then 10 % − 500, fee 1 %).
///
/// The common account: cross, wallet 1,500, long 20 @ 1,000, mark 1,000.
/// notional 20,000 (tier 2): MM = 20,000 × 0.1 − 500 = 1,500; equity = 1,500 + 0 = 1,500 ≤ MM:
/// liquidatable (ratio exactly 1). Bankruptcy price: 1,000 − 1,500 ÷ 20 = 925.
/// Closing n at the mark 1,000: realized 0, fee 10·n, equity′ = 1,500 − 10n,
/// MM′ = (20 − n)·100 − 500 = 1,500 − 100n while the rest is above 10,000 (n ≤ 10).
@Suite struct PolicyExampleTests {
    let account = Fixtures.cross("alice", wallet: 1500, [Position(market: "TEST", size: 20, entryPrice: 1000)])
    let marks: [String: Price] = ["TEST": 1000]

    func plan(_ policy: any LiquidationPolicy, fund: Money = 1_000_000, account: Account? = nil, marks: [String: Price]? = nil,
              expected: [String: Price] = [:]) throws -> [PlanStep] {
        try LiquidationPlanner.plan(
            account: account ?? self.account, markets: Fixtures.catalog, marks: marks ?? self.marks, policy: policy,
            insuranceFund: WideMoney(fund), expectedPrices: expected)
    }

    /// Ratio ≤ 0.8: 1,500 − 100n ≤ 0.8·(1,500 − 10n) ⇔ 300 ≤ 92n ⇔ n ≥ 3.26 → n = 4.
    /// n = 4: MM′ 1,100, equity′ 1,460, ratio 0.753424657… → 0.75342466 (rounded up).
    /// n = 3: MM′ 1,200, equity′ 1,470, ratio 0.816… > 0.8 (one lot less fails).
    @Test func restoreMarginRatio() throws {
        let steps = try plan(RestoreMarginRatio(target: Fixtures.rate("0.8")))
        #expect(steps.count == 1)
        let step = try #require(steps.first)
        #expect(step.kind == .partialClose)
        #expect(step.market == "TEST")
        #expect(step.quantity == 4)
        #expect(step.fee == 40)
        #expect(step.limitPrice == 925)
        #expect(step.expectedPrice == 1000)
        #expect(step.priceSource == "mark")
        #expect(step.targetMarginRatio == Fixtures.rate("0.8"))
        #expect(step.marginRatioAfter == Fixtures.rate("0.75342466"))
        #expect(step.reason.contains("restoreMarginRatio"))
        let context = Fixtures.context(account, marks: marks, policy: RestoreMarginRatio(target: Fixtures.rate("0.8")))
        #expect(!context.project(closing: 3).reaches(Fixtures.rate("0.8")))
    }

    /// With buffer 0.05 the aim is 0.75: 1,500 − 100n ≤ 0.75·(1,500 − 10n) ⇔ 375 ≤ 92.5n ⇔
    /// n ≥ 4.05 → n = 5: MM′ 1,000, equity′ 1,450, ratio 0.68965518 (0.689655172… up).
    @Test func restoreMarginRatioWithBuffer() throws {
        let step = try #require(try plan(RestoreMarginRatio(target: Fixtures.rate("0.8"), buffer: Fixtures.rate("0.05"))).first)
        #expect(step.quantity == 5)
        #expect(step.targetMarginRatio == Fixtures.rate("0.75"))
        #expect(step.marginRatioAfter == Fixtures.rate("0.68965518"))
    }

    /// A book estimate of 990 (worse than the mark, better than bankruptcy 925): closing n
    /// realizes −10n and pays 9.9n, so equity′ = 1,500 − 19.9n. Ratio ≤ 0.8:
    /// 1,500 − 100n ≤ 1,200 − 15.92n ⇔ 300 ≤ 84.08n ⇔ n ≥ 3.57 → n = 4: MM′ 1,100,
    /// equity′ 1,420.4, ratio 0.77442974 (0.774429738… up).
    @Test func restoreMarginRatioAtBookPrice() throws {
        let step = try #require(try plan(RestoreMarginRatio(target: Fixtures.rate("0.8")), expected: ["TEST": 990]).first)
        #expect(step.quantity == 4)
        #expect(step.expectedPrice == 990)
        #expect(step.priceSource == "book")
        #expect(step.fee == Fixtures.money("39.6"))
        #expect(step.marginRatioAfter == Fixtures.rate("0.77442974"))
    }

    /// Bybit-style: tier 2 → cap of tier 1 (10,000): n = ⌈(20,000 − 10,000) ÷ 1,000⌉ = 10.
    /// After: notional 10,000, MM′ = 500, equity′ = 1,500 − 100 = 1,400, ratio 0.35714286.
    /// n = 9 leaves 11,000 > 10,000.
    @Test func stepDownTier() throws {
        let step = try #require(try plan(StepDownTier()).first)
        #expect(step.kind == .partialClose)
        #expect(step.quantity == 10)
        #expect(step.fee == 100)
        #expect(step.targetMarginRatio == nil)
        #expect(step.marginRatioAfter == Fixtures.rate("0.35714286"))
    }

    /// Bybit's FOK goes down to the risk limit "required to meet the margin requirements", which
    /// may be several tiers down. BTCLOW (Liquidus' BTCUSDT tiers: 0.4 % ≤ 50,000; 0.5 % − 50
    /// ≤ 600,000; 1 % − 3,050 ≤ 3,000,000; 2.5 % − 48,050 above; fee 0.05 %), cross, wallet
    /// 20,000, long 40 @ 100,000, mark 100,000: notional 4,000,000 (tier 4), MM 51,950 > equity
    /// 20,000. One tier down (cap 3,000,000): 10 BTC, fee 500, equity′ 19,500 ≤ MM′ 26,950 — not
    /// enough. Two tiers down (cap 600,000): 34 BTC, fee 1,700, equity′ 18,300 > MM′ 2,950:
    /// the step. Equity 2,000 (wallet 2,000): the lowest cap 50,000 needs 39.5 BTC, fee 1,975,
    /// equity′ 25 ≤ MM′ 200 — no tier restores it: takeover.
    @Test func stepDownTierGoesAsManyTiersAsNeeded() throws {
        let marks: [String: Price] = ["BTCLOW": 100_000]
        let account = Fixtures.cross("dora", wallet: 20_000, [Position(market: "BTCLOW", size: 40, entryPrice: 100_000)])
        let step = try #require(try plan(StepDownTier(), account: account, marks: marks).first)
        #expect(step.kind == .partialClose)
        #expect(step.quantity == 34)
        #expect(step.fee == 1_700)
        #expect(step.reason.contains("the cap of risk tier 2 (from tier 4)"))
        let context = Fixtures.context(account, marks: marks, policy: StepDownTier())
        #expect(context.project(closing: 10_000).liquidatableAfter, "one tier down is not enough")
        #expect(!context.project(closing: 34_000).liquidatableAfter)
        let poor = Fixtures.cross("eve", wallet: 2_000, [Position(market: "BTCLOW", size: 40, entryPrice: 100_000)])
        let steps = try plan(StepDownTier(), account: poor, marks: marks)
        #expect(steps.map(\.kind) == [.fullTakeover])
        #expect(steps[0].reason.contains("no lower risk tier restores maintenance"))
    }

    /// In the lowest tier there is nothing to step down to: takeover at 925. The liquidator
    /// unwinds at the mark 1,000: 20 × (1,000 − 925) = 1,500 surplus to the fund.
    @Test func stepDownTierInLowestTierTakesOver() throws {
        // long 10 @ 1,000, wallet 500, mark 1,000: notional 10,000 (tier 1), MM 500 = equity.
        let small = Fixtures.cross("bob", wallet: 500, [Position(market: "TEST", size: 10, entryPrice: 1000)])
        let steps = try plan(StepDownTier(), account: small)
        #expect(steps.map(\.kind) == [.fullTakeover])
        #expect(steps[0].quantity == 10)
        #expect(steps[0].limitPrice == 950)  // 1,000 − 500 ÷ 10
        #expect(steps[0].amount == 500)  // 10 × (1,000 − 950)
    }

    /// Hyperliquid-style, threshold scaled to 10,000: notional 20,000 > 10,000, so 20 % of 20 = 4
    /// lots (⌈4⌉; 3 lots is below 20 %). After: as n = 4 above, ratio 0.75342466 < 1: restored.
    /// Backstop: equity 1,500 ≥ 2/3 × 1,500.
    @Test func fixedFraction() throws {
        let policy = FixedFraction(fraction: Fixtures.rate("0.2"), cooldown: 30, fullBelow: 10_000)
        let step = try #require(try plan(policy).first)
        #expect(step.quantity == 4)
        #expect(step.marginRatioAfter == Fixtures.rate("0.75342466"))
        // At or below the threshold: whole.
        let whole = FixedFraction(fraction: Fixtures.rate("0.2"), cooldown: 30, fullBelow: 20_000)
        #expect(try plan(whole).map(\.kind) == [.fullTakeover])
    }

    /// Backstop: wallet 900 at mark 1,000 → equity 900 < 2/3 × 1,500 = 1,000: takeover at once
    /// (bankruptcy 1,000 − 900 ÷ 20 = 955).
    @Test func fixedFractionBackstop() throws {
        let poor = Fixtures.cross("carol", wallet: 900, [Position(market: "TEST", size: 20, entryPrice: 1000)])
        let steps = try plan(FixedFraction(fraction: Fixtures.rate("0.2"), cooldown: 30, fullBelow: 10_000), account: poor)
        #expect(steps.map(\.kind) == [.fullTakeover])
        #expect(steps[0].limitPrice == 955)
    }

    /// Deribit-style chunk 10 %: ⌈20 × 0.1⌉ = 2 lots. After: MM′ 1,300, equity′ 1,480:
    /// ratio 0.87837838 (0.878378378… up).
    @Test func incremental() throws {
        let step = try #require(try plan(Incremental(chunk: Fixtures.rate("0.1"), interval: 5)).first)
        #expect(step.quantity == 2)
        #expect(step.marginRatioAfter == Fixtures.rate("0.87837838"))
    }

    /// dYdX-style: target notional max(min(1,000, 20,000), 20,000 × 0.1) = 2,000 → 2 lots at
    /// 1,000. With the account cap at 1,500: ⌊1,500 ÷ 1,000⌋ = 1 lot.
    @Test func portionPerInterval() throws {
        let open = PortionPerInterval(portion: Fixtures.rate("0.1"), minNotional: 1000, accountCapPerInterval: 100_000)
        #expect(try plan(open).first?.quantity == 2)
        let capped = PortionPerInterval(portion: Fixtures.rate("0.1"), minNotional: 1000, accountCapPerInterval: 1500)
        #expect(try plan(capped).first?.quantity == 1)
    }

    /// Full: takeover at 925; surplus 20 × (1,000 − 925) = 1,500 to the fund.
    @Test func full() throws {
        let steps = try plan(Full())
        #expect(steps.map(\.kind) == [.fullTakeover])
        #expect(steps[0].quantity == 20)
        #expect(steps[0].limitPrice == 925)
        #expect(steps[0].amount == 1500)
    }

    /// The fee outweighs the released maintenance on BTCUSDT's first tier (1.25 % vs 0.4 %):
    /// long 0.5 @ 30,000, wallet 1,000, mark 28,112: equity 1,000 − 944 = 56, MM 14,056 × 0.004 =
    /// 56.224: liquidatable. Each lot (0.001) closed at the mark costs a fee of 0.3514 but frees
    /// only 0.112448 of maintenance, so the ratio rises with every lot: no partial close reaches
    /// 0.8 and restoreMarginRatio takes over at the bankruptcy price 30,000 − 1,000 ÷ 0.5 = 28,000.
    @Test func feeAboveTierRateTakesOver() throws {
        let alice = Fixtures.cross("alice", wallet: 1000, [Position(market: "BTCUSDT", size: Fixtures.size("0.5"), entryPrice: 30000)])
        let steps = try LiquidationPlanner.plan(
            account: alice, markets: Fixtures.catalog, marks: ["BTCUSDT": 28112], policy: RestoreMarginRatio(target: Fixtures.rate("0.8")),
            insuranceFund: 1_000_000)
        #expect(steps.map(\.kind) == [.fullTakeover])
        #expect(steps[0].limitPrice == 28000)
        #expect(steps[0].reason.contains("restoreMarginRatio"))
    }

    /// Open orders are cancelled first: one order buying 2 @ 900 holds 2 × 900 ÷ 10 = 180.
    @Test func cancelOrdersFirst() throws {
        let withOrders = Fixtures.cross(
            "dave", wallet: 1500, [Position(market: "TEST", size: 20, entryPrice: 1000)],
            orders: [OpenOrder(market: "TEST", size: 2, price: 900)])
        let steps = try plan(RestoreMarginRatio(target: Fixtures.rate("0.8")), account: withOrders)
        #expect(steps.map(\.kind) == [.cancelOrders, .partialClose])
        #expect(steps[0].reason.contains("180"))
    }

    /// Equity below zero: long 20 @ 1,000, wallet 1,500, mark 900: equity −500.
    /// Takeover at 925 (the account realizes −1,500, wallet 0); the liquidator unwinds at 900
    /// losing 25 per lot. Fund 200 carries 8 lots (200); 12 lots go to ADL at 925.
    @Test func insuranceFundAndADL() throws {
        let steps = try plan(RestoreMarginRatio(target: Fixtures.rate("0.8")), fund: 200, marks: ["TEST": 900])
        #expect(steps.map(\.kind) == [.fullTakeover, .insuranceFund, .autoDeleverage])
        #expect(steps[0].limitPrice == 925)
        #expect(steps[0].amount == -200)
        #expect(steps[1].amount == 200)
        #expect(steps[2].quantity == 12)
        #expect(steps[2].limitPrice == 925)
        // A fund of 1,000,000 carries it all: 20 × 25 = 500.
        let covered = try plan(RestoreMarginRatio(target: Fixtures.rate("0.8")), marks: ["TEST": 900])
        #expect(covered.map(\.kind) == [.fullTakeover, .insuranceFund])
        #expect(covered[1].amount == 500)
    }

    /// Healthy accounts get no plan.
    @Test func healthyAccountHasNoPlan() throws {
        #expect(try plan(RestoreMarginRatio(target: Fixtures.rate("0.8")), marks: ["TEST": 1100]).isEmpty)
    }

    /// The factory maps every specification to its policy.
    @Test func factory() {
        let specifications: [PolicySpecification] = [
            .restoreMarginRatio(target: Fixtures.rate("0.8"), buffer: .zero), .stepDownTier,
            .fixedFraction(fraction: Fixtures.rate("0.2"), cooldownSeconds: 30, fullBelowNotional: 100_000),
            .incremental(chunk: Fixtures.rate("0.1"), intervalSeconds: 1),
            .portionPerInterval(portion: Fixtures.rate("0.1"), minNotional: 1000, accountCapPerInterval: 100_000, intervalSeconds: 1),
            .full,
        ]
        for specification in specifications { #expect(specification.makePolicy().kind == specification.kind) }
        #expect(PolicySpecification.fixedFraction(fraction: Fixtures.rate("0.2"), cooldownSeconds: 30, fullBelowNotional: 0).makePolicy().backstopFloor == Fixtures.rate("0.66666667"))
    }
}
