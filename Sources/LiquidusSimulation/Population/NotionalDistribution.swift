import Foundation
import LiquidusRandom

/// The distribution of an account's total notional: a log-normal body of retail accounts and a
/// Pareto tail of large ones.
///
/// With probability ``tailShare`` the notional is Pareto, `x_min × U^(−1/α)` (`U` uniform in
/// (0, 1]), else log-normal with median ``bodyMedian`` and σ ``bodySigma``; at most ``maximum``.
///
/// **Calibration.** The tail exponent α = 1.5 is the one of the order-size distribution of
/// financial markets, `P(V > x) ~ x^(−3/2)` (X. Gabaix, P. Gopikrishnan, V. Plerou,
/// H. E. Stanley, "A theory of power-law distributions in financial market fluctuations",
/// *Nature* 423, 2003). The tail share is set so that the mean notional matches the mean
/// liquidated position of 10–11 October 2025: $19.13 B from 1,618,240 traders in 24 h
/// (CoinGlass), $11,822 per trader. With a body of median 2,000 and σ 1.2 (mean 4,110) and a tail
/// from 50,000 (mean `α ÷ (α − 1) × x_min` = 150,000), the share is
/// `(11,822 − 4,110) ÷ (150,000 − 4,110)` = 5.3 %. Of 100,000 accounts some 5,300 are in the tail
/// and the largest is typically 10–20 M: the large positions where venues' partial rules act
/// (Hyperliquid's 100,000 threshold, Bybit's 2,000,000 first risk limit) are present in about
/// the numbers they have.
public struct NotionalDistribution: Sendable, Hashable {
    /// The body's median.
    public var bodyMedian: Double = 2_000
    /// σ of the body's log.
    public var bodySigma: Double = 1.2
    /// The share of accounts in the tail.
    public var tailShare: Double = 0.053
    /// Where the tail starts.
    public var tailMinimum: Double = 50_000
    /// The tail exponent α.
    public var tailExponent: Double = 1.5
    /// The largest notional drawn.
    public var maximum: Double = 50_000_000

    /// The calibration above.
    public init() {}

    /// The mean of the distribution before the cap: `(1 − p) × median × e^(σ²/2) + p × α x_min ÷ (α − 1)`.
    public var mean: Double {
        (1 - tailShare) * bodyMedian * exp(bodySigma * bodySigma / 2) + tailShare * tailExponent * tailMinimum / (tailExponent - 1)
    }

    /// One draw.
    func draw(using random: inout SeededGenerator) -> Double {
        let value: Double
        if random.unit() < tailShare {
            let u = Swift.max(random.unit(), 0x1.0p-53)
            value = tailMinimum * pow(u, -1 / tailExponent)
        } else {
            value = random.logNormal(median: bodyMedian, sigma: bodySigma)
        }
        return Swift.min(value, maximum)
    }
}
