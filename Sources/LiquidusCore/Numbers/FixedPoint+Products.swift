// Products and quotients across fixed-point types. Each is formed exactly in `Int128` and rounded
// once, in the direction the caller names. The intermediate always fits in `Int128` (two 64-bit
// factors); the result traps if it does not fit in 64 bits, so each caller either knows from
// `Limits` that it fits (and says why where it calls) or uses the checked form of
// `FixedPoint+Checked.swift`, which throws instead.

extension Money {
    /// `|quantity| × price`, the notional value of a size at a price, rounded as named.
    /// Exact in `Int128` before the one rounding.
    @inlinable public static func notional(of quantity: Quantity, at price: Price, _ rounding: Rounding) -> Money {
        let wide = Int128(quantity.units.magnitude) * Int128(price.units)
        return Money(units: Int64(WideDivision.divideByScale(wide, rounding)))
    }

    /// `quantity × (exit − entry)`: the PnL of a signed size moved from `entry` to `exit`,
    /// rounded as named (credits to a trader round ``Rounding/down``).
    @inlinable public static func pnl(of quantity: Quantity, from entry: Price, to exit: Price, _ rounding: Rounding) -> Money {
        let wide = Int128(quantity.units) * (Int128(exit.units) - Int128(entry.units))
        return Money(units: Int64(WideDivision.divideByScale(wide, rounding)))
    }

    /// `self × rate`, rounded as named. Fits whenever `|rate| ≤ 1` (fees, portions).
    @inlinable public func multiplied(by rate: Rate, _ rounding: Rounding) -> Money {
        Money(units: Int64(WideDivision.divideByScale(Int128(units) * Int128(rate.units), rounding)))
    }

    /// `self ÷ divisor` (for example notional ÷ leverage), rounded as named. `divisor` must be ≠ 0;
    /// fits whenever `|divisor| ≥ 1` (a leverage).
    @inlinable public func divided(by divisor: Rate, _ rounding: Rounding) -> Money {
        Money(units: Int64(WideDivision.divide(Int128(units) * FixedPoint.wideScale, by: Int128(divisor.units), rounding)))
    }

    /// `self ÷ other` as a ratio (for example maintenance margin ÷ equity), rounded as named,
    /// saturating at ±``Rate/max`` (a margin ratio of 9 × 10¹⁰ says all there is to say about an
    /// equity of a few units against a large requirement). `other` must be ≠ 0.
    @inlinable public func ratio(to other: Money, _ rounding: Rounding) -> Rate {
        let exact = WideDivision.divide(Int128(units) * FixedPoint.wideScale, by: Int128(other.units), rounding)
        return Rate(units: Int64(clamping: exact))
    }
}

extension Quantity {
    /// `self × fraction`, rounded as named. Fits whenever `|fraction| ≤ 1`.
    @inlinable public func multiplied(by fraction: Rate, _ rounding: Rounding) -> Quantity {
        Quantity(units: Int64(WideDivision.divideByScale(Int128(units) * Int128(fraction.units), rounding)))
    }
}

extension Rate {
    /// `self × other`, rounded as named.
    @inlinable public func multiplied(by other: Rate, _ rounding: Rounding) -> Rate {
        Rate(units: Int64(WideDivision.divideByScale(Int128(units) * Int128(other.units), rounding)))
    }
}
