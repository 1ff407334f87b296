/// The margin figures of an account at a set of marks.
///
/// Cross: `equity = wallet + Σ uPnL`, `maintenanceMargin = Σ` of the positions',
/// `marginRatio = maintenance ÷ equity` (rounded up; `nil` when equity ≤ 0), liquidatable when
/// `equity ≤ maintenance`.
///
/// Isolated: each position stands alone (see ``PositionMargin``); the account's `equity` is
/// `wallet + Σ (isolated margin + uPnL)`, its `maintenanceMargin` the sum of the positions',
/// its `marginRatio` the worst (highest) of the positions' ratios (`nil` if any position's
/// equity is ≤ 0), and it is liquidatable when any position is.
///
/// `initialMargin` is the positions' initial margin plus what open orders hold
/// (``Account/orderMargin(markets:)``).
public struct AccountMargin: Hashable, Sendable {
    /// The account's equity (see above).
    public var equity: Money
    /// The account's maintenance margin.
    public var maintenanceMargin: Money
    /// Initial margin of positions and open orders.
    public var initialMargin: Money
    /// Maintenance ÷ equity (venue style: liquidation at ≥ 1); `nil` when equity ≤ 0.
    public var marginRatio: Rate?
    /// Whether the account (or, isolated, any of its positions) is at or below maintenance.
    public var liquidatable: Bool
    /// Each position's figures, in the account's order.
    public var positions: [PositionMargin]
}
