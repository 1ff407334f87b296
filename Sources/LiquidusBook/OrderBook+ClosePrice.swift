public import LiquidusCore

extension OrderBook {
    /// The average price of closing `quantity` of a `side` position against this book: the exact
    /// depth walk of the visible levels no worse than `limit`, with what they cannot fill priced
    /// at `limit` (the close's bankruptcy price: no liquidation order may fill beyond it, and the
    /// engine escalates what the book cannot take), or, without a limit, at the worst level
    /// touched. So the price is never worse than `limit`. Rounded against the trader: down for a sell (a
    /// long's close), up for a buy.
    ///
    /// `nil` when the side is empty and there is no `limit`, or `quantity` is not a valid size.
    /// - Complexity: O(k) for the k levels walked; O(1) when the touch level holds the whole
    /// quantity (the average of a fill at one level is its price).
    public func closePrice(closing quantity: Quantity, of side: Side, limit: Price?) -> Price? {
        let order = OrderSide(closing: side)
        if let touch = touch(order.bookSide), quantity.isPositive, quantity <= touch.quantity, quantity.isMultiple(of: market.lotSize),
           limit.map({ $0.isPositive && $0 <= Limits.maxPrice && (order == .sell ? touch.price >= $0 : touch.price <= $0) }) ?? true,
           Int128(quantity.units) * Int128(touch.price.units) <= Int128(Money.max.units) * FixedPoint.wideScale {
            return touch.price  // the walk's one level, without walking
        }
        guard let walk = try? walk(side: order, quantity: quantity, limit: limit), walk.filled.isPositive else { return limit }
        if walk.isComplete { return walk.averagePrice }
        guard let rest = limit ?? walk.worstPrice else { return walk.averagePrice }
        let notional = walk.exactNotional + Int128(walk.unfilled.units) * Int128(rest.units)
        return Price(units: Int64(WideDivision.divide(notional, by: Int128(quantity.units), order.conservativeRounding)))
    }
}
