public import LiquidusCore

/// Hyperliquid's exponential moving average with time weights, in exact fixed point:
/// for a sample `x` at `t` units of engine time (milliseconds, or seconds for a log that records
/// no unit: see ``LiquidusCore/TimeUnit``) after the previous update,
/// `numerator ← numerator·e^(−t/τ) + x·t`, `denominator ← denominator·e^(−t/τ) + t`, and the
/// average is `numerator ÷ denominator`.
///
/// Fixed point: both sums carry a scale of 10¹²; `e^(−t/τ)` is `d_s^s · d_ms^r` for
/// `t = s` seconds `+ r` milliseconds, with `d_s = ⌊e^(−1/τ)·10¹²⌋` and
/// `d_ms = ⌊e^(−1/(1000τ))·10¹²⌋` constants of ``Horizon``, every product rounded down (toward
/// −∞), by squaring; beyond `40·τ` the factor is 0 (below 10⁻¹⁷). The average is rounded toward
/// zero. The first sample weighs one second; a sample at the same time as the previous one weighs
/// nothing (t = 0).
public struct TimeWeightedEMA: Hashable, Sendable {
    /// The time constant.
    public enum Horizon: Int64, Hashable, Sendable {
        /// 150 seconds (the basis of Hyperliquid's first mark component).
        case seconds150 = 150
        /// 30 seconds (the fallback component).
        case seconds30 = 30

        /// `⌊e^(−1/τ)·10¹²⌋`.
        var decayPerSecond: Int128 {
            switch self {
            case .seconds150: 993_355_506_255
            case .seconds30: 967_216_100_482
            }
        }

        /// `⌊e^(−1/(1000τ))·10¹²⌋`.
        var decayPerMillisecond: Int128 {
            switch self {
            case .seconds150: 999_993_333_355
            case .seconds30: 999_966_667_222
            }
        }
    }

    /// The fixed-point scale of the sums, 10¹².
    static let scale: Int128 = 1_000_000_000_000

    /// The time constant.
    public let horizon: Horizon
    /// Σ x·weight × 10¹² (price units).
    public private(set) var numerator: Int128 = 0
    /// Σ weight × 10¹² (units of engine time).
    public private(set) var denominator: Int128 = 0
    /// The time of the latest sample.
    public private(set) var lastTime: Int64?

    /// An empty average.
    public init(horizon: Horizon) { self.horizon = horizon }

    /// Restores an average from its sums (checked against what updates can reach in either
    /// time unit); `nil` when they are not such sums.
    public init?(horizon: Horizon, numerator: Int128, denominator: Int128, lastTime: Int64?) {
        let maxWeight = Int128(41 * horizon.rawValue * TimeUnit.milliseconds.perSecond) * Self.scale
        guard denominator >= 0, denominator <= maxWeight, (lastTime == nil) == (denominator == 0),
              numerator.magnitude <= UInt128(denominator) * UInt128(Limits.maxPrice.units) else { return nil }
        self.horizon = horizon
        self.numerator = numerator
        self.denominator = denominator
        self.lastTime = lastTime
    }

    /// The average, rounded toward zero; `nil` before the first sample.
    public var value: Int64? {
        guard denominator > 0 else { return nil }
        return Int64(numerator / denominator)  // a weighted mean of samples, each within ±maxPrice
    }

    /// Adds `sample` (|sample| ≤ ``LiquidusCore/Limits/maxPrice``) at `time` in `unit` (not
    /// before ``lastTime``).
    public mutating func record(_ sample: Int64, at time: Int64, unit: TimeUnit) {
        let elapsed = lastTime.map { Swift.max(0, time - $0) } ?? unit.perSecond
        let capped = Swift.min(elapsed, 40 * horizon.rawValue * unit.perSecond)
        let (seconds, milliseconds) = unit == .milliseconds ? capped.quotientAndRemainder(dividingBy: 1_000) : (capped, 0)
        let factor = Self.decay(horizon.decayPerSecond, seconds: seconds) * Self.decay(horizon.decayPerMillisecond, seconds: milliseconds) / Self.scale
        numerator = Self.scaled(numerator, by: factor) + Int128(sample) * Int128(capped) * Self.scale
        denominator = Self.scaled(denominator, by: factor) + Int128(capped) * Self.scale
        lastTime = Swift.max(time, lastTime ?? time)
    }

    /// `⌊d^t⌋` at scale 10¹², each product rounded down.
    static func decay(_ perStep: Int128, seconds steps: Int64) -> Int128 {
        var result = scale
        var base = perStep
        var exponent = steps
        while exponent > 0 {
            if exponent & 1 == 1 { result = result * base / scale }
            base = base * base / scale
            exponent >>= 1
        }
        return result
    }

    /// `⌊x·f ÷ 10¹²⌋` without overflow: `x = q·10¹² + r`, so `x·f ÷ 10¹² = q·f + r·f ÷ 10¹²`.
    static func scaled(_ x: Int128, by factor: Int128) -> Int128 {
        let (quotient, remainder) = x.quotientAndRemainder(dividingBy: scale)
        return quotient * factor + WideDivision.divide(remainder * factor, by: scale, .down)
    }
}
