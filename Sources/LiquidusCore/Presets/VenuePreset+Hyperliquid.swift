extension VenuePreset {
    /// Hyperliquid BTC and ETH perpetuals with their margin tiers.
    ///
    /// - Tables: Hyperliquid docs "Margin tiers" (GitBook, undated; the version with BTC at 40×):
    ///   BTC 40× up to 150,000,000 notional then 20×; ETH 25× up to 100,000,000 then 15×.
    ///   Maintenance rate = half the initial margin at max leverage, `1 ÷ (2 × maxLeverage)`;
    ///   deductions by `deduction(n) = lowerBound(n) × (MMR(n) − MMR(n−1)) + deduction(n−1)`.
    ///   ETH's second rate, 1/30, has no finite decimal: it is rounded *up* to 0.03333334 (more
    ///   margin, the solvent side) and its deduction set to 1,333,334 so the table stays exactly
    ///   continuous at 100,000,000.
    /// - Formula: docs "Liquidations": `liq = price − side × margin_available ÷ |q| ÷ (1 − l × side)`,
    ///   `l = 1 ÷ MAINTENANCE_LEVERAGE` — identical to Liquidus' equity = maintenance.
    /// - Grids and fees: prices have at most 5 significant figures (tick 1 for BTC and 0.1 for
    ///   ETH at today's prices), sizes `szDecimals` 5 (BTC) and 4 (ETH); taker 0.045 %; no
    ///   liquidation fee.
    /// - Policy: positions above 100,000 USDC notional are liquidated 20 % at a time with a 30 s
    ///   cooldown (any liquidation during it is full); the backstop takes over when equity is
    ///   below 2/3 of maintenance.
    ///
    /// Differences: Hyperliquid liquidates when equity < maintenance (Liquidus: ≤); its tick is
    /// price-dependent (5 significant figures), fixed here at today's band. See `docs/venues.md` §3.
    public static let hyperliquid = VenuePreset(
        name: "hyperliquid",
        title: "Hyperliquid perpetuals",
        source: "Hyperliquid docs: Trading > Margin tiers, Trading > Liquidations (GitBook, undated); freqtrade tests/exchange/test_hyperliquid.py (exchange-reported prices)",
        tablesAsOf: "2026-11 (BTC 40x / ETH 25x version of the docs)",
        differences: "liquidation when equity < maintenance (Liquidus: ≤); tick is 5 significant figures (fixed here at today's band); ETH tier-2 rate 1/30 rounded up to 0.03333334",
        policy: .fixedFraction(fraction: Rate(units: 20_000_000), cooldownSeconds: 30, fullBelowNotional: Money(100_000)),
        markets: [
            PresetTable.market(PresetMarket(
                symbol: "BTC", tickSize: "1", lotSize: "0.00001", minOrderSize: "0.00001",
                liquidationFeeRate: "0", takerFeeRate: "0.00045", markMethod: .hyperliquid,
                funding: PresetTable.funding(interval: 3_600, interest: "0.0001", clamp: "0.0005", cap: "0.04", periodsPerRate: 8, weighting: .equal, price: .index),
                tiers: [
                    PresetTier(cap: "150000000", rate: "0.0125", amount: "0", maxLeverage: "40"),
                    PresetTier(cap: nil, rate: "0.025", amount: "1875000", maxLeverage: "20"),
                ])),
            PresetTable.market(PresetMarket(
                symbol: "ETH", tickSize: "0.1", lotSize: "0.0001", minOrderSize: "0.0001",
                liquidationFeeRate: "0", takerFeeRate: "0.00045", markMethod: .hyperliquid,
                funding: PresetTable.funding(interval: 3_600, interest: "0.0001", clamp: "0.0005", cap: "0.04", periodsPerRate: 8, weighting: .equal, price: .index),
                tiers: [
                    PresetTier(cap: "100000000", rate: "0.02", amount: "0", maxLeverage: "25"),
                    PresetTier(cap: nil, rate: "0.03333334", amount: "1333334", maxLeverage: "15"),
                ])),
        ])
}
