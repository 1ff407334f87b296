/// The margin figures of one position at a set of marks.
///
/// Roundings (each once, from exact products): `notional` and margins up (requirements),
/// `unrealizedPnl` down (a credit to the trader), prices on the tick toward solvency.
public struct PositionMargin: Hashable, Sendable {
    /// The position these figures describe.
    public var position: Position
    /// The mark price used.
    public var markPrice: Price
    /// `|q| × mark`, rounded up.
    public var notional: Money
    /// `q × (mark − entry)`, rounded down.
    public var unrealizedPnl: Money
    /// The index (from 0) of the risk tier that holds the notional at the mark.
    public var tier: Int
    /// `notional × r − a` of that tier, rounded up.
    public var maintenanceMargin: Money
    /// `notional ÷ leverage` (the chosen leverage, else the tier's max), rounded up.
    public var initialMargin: Money
    /// Isolated positions only: isolated margin + unrealized PnL.
    public var equity: Money?
    /// Isolated positions only: maintenance ÷ equity rounded up; `nil` when equity ≤ 0.
    public var marginRatio: Rate?
    /// Isolated positions: equity ≤ maintenance. Cross positions: the account's verdict.
    public var liquidatable: Bool
    /// The mark at which equity meets maintenance (cross: other marks held fixed), on the tick
    /// toward solvency; `nil` where no positive price exists.
    public var liquidationPrice: Price?
    /// The tier the liquidation price was solved in.
    public var liquidationTier: Int?
    /// The mark at which the equity backing the position is zero; `nil` where none is positive.
    public var bankruptcyPrice: Price?
}
