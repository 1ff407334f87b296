/// A market's volatility estimate from its mark ticks: the exponentially weighted moving
/// average of squared returns of RiskMetrics (J.P. Morgan/Reuters, *RiskMetrics — Technical
/// Document*, 4th ed., 1996, §5.2), `σ²ₜ = λ·σ²ₜ₋₁ + (1 − λ)·rₜ²` with `rₜ = (pₜ − pₜ₋₁) ÷ pₜ₋₁`
/// and λ = 0.94.
///
/// It is the `σ` of the impact model's input (a statistic, in `Double`: it never reaches a money
/// path). Deterministic: the same ticks give the same bits.
public struct MarkVolatility: Hashable, Sendable {
    /// The decay λ.
    public static let decay = 0.94
    /// The EWMA of squared returns.
    public private(set) var variance: Double = 0
    /// The last mark seen, in price units.
    public private(set) var lastMark: Int64?
    /// The returns seen.
    public private(set) var count: Int = 0

    /// No ticks yet.
    public init() {}

    /// Restores an estimate (from a snapshot).
    public init(variance: Double, lastMark: Int64?, count: Int) {
        self.variance = variance
        self.lastMark = lastMark
        self.count = count
    }

    /// `σ = √σ²` per tick, as a fraction of price.
    public var volatility: Double { variance.squareRoot() }

    /// Folds in a new mark (in price units, > 0).
    public mutating func observe(mark units: Int64) {
        defer { lastMark = units }
        guard let last = lastMark, last > 0 else { return }
        let r = Double(units - last) / Double(last)
        variance = count == 0 ? r * r : Self.decay * variance + (1 - Self.decay) * r * r
        count += 1
    }
}
