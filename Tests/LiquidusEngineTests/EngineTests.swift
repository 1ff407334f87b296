import Foundation
import LiquidusCore
@testable import LiquidusEngine
import Testing

/// The engine on hand-derived scenarios, on the ``Fixtures/test`` market.
@Suite struct EngineTests {
    /// An engine with `policy`, the TEST market marked at 1,000, and account `alice` (cross,
    /// `deposit`, long 20 @ 1,000).
    func engine(_ policy: any LiquidationPolicy, fund: Money = 1000, deposit: Money = 1600) throws -> LiquidationEngine {
        var engine = LiquidationEngine(policy: policy, insuranceFund: fund, markets: [Fixtures.test])
        for input in [
            EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)),
            EngineInput(time: 0, .openAccount(id: "alice", marginMode: .cross)),
            EngineInput(time: 0, .deposit(account: "alice", amount: deposit)),
            EngineInput(time: 0, .fill(account: "alice", market: "TEST", size: 20, price: 1000, margin: 0)),
        ] {
            #expect(try engine.apply(input).isEmpty)
            #expect(engine.checkInvariants().isEmpty)
        }
        return engine
    }

    /// Mark 990: equity 1,600 − 200 = 1,400, MM 19,800 × 0.1 − 500 = 1,480: liquidatable.
    /// Close n at 990: realized −10n, fee 9.9n, equity′ = 1,400 − 9.9n (the rest stays at the mark),
    /// MM′ = (20 − n)·99 − 500 = 1,480 − 99n. Ratio ≤ 0.8 ⇔ 360 ≤ 91.08n ⇔ n ≥ 3.95 → n = 4:
    /// MM′ 1,084, equity′ 1,360.4, ratio 0.79682447 (0.796824463… up). Wallet 1,600 − 40 − 39.6 =
    /// 1,520.4; fund 1,039.6.
    @Test func partialRestoresTarget() throws {
        var engine = try engine(RestoreMarginRatio(target: Fixtures.rate("0.8")))
        let events = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 990)))
        #expect(events.map(\.payload.type) == ["liquidationTriggered", "partialLiquidation", "liquidationResolved"])
        #expect(events.map(\.sequence) == [1, 2, 3])
        guard case .partialLiquidation(let partial) = events[1].payload else { Issue.record("not a partial"); return }
        #expect(partial.quantity == 4)
        #expect(partial.realizedPnl == -40)
        #expect(partial.fee == Fixtures.money("39.6"))
        #expect(partial.marginRatioAfter == Fixtures.rate("0.79682447"))
        #expect(partial.limitPrice == 920)  // 1,000 − 1,600 ÷ 20
        #expect(engine.insuranceFund == WideMoney(Fixtures.money("1039.6")))
        let margin = try engine.account("alice")!.margin(markets: engine.markets, marks: engine.marks)
        #expect(margin.marginRatio == partial.marginRatioAfter)  // the plan is what the engine did
        #expect(margin.equity == Fixtures.money("1360.4"))
        #expect(engine.account("alice")!.walletBalance == Fixtures.money("1520.4"))
        #expect(engine.checkInvariants().isEmpty)
        guard case .liquidationResolved(let resolved) = events[2].payload else { Issue.record("not resolved"); return }
        #expect(resolved.outcome == .restored)
    }

    /// Hyperliquid cooldown: a partial at t = 1 (20 % of 20 = 4), then the mark falls again at
    /// t = 10 (< 1 + 30): the whole position is taken over. After the cooldown a new partial is
    /// allowed.
    @Test func fixedFractionCooldown() throws {
        let policy = FixedFraction(fraction: Fixtures.rate("0.2"), cooldown: 30, fullBelow: 10_000, backstopFloor: .zero)
        var engine = try engine(policy, deposit: 1600)
        let first = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 990)))
        #expect(first.map(\.payload.type).contains("partialLiquidation"))
        #expect(engine.history(of: "alice")?.lastPartialAt == 1_000)
        // 16 left @ 1,000, wallet 1,520.4. At 985: equity 1,520.4 − 240 = 1,280.4,
        // MM 15,760 × 0.1 − 500 = 1,076: healthy. At 960: equity 880.4, MM 1,036: liquidatable.
        #expect(try engine.apply(EngineInput(time: 5_000, .markPrice(market: "TEST", price: 985))).isEmpty)
        let second = try engine.apply(EngineInput(time: 10_000, .markPrice(market: "TEST", price: 960)))
        #expect(second.map(\.payload.type) == ["liquidationTriggered", "positionTakenOver", "liquidationResolved"])
        #expect(engine.account("alice")!.positions.isEmpty)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Same path with the second drop after the cooldown (t = 40): a second partial.
    @Test func fixedFractionAfterCooldown() throws {
        let policy = FixedFraction(fraction: Fixtures.rate("0.2"), cooldown: 30, fullBelow: 10_000, backstopFloor: .zero)
        var engine = try engine(policy, deposit: 1600)
        _ = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 990)))
        let second = try engine.apply(EngineInput(time: 40_000, .markPrice(market: "TEST", price: 960)))
        #expect(second.map(\.payload.type).contains("partialLiquidation"))
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Incremental: one chunk per interval; while waiting nothing is emitted.
    @Test func incrementalWaitsForInterval() throws {
        // Chunk 5 %: ⌈20 × 0.05⌉ = 1 lot. At 985: equity 1,600 − 300 = 1,300, MM 19,700 × 0.1 − 500
        // = 1,470. One lot at 985 (realized −15, fee 9.85) leaves equity 1,290.15 against MM
        // 18,715 × 0.1 − 500 = 1,371.5: still under, so pending until t = 1 + 5.
        var engine = try engine(Incremental(chunk: Fixtures.rate("0.05"), interval: 5))
        let first = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 985)))
        #expect(first.map(\.payload.type) == ["liquidationTriggered", "partialLiquidation", "liquidationResolved"])
        guard case .liquidationResolved(let resolved) = first.last!.payload else { Issue.record("not resolved"); return }
        #expect(resolved.outcome == .pending)
        #expect(try engine.apply(EngineInput(time: 3_000, .advanceTime)).isEmpty)
        let next = try engine.apply(EngineInput(time: 6_000, .advanceTime))
        #expect(next.map(\.payload.type).contains("partialLiquidation"))
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Bankrupt account, small fund, one opposing profitable short.
    ///
    /// alice: long 20 @ 1,000, wallet 1,600; bob: short 30 @ 1,000, wallet 3,000; fund 200.
    /// Mark 900: alice's equity 1,600 − 2,000 = −400: takeover at 1,000 − 1,600 ÷ 20 = 920,
    /// alice realizes −1,600 (wallet 0). The liquidator unwinds at 900 losing 20 per lot: the
    /// fund carries 10 lots (200, fund 0); 10 lots are deleveraged against bob at 920: bob
    /// realizes 10 × (1,000 − 920) = 800 and keeps −20.
    @Test func takeoverFundAndADL() throws {
        var engine = try engine(RestoreMarginRatio(target: Fixtures.rate("0.8")), fund: 200)
        _ = try engine.apply(EngineInput(time: 0, .openAccount(id: "bob", marginMode: .cross)))
        _ = try engine.apply(EngineInput(time: 0, .deposit(account: "bob", amount: 3000)))
        _ = try engine.apply(EngineInput(time: 0, .fill(account: "bob", market: "TEST", size: -30, price: 1000, margin: 0)))
        let events = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 900)))
        #expect(events.map(\.payload.type) == [
            "liquidationTriggered", "positionTakenOver", "insuranceFundPaid", "autoDeleveraged", "liquidationResolved",
        ])
        guard case .positionTakenOver(let takeover) = events[1].payload, case .insuranceFundPaid(let paid) = events[2].payload,
              case .autoDeleveraged(let adl) = events[3].payload
        else { Issue.record("unexpected events"); return }
        #expect(takeover.bankruptcyPrice == 920)
        #expect(takeover.realizedPnl == -1600)
        #expect(takeover.closedInMarket == 10)
        #expect(takeover.liquidatorPnl == -200)
        #expect(takeover.toDeleverage == 10)
        #expect(paid.amount == 200)
        #expect(paid.uncovered == 200)
        #expect(paid.fundAfter == 0)
        #expect(adl.counterparty == "bob")
        #expect(adl.quantity == 10)
        #expect(adl.price == 920)
        #expect(adl.realizedPnl == 800)
        #expect(adl.sizeAfter == -20)
        #expect(engine.insuranceFund == 0)
        #expect(engine.account("alice")!.walletBalance == 0)
        #expect(engine.account("bob")!.walletBalance == 3800)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// ADL ranking: rank = max(0, uPnL) ÷ max(1, C) × MM ÷ (C + uPnL), ties by id.
    /// uPnL 3,000, C 3,000, MM 1,300: ⌊3,000 ÷ 3,000⌋ = 1, × 1,300 ÷ 6,000 = 0.216666… → 0.21666666 (down).
    @Test func deleverageRank() {
        #expect(LiquidationTrial.deleverageRank(pnl: 3000, collateral: 3000, maintenance: 1300) == Fixtures.rate("0.21666666"))
        #expect(LiquidationTrial.deleverageRank(pnl: -1, collateral: 3000, maintenance: 1300) == nil)
        #expect(LiquidationTrial.deleverageRank(pnl: 10, collateral: 0, maintenance: 5) == Fixtures.rate("5"))  // 10 ÷ 1 × 5 ÷ 10
    }

    /// Bad input throws a specific error and changes nothing.
    @Test func badInputChangesNothing() throws {
        var engine = try engine(RestoreMarginRatio(target: Fixtures.rate("0.8")))
        let hash = engine.stateHash
        let bad: [(EngineInput, String)] = [
            (EngineInput(time: -1, .advanceTime), "time"),
            (EngineInput(time: 1_000, .withdraw(account: "alice", amount: 5000)), "amount"),
            (EngineInput(time: 1_000, .withdraw(account: "alice", amount: 1000)), "amount"),  // below initial margin
            (EngineInput(time: 1_000, .deposit(account: "nobody", amount: 1)), "account"),
            (EngineInput(time: 1_000, .fill(account: "alice", market: "TEST", size: Fixtures.size("0.5"), price: 1000, margin: 0)), "size"),
            (EngineInput(time: 1_000, .fill(account: "alice", market: "TEST", size: 1, price: Fixtures.price("1000.5"), margin: 0)), "price"),
            (EngineInput(time: 1_000, .fill(account: "alice", market: "NOPE", size: 1, price: 1000, margin: 0)), "market"),
            (EngineInput(time: 1_000, .fill(account: "alice", market: "TEST", size: 1, price: 1000, margin: 5)), "margin"),
            (EngineInput(time: 1_000, .markPrice(market: "TEST", price: 0)), "price"),
            (EngineInput(time: 1_000, .openAccount(id: "alice", marginMode: .cross)), "id"),
            (EngineInput(time: 1_000, .cancelOrder(account: "alice", order: OpenOrder(market: "TEST", size: 1, price: 1))), "order"),
            (EngineInput(time: 1_000, .registerMarket(try Market(
                symbol: "TEST", tickSize: 1, lotSize: 3, riskTiers: Fixtures.test.riskTiers.tiers,
                liquidationFeeRate: Fixtures.test.liquidationFeeRate, takerFeeRate: .zero))), #"accounts["alice"].positions[0].size"#),
        ]
        for (input, path) in bad {
            #expect(throws: ValidationError.self) { _ = try engine.apply(input) }
            do { _ = try engine.apply(input) } catch { #expect(error.path == path, "\(input.action)") }
            #expect(engine.stateHash == hash)
        }
    }

    /// Fills: increasing averages the entry (rounded toward solvency), reducing realizes PnL.
    @Test func fillsAverageAndRealize() throws {
        var engine = try engine(Full(), deposit: 100_000)
        // +10 @ 1,010: entry (20 × 1,000 + 10 × 1,010) ÷ 30 = 1,003.33333333… → up 1,003.33333334.
        _ = try engine.apply(EngineInput(time: 1_000, .fill(account: "alice", market: "TEST", size: 10, price: 1010, margin: 0)))
        #expect(engine.account("alice")!.positions[0].entryPrice == Fixtures.price("1003.33333334"))
        // −40 @ 1,020: closes 30 realizing ⌊30 × 16.66666666⌋ = 499.9999998, opens short 10 @ 1,020.
        _ = try engine.apply(EngineInput(time: 2_000, .fill(account: "alice", market: "TEST", size: -40, price: 1020, margin: 0)))
        let account = engine.account("alice")!
        #expect(account.positions[0].size == -10)
        #expect(account.positions[0].entryPrice == 1020)
        #expect(account.walletBalance == 100_000 + Fixtures.money("499.9999998"))
        #expect(engine.counterpartyCash == WideMoney(-Fixtures.money("499.9999998")))
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Events encode to stable JSON with decimal strings, and decode back.
    @Test func eventsAreStableJSON() throws {
        var engine = try engine(RestoreMarginRatio(target: Fixtures.rate("0.8")))
        let events = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 990)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(events)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""fee":"39.6""#))
        #expect(text.contains(#""type":"partialLiquidation""#))
        #expect(text.contains(#""marginRatioAfter":"0.79682447""#))
        #expect(try JSONDecoder().decode([EngineEvent].self, from: data) == events)
        #expect(try encoder.encode(events) == data)
    }

    /// The engine's plan for an account equals the planner's, and the planner is what apply does.
    @Test func planMatchesEngine() throws {
        var engine = try engine(RestoreMarginRatio(target: Fixtures.rate("0.8")))
        // Setting an expected price does not trigger anything at the healthy mark.
        #expect(try engine.apply(EngineInput(time: 1_000, .expectedPrice(market: "TEST", price: 995))).isEmpty)
        _ = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 1000)))
        var probe = engine
        probe.marks["TEST"] = 990
        let plan = try probe.plan(for: "alice")
        let events = try engine.apply(EngineInput(time: 2_000, .markPrice(market: "TEST", price: 990)))
        guard case .partialLiquidation(let partial) = events[1].payload else { Issue.record("not a partial"); return }
        #expect(plan.count == 1)
        #expect(plan[0].quantity == partial.quantity)
        #expect(plan[0].expectedPrice == 995)
        #expect(plan[0].priceSource == "book")
        #expect(plan[0].marginRatioAfter == partial.marginRatioAfter)
    }

    /// Isolated: the position stands alone and what is left of its margin returns to the wallet.
    /// Margin 1,600 on long 20 @ 1,000, wallet 500 (MM 1,500 < 1,600: healthy). Mark 900:
    /// equity 1,600 − 2,000 = −400: takeover at 1,000 − 1,600 ÷ 20 = 920 (margin 0 left); the
    /// fund (1,000) pays the unwind loss 20 × (920 − 900) = 400.
    @Test func isolatedTakeover() throws {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 1000, markets: [Fixtures.test])
        for input in [
            EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)),
            EngineInput(time: 0, .openAccount(id: "iso", marginMode: .isolated)),
            EngineInput(time: 0, .deposit(account: "iso", amount: 2100)),
            EngineInput(time: 0, .fill(account: "iso", market: "TEST", size: 20, price: 1000, margin: 1600)),
        ] { #expect(try engine.apply(input).isEmpty) }
        let events = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 900)))
        #expect(events.map(\.payload.type) == ["liquidationTriggered", "positionTakenOver", "insuranceFundPaid", "liquidationResolved"])
        #expect(engine.account("iso")!.walletBalance == 500)
        #expect(engine.account("iso")!.positions.isEmpty)
        #expect(engine.insuranceFund == 600)
        #expect(engine.checkInvariants().isEmpty)
    }
}
