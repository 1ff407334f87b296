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
        closeEstimate(closing: quantity, of: side, limit: limit)?.price
    }

    /// ``closePrice(closing:of:limit:)`` and, when the visible levels within `limit` fill the
    /// whole quantity, the worst price among them (`fullFillWorst`; `nil` otherwise): then `price`
    /// is that walk's average, and any walk of the quantity with a limit no tighter than
    /// `fullFillWorst` is the same walk (see ``LiquidationExecutor/firstChild(closing:of:bankruptcyPrice:book:now:filling:)``).
    package func closeEstimate(closing quantity: Quantity, of side: Side, limit: Price?) -> (price: Price, fullFillWorst: Price?)? {
        let order = OrderSide(closing: side)
        if let touch = touch(order.bookSide), quantity.isPositive, quantity <= touch.quantity, quantity.isMultiple(of: market.lotSize),
           limit.map({ $0.isPositive && $0 <= Limits.maxPrice && (order == .sell ? touch.price >= $0 : touch.price <= $0) }) ?? true,
           Int128(quantity.units) * Int128(touch.price.units) <= Int128(Money.max.units) * FixedPoint.wideScale {
            return (touch.price, touch.price)  // the walk's one level, without walking
        }
        guard let walk = try? walk(side: order, quantity: quantity, limit: limit), walk.filled.isPositive else {
            return limit.map { ($0, nil) }
        }
        if walk.isComplete, let average = walk.averagePrice { return (average, walk.worstPrice) }
        guard let rest = limit ?? walk.worstPrice else { return walk.averagePrice.map { ($0, nil) } }
        let notional = walk.exactNotional + Int128(walk.unfilled.units) * Int128(rest.units)
        return (Price(units: Int64(WideDivision.divide(notional, by: Int128(quantity.units), order.conservativeRounding))), nil)
    }
}
