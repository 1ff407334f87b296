public import LiquidusCore

/// The markets a scenario trades on a venue preset: the preset's own market for each asset
/// where it lists one, otherwise one derived from it.
///
/// A derived market (for example SOL on a preset that lists only BTC and ETH) takes the preset's
/// risk tiers and fees from its ETH market (else its first market) and the asset's grids from
/// ``grids``; its symbol is the asset's name followed by the preset's quote suffix
/// (`SOLUSDT` next to `BTCUSDT`, `SOL` next to `BTC`). The report says which markets are derived.
public enum SimulatedMarkets {
    /// Tick and lot assumed for an asset the preset does not list (those of the major venues'
    /// perpetuals at 2025 prices): BTC 0.1 / 0.001, ETH 0.01 / 0.01, SOL 0.01 / 0.01; any other
    /// asset 0.0001 / 1.
    public static func grids(of asset: String) -> (tick: Price, lot: Quantity) {
        switch asset {
        case "BTC": (Price(units: 10_000_000), Quantity(units: 100_000))
        case "ETH": (Price(units: 1_000_000), Quantity(units: 1_000_000))
        case "SOL": (Price(units: 1_000_000), Quantity(units: 1_000_000))
        default: (Price(units: 10_000), Quantity(units: 100_000_000))
        }
    }

    /// The market of `asset` on `preset`, and whether it was derived.
    public static func market(for asset: String, on preset: VenuePreset) -> (market: Market, derived: Bool) {
        if let own = preset.markets.first(where: { $0.symbol == asset || $0.symbol.hasPrefix(asset) }) { return (own, false) }
        let template = preset.markets.first { $0.symbol.hasPrefix("ETH") } ?? preset.markets[0]
        let first = preset.markets[0].symbol
        let suffix = first.hasPrefix("BTC") ? String(first.dropFirst(3)) : ""
        let (tick, lot) = grids(of: asset)
        // The template's fields are valid and the grids are positive constants: this cannot fail.
        let market = try? Market(
            symbol: asset + suffix, tickSize: tick, lotSize: lot, minOrderSize: lot, riskTiers: template.riskTiers.tiers,
            liquidationFeeRate: template.liquidationFeeRate, takerFeeRate: template.takerFeeRate)
        return (market ?? template, market != nil)
    }

    /// The markets of `assets` on `preset`, in the order of `assets`.
    public static func markets(for assets: [String], on preset: VenuePreset) -> [(market: Market, derived: Bool)] {
        assets.map { market(for: $0, on: preset) }
    }
}
