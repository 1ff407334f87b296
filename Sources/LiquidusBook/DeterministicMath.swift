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
        // Horner's rule on 1 + s²/3 + s⁴/5 + … + s²⁴/25, the coefficients literal quotients the
        // compiler rounds once (IEEE-754, the same bits anywhere).
        var series = 1.0 / 25
        series = series * s2 + 1.0 / 23
        series = series * s2 + 1.0 / 21
        series = series * s2 + 1.0 / 19
        series = series * s2 + 1.0 / 17
        series = series * s2 + 1.0 / 15
        series = series * s2 + 1.0 / 13
        series = series * s2 + 1.0 / 11
        series = series * s2 + 1.0 / 9
        series = series * s2 + 1.0 / 7
        series = series * s2 + 1.0 / 5
        series = series * s2 + 1.0 / 3
        series = series * s2 + 1
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
        // Horner's rule on Σ rⁿ ÷ n! for n ≤ 20; each n! is exact in a Double, each quotient a
        // literal the compiler rounds once.
        var series = 1.0 / 2_432_902_008_176_640_000
        series = series * r + 1.0 / 121_645_100_408_832_000
        series = series * r + 1.0 / 6_402_373_705_728_000
        series = series * r + 1.0 / 355_687_428_096_000
        series = series * r + 1.0 / 20_922_789_888_000
        series = series * r + 1.0 / 1_307_674_368_000
        series = series * r + 1.0 / 87_178_291_200
        series = series * r + 1.0 / 6_227_020_800
        series = series * r + 1.0 / 479_001_600
        series = series * r + 1.0 / 39_916_800
        series = series * r + 1.0 / 3_628_800
        series = series * r + 1.0 / 362_880
        series = series * r + 1.0 / 40_320
        series = series * r + 1.0 / 5_040
        series = series * r + 1.0 / 720
        series = series * r + 1.0 / 120
        series = series * r + 1.0 / 24
        series = series * r + 1.0 / 6
        series = series * r + 1.0 / 2
        series = series * r + 1
        series = series * r + 1
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
