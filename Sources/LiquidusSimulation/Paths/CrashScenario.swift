import Foundation
import LiquidusRandom

/// Generated price paths: geometric Brownian motion with Poisson jumps, seeded, pinned to anchor
/// points (a Brownian bridge per segment) so that a path reproduces documented figures, and
/// correlated across assets.
///
/// Per second, asset `i`'s log price moves by `σ·sᵢ·Zᵢ` plus, with probability `λ` per second, a
/// jump `βᵢ·J` with `J ~ Normal(jumpMean, jumpSD)` common to all assets (a market-wide shock):
/// `Z = L·ε` with `ε` independent standard normals and `L` the Cholesky factor of the assets'
/// correlation matrix, `sᵢ` the asset's volatility scale and `βᵢ` its jump beta. Between two
/// anchors `(t₀, p₀)`, `(t₁, p₁)` the increments are drawn as above and then bridged: the
/// cumulative log return `S_k` becomes `S_k − (k ÷ n)·(S_n − ln(p₁ ÷ p₀))`, so every path passes
/// through its anchors exactly and keeps the noise and the jumps in between. Same seed, same
/// paths (``SeededGenerator``).
public enum CrashScenario {
    /// One regime between two anchors.
    public struct Segment: Sendable, Hashable {
        /// Seconds the segment lasts.
        public var seconds: Int
        /// Each asset's price at its end.
        public var endPrices: [Double]
        /// Volatility per second of the log price (before each asset's scale).
        public var sigma: Double
        /// Jumps per hour.
        public var jumpsPerHour: Double
        /// Mean and standard deviation of a jump of the log price (before each asset's beta).
        public var jumpMean: Double
        /// See ``jumpMean``.
        public var jumpSD: Double
        /// Volume per second (contracts) in this regime, before noise.
        public var volume: Double
        /// A label for the report (`"first leg"`).
        public var label: String

        /// Creates a segment of several assets.
        public init(seconds: Int, endPrices: [Double], sigma: Double, jumpsPerHour: Double, jumpMean: Double, jumpSD: Double, volume: Double, label: String) {
            self.seconds = seconds
            self.endPrices = endPrices
            self.sigma = sigma
            self.jumpsPerHour = jumpsPerHour
            self.jumpMean = jumpMean
            self.jumpSD = jumpSD
            self.volume = volume
            self.label = label
        }

        /// Creates a segment of one asset.
        public init(seconds: Int, endPrice: Double, sigma: Double, jumpsPerHour: Double, jumpMean: Double, jumpSD: Double, volume: Double, label: String) {
            self.init(seconds: seconds, endPrices: [endPrice], sigma: sigma, jumpsPerHour: jumpsPerHour, jumpMean: jumpMean, jumpSD: jumpSD, volume: volume, label: label)
        }
    }

    /// How one asset moves relative to the segments' common figures.
    public struct AssetMotion: Sendable, Hashable {
        /// The asset's price at second 0.
        public var start: Double
        /// Its volatility relative to the segments' `sigma`.
        public var volatilityScale: Double
        /// Its share of each common jump.
        public var jumpBeta: Double

        /// Creates a motion.
        public init(start: Double, volatilityScale: Double = 1, jumpBeta: Double = 1) {
            self.start = start
            self.volatilityScale = volatilityScale
            self.jumpBeta = jumpBeta
        }
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

    /// One asset's path through `segments` from `start`, each bridged to its end price.
    public static func bridged(start: Double, segments: [Segment], baseVolume: Double, seed: UInt64) -> PricePath {
        correlated(assets: [AssetMotion(start: start)], correlation: [[1]], segments: segments, baseVolume: baseVolume, seed: seed)[0]
    }

    /// Paths of several assets through `segments` (each segment gives every asset's end price),
    /// with the correlation matrix `correlation` (symmetric, unit diagonal, positive definite)
    /// between their per-second shocks and common jumps scaled by each asset's beta; each
    /// segment bridged to its end prices. The volumes are the headline asset's regime volume
    /// with log-normal noise.
    /// - Complexity: O(seconds × assets²).
    public static func correlated(assets: [AssetMotion], correlation: [[Double]], segments: [Segment], baseVolume: Double, seed: UInt64) -> [PricePath] {
        precondition(segments.allSatisfy { $0.endPrices.count == assets.count }, "each segment gives every asset's end price")
        var random = SeededGenerator(seed: seed ^ 0x6372_6173_6870_6174)
        let factor = cholesky(correlation)
        let count = assets.count
        var prices = assets.map { [$0.start] }
        var volumes: [Double] = [baseVolume * (segments.first?.volume ?? 1)]
        var levels = assets.map(\.start)
        for segment in segments where segment.seconds > 0 {
            let n = segment.seconds
            let lambda = segment.jumpsPerHour / 3600
            var cumulative = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: count)
            var shocks = [Double](repeating: 0, count: count)
            for k in 1...n {
                for i in 0..<count { shocks[i] = random.normal() }
                let jump = lambda > 0 && random.unit() < lambda ? segment.jumpMean + segment.jumpSD * random.normal() : 0
                for i in 0..<count {
                    var z = 0.0
                    for j in 0...i { z += factor[i][j] * shocks[j] }
                    cumulative[i][k] = cumulative[i][k - 1] + segment.sigma * assets[i].volatilityScale * z + assets[i].jumpBeta * jump
                }
                volumes.append(baseVolume * segment.volume * random.logNormal(median: 1, sigma: 0.5))
            }
            for i in 0..<count {
                let target = log(segment.endPrices[i] / levels[i])
                let excess = cumulative[i][n] - target
                for k in 1...n {
                    let value = levels[i] * exp(cumulative[i][k] - Double(k) / Double(n) * excess)
                    prices[i].append(Swift.min(1e9, Swift.max(1e-6, value)))
                }
                levels[i] = segment.endPrices[i]
            }
        }
        return prices.map { PricePath(name: "bridged", prices: $0, volumes: volumes) }
    }

    /// The lower-triangular `L` with `L·Lᵀ = matrix` (Cholesky–Banachiewicz); a matrix that is
    /// not positive definite is a programmer error (scenario constants).
    static func cholesky(_ matrix: [[Double]]) -> [[Double]] {
        let n = matrix.count
        var factor = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i][j]
                for k in 0..<j { sum -= factor[i][k] * factor[j][k] }
                if i == j {
                    precondition(sum > 0, "the correlation matrix is not positive definite")
                    factor[i][j] = sum.squareRoot()
                } else {
                    factor[i][j] = sum / factor[j][j]
                }
            }
        }
        return factor
    }
}
