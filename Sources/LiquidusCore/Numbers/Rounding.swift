/// The direction in which an inexact result is rounded.
///
/// Liquidus names the direction at every rounding, and chooses the one that protects the
/// venue's solvency: requirements (maintenance and initial margin, fees owed) round ``up``;
/// credits to the trader (equity, unrealized PnL) round ``down``; a long's liquidation and
/// bankruptcy prices round ``up`` (it is liquidated a little earlier), a short's round ``down``.
/// See ``Side/solvencyRounding``.
public enum Rounding: Sendable, Hashable {
    /// Toward negative infinity (floor).
    case down
    /// Toward positive infinity (ceiling).
    case up

    /// For an amount the trader owes or must hold (maintenance and initial margin, fees, a
    /// notional that requirements are computed from): ``up``, toward the venue's solvency.
    public static let requirement: Rounding = .up

    /// For an amount credited to the trader (equity, unrealized or realized PnL): ``down``,
    /// toward the venue's solvency.
    public static let credit: Rounding = .down
}

/// Integer division of wide intermediates with a named rounding direction.
public enum WideDivision {
    /// `numerator ÷ denominator` rounded ``Rounding/down`` (floor) or ``Rounding/up`` (ceiling),
    /// correct for every combination of signs. `denominator` must not be zero.
    ///
    /// Division by the scale (10⁸) or its square takes constant divisions, which the compiler
    /// turns into multiplications. When the dividend fits in 64 bits, one hardware 64-bit
    /// division does the work; otherwise one or two 128-by-64 ones do
    /// (``quotientAndRemainder(of:dividingBy:)``).
    /// All give the same exact result.
    @inlinable public static func divide(_ numerator: Int128, by denominator: Int128, _ rounding: Rounding) -> Int128 {
        let exactIsNegative = (numerator < 0) != (denominator < 0)
        let dividend = numerator.magnitude
        let divisor = denominator.magnitude
        let quotient: UInt128
        let remainderIsZero: Bool
        if divisor == 100_000_000 {
            // Division by the scale, the commonest: three 64-bit divisions by a constant, which
            // the compiler turns into multiplications.
            (quotient, remainderIsZero) = divideByScale(dividend)
        } else if divisor == 10_000_000_000_000_000 {
            (quotient, remainderIsZero) = divideByScaleSquared(dividend)
        } else if dividend >> 64 == 0, divisor >> 64 == 0 {
            let (q, r) = UInt64(truncatingIfNeeded: dividend).quotientAndRemainder(dividingBy: UInt64(truncatingIfNeeded: divisor))
            quotient = UInt128(q)
            remainderIsZero = r == 0
        } else {
            let (q, r) = quotientAndRemainder(of: dividend, dividingBy: divisor)
            quotient = q
            remainderIsZero = r == 0
        }
        return signed((quotient, remainderIsZero), negative: exactIsNegative, rounding)
    }

    /// `numerator ÷ 10⁸` rounded as named: ``divide(_:by:_:)`` by the scale, inlined at the call
    /// site, for the products of two fixed-point numbers.
    @inlinable @inline(__always)
    public static func divideByScale(_ numerator: Int128, _ rounding: Rounding) -> Int128 {
        signed(divideByScale(numerator.magnitude), negative: numerator < 0, rounding)
    }

    /// `numerator ÷ 10¹⁶` rounded as named (a tiered maintenance margin, formed in 10⁻²⁴), as
    /// two divisions by the scale: `⌊⌊x ÷ a⌋ ÷ b⌋ = ⌊x ÷ ab⌋`, exact when both steps are.
    @inlinable @inline(__always)
    public static func divideByScaleSquared(_ numerator: Int128, _ rounding: Rounding) -> Int128 {
        signed(divideByScaleSquared(numerator.magnitude), negative: numerator < 0, rounding)
    }

    /// `dividend ÷ 10¹⁶` and whether it is exact: ``divideByScale(_:)`` twice.
    @inlinable @inline(__always)
    public static func divideByScaleSquared(_ dividend: UInt128) -> (quotient: UInt128, exact: Bool) {
        let (once, onceExact) = divideByScale(dividend)
        let (twice, twiceExact) = divideByScale(once)
        return (twice, onceExact && twiceExact)
    }

    /// The signed result of a magnitude division, rounded as named: floor of a positive exact
    /// value is the quotient, ceiling one more when inexact; for a negative one the roles swap.
    @inlinable @inline(__always)
    static func signed(_ division: (quotient: UInt128, exact: Bool), negative: Bool, _ rounding: Rounding) -> Int128 {
        let bump: UInt128 = division.exact ? 0 : 1
        switch (negative, rounding) {
        case (false, .down): return nonNegative(division.quotient)
        case (false, .up): return nonNegative(division.quotient + bump)
        case (true, .down): return -nonNegative(division.quotient + bump)
        case (true, .up): return -nonNegative(division.quotient)
        }
    }

