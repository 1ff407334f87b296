/// A resting order that holds initial margin until it fills or is cancelled.
///
/// `size` is signed (buy > 0, sell < 0); `price` lies on the market's tick grid. The margin it
/// holds is `|size| × price ÷ leverage` (see ``Account/orderMargin(markets:)``); cancelling it
/// is the first step of a liquidation.
public struct OpenOrder: Hashable, Sendable {
    /// The symbol of the order's market.
    public var market: String
    /// Signed size: buy > 0, sell < 0.
    public var size: Quantity
    /// The limit price.
    public var price: Price

    /// Creates an order. ``Account`` validates it.
    public init(market: String, size: Quantity, price: Price) {
        self.market = market
        self.size = size
        self.price = price
    }
}
