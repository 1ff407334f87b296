/// An amount of the settlement currency (USDT, USDC, …), exact to 10⁻⁸.
///
/// Balances, margins, fees, PnL and the insurance fund are `Money`, never a floating-point number.
@frozen public struct Money: FixedPointDecimal {
    /// Value × 10⁸.
    public var units: Int64
    /// Creates the amount `units` ÷ 10⁸.
    @inlinable public init(units: Int64) { self.units = units }
}

extension Money: ExpressibleByIntegerLiteral {
    /// A whole amount: `let fee: Money = 5`.
    @inlinable public init(integerLiteral value: Int) { self.init(value) }
}
