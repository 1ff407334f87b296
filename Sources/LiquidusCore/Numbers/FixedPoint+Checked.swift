// Checked arithmetic: the same exact operations as the operators and `FixedPoint+Products.swift`,
// for results that `Limits` does not bound by construction. Instead of trapping, a result that
// does not fit in 64 bits of 10⁻⁸ throws a `ValidationError` with code `overflow` at the path
// the caller names (an engine's account is then held aside, see `docs/robustness.md`). Each
// costs one overflow test beside the operation.

extension FixedPointDecimal {
    /// The value of `units` (a count of 10⁻⁸ formed wide), or an ``ValidationError/Code/overflow``
    /// error at `path` when it does not fit.
    @inlinable public init(exactly units: Int128, checkedAt path: @autoclosure () -> String) throws(ValidationError) {
        guard let narrow = Int64(exactly: units), narrow != .min else { throw Self.overflow(at: path()) }
        self.init(units: narrow)
    }

    /// `self + other`, exact, or an ``ValidationError/Code/overflow`` error at `path`.
    @inlinable public func adding(_ other: Self, checkedAt path: @autoclosure () -> String) throws(ValidationError) -> Self {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        guard !overflow, sum != .min else { throw Self.overflow(at: path()) }
        return Self(units: sum)
    }

    /// `self − other`, exact, or an ``ValidationError/Code/overflow`` error at `path`.
    @inlinable public func subtracting(_ other: Self, checkedAt path: @autoclosure () -> String) throws(ValidationError) -> Self {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        guard !overflow, difference != .min else { throw Self.overflow(at: path()) }
        return Self(units: difference)
    }

    /// The error of a result beyond the representable range, at `path` (out of line: the checks
    /// are on hot paths, the error never is).
    @usableFromInline @inline(never) static func overflow(at path: String) -> ValidationError {
        ValidationError(
            .overflow, at: path,
            "gives a figure beyond the range represented exactly (±\(Self.max)): the inputs are each within the limits, their combination is not")
    }
}

extension Money {
    /// ``pnl(of:from:to:_:)``, or an ``ValidationError/Code/overflow`` error at `path` when the
    /// PnL does not fit (a price far from the entry on a large size).
    @inlinable public static func pnl(
        of quantity: Quantity, from entry: Price, to exit: Price, _ rounding: Rounding, checkedAt path: @autoclosure () -> String
    ) throws(ValidationError) -> Money {
        let wide = Int128(quantity.units) * (Int128(exit.units) - Int128(entry.units))
        return try Money(exactly: WideDivision.divideByScale(wide, rounding), checkedAt: path())
    }

    /// ``notional(of:at:_:)``, or an ``ValidationError/Code/overflow`` error at `path`.
    @inlinable public static func notional(
        of quantity: Quantity, at price: Price, _ rounding: Rounding, checkedAt path: @autoclosure () -> String
    ) throws(ValidationError) -> Money {
        let wide = Int128(quantity.units.magnitude) * Int128(price.units)
        return try Money(exactly: WideDivision.divideByScale(wide, rounding), checkedAt: path())
    }
}
