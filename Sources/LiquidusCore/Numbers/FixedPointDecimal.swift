/// A signed decimal number held exactly as a count of 10⁻⁸ units in an `Int64`.
///
/// Every number on a money path in Liquidus (``Money``, ``Price``, ``Quantity``, ``Rate``)
/// conforms: value = `units` ÷ 10⁸. The scale is fixed at eight decimal places, the precision of
/// the `liquidus check` contract, so two numbers of one type always share a scale and addition
/// is exact. Products are formed in `Int128` and rounded back in a direction the caller names
/// (see ``Rounding``). Overflow traps (it never wraps); inputs are bounded at the edge (see
/// ``Limits``) so that a validated book cannot reach it.
public protocol FixedPointDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw integer: value × 10⁸.
    var units: Int64 { get }
    /// Creates the number whose value is `units` ÷ 10⁸.
    init(units: Int64)
}

/// The shared scale of every ``FixedPointDecimal``.
public enum FixedPoint {
    /// Decimal places kept by every fixed-point number: 8.
    public static let decimalPlaces = 8
    /// 10⁸, the number of units in one whole.
    public static let scale: Int64 = 100_000_000
    /// 10⁸ as an `Int128`, for products.
    public static let wideScale: Int128 = 100_000_000
}

extension FixedPointDecimal {
    /// Zero.
    @inlinable public static var zero: Self { Self(units: 0) }

    /// The largest representable value, 92233720368.54775807.
    @inlinable public static var max: Self { Self(units: .max) }

    /// Creates the number equal to a whole `integer`. Traps if it does not fit.
    @inlinable public init(_ integer: Int) {
        self.init(units: Int64(integer) * FixedPoint.scale)
    }

    /// Parses a plain decimal string (`"30000.5"`, `"-0.25"`); `nil` on anything else.
    /// See ``FixedPointDecimal/init(parsing:)`` for the reason of a failure.
    @inlinable public init?(_ text: some StringProtocol) {
        guard let units = try? DecimalText.parseUnits(text) else { return nil }
        self.init(units: units)
    }

    /// Parses a plain decimal string exactly, or throws why it is not one.
    ///
    /// Accepted: an optional `-`, one or more digits, optionally `.` and one to eight digits.
    /// Rejected, each with its own reason: empty text, exponents (`1e3`), `NaN`/`inf`, a leading
    /// `+` or `.`, white space, more than eight decimal places (never silently rounded), and
    /// magnitudes beyond ``max``.
    @inlinable public init(parsing text: some StringProtocol) throws(DecimalParseError) {
        self.init(units: try DecimalText.parseUnits(text))
    }

    /// Plain decimal notation with no exponent and no trailing zeros: `"30000.5"`, `"-0.25"`, `"0"`.
    public var description: String { DecimalText.format(units: units) }

    /// `true` when the value is below zero.
    @inlinable public var isNegative: Bool { units < 0 }
    /// `true` when the value is above zero.
    @inlinable public var isPositive: Bool { units > 0 }
    /// `true` when the value is zero.
    @inlinable public var isZero: Bool { units == 0 }
    /// The absolute value.
    @inlinable public var magnitude: Self { Self(units: units < 0 ? -units : units) }

    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.units < rhs.units }

    /// Exact sum; traps on overflow.
    @inlinable public static func + (lhs: Self, rhs: Self) -> Self { Self(units: lhs.units + rhs.units) }
    /// Exact difference; traps on overflow.
    @inlinable public static func - (lhs: Self, rhs: Self) -> Self { Self(units: lhs.units - rhs.units) }
    /// Exact negation.
    @inlinable public static prefix func - (value: Self) -> Self { Self(units: -value.units) }
    /// Adds in place; traps on overflow.
    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    /// Subtracts in place; traps on overflow.
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }

    /// `true` when the value is a whole multiple of `step` (a tick or a lot). `step` must be > 0.
    @inlinable public func isMultiple(of step: Self) -> Bool { units % step.units == 0 }

    /// The value rounded to a multiple of `step`, in the named direction. `step` must be > 0.
    ///
    /// Used to put a solved price on the tick grid (``Rounding`` says which way protects
    /// solvency) and a quantity on the lot grid.
    @inlinable public func rounded(toMultipleOf step: Self, _ rounding: Rounding) -> Self {
        Self(units: Int64(WideDivision.divide(Int128(units), by: Int128(step.units), rounding)) * step.units)
    }
}
