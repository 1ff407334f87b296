public import LiquidusCore

extension OrderBook {
    /// Takes liquidity: fills an order of `side` for `quantity` within `limit` exactly as
    /// ``walk(side:quantity:limit:)`` describes, and removes what it filled from the book (a
    /// level taken whole disappears, the last one touched keeps its remainder).
    ///
    /// This is what the engine's own copy of a book undergoes when a liquidation order fills
    /// against it, so that two closes in the same instant never count the same depth twice; the
    /// venue's next snapshot or update replaces it.
    ///
    /// Throws as ``walk(side:quantity:limit:)`` does, and then leaves the book unchanged.
    /// - Complexity: O(k) for the k levels consumed.
    @discardableResult
    public mutating func fill(side: OrderSide, quantity: Quantity, limit: Price? = nil) throws(ValidationError) -> DepthWalk {
        let walk = try walk(side: side, quantity: quantity, limit: limit)
        var remaining = walk.filled.units
        let bookSide = side.bookSide
        while remaining > 0, let touch = touch(bookSide) {
            let take = min(remaining, touch.quantity.units)
            setUnchecked(bookSide, price: touch.price, quantity: Quantity(units: touch.quantity.units - take))
            remaining -= take
        }
        return walk
    }
}
