public import LiquidusCore

extension OrderBook {
    /// Walks the side of the book that an order of `side` consumes (a sell walks the bids, a buy
    /// the asks) from the touch outward, taking `min(remaining, level quantity)` at each level
    /// until `quantity` is filled, the side runs out, or the next level is worse than `limit`
    /// (below it for a sell, above it for a buy; a level at the limit is taken).
    ///
    /// Fills are exact: `filled = Σ qᵢ`, `exactNotional = Σ qᵢ × pᵢ` in `Int128`. See
    /// ``DepthWalk`` for the rounding of the average price and the money notional (the taker's
    /// worse direction: down for a sell, up for a buy). The book is not changed.
    ///
    /// Throws `outOfRange` at `quantity` unless 0 < quantity ≤ `Limits.maxSize`, `notOnGrid`
    /// at `quantity` off the market's lot grid, `outOfRange` at `limit` unless
    /// 0 < limit ≤ `Limits.maxPrice`, and `outOfRange` at `quantity` when the notional filled
    /// would exceed `Money.max`.
    /// - Complexity: O(k) for the k levels consumed; no allocation.
    public func walk(side: OrderSide, quantity: Quantity, limit: Price? = nil) throws(ValidationError) -> DepthWalk {
        guard quantity.isPositive, quantity <= Limits.maxSize else {
            throw ValidationError(.outOfRange, at: "quantity", "must be > 0 and at most \(Limits.maxSize)")
        }
        try checkLot(quantity, at: "quantity")
        if let limit, !(limit.isPositive && limit <= Limits.maxPrice) {
            throw ValidationError(.outOfRange, at: "limit", "must be > 0 and at most \(Limits.maxPrice)")
        }
        let levels = side == .buy ? asks : bids
        var remaining = quantity.units
        var notional: Int128 = 0
        var worst: Price?
        var consumed = 0
        var stoppedAtLimit = false
        for level in levels {
            if remaining == 0 { break }
            if let limit, side == .buy ? level.price > limit : level.price < limit {
                stoppedAtLimit = true
                break
            }
            let take = min(remaining, level.quantity.units)
            remaining -= take
            notional += Int128(take) * Int128(level.price.units)
            worst = level.price
            consumed += 1
        }
        guard WideDivision.divideByScale(notional, .up) <= Int128(Money.max.units) else {
            throw ValidationError(.outOfRange, at: "quantity", "fills a notional beyond \(Money.max)")
        }
        return DepthWalk(
            side: side, requested: quantity, filled: Quantity(units: quantity.units - remaining),
            exactNotional: notional, worstPrice: worst, levelsConsumed: consumed, stoppedAtLimit: stoppedAtLimit
        )
    }
}
