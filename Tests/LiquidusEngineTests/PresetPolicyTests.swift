import LiquidusCore
@testable import LiquidusEngine
import Testing

/// Each preset's own policy on its own markets acts where the venue documents a partial
/// reduction, and takes over where the venue does (see `docs/venues.md`, "Fees on a partial
/// reduction and on a takeover").
@Suite struct PresetPolicyTests {
    func plan(_ preset: VenuePreset, wallet: Money, long size: Quantity, at price: Price) throws -> [PlanStep] {
        let market = try #require(preset.markets.first { $0.symbol == "BTCUSDT" })
        let catalog = MarketCatalog([market])
        let account = try Account(
            id: "a", marginMode: .cross, walletBalance: wallet, positions: [Position(market: "BTCUSDT", size: size, entryPrice: price)],
            openOrders: [], markets: catalog)
        return try LiquidationPlanner.plan(
            account: account, markets: catalog, marks: ["BTCUSDT": price], policy: preset.policy.makePolicy(), insuranceFund: WideMoney(1_000_000_000),
            expectedPrices: [:])
    }

    /// Binance bracket 5 (12–70 M, 2 % − 131,450): long 200 BTC at 100,000, wallet 268,000,
    /// MM 268,550. Closing n BTC costs 1,250·n of fee (1.25 %) and releases 2,000·n of
    /// maintenance: compliant when 750·n > 550, n ≥ 0.734 (0.733 gives 549.75). The preset's
    /// IOC reduction (margin ratio below 1) closes 0.734 BTC.
    @Test func binanceReducesWhereTheBracketRateExceedsTheFee() throws {
        let steps = try plan(.binance, wallet: 268_000, long: 200, at: 100_000)
        #expect(steps.map(\.kind) == [.partialClose])
        #expect(steps.first?.quantity == Quantity("0.734"))
        #expect(steps.first?.fee == Money("917.5"))
    }

    /// Binance bracket 1 (0.4 %): long 0.4 BTC at 100,000, wallet 150 < MM 160. Each BTC closed
    /// costs 1,250 of fee and releases 400 of maintenance, so no reduction is compliant: the
    /// position is taken over, as Binance's protocol says of small positions ("the effective
    /// maintenance margin is already lower than the liquidation fee rate").
    @Test func binanceTakesSmallPositionsOver() throws {
        let steps = try plan(.binance, wallet: 150, long: Quantity("0.4")!, at: 100_000)
        #expect(steps.map(\.kind) == [.fullTakeover])
    }

    /// Bybit tier 2 (0.56 % − 1,200): long 25 BTC at 100,000, MM 12,800 > wallet 12,700. The
    /// FillOrKill to tier 1's limit, 2,000,000, closes 5 BTC (fee 0.055 %: 275): equity′ 12,425
    /// above MM′ 10,000.
    @Test func bybitStepsDownATier() throws {
        let steps = try plan(.bybit, wallet: 12_700, long: 25, at: 100_000)
        #expect(steps.map(\.kind) == [.partialClose])
        #expect(steps.first?.quantity == 5)
        #expect(steps.first?.fee == 275)
    }
}
