import Foundation
import LiquidusRandom

/// Generated price paths: geometric Brownian motion with Poisson jumps, seeded, optionally pinned
/// to anchor points (a Brownian bridge per segment) so that a path reproduces documented figures.
///
/// Per second, the log price moves by `σ·Z` plus, with probability `λ` per second, a jump
/// `J ~ Normal(jumpMean, jumpSD)`. Between two anchors `(t₀, p₀)`, `(t₁, p₁)` the increments are
/// drawn as above and then bridged: the cumulative log return `S_k` becomes
/// `S_k − (k ÷ n)·(S_n − ln(p₁ ÷ p₀))`, so the path passes through every anchor exactly and keeps
/// the noise and the jumps in between. Same seed, same path (``SeededGenerator``).
public enum CrashScenario {
    /// One regime between two anchors.
    public struct Segment: Sendable, Hashable {
        /// Seconds the segment lasts.
        public var seconds: Int
        /// The price at its end.
        public var endPrice: Double
        /// Volatility per second of the log price.
        public var sigma: Double
        /// Jumps per hour.
        public var jumpsPerHour: Double
        /// Mean and standard deviation of a jump of the log price.
        public var jumpMean: Double
        /// See ``jumpMean``.
        public var jumpSD: Double
        /// Volume per second (contracts) in this regime, before noise.
        public var volume: Double
        /// A label for the report (`"first leg"`).
        public var label: String

        /// Creates a segment.
        public init(seconds: Int, endPrice: Double, sigma: Double, jumpsPerHour: Double, jumpMean: Double, jumpSD: Double, volume: Double, label: String) {
            self.seconds = seconds
            self.endPrice = endPrice
            self.sigma = sigma
            self.jumpsPerHour = jumpsPerHour
            self.jumpMean = jumpMean
            self.jumpSD = jumpSD
            self.volume = volume
            self.label = label
        }
    }

    /// The default scenario, modelled on Bitcoin's "Black Thursday", 12–13 March 2020, 24 h of
    /// 1-second prices from 06:00 UTC on 12 March.
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
    public static func blackThursday(seed: UInt64) -> PricePath {
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
        return path
    }

    /// A plain geometric Brownian motion with jumps from `start` for `seconds` seconds.
    /// - Parameters:
    ///   - dailyDrift: expected log return per day.
    ///   - dailyVolatility: standard deviation of the log return per day (σ per second is
    ///     `dailyVolatility ÷ √86,400`).
    ///   - jumpsPerHour: Poisson rate of jumps; each jump's log size is Normal(`jumpMean`, `jumpSD`).
    public static func gbm(
        start: Double, seconds: Int, dailyDrift: Double, dailyVolatility: Double, jumpsPerHour: Double,
        jumpMean: Double, jumpSD: Double, seed: UInt64
    ) -> PricePath {
        var random = SeededGenerator(seed: seed ^ 0x6762_6D70_6174_6800)
        let sigma = dailyVolatility / 86_400.0.squareRoot()
        let mu = dailyDrift / 86_400
        let lambda = jumpsPerHour / 3600
        var prices = [Double](repeating: start, count: Swift.max(1, seconds))
        var volumes = [Double](repeating: 0, count: prices.count)
        var log = Foundation.log(start)
        for index in prices.indices {
            if index > 0 {
                log += mu + sigma * random.normal()
                if random.unit() < lambda { log += jumpMean + jumpSD * random.normal() }
            }
            prices[index] = Swift.min(1e9, Swift.max(1e-6, exp(log)))
            volumes[index] = 4 * random.logNormal(median: 1, sigma: 0.5)
        }
        return PricePath(
            name: "gbm (seed \(seed))", prices: prices, volumes: volumes,
            notes: [String(format: "GBM with jumps: start %.2f, drift %.4f/day, volatility %.4f/day, %.2f jumps/h of N(%.4f, %.4f) in log price.", start, dailyDrift, dailyVolatility, jumpsPerHour, jumpMean, jumpSD)])
    }

    /// A slow decline then a gap: `start` falls by `declineFraction` over `declineSeconds`
    /// (calm noise), then in one second by `gapFraction`, then stays near that level for
    /// `afterSeconds`. The scenario where a partial close leaves a position that the gap jumps
    /// straight past its bankruptcy price (see `docs/simulation.md`).
    public static func gap(start: Double, declineFraction: Double, declineSeconds: Int, gapFraction: Double, afterSeconds: Int, seed: UInt64) -> PricePath {
        let beforeGap = start * (1 - declineFraction)
        let afterGap = beforeGap * (1 - gapFraction)
        let segments = [
            Segment(seconds: declineSeconds, endPrice: beforeGap, sigma: 1e-4, jumpsPerHour: 0, jumpMean: 0, jumpSD: 0, volume: 1, label: "slow decline"),
            Segment(seconds: 1, endPrice: afterGap, sigma: 0, jumpsPerHour: 0, jumpMean: 0, jumpSD: 0, volume: 10, label: "gap"),
            Segment(seconds: afterSeconds, endPrice: afterGap, sigma: 1e-4, jumpsPerHour: 0, jumpMean: 0, jumpSD: 0, volume: 2, label: "after the gap"),
        ]
        var path = bridged(start: start, segments: segments, baseVolume: 4, seed: seed)
        path.name = String(format: "gap (−%.1f %% over %d s, then −%.1f %% in one second, seed %llu)", declineFraction * 100, declineSeconds, gapFraction * 100, seed)
        path.notes = [String(format: "Slow decline of %.1f %% over %d s, then a one-second gap of %.1f %%, then flat for %d s.", declineFraction * 100, declineSeconds, gapFraction * 100, afterSeconds)]
        return path
    }

    /// Builds a path through `segments` from `start`, each bridged to its end price.
    public static func bridged(start: Double, segments: [Segment], baseVolume: Double, seed: UInt64) -> PricePath {
        var random = SeededGenerator(seed: seed ^ 0x6372_6173_6870_6174)
        var prices: [Double] = [start]
        var volumes: [Double] = [baseVolume * segments[0].volume]
        var level = start
        for segment in segments where segment.seconds > 0 {
            let n = segment.seconds
            let lambda = segment.jumpsPerHour / 3600
            var cumulative = [Double](repeating: 0, count: n + 1)
            for k in 1...n {
                var step = segment.sigma * random.normal()
                if lambda > 0, random.unit() < lambda { step += segment.jumpMean + segment.jumpSD * random.normal() }
                cumulative[k] = cumulative[k - 1] + step
            }
            let target = log(segment.endPrice / level)
            let excess = cumulative[n] - target
            for k in 1...n {
                let value = level * exp(cumulative[k] - Double(k) / Double(n) * excess)
                prices.append(Swift.min(1e9, Swift.max(1e-6, value)))
                volumes.append(baseVolume * segment.volume * random.logNormal(median: 1, sigma: 0.5))
            }
            level = segment.endPrice
        }
        return PricePath(name: "bridged", prices: prices, volumes: volumes)
    }
}
