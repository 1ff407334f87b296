extension VenuePreset {
    /// Bybit USDT perpetual (linear) BTCUSDT with its risk-limit tiers.
    ///
    /// - Tables: the two tiers that public sources give (ccxt PR 22459, 2024-05-10, live
    ///   `fetchLeverageTiers` output; Bybit help "Maintenance Margin (USDT Contract)", 2025-09-05):
    ///   ≤ 2,000,000 at MMR 0.5 % (100×) and ≤ 2,600,000 at 0.56 % (90×). The MM deductions are
    ///   computed with Bybit's recurrence `deduction(n) = limit(n−1) × (MMR(n) − MMR(n−1)) + deduction(n−1)`.
    ///   Bybit's table continues beyond 2,600,000; no public copy of the rest was retrievable, so
    ///   larger notionals are charged at the second tier (see `docs/venues.md` §2.1).
    /// - Grids and fees: BTCUSDT instrument info (tick 0.10, qty step 0.001), taker 0.055 %.
    ///   Bybit publishes no separate liquidation fee; the taker rate is used for the liquidation step.
    /// - Policy: Bybit lowers the risk-limit tier (partial liquidation to the next lower tier).
    ///
    /// Differences: Bybit's published liquidation price uses maintenance margin at the *entry*
    /// price and counts an estimated fee to close in the position margin, so its prices sit a
    /// little closer to entry than Liquidus' (worked example: long 1 BTC at 20,000, 50×: Bybit
    /// 19,700, Liquidus 19,698.5). See `docs/venue-examples.md` BY-1, BY-2.
    public static let bybit = VenuePreset(
        name: "bybit",
        title: "Bybit USDT perpetual (linear)",
        source: "ccxt PR 22459 (Bybit v5 risk-limit output, 2024-05-10); Bybit help 'Maintenance Margin (USDT Contract)' (2025-09-05), 'Liquidation Price (USDT Contract)'",
        tablesAsOf: "2024-05-10 (tiers 1-2 only)",
        differences: "Bybit computes maintenance margin at the entry price and includes an estimated closing fee in its liquidation price; only the first two risk-limit tiers are public here",
        policy: .stepDownTier,
        markets: [
            PresetTable.market(PresetMarket(
                symbol: "BTCUSDT", tickSize: "0.1", lotSize: "0.001", minOrderSize: "0.001",
                liquidationFeeRate: "0.00055", takerFeeRate: "0.00055", markMethod: .bybit,
                funding: PresetTable.funding(interval: 28_800, interest: "0.0001", clamp: "0.0005", cap: nil),
                tiers: [
                    PresetTier(cap: "2000000", rate: "0.005", amount: "0", maxLeverage: "100"),
                    PresetTier(cap: "2600000", rate: "0.0056", amount: "1200", maxLeverage: "90"),
                ])),
        ])
}
