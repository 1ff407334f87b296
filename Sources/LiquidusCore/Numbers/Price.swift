/// A price in settlement currency per unit of the contract, exact to 10⁻⁸.
///
/// Order and book prices lie on a market's tick grid; entry and mark prices need not (an
/// average entry or an index-based mark is rarely on the tick).
@frozen public struct Price: FixedPointDecimal {
    /// Value × 10⁸.
    public var units: Int64
    /// Creates the price `units` ÷ 10⁸.
    @inlinable public init(units: Int64) { self.units = units }
}

extension Price: ExpressibleByIntegerLiteral {
    /// A whole price: `let mark: Price = 30000`.
    @inlinable public init(integerLiteral value: Int) { self.init(value) }
}
