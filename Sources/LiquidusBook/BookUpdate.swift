public import LiquidusCore

/// An incremental change to one level of an ``OrderBook``: the new total quantity at a price.
///
/// A quantity of zero removes the level (and is a no-op when there is none); a positive quantity
/// creates the level or replaces its quantity. This is the level-2 "diff" of Binance, Bybit and
/// OKX depth streams.
public struct BookUpdate: Hashable, Sendable {
    /// The side the level is on.
    public var side: BookSide
    /// The level's price, on the tick grid.
    public var price: Price
    /// The new total quantity at `price`: ≥ 0, on the lot grid; 0 removes the level.
    public var quantity: Quantity

    /// Creates an update.
    public init(side: BookSide, price: Price, quantity: Quantity) {
        self.side = side
        self.price = price
        self.quantity = quantity
    }
}