    /// `magnitude` as an `Int128`, trapping when it exceeds `Int128.max` as `Int128(_:)` does —
    /// but inline: the generic conversion is a call, made ~19 times per W3 quote.
    @inlinable @inline(__always)
    static func nonNegative(_ magnitude: UInt128) -> Int128 {
        precondition(magnitude >> 127 == 0, "the quotient does not fit in Int128")
        return Int128(bitPattern: magnitude)
    }

    /// `dividend ÷ divisor` and its remainder, by 128-by-64 hardware divisions
    /// (``divide128(high:low:by:)``) instead of the generic 128-bit routine: a divisor below
    /// 2⁶⁴ takes one or two digit steps of long division; a wider one is normalised so its top
    /// 64 bits give an estimate of the quotient, which is then at most one too small and corrected
    /// once (H. S. Warren, *Hacker's Delight*, 2nd ed., §9-5). `divisor` must not be zero.
    @inlinable public static func quotientAndRemainder(of dividend: UInt128, dividingBy divisor: UInt128) -> (quotient: UInt128, remainder: UInt128) {
        precondition(divisor != 0, "division by zero")
        let high = UInt64(truncatingIfNeeded: dividend >> 64), low = UInt64(truncatingIfNeeded: dividend)
        if divisor >> 64 == 0 {
            let narrow = UInt64(truncatingIfNeeded: divisor)
            if high < narrow {
                let (q, r) = divide128(high: high, low: low, by: narrow)
                return (UInt128(q), UInt128(r))
            }
            let (upper, carry) = high.quotientAndRemainder(dividingBy: narrow)
            let (lower, r) = divide128(high: carry, low: low, by: narrow)
            return (UInt128(upper) << 64 | UInt128(lower), UInt128(r))
        }
        // divisor ≥ 2⁶⁴, so the quotient is below 2⁶⁴.
        let shift = UInt64(truncatingIfNeeded: divisor >> 64).leadingZeroBitCount
        let top = UInt64(truncatingIfNeeded: (divisor << shift) >> 64)  // top bit set
        let half = dividend >> 1  // its high word is below 2⁶³ ≤ top: the estimate fits
        let (estimate, _) = divide128(high: UInt64(truncatingIfNeeded: half >> 64), low: UInt64(truncatingIfNeeded: half), by: top)
        var quotient = (UInt128(estimate) << shift) >> 63
        if quotient != 0 { quotient -= 1 }  // now exact or one too small
        var remainder = dividend - quotient * divisor
        if remainder >= divisor {
            quotient += 1
            remainder -= divisor
        }
        return (quotient, remainder)
    }

    /// `dividend ÷ 10⁸` and whether it is exact, by long division in three 64-bit steps with a
    /// constant divisor: the high word, then the remainder with each 32-bit half of the low word
    /// (each partial dividend is below `10⁸ · 2³²`, so each partial quotient fits in 32 bits).
    @inlinable @inline(__always)
    public static func divideByScale(_ dividend: UInt128) -> (quotient: UInt128, exact: Bool) {
        let scale: UInt64 = 100_000_000  // FixedPoint.scale, spelled as a literal so it folds
        let high = UInt64(truncatingIfNeeded: dividend >> 64), low = UInt64(truncatingIfNeeded: dividend)
        let (q2, r2) = high.quotientAndRemainder(dividingBy: scale)
        let (q1, r1) = (r2 << 32 | low >> 32).quotientAndRemainder(dividingBy: scale)
        let (q0, r0) = (r1 << 32 | low & 0xFFFF_FFFF).quotientAndRemainder(dividingBy: scale)
        return (UInt128(q2) << 64 | UInt128(q1) << 32 | UInt128(q0), r0 == 0)
    }

    /// `(high·2⁶⁴ + low) ÷ divisor` and its remainder, for `high < divisor` (so the quotient fits
    /// in 64 bits): the standard library's `dividingFullWidth`, which on x86-64 reaches the
    /// hardware's one-instruction 128-by-64 division. Measured on this project's machine (Swift
    /// 6.3, a Xeon with AVX-512), it takes 6–8 ns against 19–21 ns for a long division in two
    /// 32-bit digits (Hacker's Delight §9-4, which this used before).
    @inlinable @inline(__always)
    public static func divide128(high: UInt64, low: UInt64, by divisor: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        precondition(high < divisor, "the quotient must fit in 64 bits")
        return divisor.dividingFullWidth((high, low))
    }
}
