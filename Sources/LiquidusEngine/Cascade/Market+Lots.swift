public import LiquidusCore

extension Market {
    /// The number of whole lots in `size` (its magnitude). `size` lies on the lot grid (a
    /// validated position), so the division is exact.
    @inlinable public func lots(in size: Quantity) -> Int64 { Int64(size.units.magnitude) / lotSize.units }

    /// `lots` whole lots as an unsigned quantity; `lots` is at most the lots of a valid size
    /// (``lots(in:)``), so the product is at most ``LiquidusCore/Limits/maxSize``.
    @inlinable public func quantity(lots: Int64) -> Quantity { Quantity(units: lots * lotSize.units) }

    /// The least number of lots whose notional at `price` reaches `notional`:
    /// `⌈notional ÷ (lot × price)⌉`, exact in `Int128` (rounded up: the close reaches the target),
    /// saturating at `Int64.max` (a count that large exceeds any position, which is what its
    /// callers compare it with). Zero or negative `notional` gives 0.
    public func lotsCovering(notional: Money, at price: Price) -> Int64 {
        guard notional.isPositive else { return 0 }
        let numerator = Int128(notional.units) * FixedPoint.wideScale
        let denominator = Int128(lotSize.units) * Int128(price.units)
        return Int64(clamping: WideDivision.divide(numerator, by: denominator, .up))
    }

    /// The most lots whose notional at `price` stays within `notional`:
    /// `⌊notional ÷ (lot × price)⌋` (rounded down: never above a cap), saturating at `Int64.max`.
    /// Negative gives 0.
    public func lotsWithin(notional: Money, at price: Price) -> Int64 {
        guard notional.isPositive else { return 0 }
        let numerator = Int128(notional.units) * FixedPoint.wideScale
        let denominator = Int128(lotSize.units) * Int128(price.units)
        return Int64(clamping: WideDivision.divide(numerator, by: denominator, .down))
    }

    /// The least number of lots to close from `size` so that the remaining notional at `price`
    /// is at most `cap`: `⌈(|size| × price − cap) ÷ (lot × price)⌉`, exact, never below 0, and at
    /// most the lots in `size` (so it fits).
    public func lotsToReduce(_ size: Quantity, at price: Price, toNotionalAtMost cap: Money) -> Int64 {
        let excess = Int128(size.units.magnitude) * Int128(price.units) - Int128(cap.units) * FixedPoint.wideScale
        guard excess > 0 else { return 0 }
        return Int64(WideDivision.divide(excess, by: Int128(lotSize.units) * Int128(price.units), .up))
    }

    /// The liquidation fee of closing `quantity` (unsigned) at `price`:
    /// `⌈⌈quantity × price⌉ × liquidationFeeRate⌉` — rounded up twice, a charge, so the fund is
    /// never short-changed (one exact product would overflow `Int128` at the limits). The
    /// notional must fit in ``LiquidusCore/Money``: the cascade checks the prices it closes at
    /// (``LiquidationContext/checkFigures(closingAt:)``).
    @inlinable public func liquidationFee(closing quantity: Quantity, at price: Price) -> Money {
        Money.notional(of: quantity, at: price, .up).multiplied(by: liquidationFeeRate, .up)
    }
}
