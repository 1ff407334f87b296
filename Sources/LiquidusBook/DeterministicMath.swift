/// The natural logarithm, exponential and power, computed with IEEE-754 basic operations only,
/// so that they give the same bits on every machine.
///
/// IEEE-754 requires `+ − × ÷` and `√` to be correctly rounded, and scaling by a power of two,
/// rounding to an integer and reading a number's exponent and significand to be exact: those
/// give identical results everywhere. The C library's `exp`, `log` and `pow` are not required
/// to (glibc, musl and Apple's libm differ in the last bit on some arguments), and the impact
/// models' figures reach events and the state hash, which replay compares bit for bit. So the
/// models use these instead: fixed sequences of basic operations (a fixed number of series
/// terms, no data-dependent iteration), accurate to a few units in the last place — far below
/// what a model estimate means, and each is then rounded once into a fixed-point ``LiquidusCore/Rate``.
///
/// The compiler does not fuse a product and a sum into one fused multiply-add here (Swift does
/// not allow floating-point contraction), so the sequence of roundings is the one written.
public enum DeterministicMath {
    /// ln 2 split in two: the high part has 32 significant bits, so `k × high` is exact for every
    /// exponent `k` of a `Double` (fdlibm's `ln2_hi`/`ln2_lo`).
    static let ln2High = 6.93147180369123816490e-01
    static let ln2Low = 1.90821492927058770002e-10
    /// 1 ÷ ln 2.
    static let inverseLn2 = 1.44269504088896338700e+00
    /// `1 ÷ (2k + 1)` for k = 0…12, each the correctly rounded quotient (the same bits anywhere).
    static let logCoefficients: [Double] = (0...12).map { 1 / Double(2 * $0 + 1) }
    /// `1 ÷ k!` for k = 0…20: `k!` is exact in a `Double` up to 22!, so each is one correctly
    /// rounded quotient.
    static let expCoefficients: [Double] = (0...20).map { k in 1 / (1...max(k, 1)).reduce(1.0) { $0 * Double($1) } }

    /// The natural logarithm of `x`: `−∞` at 0, NaN below 0 or for NaN, `+∞` at `+∞`.
    ///
    /// `x = m × 2ᵉ` with `m` in [√½, √2) (exact), then `ln x = e·ln 2 + 2·atanh(s)` with
    /// `s = (m − 1) ÷ (m + 1)`, `|s| ≤ 0.172`, and `atanh(s) = s + s³/3 + s⁵/5 + …` to the term
    /// in s²⁵ (the next is below 10⁻²⁰ of the sum), by Horner's rule on the coefficients.
    /// - Complexity: O(1): some 30 multiplications and additions, one division.
    public static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var exponent = Double(x.exponent)
        var m = x.significand  // in [1, 2), exact
        if m > 1.4142135623730951 {
            m /= 2  // exact
            exponent += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        // Horner from the highest term: 1 + s²/3 + s⁴/5 + … + s²⁴/25.
        var series = logCoefficients[logCoefficients.count - 1]
        for index in stride(from: logCoefficients.count - 2, through: 0, by: -1) {
            series = series * s2 + logCoefficients[index]
        }
        return exponent * ln2High + (exponent * ln2Low + 2 * s * series)
    }

    /// `e` to the power `x`: `+∞` above ~709.78, `0` below ~−745.13, NaN for NaN.
    ///
    /// `x = k·ln 2 + r` with `k` the nearest integer to `x ÷ ln 2` and `|r| ≤ 0.35` (ln 2 in two
    /// parts, so `r` is nearly exact), `eʳ` by its Taylor series to the term in r²⁰ (the next is
    /// below 10⁻²⁷) by Horner's rule on the coefficients `1 ÷ n!`, then scaled by `2ᵏ` exactly.
    /// - Complexity: O(1): some 45 multiplications and additions.
    public static func exp(_ x: Double) -> Double {
        guard !x.isNaN else { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        let k = (x * inverseLn2).rounded(.toNearestOrEven)
        let r = (x - k * ln2High) - k * ln2Low
        var series = expCoefficients[expCoefficients.count - 1]
        for index in stride(from: expCoefficients.count - 2, through: 0, by: -1) {
            series = series * r + expCoefficients[index]
        }
        return Double(sign: .plus, exponent: Int(k), significand: series)
    }

    /// `x` to the power `y` for `x ≥ 0`: `exp(y · log x)`, with `0ʸ = 0` for `y > 0`, `1` for
    /// `y = 0` and `+∞` for `y < 0`; NaN for a negative or NaN `x`.
    /// - Complexity: O(1).
    public static func pow(_ x: Double, _ y: Double) -> Double {
        guard x >= 0, !y.isNaN else { return .nan }
        if y == 0 { return 1 }
        if x == 0 { return y > 0 ? 0 : .infinity }
        return exp(y * log(x))
    }
}
