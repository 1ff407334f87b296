import LiquidusBook
import LiquidusCore
@testable import LiquidusEngine
import LiquidusRandom
import Testing

/// Auto-deleveraging in the engine: each mechanism's prices and money on hand-checked cases, and
/// the rankings kept per market and side against a scan of every account for each order.
@Suite struct DeleveragingEngineTests {
    /// An engine at mark 1,000 under `mechanism` with `accounts` (id, deposit, size @ 1,000), all cross.
    func engine(_ mechanism: DeleveragingMechanism, fund: Money, _ accounts: [(String, Money, Quantity)]) throws -> LiquidationEngine {
        var engine = LiquidationEngine(policy: Full(), insuranceFund: fund, markets: [Fixtures.test], deleveraging: mechanism)
        var inputs: [EngineInput.Action] = [.markPrice(market: "TEST", price: 1000)]
        for (id, deposit, size) in accounts {
            inputs += [
                .openAccount(id: id, marginMode: .cross), .deposit(account: id, amount: deposit),
                .fill(account: id, market: "TEST", size: size, price: 1000, margin: 0),
            ]
        }
        for action in inputs { #expect(try engine.apply(EngineInput(time: 0, action)).isEmpty) }
        return engine
    }

    func deleveraged(_ events: [EngineEvent]) -> [AutoDeleveraged] {
        events.compactMap { if case .autoDeleveraged(let adl) = $0.payload { adl } else { nil } }
    }

    /// Pro-rata on profit. Fund 100; alice long 20 @ 1,000 with 1,600 is taken over at 920 when
    /// the mark is 900; the liquidator's unwind at the mark loses 20 a lot, so the fund carries 5
    /// lots (100) and 15 go to ADL with a shortfall of 15 × 20 − 0 = 300. Weights (profit at 900):
    /// dave 500, bob 1,000, carol 1,000 (total 2,500), read in queue order dave, bob, carol:
    /// cumulative ⌊15 × 500 ÷ 2,500⌋ = 3, ⌊15 × 1,500 ÷ 2,500⌋ = 9, 15 → shares 3, 6, 6. Parts
    /// ⌈300 × 3 ÷ 15⌉ = 60, 120, 120; each closes at the mark 900 and realizes its profit less its
    /// part: 300 − 60 = 240, 600 − 120 = 480, 480. The liquidator's loss from 920 to 900 on each
    /// share (60, 120, 120) is exactly the parts: the fund stays at 0 and nothing is unrecovered.
    @Test func proRataSharesTheShortfallAtTheMark() throws {
        var engine = try engine(.proRata, fund: 100, [("alice", 1600, 20), ("carol", 3000, -10), ("bob", 3000, -10), ("dave", 500, -5)])
        let adl = deleveraged(try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 900))))
        #expect(adl.map(\.counterparty) == ["dave", "bob", "carol"])
        #expect(adl.map(\.quantity) == [3, 6, 6])
        #expect(adl.allSatisfy { $0.price == 900 && $0.shortfall == 300 && $0.mechanism == "proRata" })
        #expect(adl.map(\.haircut) == [60, 120, 120])
        #expect(adl.map(\.realizedPnl) == [240, 480, 480])
        #expect(adl.map(\.profitBefore) == [500, 1000, 1000])
        #expect(engine.insuranceFund == 0)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// The queue never closes a counterparty at better than the mark. Fund 1,000; alice long 20 @
    /// 1,000 with 1,600 at the mark 945: equity 1,600 − 1,100 = 500 ≤ maintenance 18,900 × 0.1 −
    /// 500 = 1,390, taken over at 920. The book bids 2 at 940 only: the liquidator sells those 2
    /// (+40) and 18 go to ADL. Dave, short 10 @ 1,000, closes them at max(920, 945) = 945 (the
    /// bankruptcy price would hand him 25 a lot of alice's money): realized 10 × 55 = 550, no
    /// haircut; the liquidator's 10 × 25 = 250 and the unmatched 8 unwound at the mark (8 × 25 =
    /// 200) go to the fund: 1,000 + 40 + 250 + 200 = 1,490.
    @Test func queueClosesAtTheMarkWhenTheBankruptcyPriceIsBetter() throws {
        var engine = try engine(.rankedQueue, fund: 1000, [("alice", 1600, 20), ("dave", 3000, -10)])
        _ = try engine.apply(EngineInput(time: 0, .orderBook(market: "TEST", bids: [.init(price: 940, quantity: 2)], asks: [.init(price: 1010, quantity: 5)])))
        let adl = deleveraged(try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 945))))
        #expect(adl.map(\.counterparty) == ["dave", nil])
        #expect(adl.map(\.quantity) == [10, 8])
        #expect(adl.first?.price == 945 && adl.first?.realizedPnl == 550 && adl.first?.haircut == 0)
        #expect(engine.insuranceFund == 1490)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// The rankings kept per market and side give the same counterparties, quantities, prices and
    /// money as a scan of every account for each order: the same events and state hash after
    /// every input of random paths with books, under
    /// each mechanism.
    @Test(arguments: 0..<6)
    func rankingsAgreeWithAFullScan(seed: Int) {
        let mechanism = DeleveragingMechanism.allCases[seed % DeleveragingMechanism.allCases.count]
        var fills = 0
        for path in 0..<2 {
            let policy = EnginePropertyTests.policies[(seed + path) % EnginePropertyTests.policies.count]
            let inputs = EnginePropertyTests.path(seed: 9_100 + 2 * seed + path, steps: 900, books: true)
            var kept = LiquidationEngine(policy: policy, markets: [Fixtures.test], deleveraging: mechanism)
            var scan = kept
            scan.deleveragingByFullScan = true
            for (index, input) in inputs.enumerated() {
                fills += deleveraged(kept.applyExpectingSameOutcome(input, as: &scan, at: index)).count { $0.counterparty != nil }
            }
            #expect(kept.checkInvariants().isEmpty)
        }
        #expect(fills > 0, "the paths must deleverage someone for the comparison to mean anything")
    }

    /// The same with a crowd: 400 accounts on both sides of TEST and a path of rallies and crashes,
    /// each mark with a thin book 20 % away (levels of 1–4 lots) whose loss the fund cannot carry,
    /// so most takeovers go to ADL, and one mark's ranking takes many changed accounts into its
    /// overflow and merges it.
    @Test(arguments: 0..<3)
    func rankingsAgreeWithAFullScanInACrowd(seed: Int) {
        let mechanism = DeleveragingMechanism.allCases[seed]
        var random = SeededGenerator(seed: UInt64(4_242 + seed))
        var inputs = [EngineInput(time: 0, .markPrice(market: "TEST", price: 1000))]
        for index in 0..<400 {
            let id = "c\(index)"
            let lots = Quantity(Int.random(in: 1...12, using: &random) * (Bool.random(using: &random) ? 1 : -1))
            inputs += [
                EngineInput(time: 0, .openAccount(id: id, marginMode: .cross)),
                EngineInput(time: 0, .deposit(account: id, amount: Money(Int.random(in: 150...3_000, using: &random)))),
                EngineInput(time: 0, .fill(account: id, market: "TEST", size: lots, price: 1000, margin: 0)),
            ]
        }
        var mark: Int64 = 1000
        for step in 1...300 {
            let move = Int.random(in: 0..<10, using: &random) == 0 ? Int64.random(in: -150...150, using: &random) : Int64.random(in: -20...20, using: &random)
            mark = Swift.max(400, Swift.min(2_000, mark + move))
            func levels(_ direction: Int64) -> [OrderBook.Level] {
                (0..<3).map { OrderBook.Level(price: Price(units: (mark + direction * (mark / 5 + $0)) * Fixtures.test.tickSize.units), quantity: Quantity(Int.random(in: 1...4, using: &random))) }
            }
            inputs.append(EngineInput(time: Int64(step), .orderBook(market: "TEST", bids: levels(-1), asks: levels(1))))
            inputs.append(EngineInput(time: Int64(step), .markPrice(market: "TEST", price: Price(units: mark * Fixtures.test.tickSize.units))))
        }
        var kept = LiquidationEngine(policy: Full(), markets: [Fixtures.test], deleveraging: mechanism)
        var scan = kept
        scan.deleveragingByFullScan = true
        var fills = 0
        for (index, input) in inputs.enumerated() {
            fills += deleveraged(kept.applyExpectingSameOutcome(input, as: &scan, at: index)).count { $0.counterparty != nil }
        }
        #expect(kept.checkInvariants().isEmpty)
        #expect(fills > 10, "the crowd must deleverage many accounts (\(fills))")
    }

    /// The service's ADL indicator, read from the kept holders, against `check`'s over the same
    /// accounts: 300 cross and isolated accounts on both sides of TEST, after fills and a move of
    /// the mark (some in profit, some not, ties among equal positions).
    @Test func indicatorFromTheHoldersMatchesCheck() throws {
        var random = SeededGenerator(seed: 77)
        var engine = LiquidationEngine(policy: Full(), insuranceFund: 10_000, markets: [Fixtures.test])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)))
        var ids: [String] = []
        for index in 0..<300 {
            let id = "q\(index)"
            let isolated = index % 4 == 0
            let lots = Int.random(in: 1...6, using: &random) * (Bool.random(using: &random) ? 1 : -1)
            _ = try engine.apply(EngineInput(time: 0, .openAccount(id: id, marginMode: isolated ? .isolated : .cross)))
            _ = try engine.apply(EngineInput(time: 0, .deposit(account: id, amount: Money(Int.random(in: 2...5, using: &random) * 1_000))))
            _ = try engine.apply(EngineInput(time: 0, .fill(account: id, market: "TEST", size: Quantity(lots), price: 1000, margin: isolated ? Money(abs(lots) * 300) : 0)))
            ids.append(id)
        }
        _ = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 1040)))
        let accounts = ids.compactMap { engine.account($0) }
        let expected = DeleveragingIndicator.quantiles(of: accounts, markets: engine.markets, marks: engine.marks)
        #expect(Set(expected.values.compactMap { $0["TEST"] }).count == 5)
        for account in accounts { #expect(engine.deleveragingQuantiles(of: account.id) == expected[account.id] ?? [:], "\(account.id)") }
    }
}
