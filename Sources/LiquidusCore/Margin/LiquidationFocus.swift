/// The position a liquidation reduces and its scope's totals, as a value: what
/// ``Account/liquidationFocus(marginMode:walletBalance:positions:markets:marks:comesFirst:)``
/// returns (a quote reads the same parts in place, through
/// ``Account/withLiquidationFocus(marginMode:walletBalance:positions:markets:marks:comesFirst:otherwise:_:)``).
package struct LiquidationFocus: Sendable {
    /// The position's figures, as the account's margin gives them at liquidation detail
    /// (bankruptcy price solved; initial margin zero; margin ratio and liquidation price `nil`).
    package var figures: PositionMargin
    /// The scope's equity: the account's (cross) or the position's (isolated).
    package var equity: Money
    /// The scope's maintenance margin: the account's (cross) or the position's (isolated).
    package var maintenanceMargin: Money
    /// Whether the scope is at or below maintenance (isolated: always, the position is one of the
    /// liquidatable ones).
    package var liquidatable: Bool
}
