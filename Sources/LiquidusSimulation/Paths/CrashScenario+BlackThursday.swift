extension CrashScenario {
    /// Bitcoin's "Black Thursday", 12–13 March 2020, 24 h of 1-second prices from 06:00 UTC on
    /// 12 March (one asset, BTC; an ordinary book throughout: no depth series of the day is used).
    ///
    /// Source figures (see `docs/simulation.md` for the citations):
    /// - LedgerPrime, "Crypto's Black Thursday: the Market Crash of March 2020": BitMEX XBTUSD
    ///   perpetual at 7,353 at 10:00 UTC, a first leg to 5,678 at about 10:45, then the second leg
    ///   overnight to 3,978 by 02:00 on 13 March, bottoming at 3,596 "around $400 lower than the
    ///   spot BTC-USD price at the same time" (≈ −51 % peak to trough, ≈ 16 h).
    /// - BTCMEX, "Black Thursday: what actually happened to Bitcoin": first crash 10:00–11:00 UTC
    ///   from 7,300 to 5,690; second 23:00–02:15 UTC from 5,800 to 3,900.
    /// - CryptoGlobe (Datamish data): $1.17 B of longs liquidated on BitMEX on 12 March, $485 M
    ///   more by 02:00 on 13 March, only $14 M of shorts; price back above 5,500 later on 13 March.
    ///
    /// The exogenous path is the *spot* market (trough 3,900, −50 % from 7,800 at 06:00): the
    /// perpetual's extra ~400 below spot is what liquidation flow did on BitMEX, and is what the
    /// simulation's cascade feedback adds on top of this path. Volume per second follows the
    /// documented shape: quiet morning, spikes ×6 in both legs, ×2 in between, ×3 on the rebound.
    public static func blackThursday(seed: UInt64) -> ScenarioPath {
        let calm = 1.4e-4  // ≈ 4 % a day: BTC's ordinary daily volatility at the time
        let segments = [
            Segment(seconds: 4 * 3600, endPrice: 7353, sigma: calm, jumpsPerHour: 0.5, jumpMean: -0.001, jumpSD: 0.002, volume: 1, label: "morning drift (06:00–10:00)"),
            Segment(seconds: 45 * 60, endPrice: 5678, sigma: 5 * calm, jumpsPerHour: 12, jumpMean: -0.006, jumpSD: 0.006, volume: 6, label: "first leg (10:00–10:45)"),
            Segment(seconds: 3 * 3600 + 15 * 60, endPrice: 5950, sigma: 3 * calm, jumpsPerHour: 3, jumpMean: 0, jumpSD: 0.004, volume: 2, label: "consolidation (10:45–14:00)"),
            Segment(seconds: 5 * 3600, endPrice: 5600, sigma: 2.5 * calm, jumpsPerHour: 2, jumpMean: -0.001, jumpSD: 0.004, volume: 2, label: "consolidation (14:00–19:00)"),
            Segment(seconds: 4 * 3600, endPrice: 5800, sigma: 2.5 * calm, jumpsPerHour: 2, jumpMean: 0, jumpSD: 0.004, volume: 2, label: "consolidation (19:00–23:00)"),
            Segment(seconds: 3 * 3600 + 6 * 60, endPrice: 3900, sigma: 5 * calm, jumpsPerHour: 14, jumpMean: -0.007, jumpSD: 0.007, volume: 6, label: "second leg (23:00–02:06)"),
            Segment(seconds: 9 * 60, endPrice: 3950, sigma: 5 * calm, jumpsPerHour: 8, jumpMean: 0.003, jumpSD: 0.006, volume: 5, label: "bottom (02:06–02:15)"),
            Segment(seconds: 3 * 3600 + 45 * 60, endPrice: 5000, sigma: 3 * calm, jumpsPerHour: 4, jumpMean: 0.003, jumpSD: 0.005, volume: 3, label: "rebound (02:15–06:00)"),
        ]
        var path = bridged(start: 7800, segments: segments, baseVolume: 4, seed: seed)
        path.name = "black-thursday (12–13 March 2020, seed \(seed))"
        path.notes = [
            "Modelled on BTC, 12–13 March 2020 (\"Black Thursday\"), 06:00–06:00 UTC, 1-second marks.",
            "Anchors: 7,800 at 06:00; 7,353 at 10:00; 5,678 at 10:45 (first leg, −23 % in 45 min); 5,600–5,950 until 23:00; 3,900 at 02:06 (second leg, −33 % in 3 h); 5,000 at 06:00.",
            "Exogenous (spot) peak to trough −50 % in about 16 h; BitMEX's perpetual fell to 3,596, ~400 below spot, under liquidation flow (LedgerPrime).",
            "Documented liquidations on BitMEX: $1.17 B of longs on 12 March and $485 M by 02:00 on 13 March, $14 M of shorts (CryptoGlobe / Datamish).",
            "Volume shape: ×6 in both legs, ×2 in between, ×3 on the rebound (relative to the quiet morning).",
        ]
        var scenario = ScenarioPath(single: path)
        scenario.startLabel = "2020-03-12 06:00 UTC"
        return scenario
    }
}
