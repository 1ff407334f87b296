extension VenuePreset {
    /// Binance USDⓈ-M futures: BTCUSDT and ETHUSDT with their leverage brackets.
    ///
    /// - Tables: `GET /fapi/v1/leverageBracket` as snapshotted in freqtrade's
    ///   `freqtrade/exchange/binance_leverage_tiers.json` (commit 01d10aeb, July–September 2024);
    ///   the `cum` maintenance amounts are Binance's own and satisfy
    ///   `cum(n) = floor(n) × (MMR(n) − MMR(n−1)) + cum(n−1)` with `floor(n)` the bracket's lower bound.
    /// - Formula: Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Contracts"
    ///   `LP = (WB − TMM₁ + UPNL₁ + cumB − side·|q|·EP) ÷ (|q|·MMR − side·|q|)`, re-solved with the
    ///   bracket that holds the notional at LP — identical to Liquidus' equity = maintenance.
    /// - Grids and fees: exchangeInfo (tick 0.10 / 0.01, step 0.001, clearance fee 1.25 %), taker 0.05 %.
    /// - Policy: Binance cancels open orders, then reduces with one IOC order until the margin
    ///   requirement is met, else the position is taken over at the bankruptcy price (FAQ 360033525271):
    ///   here a margin ratio target of 1 less a buffer of 10⁻⁸, i.e. maintenance strictly below equity.
    ///
    /// Differences: a notional exactly equal to a cap is in the next bracket at Binance (same
    /// maintenance margin, by continuity; only max leverage differs at that point). Binance
    /// publishes no rounding of LP; Liquidus rounds toward solvency. See `docs/venues.md` §1.
    public static let binance = VenuePreset(
        name: "binance",
        title: "Binance USDⓈ-M futures",
        source: "Binance /fapi/v1/leverageBracket via freqtrade binance_leverage_tiers.json @01d10aeb; Binance FAQ b3c689c1f50a44cabb3a84e663b81d93 (liquidation price), 360033525271 (liquidation protocol)",
        tablesAsOf: "2024-07/2024-09 (snapshot)",
        differences: "a notional equal to a bracket cap belongs to the next bracket (same maintenance margin); LP not rounded by Binance, rounded toward solvency here",
        policy: .restoreMarginRatio(target: Rate.one, buffer: Rate(units: 1)),
        markets: [
            PresetTable.market(PresetMarket(
                symbol: "BTCUSDT", tickSize: "0.1", lotSize: "0.001", minOrderSize: "0.001",
                liquidationFeeRate: "0.0125", takerFeeRate: "0.0005", markMethod: .binance,
                funding: PresetTable.funding(interval: 28_800, interest: "0.0001", clamp: "0.0005", cap: "0.004"),
                tiers: [
                    PresetTier(cap: "50000", rate: "0.004", amount: "0", maxLeverage: "125"),
                    PresetTier(cap: "600000", rate: "0.005", amount: "50", maxLeverage: "100"),
                    PresetTier(cap: "3000000", rate: "0.0065", amount: "950", maxLeverage: "75"),
                    PresetTier(cap: "12000000", rate: "0.01", amount: "11450", maxLeverage: "50"),
                    PresetTier(cap: "70000000", rate: "0.02", amount: "131450", maxLeverage: "25"),
                    PresetTier(cap: "100000000", rate: "0.025", amount: "481450", maxLeverage: "20"),
                    PresetTier(cap: "230000000", rate: "0.05", amount: "2981450", maxLeverage: "10"),
                    PresetTier(cap: "480000000", rate: "0.1", amount: "14481450", maxLeverage: "5"),
                    PresetTier(cap: "600000000", rate: "0.125", amount: "26481450", maxLeverage: "4"),
                    PresetTier(cap: "800000000", rate: "0.15", amount: "41481450", maxLeverage: "3"),
                    PresetTier(cap: "1200000000", rate: "0.25", amount: "121481450", maxLeverage: "2"),
                    PresetTier(cap: "1800000000", rate: "0.5", amount: "421481450", maxLeverage: "1"),
                ])),
            PresetTable.market(PresetMarket(
                symbol: "ETHUSDT", tickSize: "0.01", lotSize: "0.001", minOrderSize: "0.001",
                liquidationFeeRate: "0.0125", takerFeeRate: "0.0005", markMethod: .binance,
                funding: PresetTable.funding(interval: 28_800, interest: "0.0001", clamp: "0.0005", cap: "0.004"),
                tiers: [
                    PresetTier(cap: "50000", rate: "0.004", amount: "0", maxLeverage: "125"),
                    PresetTier(cap: "600000", rate: "0.005", amount: "50", maxLeverage: "100"),
                    PresetTier(cap: "3000000", rate: "0.0065", amount: "950", maxLeverage: "75"),
                    PresetTier(cap: "12000000", rate: "0.01", amount: "11450", maxLeverage: "50"),
                    PresetTier(cap: "50000000", rate: "0.02", amount: "131450", maxLeverage: "25"),
                    PresetTier(cap: "65000000", rate: "0.025", amount: "381450", maxLeverage: "20"),
                    PresetTier(cap: "150000000", rate: "0.05", amount: "2006450", maxLeverage: "10"),
                    PresetTier(cap: "320000000", rate: "0.1", amount: "9506450", maxLeverage: "5"),
                    PresetTier(cap: "400000000", rate: "0.125", amount: "17506450", maxLeverage: "4"),
                    PresetTier(cap: "530000000", rate: "0.15", amount: "27506450", maxLeverage: "3"),
                    PresetTier(cap: "800000000", rate: "0.25", amount: "80506450", maxLeverage: "2"),
                    PresetTier(cap: "1200000000", rate: "0.5", amount: "280506450", maxLeverage: "1"),
                ])),
        ])
}
