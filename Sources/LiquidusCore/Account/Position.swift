/// An open position in one market.
///
/// `size` is signed (long > 0, short < 0) and never zero. `isolatedMargin` is the collateral set
/// aside for the position in an isolated account (required there, absent in a cross account).
/// `leverage`, when chosen, sets initial margin to `notional ÷ leverage`; otherwise initial margin
/// uses the max leverage of the tier the notional falls in.
public struct Position: Hashable, Sendable {
    /// The symbol of the position's market.
    public var market: String
    /// Signed size: long > 0, short < 0.
    public var size: Quantity
    /// The average entry price, > 0.
    public var entryPrice: Price
    /// The collateral of an isolated position; `nil` in a cross account.
    public var isolatedMargin: Money?
    /// The leverage the trader chose, if any.
    public var leverage: Rate?

    /// Creates a position. ``Account/init(id:marginMode:walletBalance:positions:openOrders:markets:)`` validates it.
    public init(market: String, size: Quantity, entryPrice: Price, isolatedMargin: Money? = nil, leverage: Rate? = nil) {
        self.market = market
        self.size = size
        self.entryPrice = entryPrice
        self.isolatedMargin = isolatedMargin
        self.leverage = leverage
    }

    /// The position's side; a validated position is never empty.
    @inlinable public var side: Side { size.units > 0 ? .long : .short }
}
