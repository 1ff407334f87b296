extension CrashScenario {
    /// The crash of 10–11 October 2025, the largest liquidation day on record: BTC, ETH and SOL,
    /// 12 h of correlated 1-second prices from 15:00 UTC on 10 October to 03:00 UTC on 11 October,
    /// with the books' depth withdrawn as it was.
    ///
    /// Source figures (citations in `docs/simulation.md`):
    /// - CoinGlass (as relayed by several outlets): in about 45 minutes BTC fell 12 %, ETH 16 %
    ///   and SOL 31 %; $19.13 B liquidated from 1,618,240 traders in 24 h, $16.7 B of it longs.
    /// - CoinDesk Research: lows of BTC $106,560, ETH $3,551, SOL $174 (its index); perpetual
    ///   open interest down 43 %, from $217 B to $123 B, Hyperliquid's down 57 %.
    /// - Amberdata: the cascade ran from 20:50 UTC for 40 minutes ($6.93 B liquidated; 70 % of
    ///   the day's damage), worst minute 21:15 UTC ($3.21 B in 60 s); by 03:00 UTC $9.89 B; the
    ///   tariff announcement at 14:57 UTC.
    /// - Kaiko: order books "appeared empty" for several minutes, with bids left only in the 4 %
    ///   and 10 % bands; several accounts of the day put executable depth down about 98 % at
    ///   the worst.
    /// - ADL at several venues, Hyperliquid's first cross-margin ADL in more than two years
    ///   (Hyperliquid's statement); arXiv 2512.01112 and 2602.15182 measure its queue.
    ///
    /// Anchors (exogenous, spot-like): 15:00 BTC 121,800 / ETH 4,360 / SOL 223; 20:50 (the
    /// cascade starts) 121,000 / 4,230 / 219; the trough at 21:20, −12 %, −16 % and −31 % from
    /// 20:50: 106,500 / 3,553 / 151; 21:35 109,500 / 3,740 / 168; 23:00 111,200 / 3,800 / 178;
    /// 03:00 112,500 / 3,830 / 186. Correlation of the per-second shocks 0.85 (BTC–ETH),
    /// 0.78 (BTC–SOL), 0.80 (ETH–SOL); volatility scales 1, 1.35, 1.7 and jump betas 1, 1.3, 2.6
    /// (the relative sizes of the three falls). Depth: ordinary until 20:40, 60 % at 20:50, 2 %
    /// (−98 %) from 21:05 to 21:20, 10 % at 21:35, 35 % at 22:30, 60 % at 03:00 (depth stayed
    /// about a third below its October level a month later, CoinDesk Research).
    public static func october2025(seed: UInt64) -> ScenarioPath {
        let calm = 1.0e-4  // ≈ 3 % a day for BTC
        let minute = 60
        let segments = [
            Segment(seconds: 350 * minute, endPrices: [121_000, 4_230, 219], sigma: 1.5 * calm, jumpsPerHour: 1, jumpMean: -0.001, jumpSD: 0.002, volume: 1.5,
                    label: "after the tariff post (15:00–20:50)"),
            Segment(seconds: 30 * minute, endPrices: [106_500, 3_553, 151], sigma: 6 * calm, jumpsPerHour: 24, jumpMean: -0.004, jumpSD: 0.005, volume: 10,
                    label: "the cascade (20:50–21:20)"),
            Segment(seconds: 15 * minute, endPrices: [109_500, 3_740, 168], sigma: 5 * calm, jumpsPerHour: 12, jumpMean: 0.002, jumpSD: 0.005, volume: 6,
                    label: "first rebound (21:20–21:35)"),
            Segment(seconds: 85 * minute, endPrices: [111_200, 3_800, 178], sigma: 3 * calm, jumpsPerHour: 3, jumpMean: 0.001, jumpSD: 0.003, volume: 3,
                    label: "recovery (21:35–23:00)"),
            Segment(seconds: 240 * minute, endPrices: [112_500, 3_830, 186], sigma: 2 * calm, jumpsPerHour: 1, jumpMean: 0, jumpSD: 0.002, volume: 2,
                    label: "overnight (23:00–03:00)"),
        ]
        let motions = [
            AssetMotion(start: 121_800, volatilityScale: 1, jumpBeta: 1),
            AssetMotion(start: 4_360, volatilityScale: 1.35, jumpBeta: 1.3),
            AssetMotion(start: 223, volatilityScale: 1.7, jumpBeta: 2.6),
        ]
        let correlation: [[Double]] = [[1, 0.85, 0.78], [0.85, 1, 0.80], [0.78, 0.80, 1]]
        let paths = correlated(assets: motions, correlation: correlation, segments: segments, baseVolume: 4, seed: seed)
        let depth = DepthSchedule([
            (340 * minute, 1), (350 * minute, 0.6), (365 * minute, 0.02), (380 * minute, 0.02), (395 * minute, 0.1),
            (450 * minute, 0.35), (720 * minute, 0.6),
        ])
        let names = ["BTC", "ETH", "SOL"]
        let assets = zip(names, paths).map { name, path in
            var named = path
            named.name = "\(name) (10–11 October 2025, seed \(seed))"
            return ScenarioPath.Asset(name: name, path: named, depth: depth)
        }
        return ScenarioPath(
            name: "october-2025 (10–11 October 2025, BTC/ETH/SOL, seed \(seed))", assets: assets,
            notes: [
                "Modelled on 10–11 October 2025, 15:00–03:00 UTC: BTC, ETH and SOL, correlated, 1-second marks; the largest liquidation day on record ($19.13 B from 1,618,240 traders in 24 h, CoinGlass).",
                "Anchors at 20:50 (cascade start, Amberdata) → 21:20 (trough): BTC 121,000 → 106,500 (−12 %), ETH 4,230 → 3,553 (−16 %), SOL 219 → 151 (−31 %) (CoinGlass; CoinDesk Research lows BTC 106,560, ETH 3,551); then back to 112,500 / 3,830 / 186 by 03:00.",
                "Depth near the mid: ordinary until 20:40, 2 % of it (−98 %) from 21:05 to 21:20, 10 % at 21:35, 35 % at 22:30, 60 % at 03:00 (Kaiko: books 'appeared empty', bids left only in the 4 % and 10 % bands).",
                "Shock correlations 0.85 / 0.78 / 0.80 (BTC–ETH / BTC–SOL / ETH–SOL); common jumps with betas 1 / 1.3 / 2.6.",
            ],
            startLabel: "2025-10-10 15:00 UTC")
    }
}
