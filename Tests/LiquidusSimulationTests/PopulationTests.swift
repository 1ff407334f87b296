import LiquidusCore
import LiquidusEngine
@testable import LiquidusSimulation
import LiquidusTestSupport
import Testing

/// Generated populations and the classification of takeovers.
@Suite struct PopulationTests {
    static let scenario = CrashScenario.october2025(seed: 1)
    static let markets = SimulatedMarkets.markets(for: ["BTC", "ETH", "SOL"], on: .bybit).map(\.market)

    /// 5,000 accounts: the tail share and its exponent as calibrated, cross accounts with several
    /// positions (directional and hedged), isolated ones, and shorts in every market (the ADL side).
    @Test func heavyTailedMultiAssetPopulation() {
        let population = Population.generated(count: 5_000, markets: Self.markets, scenario: Self.scenario, seed: 5)
        let totals = population.members.map { member in
            member.holdings.reduce(0.0) { $0 + Double(Money.notional(of: $1.size, at: $1.entryPrice, .up).units) / 1e8 }
        }
        let tail = totals.filter { $0 >= 50_000 }
        #expect(abs(Double(tail.count) / 5_000 - 0.053) < 0.012)
        // Pareto with α = 1.5: about 1 in 10^1.5 ≈ 3.2 % of the tail is above 10 × its start.
        let far = Double(tail.filter { $0 >= 500_000 }.count) / Double(tail.count)
        #expect(far > 0.005 && far < 0.08)
        #expect((totals.max() ?? 0) > 1_000_000)
        let mean = totals.reduce(0, +) / Double(totals.count)
        #expect(mean > 8_000 && mean < 16_000, "mean \(mean) near the calibration's 11,822")
        let profiles = Dictionary(grouping: population.members, by: { $0.profile })
        #expect(profiles[.crossDirectional]?.allSatisfy { $0.holdings.count >= 2 && Set($0.holdings.map(\.size.isPositive)).count == 1 } == true)
        #expect(profiles[.crossHedged]?.allSatisfy { $0.holdings.count == 2 && $0.holdings[0].size.isPositive != $0.holdings[1].size.isPositive } == true)
        #expect(profiles[.isolated]?.allSatisfy { $0.marginMode == .isolated && $0.holdings.count == 1 } == true)
        for market in Self.markets {
            let shorts = population.members.filter { $0.holdings.contains { $0.market == market.symbol && $0.size.isNegative } }
            #expect(shorts.count > 120, "\(market.symbol) has an ADL side")
        }
        #expect(Population.generated(count: 5_000, markets: Self.markets, scenario: Self.scenario, seed: 5) == population)
    }

    /// SOL on Bybit (which lists BTC only here) is derived from its table, with SOL's grids.
    @Test func derivedMarkets() {
        let entries = SimulatedMarkets.markets(for: ["BTC", "ETH", "SOL"], on: .bybit)
        #expect(entries.map(\.market.symbol) == ["BTCUSDT", "ETHUSDT", "SOLUSDT"])
        #expect(entries.map(\.derived) == [false, true, true])
        #expect(entries[2].market.tickSize == Fixtures.price("0.01"))
        #expect(entries[2].market.riskTiers == entries[0].market.riskTiers)
        #expect(SimulatedMarkets.markets(for: ["BTC", "ETH"], on: .hyperliquid).map(\.derived) == [false, false])
    }

    /// The engine's and the policies' takeover reasons map to their causes.
    @Test(arguments: [
        ("stepDownTier: the position is in the lowest risk tier; Bybit takes it over", TakeoverCause.tier),
        ("fixedFraction(0.2, cooldown 30 s, full at or below 100000): notional 5000 is at or below 100000, liquidated whole", .sizeThreshold),
        ("restoreMarginRatio: equity -3 is below the floor 0; taken over at the bankruptcy price", .belowFloor),
        ("full: the policy takes liquidatable positions over whole at the bankruptcy price", .fullPolicy),
        ("fixedFraction(…): 0.2 of the position; the book took 1 of 3 in 10 child order(s) within the slippage budget and the bankruptcy price, and still under maintenance: the rest escalates", .bookDepth),
        ("x; but the fee 12 would exhaust the equity", .feeExhaustsEquity),
        ("fixedFraction(…): within the cooldown after the partial close at 10 s, liquidated whole", .cooldown),
    ])
    func classifiesReasons(reason: String, cause: TakeoverCause) {
        #expect(TakeoverCause.classify(reason, notional: Money(1_000), market: Fixtures.btc) == cause)
    }

    /// Restore's "no partial close" is the fee's doing where the fee is at least the tier's rate
    /// (Binance's 1.25 % against 0.4 %), else the target is out of reach.
    @Test func restoreTakeoverByFee() {
        let reason = "restoreMarginRatio(target 1, buffer 0.00000001): no partial close short of the whole position brings the margin ratio to 0.99999999"
        let binance = VenuePreset.binance.markets[0]
        #expect(TakeoverCause.classify(reason, notional: Money(10_000), market: binance) == .fee)
        let bybit = VenuePreset.bybit.markets[0]
        #expect(TakeoverCause.classify(reason, notional: Money(10_000), market: bybit) == .targetUnreachable)
    }
}
