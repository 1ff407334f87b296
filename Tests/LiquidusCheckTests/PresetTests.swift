import Foundation
import LiquidusCheck
import LiquidusCore
import Testing

@Suite struct PresetTests {
    @Test func thePresetsTheIssueAsksFor() {
        #expect(VenuePreset.all.map(\.name) == ["binance", "bybit", "hyperliquid", "liquidus"])
        #expect(VenuePreset.binance.markets.map(\.symbol) == ["BTCUSDT", "ETHUSDT"])
        #expect(VenuePreset.bybit.markets.map(\.symbol) == ["BTCUSDT"])
        #expect(VenuePreset.hyperliquid.markets.map(\.symbol) == ["BTC", "ETH"])
        for preset in VenuePreset.all {
            #expect(!preset.source.isEmpty && !preset.tablesAsOf.isEmpty && !preset.differences.isEmpty)
        }
    }

    @Test func hyperliquidRatesAreHalfTheInitialMargin() {
        // rate = 1 ÷ (2 × maxLeverage): BTC 40× → 0.0125, ETH 25× → 0.02, 20× → 0.025.
        for market in VenuePreset.hyperliquid.markets {
            for tier in market.riskTiers.tiers {
                let exact = Rate.one.units / (2 * tier.maxLeverage.units / FixedPoint.scale)
                #expect(tier.maintenanceMarginRate.units - exact <= 1)  // 1/30 is rounded up by one unit
            }
        }
    }

    /// `liquidus presets NAME` output is valid `check` input that yields the same markets.
    @Test(arguments: VenuePreset.all.map(\.name))
    func presetDocumentsReadBack(name: String) throws {
        let preset = try #require(VenuePreset.named(name))
        let data = try LiquidusCheck.Check.encode(PresetDocument(preset))
        let input = try CheckInput(json: data)
        #expect(input.venue?.name == name)
        #expect(input.policy == preset.policy)
        for market in preset.markets { #expect(input.markets[market.symbol] == market) }
    }

    @Test func aGivenMarketOverridesThePresets() throws {
        let input = try CheckInput(json: Data("""
            {"venue": "binance", "markets": [{"symbol": "BTCUSDT", "tickSize": "1", "lotSize": "0.01",
              "riskTiers": [{"maintenanceMarginRate": "0.01", "maintenanceAmount": "0", "maxLeverage": "50"}],
              "liquidationFeeRate": "0", "takerFeeRate": "0"}], "accounts": [], "markPrices": {}}
            """.utf8))
        #expect(input.markets["BTCUSDT"]?.tickSize == 1)
        #expect(input.markets["ETHUSDT"] == VenuePreset.binance.markets[1])
    }
}
