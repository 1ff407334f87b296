/// A position or order size in contract units (BTC for BTCUSDT), exact to 10⁻⁸.
///
/// Sizes are signed where they describe a position or an order: long (buy) > 0, short (sell) < 0.
/// They lie on the market's lot grid.
@frozen public struct Quantity: FixedPointDecimal {
    /// Value × 10⁸.
    public var units: Int64
    /// Creates the size `units` ÷ 10⁸.
    @inlinable public init(units: Int64) { self.units = units }
}

extension Quantity: ExpressibleByIntegerLiteral {
    /// A whole size: `let size: Quantity = 2`.
    @inlinable public init(integerLiteral value: Int) { self.init(value) }
}

extension Quantity {
    /// The side of a signed size: ``Side/long`` when > 0, ``Side/short`` when < 0, `nil` at zero.
    @inlinable public var side: Side? { units > 0 ? .long : (units < 0 ? .short : nil) }
}
