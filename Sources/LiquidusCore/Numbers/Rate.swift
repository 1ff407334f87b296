/// A dimensionless decimal, exact to 10⁻⁸: a rate (maintenance margin rate, fee rate), a
/// fraction, a margin ratio, or a leverage.
@frozen public struct Rate: FixedPointDecimal {
    /// Value × 10⁸.
    public var units: Int64
    /// Creates the rate `units` ÷ 10⁸.
    @inlinable public init(units: Int64) { self.units = units }
    /// One (100 %).
    public static let one = Rate(units: FixedPoint.scale)
}

extension Rate: ExpressibleByIntegerLiteral {
    /// A whole number: `let leverage: Rate = 125`.
    @inlinable public init(integerLiteral value: Int) { self.init(value) }
}
