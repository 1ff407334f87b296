import Foundation
import LiquidusBook
import LiquidusCore
@testable import LiquidusEngine
import Testing

/// Index prices, marks derived by venues' formulas, and the price guard that holds liquidations
/// on a bad print or a stale index.
@Suite struct MarketDataTests {
    /// ``Fixtures/test`` with another mark method and guard.
    static func market(_ method: MarkMethod = .given, guard guardrail: PriceGuard? = nil) -> Market {
        let test = Fixtures.test
        return try! Market(
            symbol: test.symbol, tickSize: test.tickSize, lotSize: test.lotSize, riskTiers: test.riskTiers.tiers,
            liquidationFeeRate: test.liquidationFeeRate, takerFeeRate: test.takerFeeRate, markMethod: method, priceGuard: guardrail)
    }

    static func level(_ price: Price, _ quantity: Quantity = 10) -> OrderBook.Level { OrderBook.Level(price: price, quantity: quantity) }

    /// `count` cross accounts, each long 1 TEST @ 1,000 with a wallet of 100: maintenance
    /// 1 × 1,000 × 5 % = 50 < equity 100 at 1,000; at 900 equity 0 < 45, so each is liquidated.
    static func crowd(_ count: Int, market: Market) throws -> LiquidationEngine {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 1_000_000, markets: [market])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)))
        _ = try engine.apply(EngineInput(time: 0, .indexPrice(market: "TEST", price: 1000)))
        let accounts = (0..<count).map { EngineInput(time: 0, .setAccount(Fixtures.cross("a\($0)", wallet: 100, [Position(market: "TEST", size: 1, entryPrice: 1000)]))) }
        _ = try engine.apply(contentsOf: accounts)
        return engine
    }

    static func triggered(_ events: [EngineEvent]) -> Int {
        events.count { if case .liquidationTriggered = $0.payload { true } else { false } }
    }

    // MARK: - Guards

    /// A bad print of 900 against an index of 1,000 (10 % off, the band is 5 %) would liquidate
    /// all 5,000 accounts; under the guard it liquidates none, and says why. Back at 1,000 the
    /// market resumes with nobody liquidated; a real move (index and mark 940, inside the band)
    /// liquidates them all (equity 100 − 60 = 40 < maintenance 47).
    @Test func aBadPrintIsHeldInsteadOfLiquidatingThousands() throws {
        let count = 5_000
        var unguarded = try Self.crowd(count, market: Self.market())
        #expect(Self.triggered(try unguarded.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 900)))) == count)

        var engine = try Self.crowd(count, market: Self.market(guard: try PriceGuard(maxDeviation: Fixtures.rate("0.05"), maxIndexAge: nil)))
        let print = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 900)))
        #expect(Self.triggered(print) == 0)
        let hold = LiquidationsHeld(market: "TEST", since: 1_000, reason: "markDeviation", mark: 900, index: 1000, indexTime: 0, maxDeviation: Fixtures.rate("0.05"), maxIndexAge: nil)
        #expect(print.map(\.payload) == [.liquidationsHeld(hold)])
        #expect(engine.liquidationHolds["TEST"] == hold)
        #expect(engine.checkInvariants().isEmpty)
        // Still off: nothing new is said, nobody is liquidated.
        #expect(try engine.apply(EngineInput(time: 2_000, .advanceTime)).isEmpty)

        let back = try engine.apply(EngineInput(time: 3_000, .markPrice(market: "TEST", price: 1000)))
        #expect(back.map(\.payload) == [.liquidationsResumed(LiquidationsResumed(market: "TEST", heldSince: 1_000))])
        #expect(engine.liquidationHolds.isEmpty)

        _ = try engine.apply(EngineInput(time: 4_000, .indexPrice(market: "TEST", price: 940)))
        let move = try engine.apply(EngineInput(time: 4_000, .markPrice(market: "TEST", price: 940)))
        #expect(Self.triggered(move) == count)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// The accounts a held market kept from liquidation are re-checked the moment it resumes,
    /// at the sane mark: an index that follows the print (900) makes it a real move.
    @Test func resumingRechecksTheHeldAccountsAtOnce() throws {
        var engine = try Self.crowd(3, market: Self.market(guard: try PriceGuard(maxDeviation: Fixtures.rate("0.05"), maxIndexAge: nil)))
        _ = try engine.apply(EngineInput(time: 1_000, .markPrice(market: "TEST", price: 900)))
        let follow = try engine.apply(EngineInput(time: 2_000, .indexPrice(market: "TEST", price: 900)))
        #expect(follow.first?.payload == .liquidationsResumed(LiquidationsResumed(market: "TEST", heldSince: 1_000)))
        #expect(Self.triggered(follow) == 3)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// An index older than the guard's age holds the market (`staleIndex`), even with no price
    /// input at all (time alone); a fresh index resumes it.
    @Test func aStaleIndexHoldsUntilAFreshOne() throws {
        var engine = try Self.crowd(2, market: Self.market(guard: try PriceGuard(maxDeviation: nil, maxIndexAge: 10)))
        #expect(try engine.apply(EngineInput(time: 10_000, .advanceTime)).isEmpty)
        let stale = try engine.apply(EngineInput(time: 11_000, .advanceTime))
        #expect(stale.map(\.payload.type) == ["liquidationsHeld"])
        #expect(engine.liquidationHolds["TEST"]?.reason == "staleIndex")
        #expect(Self.triggered(try engine.apply(EngineInput(time: 12_000, .markPrice(market: "TEST", price: 900)))) == 0)
        let fresh = try engine.apply(EngineInput(time: 13_000, .indexPrice(market: "TEST", price: 900)))
        #expect(fresh.first?.payload.type == "liquidationsResumed")
        #expect(Self.triggered(fresh) == 2)
    }

    @Test func guardsAreValidated() {
        #expect(throws: ValidationError.self) { try PriceGuard(maxDeviation: nil, maxIndexAge: nil) }
        #expect((try? PriceGuard(maxDeviation: .zero, maxIndexAge: nil)) == nil)
        #expect((try? PriceGuard(maxDeviation: Fixtures.rate("1.5"), maxIndexAge: nil)) == nil)
        #expect((try? PriceGuard(maxDeviation: nil, maxIndexAge: 0)) == nil)
        // The band is inclusive: exactly 5 % off is trusted, one unit more is not.
        let band = try! PriceGuard(maxDeviation: Fixtures.rate("0.05"), maxIndexAge: nil)
        #expect(band.breach(mark: 1050, index: 1000, indexTime: 0, now: 0, unit: .milliseconds) == nil)
        #expect(band.breach(mark: Price(units: 1050 * 100_000_000 + 1), index: 1000, indexTime: 0, now: 0, unit: .milliseconds) == .markDeviation)
        #expect(band.breach(mark: 950, index: 1000, indexTime: 0, now: 0, unit: .milliseconds) == nil)
    }

    // MARK: - Derived marks

    /// Binance: median(P1 = index, P2 = index + MA(mid − index), last).
    /// t=0: mid (1,001 + 1,003) ÷ 2 = 1,002, basis 2, P2 = 1,002, no last (P2 in its place):
    /// median(1,000, 1,002, 1,002) = 1,002. t=1: last 1,001, basis 2 again: median(1,000, 1,002,
    /// 1,001) = 1,001. t=5: index 1,010, basis −8; seconds 2–4 repeat 2: samples
    /// [2, 2, 2, 2, 2, −8], mean 2 ÷ 6 → 0 (toward zero), P2 = 1,010: median(1,010, 1,010, 1,001) = 1,010.
    @Test func binanceDerivesTheMedianOfThreePrices() throws {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), markets: [Self.market(.binance)])
        _ = try engine.apply(EngineInput(time: 0, .orderBook(market: "TEST", bids: [Self.level(1001)], asks: [Self.level(1003)])))
        _ = try engine.apply(EngineInput(time: 0, .indexPrice(market: "TEST", price: 1000)))
        #expect(engine.marks["TEST"] == 1002)
        _ = try engine.apply(EngineInput(time: 1_000, .lastPrice(market: "TEST", price: 1001)))
        #expect(engine.marks["TEST"] == 1002)  // used at the next index
        _ = try engine.apply(EngineInput(time: 1_000, .indexPrice(market: "TEST", price: 1000)))
        #expect(engine.marks["TEST"] == 1001)
        _ = try engine.apply(EngineInput(time: 5_000, .indexPrice(market: "TEST", price: 1010)))
        #expect(engine.marketData["TEST"]?.basis?.samples == [2, 2, 2, 2, 2, -8].map { $0 * 100_000_000 })
        #expect(engine.marks["TEST"] == 1010)
    }

    /// Binance's Price 1 carries the funding rate over the time left: rate 0.08 % (given), an
    /// 8-hour interval, no book (P2 = index), last 1,010. At t=0, τ = 8 h: P1 = 1,000 × 1.0008 =
    /// 1,000.8 = median(1,000.8, 1,000, 1,010). At 4 h: P1 = 1,000 × (1 + 0.0008 × ½) = 1,000.4.
    @Test func binancePriceOneCarriesTheFundingRate() throws {
        let test = Fixtures.test
        let rules = try FundingRules(interval: 28_800, interestRate: Fixtures.rate("0.0001"), premiumClamp: Fixtures.rate("0.0005"), cap: nil)
        let market = try Market(
            symbol: test.symbol, tickSize: test.tickSize, lotSize: test.lotSize, riskTiers: test.riskTiers.tiers,
            liquidationFeeRate: test.liquidationFeeRate, takerFeeRate: test.takerFeeRate, markMethod: .binance, funding: rules)
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), markets: [market])
        _ = try engine.apply(EngineInput(time: 0, .fundingRate(market: "TEST", rate: Fixtures.rate("0.0008"))))
        _ = try engine.apply(EngineInput(time: 0, .lastPrice(market: "TEST", price: 1010)))
        _ = try engine.apply(EngineInput(time: 0, .indexPrice(market: "TEST", price: 1000)))
        #expect(engine.marks["TEST"] == Fixtures.price("1000.8"))
        _ = try engine.apply(EngineInput(time: 14_400_000, .indexPrice(market: "TEST", price: 1000)))
        #expect(engine.marks["TEST"] == Fixtures.price("1000.4"))
    }

    /// Hyperliquid: book 999/1,001 (mid 1,000), oracle 998, so mid − oracle = 2 at every sample
    /// and its EMA is exactly 2: component 1 = 1,000. t=0: book component median(999, 1,001,
    /// mid 1,000) = 1,000, no external price: two components, the 30-second EMA (1,000) joins:
    /// 1,000. t=3: last 1,001 → book component 1,001; external 1,010:
    /// median(1,000, 1,001, 1,010) = 1,001.
    @Test func hyperliquidDerivesTheMedianOfItsComponents() throws {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), markets: [Self.market(.hyperliquid)])
        _ = try engine.apply(EngineInput(time: 0, .orderBook(market: "TEST", bids: [Self.level(999)], asks: [Self.level(1001)])))
        _ = try engine.apply(EngineInput(time: 0, .indexPrice(market: "TEST", price: 998)))
        #expect(engine.marks["TEST"] == 1000)
        _ = try engine.apply(EngineInput(time: 2_000, .lastPrice(market: "TEST", price: 1001)))
        _ = try engine.apply(EngineInput(time: 2_000, .externalPrice(market: "TEST", price: 1010)))
        _ = try engine.apply(EngineInput(time: 3_000, .indexPrice(market: "TEST", price: 998)))
        #expect(engine.marketData["TEST"]?.basisEMA?.value == 200_000_000)
        #expect(engine.marks["TEST"] == 1001)
    }

    /// The moving average: one sample per second, the newest in a second replacing the one
    /// before, missing seconds holding the last sample, at most `window`, the mean toward zero.
    @Test func theBasisAverageSamplesEachSecond() {
        var average = BasisAverage(window: 3)
        #expect(average.value == nil)
        for (second, sample) in [(0, 1), (1, 2), (2, 3), (3, 4)] { average.record(Int64(sample), atSecond: Int64(second)) }
        #expect(average.samples == [2, 3, 4] && average.value == 3)
        average.record(5, atSecond: 3)
        #expect(average.samples == [2, 3, 5])
        average.record(10, atSecond: 10)  // seconds 4–9 hold 5; three fit
        #expect(average.samples == [5, 5, 10] && average.value == 6)
        var negative = BasisAverage(window: 2)
        negative.record(-1, atSecond: 0)
        negative.record(-2, atSecond: 1)
        #expect(negative.value == -1)  // −3 ÷ 2 = −1.5 → −1, toward zero
    }

    /// The time-weighted EMA against its formula in `Double`: a sample of 1 (10⁸ units) then 0
    /// 150 s later gives `e⁻¹ ÷ (e⁻¹ + 150)` = 0.0024465…, within a unit, in either time unit.
    @Test(arguments: TimeUnit.allCases)
    func theEMAFollowsHyperliquidsFormula(unit: TimeUnit) {
        var ema = TimeWeightedEMA(horizon: .seconds150)
        ema.record(100_000_000, at: 0, unit: unit)
        #expect(ema.value == 100_000_000)
        ema.record(0, at: unit.ticks(inSeconds: 150), unit: unit)
        let decay = exp(-1.0)
        let expected = 1e8 * decay / (decay + 150)
        #expect(abs(Double(ema.value ?? 0) - expected) <= 1)
        // A long silence forgets everything: the average is the new sample.
        ema.record(42, at: unit.ticks(inSeconds: 1_000_000), unit: unit)
        #expect(ema.value == 42)
    }

    /// Milliseconds count: a sample 1,500 ms after the first decays it by `e^(−1.5/150)` and
    /// weighs 1.5 s against the first's 1 s — `d ÷ (d + 1.5)` of the first sample, within a unit.
    @Test func theEMAWeighsMilliseconds() {
        var ema = TimeWeightedEMA(horizon: .seconds150)
        ema.record(100_000_000, at: 0, unit: .milliseconds)
        ema.record(0, at: 1_500, unit: .milliseconds)
        let decay = exp(-1.5 / 150)
        #expect(abs(Double(ema.value ?? 0) - 1e8 * decay / (decay + 1.5)) <= 1)
    }

    // MARK: - Bad input, replay, snapshots

    @Test func badMarketDataIsRefusedWithItsPath() throws {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), markets: [Self.market(.binance)])
        let hash = engine.stateHash
        for (input, path) in [
            (EngineInput(time: 0, .indexPrice(market: "NOPE", price: 1)), "market"),
            (EngineInput(time: 0, .indexPrice(market: "TEST", price: 0)), "price"),
            (EngineInput(time: 0, .lastPrice(market: "TEST", price: Price(units: -1))), "price"),
            (EngineInput(time: 0, .externalPrice(market: "TEST", price: Limits.maxPrice + 1)), "price"),
        ] {
            #expect(throws: ValidationError.self) { try engine.apply(input) }
            do { _ = try engine.apply(input) } catch { #expect(error.path == path) }
        }
        // A basis of 999,999 sampled at an index of 1, then the book gone: an index at the
        // price limit would derive a mark beyond it, and is refused, changing nothing.
        _ = try engine.apply(EngineInput(time: 0, .orderBook(market: "TEST", bids: [Self.level(999_999)], asks: [Self.level(1_000_001)])))
        _ = try engine.apply(EngineInput(time: 0, .indexPrice(market: "TEST", price: 1)))
        _ = try engine.apply(EngineInput(time: 0, .orderBook(market: "TEST", bids: [], asks: [])))
        let before = engine.stateHash
        #expect(before != hash)
        do {
            _ = try engine.apply(EngineInput(time: 0, .indexPrice(market: "TEST", price: Limits.maxPrice)))
            Issue.record("a mark beyond the limit was derived")
        } catch {
            #expect(error.path == "price")
        }
        #expect(engine.stateHash == before)
    }

    /// The inputs and events of market data survive their JSON forms, replay to the same events
    /// and hash, and the state survives a snapshot.
    @Test func marketDataReplaysAndSurvivesSnapshots() throws {
        let market = Self.market(.hyperliquid, guard: try PriceGuard(maxDeviation: Fixtures.rate("0.05"), maxIndexAge: 30))
        let inputs: [EngineInput] = [
            EngineInput(time: 0, .registerMarket(market)),
            EngineInput(time: 0, .orderBook(market: "TEST", bids: [Self.level(999)], asks: [Self.level(1001)])),
            EngineInput(time: 0, .indexPrice(market: "TEST", price: 998)),
            EngineInput(time: 0, .setAccount(Fixtures.cross("a", wallet: 100, [Position(market: "TEST", size: 1, entryPrice: 1000)]))),
            EngineInput(time: 1_000, .lastPrice(market: "TEST", price: 1001)),
            EngineInput(time: 1_000, .externalPrice(market: "TEST", price: 1003)),
            EngineInput(time: 2_000, .markPrice(market: "TEST", price: 800)),
            EngineInput(time: 3_000, .indexPrice(market: "TEST", price: 999)),
        ]
        let coded = try JSONDecoder().decode([EngineInput].self, from: JSONEncoder().encode(inputs))
        #expect(coded == inputs)
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")))
        var replay = engine
        let events = try engine.apply(contentsOf: inputs)
        #expect(try replay.apply(contentsOf: coded) == events)
        #expect(replay.stateHash == engine.stateHash)
        #expect(events.map(\.payload.type).contains("liquidationsHeld"))
        #expect(events.map(\.payload.type).contains("liquidationsResumed"))
        #expect(try JSONDecoder().decode([EngineEvent].self, from: JSONEncoder().encode(events)) == events)

        _ = try engine.apply(EngineInput(time: 4_000, .markPrice(market: "TEST", price: 700)))
        #expect(!engine.liquidationHolds.isEmpty)
        let document = try JSONEncoder().encode(engine.snapshot())
        let restored = try LiquidationEngine(
            restoring: JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: document), policy: RestoreMarginRatio(target: Fixtures.rate("0.8")))
        #expect(restored.stateHash == engine.stateHash)
        #expect(restored.marketData == engine.marketData)
        #expect(restored.liquidationHolds == engine.liquidationHolds)
    }
}
