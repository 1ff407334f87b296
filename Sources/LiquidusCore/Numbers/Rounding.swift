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

    /// The opposite direction.
    @inlinable public var reversed: Rounding { self == .down ? .up : .down }

    /// For an amount the trader owes or must hold (maintenance and initial margin, fees, a
    /// notional that requirements are computed from): ``up``, toward the venue's solvency.
    public static let requirement: Rounding = .up

    /// For an amount credited to the trader (equity, unrealized or realized PnL): ``down``,
    /// toward the venue's solvency.
    public static let credit: Rounding = .down

    /// The direction that favours the trader instead, for the rare figure that is shown to the
    /// trader as a bound on their own risk: the reverse of `solvency`.
    @inlinable public static func towardTrader(insteadOf solvency: Rounding) -> Rounding { solvency.reversed }
}

/// Integer division of wide intermediates with a named rounding direction.
public enum WideDivision {
    /// `numerator ÷ denominator` rounded ``Rounding/down`` (floor) or ``Rounding/up`` (ceiling),
    /// correct for every combination of signs. `denominator` must not be zero.
    @inlinable public static func divide(_ numerator: Int128, by denominator: Int128, _ rounding: Rounding) -> Int128 {
        let quotient = numerator / denominator  // truncates toward zero
        let remainder = numerator % denominator
        guard remainder != 0 else { return quotient }
        let exactIsNegative = (numerator < 0) != (denominator < 0)
        switch rounding {
        case .down: return exactIsNegative ? quotient - 1 : quotient
        case .up: return exactIsNegative ? quotient : quotient + 1
        }
    }
}
