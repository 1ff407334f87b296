import Foundation

/// The mean of a metric over repeated runs and its two-sided 95 % confidence interval, Student t
/// on the runs' values:
///
///     mean = Σ xᵢ ÷ n,   s = √(Σ (xᵢ − mean)² ÷ (n − 1)),   mean ± t₀.₉₇₅,ₙ₋₁ · s ÷ √n
///
/// with `t₀.₉₇₅,ν` the 97.5 % quantile of Student's t with `ν = n − 1` degrees of freedom
/// (``studentT975(degreesOfFreedom:)``). One run has no spread: its interval is the value itself
/// and `s` is 0. Computed in `Double` in the order the values are given, so the same values give
/// the same bits.
public struct MeanInterval: Sendable, Hashable {
    /// The number of values.
    public var count: Int
    /// Their mean.
    public var mean: Double
    /// Their sample standard deviation (`n − 1` in the denominator; 0 for one value).
    public var standardDeviation: Double
    /// Half the interval's width, `t · s ÷ √n`.
    public var halfWidth: Double

    /// The interval's ends.
    public var low: Double { mean - halfWidth }
    /// See ``low``.
    public var high: Double { mean + halfWidth }

    /// The mean and interval of `values` (empty: all zero).
    /// - Complexity: O(values).
    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else {
            mean = 0
            standardDeviation = 0
            halfWidth = 0
            return
        }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        guard values.count > 1 else {
            standardDeviation = 0
            halfWidth = 0
            return
        }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        standardDeviation = (squares / (n - 1)).squareRoot()
        halfWidth = Self.studentT975(degreesOfFreedom: values.count - 1) * standardDeviation / n.squareRoot()
    }

    /// The 97.5 % quantile of Student's t with `ν` degrees of freedom: exact to three decimals
    /// from the table for ν ≤ 30, then the Cornish–Fisher expansion around z = 1.959964
    /// (`t ≈ z + (z³ + z) ÷ 4ν + (5z⁵ + 16z³ + 3z) ÷ 96ν² + (3z⁷ + 19z⁵ + 17z³ − 15z) ÷ 384ν³`,
    /// within 10⁻⁴ beyond 30).
    public static func studentT975(degreesOfFreedom ν: Int) -> Double {
        let table = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        guard ν > 0 else { return .infinity }
        if ν <= table.count { return table[ν - 1] }
        let z = 1.959964, v = Double(ν)
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
    }
}
