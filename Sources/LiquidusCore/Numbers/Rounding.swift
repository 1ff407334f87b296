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
    /// When the divisor and the quotient both fit in 64 bits — nearly every division of money
    /// math — one hardware 128-by-64-bit division does the work (`dividingFullWidth`); otherwise
    /// the generic 128-bit division. Both give the same exact result.
    @inlinable public static func divide(_ numerator: Int128, by denominator: Int128, _ rounding: Rounding) -> Int128 {
        let exactIsNegative = (numerator < 0) != (denominator < 0)
        let dividend = numerator.magnitude
        let divisor = denominator.magnitude
        let quotient: UInt128
        let remainderIsZero: Bool
        if divisor <= UInt128(UInt64.max), dividend >> 64 < divisor {
            let (q, r) = UInt64(truncatingIfNeeded: divisor).dividingFullWidth(
                (high: UInt64(truncatingIfNeeded: dividend >> 64), low: UInt64(truncatingIfNeeded: dividend)))
            quotient = UInt128(q)
            remainderIsZero = r == 0
        } else {
            quotient = dividend / divisor
            remainderIsZero = dividend % divisor == 0
        }
        // Magnitudes: floor of a positive exact value is the quotient, ceiling one more when inexact;
        // for a negative exact value the roles swap.
        let bump: UInt128 = remainderIsZero ? 0 : 1
        switch (exactIsNegative, rounding) {
        case (false, .down): return Int128(quotient)
        case (false, .up): return Int128(quotient + bump)
        case (true, .down): return -Int128(quotient + bump)
        case (true, .up): return -Int128(quotient)
        }
    }
}
