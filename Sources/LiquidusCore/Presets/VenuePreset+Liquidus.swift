extension VenuePreset {
    /// Liquidus' own defaults: the tier tables of the conformance vectors
    /// (`Tests/LiquidusCheckTests/Vectors/liquidus-basics.json`), a 1.25 % liquidation fee to the insurance fund,
    /// and partial liquidation that restores a margin ratio of 0.8 (maintenance at 80 % of equity).
    ///
    /// Conventions (the reference the venue presets are compared against): maintenance margin
    /// `notional × r − a` of the tier whose cap is the first ≥ notional, rounded up; unrealized
    /// PnL rounded down; liquidation price where equity = maintenance (cross: other marks held
    /// fixed), bankruptcy price where equity = 0, both on the tick toward solvency.
    public static let liquidus = VenuePreset(
        name: "liquidus",
        title: "Liquidus defaults",
        source: "the conformance vectors' hand-derived tables (Tests/LiquidusCheckTests/Vectors/liquidus-basics.json)",
        tablesAsOf: "2026-11-25",
        differences: "none: these are the reference conventions",
        policy: .restoreMarginRatio(target: Rate(units: 80_000_000), buffer: .zero),
        markets: [
            PresetTable.market(PresetMarket(
                symbol: "BTCUSDT", tickSize: "0.1", lotSize: "0.001", minOrderSize: "0.001",
                liquidationFeeRate: "0.0125", takerFeeRate: "0.0005",
                tiers: [
                    PresetTier(cap: "50000", rate: "0.004", amount: "0", maxLeverage: "125"),
                    PresetTier(cap: "600000", rate: "0.005", amount: "50", maxLeverage: "100"),
                    PresetTier(cap: "3000000", rate: "0.01", amount: "3050", maxLeverage: "50"),
                    PresetTier(cap: nil, rate: "0.025", amount: "48050", maxLeverage: "20"),
                ])),
            PresetTable.market(PresetMarket(
                symbol: "ETHUSDT", tickSize: "0.01", lotSize: "0.001", minOrderSize: "0.001",
                liquidationFeeRate: "0.0125", takerFeeRate: "0.0005",
                tiers: [
                    PresetTier(cap: "10000", rate: "0.005", amount: "0", maxLeverage: "100"),
                    PresetTier(cap: nil, rate: "0.0065", amount: "15", maxLeverage: "75"),
                ])),
        ])
}
