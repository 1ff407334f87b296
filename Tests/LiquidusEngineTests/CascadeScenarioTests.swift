import Foundation
import LiquidusCore
@testable import LiquidusEngine
import Testing

/// More of the cascade, hand-derived on the ``Fixtures/test`` market (tick 1, lot 1, 5 % to
/// 10,000 then 10 % − 500, fee 1 %).
@Suite struct CascadeScenarioTests {
    /// An engine at mark 1,000 with `accounts` (id, mode, deposit, size @ 1,000, isolated margin).
    func engine(
        _ policy: any LiquidationPolicy, fund: Money, _ accounts: [(String, MarginMode, Money, Quantity, Money)]
    ) throws -> LiquidationEngine {
        var engine = LiquidationEngine(policy: policy, insuranceFund: fund, markets: [Fixtures.test, Fixtures.btcLowFee])
        var inputs = [EngineInput(time: 0, .markPrice(market: "TEST", price: 1000))]
        for (id, mode, deposit, size, margin) in accounts {
            inputs += [
                EngineInput(time: 0, .openAccount(id: id, marginMode: mode)),
                EngineInput(time: 0, .deposit(account: id, amount: deposit)),
                EngineInput(time: 0, .fill(account: id, market: "TEST", size: size, price: 1000, margin: margin)),
            ]
        }
        for input in inputs { #expect(try engine.apply(input).isEmpty) }
        return engine
    }

    /// Fund 0, alice long 20 @ 1,000 (wallet 1,600) taken over at 920 when the mark is 900; the
    /// fund carries no lot (unwind loss 20 per lot), so all 20 go to ADL. Ranks
    /// (uPnL⁺ ÷ max(1, C) × MM ÷ (C + uPnL), rounded down):
    /// - dave short 5, wallet 500: uPnL 500, MM 4,500 × 0.05 = 225: 1 × 225 ÷ 1,000 = 0.225;
    /// - bob and carol short 10, wallet 3,000: uPnL 1,000, MM 450:
    ///   ⌊1,000 ÷ 3,000⌋ = 0.33333333, × 450 ÷ 4,000 = 0.03749999 (tie, broken by id).
    /// So dave closes 5 (realizing 5 × 80 = 400), bob 10 (800), carol 5 (400).
    @Test func adlRanksByProfitAndLeverageThenId() throws {
        var engine = try engine(Full(), fund: 0, [
            ("alice", .cross, 1600, 20, 0), ("carol", .cross, 3000, -10, 0), ("bob", .cross, 3000, -10, 0), ("dave", .cross, 500, -5, 0),
        ])
        let events = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 900)))
        let adl = events.compactMap { event -> AutoDeleveraged? in
            if case .autoDeleveraged(let adl) = event.payload { return adl }
            return nil
        }
        #expect(adl.map(\.counterparty) == ["dave", "bob", "carol"])
        #expect(adl.map(\.quantity) == [5, 10, 5])
        #expect(adl.map(\.realizedPnl) == [400, 800, 400])
        #expect(adl.map(\.rank) == [Fixtures.rate("0.225"), Fixtures.rate("0.03749999"), Fixtures.rate("0.03749999")])
        #expect(adl.allSatisfy { $0.price == 920 })
        #expect(engine.account("dave")!.positions.isEmpty)
        #expect(engine.account("carol")!.positions[0].size == -5)
        #expect(engine.insuranceFund == 0)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// No opposing position: the 20 lots are unwound at the mark 900 from 920 and the loss
    /// 20 × 20 = 400 is recorded as unrecovered (the fund is empty).
    @Test func unmatchedDeleverageIsUnrecovered() throws {
        var engine = try engine(Full(), fund: 0, [("alice", .cross, 1600, 20, 0)])
        let events = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 900)))
        guard let last = events.last(where: { $0.payload.type == "autoDeleveraged" }), case .autoDeleveraged(let adl) = last.payload else {
            Issue.record("no ADL event"); return
        }
        #expect(adl.counterparty == nil)
        #expect(adl.quantity == 20)
        #expect(adl.unrecoveredLoss == 400)
        #expect(engine.unrecoveredLoss == -400)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Cross with two positions: the TEST long (MM 1,500) is reduced before the BTCLOW long
    /// (0.1 @ 30,000: MM 3,000 × 0.004 = 12). Wallet 1,512: equity 1,512 = MM 1,512.
    /// Close n TEST at 1,000: equity′ 1,512 − 10n, MM′ 1,512 − 100n; ≤ 0.8 ⇔ 302.4 ≤ 92n ⇔
    /// n ≥ 3.29 → 4: MM′ 1,112, equity′ 1,472, ratio 0.75543479 (0.755434782… up).
    @Test func crossReducesLargestMaintenanceFirst() throws {
        let account = Fixtures.cross("alice", wallet: 1512, [
            Position(market: "BTCLOW", size: Fixtures.size("0.1"), entryPrice: 30000),
            Position(market: "TEST", size: 20, entryPrice: 1000),
        ])
        let steps = try LiquidationPlanner.plan(
            account: account, markets: Fixtures.catalog, marks: ["TEST": 1000, "BTCLOW": 30000],
            policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 0)
        #expect(steps.count == 1)
        #expect(steps.first?.market == "TEST")
        #expect(steps.first?.quantity == 4)
        #expect(steps.first?.marginRatioAfter == Fixtures.rate("0.75543479"))
    }

    /// A cross takeover shares the account's equity among its positions by maintenance margin.
    /// Long 20 TEST @ 1,000 and long 0.1 BTCLOW @ 30,000, wallet 1,512; BTCLOW falls to 20,000:
    /// equity 1,512 − 1,000 = 512, MM 1,500 + 2,000 × 0.004 = 1,508 → liquidatable (full policy).
    /// TEST's share ⌊512 × 1,500 ÷ 1,508⌋ = 509.28381962, backing 509.28381962 − 0 →
    /// bankruptcy 1,000 − 25.4641909… = 974.53… → 975 (a long's rounds up). BTCLOW's backing is the
    /// rest of the wallet, 1,002.71618038 (its share 2.716… less its uPnL −1,000) →
    /// 30,000 − 10,027.1618… = 19,972.838… → 19,972.9. Wallet after
    /// 1,512 − 20 × 25 − 0.1 × 10,027.1 = 9.29; the liquidator unwinds at the marks for
    /// 20 × 25 + 0.1 × 27.1 = 502.71 to the fund; 9.29 + 502.71 = 512, the equity.
    @Test func crossTakeoverSharesEquityByMaintenance() throws {
        let account = Fixtures.cross("alice", wallet: 1512, [
            Position(market: "BTCLOW", size: Fixtures.size("0.1"), entryPrice: 30000),
            Position(market: "TEST", size: 20, entryPrice: 1000),
        ])
        let steps = try LiquidationPlanner.plan(
            account: account, markets: Fixtures.catalog, marks: ["TEST": 1000, "BTCLOW": 20000], policy: Full(), insuranceFund: 0)
        #expect(steps.map(\.kind) == [.fullTakeover, .fullTakeover])
        #expect(steps.map(\.market) == ["TEST", "BTCLOW"])
        #expect(steps.map(\.limitPrice) == [975, Fixtures.price("19972.9")])
        #expect(steps.map(\.amount) == [500, Fixtures.money("2.71")])
        var engine = LiquidationEngine(policy: Full(), markets: [Fixtures.test, Fixtures.btcLowFee])
        for input in [
            // The BTCLOW fill at 30,000 against a mark of 20,000 is what triggers the takeover.
            EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)), EngineInput(time: 0, .markPrice(market: "BTCLOW", price: 20000)),
            EngineInput(time: 0, .openAccount(id: "alice", marginMode: .cross)), EngineInput(time: 0, .deposit(account: "alice", amount: 1512)),
            EngineInput(time: 0, .fill(account: "alice", market: "TEST", size: 20, price: 1000, margin: 0)),
            EngineInput(time: 0, .fill(account: "alice", market: "BTCLOW", size: Fixtures.size("0.1"), price: 30000, margin: 0)),
        ] { _ = try engine.apply(input) }
        #expect(engine.account("alice")!.walletBalance == Fixtures.money("9.29"))
        #expect(engine.insuranceFund == WideMoney(Fixtures.money("502.71")))
        #expect(engine.checkInvariants().isEmpty)
    }

    /// An expected price worse than the bankruptcy price (920 < 925) rules a partial close out.
    /// stepDownTier asks for 10 lots (to the 10,000 cap; at 920 that leaves equity
    /// 1,500 − 10 × 80 − 92 = 608 > MM 500), but the fill would be beyond bankruptcy: takeover at
    /// 925, and the liquidator's unwind at 920 loses 20 × 5 = 100, paid by the fund.
    @Test func expectedPriceBeyondBankruptcyTakesOver() throws {
        let account = Fixtures.cross("alice", wallet: 1500, [Position(market: "TEST", size: 20, entryPrice: 1000)])
        let steps = try LiquidationPlanner.plan(
            account: account, markets: Fixtures.catalog, marks: ["TEST": 1000], policy: StepDownTier(),
            insuranceFund: 1000, expectedPrices: ["TEST": 920])
        #expect(steps.map(\.kind) == [.fullTakeover, .insuranceFund])
        #expect(steps[0].limitPrice == 925)
        #expect(steps[0].expectedPrice == 920)
        #expect(steps[0].priceSource == "book")
        #expect(steps[0].reason.contains("worse than the bankruptcy price 925"))
        #expect(steps[1].amount == 100)
    }

    /// dYdX-style cap per interval (10 s), portion 10 %, min 1,000, account cap 1,500.
    /// Mark 990: equity 1,400 < MM 1,480. Target max(min(1,000, 19,800), 1,980) = 1,980 → 2 lots
    /// wanted, but ⌊1,500 ÷ 990⌋ = 1 allowed: close 1 (equity′ 1,390.1 < MM′ 1,381? no:
    /// 19 × 99 − 500 = 1,381 < 1,390.1 — restored). Drop to 980 at t = 5: equity 1,390.1 − 190 =
    /// 1,200.1 (19 @ 1,000 at 980: uPnL −380, wallet 1,580.1), MM 18,620 × 0.1 − 500 = 1,362:
    /// liquidatable, but only 510 of the cap is left (< one lot at 980): nothing. At t = 10, a
    /// new window: one more lot.
    @Test func portionPerIntervalHonorsTheAccountCap() throws {
        let policy = PortionPerInterval(portion: Fixtures.rate("0.1"), minNotional: 1000, accountCapPerInterval: 1500, interval: 10)
        var engine = try engine(policy, fund: 0, [("alice", .cross, 1600, 20, 0)])
        let first = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 990)))
        #expect(first.map(\.payload.type) == ["liquidationTriggered", "partialLiquidation", "liquidationResolved"])
        #expect(engine.account("alice")!.positions[0].size == 19)
        #expect(engine.history(of: "alice") == LiquidationHistory(lastPartialAt: 1_000, window: 0, closedNotionalInWindow: 990))
        #expect(try engine.apply(EngineInput(time: 9_999, .markPrice(market: "TEST", price: 980))).isEmpty)  // the same 10 s window
        let next = try engine.apply(EngineInput(time: 10_000, .advanceTime))
        #expect(next.map(\.payload.type).contains("partialLiquidation"))
        #expect(engine.history(of: "alice")?.window == 1)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Isolated account with two positions: only the liquidatable one is touched.
    /// TEST long 20 with margin 1,600 (MM 1,500) and BTCLOW long 0.1 with margin 1,000.
    /// Mark TEST 990: its equity 1,600 − 200 = 1,400 < MM 1,480 → partial on TEST only.
    @Test func isolatedPositionsStandAlone() throws {
        var engine = try engine(RestoreMarginRatio(target: Fixtures.rate("0.8")), fund: 0, [("iso", .isolated, 5000, 20, 1600)])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "BTCLOW", price: 30000)))
        _ = try engine.apply(EngineInput(time: 0, .fill(account: "iso", market: "BTCLOW", size: Fixtures.size("0.1"), price: 30000, margin: 1000)))
        let events = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 990)))
        guard case .liquidationTriggered(let triggered) = events.first?.payload, case .partialLiquidation(let partial) = events[1].payload else {
            Issue.record("unexpected \(events)"); return
        }
        #expect(triggered.market == "TEST")
        #expect(partial.market == "TEST")
        #expect(partial.quantity == 4)  // as in EngineTests.partialRestoresTarget, on the isolated margin
        #expect(engine.account("iso")!.positions.first { $0.market == "BTCLOW" }?.size == Fixtures.size("0.1"))
        #expect(engine.account("iso")!.walletBalance == 2400)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// The exact JSON of an event (sorted keys): a change here changes the stored log's format.
    @Test func partialLiquidationJSON() throws {
        var engine = try engine(RestoreMarginRatio(target: Fixtures.rate("0.8")), fund: 1000, [("alice", .cross, 1600, 20, 0)])
        let events = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 990)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(events[1]), as: UTF8.self)
        let expected = #"{"event":{"account":"alice","backingAfter":"1520.4","equityAfter":"1360.4","fee":"39.6","fundAfter":"1039.6","#
            + #""limitPrice":"920","maintenanceMarginAfter":"1084","marginRatioAfter":"0.79682447","market":"TEST","price":"990","#
            + #""priceSource":"mark","quantity":"4","realizedPnl":"-40","reason":"restoreMarginRatio(target 0.8, buffer 0): the least "#
            + #"whole lots that bring maintenance ÷ equity to at most 0.8 after the fee, in the tier of the reduced notional","#
            + #""side":"long","sizeAfter":"16","targetMarginRatio":"0.8"},"sequence":2,"time":1,"type":"partialLiquidation"}"#
        #expect(json == expected)
    }

    /// The state hash of a fixed scenario, recorded once: FNV-1a over a canonical encoding, so
    /// it is the same on every machine; a change means the canonical encoding (or the state)
    /// changed.
    @Test func stateHashIsStableAcrossMachines() throws {
        var engine = try engine(RestoreMarginRatio(target: Fixtures.rate("0.8")), fund: 1000, [("alice", .cross, 1600, 20, 0)])
        _ = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 990)))
        #expect(engine.stateHash == Self.recordedHash, "\(String(engine.stateHash, radix: 16))")
    }

    static let recordedHash: UInt64 = 16_298_772_878_378_201_105
}
