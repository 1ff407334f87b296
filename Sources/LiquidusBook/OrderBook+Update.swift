public import LiquidusCore

extension OrderBook {
    /// Applies one incremental update, or throws and leaves the book unchanged.
    ///
    /// Rejected, with paths relative to `update`: price ≤ 0 or > `Limits.maxPrice`
    /// (`outOfRange`, `update.price`); quantity < 0 or > `Limits.maxSize` (`outOfRange`,
    /// `update.quantity`); price off the tick grid or quantity off the lot grid (`notOnGrid`);
    /// and a positive quantity that would cross or lock the book, a bid at or above the best ask
    /// or an ask at or below the best bid (`inconsistent`, `update.price`).
    /// - Complexity: O(log n) to find the level among n, plus O(n) to shift the array when a
    ///   level is inserted or removed.
    public mutating func apply(_ update: BookUpdate) throws(ValidationError) {
        try check(update, at: "update")
        if update.quantity.isPositive, let opposite = touch(update.side.opposite) {
            let crosses = update.side == .bid ? update.price >= opposite.price : update.price <= opposite.price
            if crosses {
                let (bid, ask) = update.side == .bid ? (update.price, opposite.price) : (opposite.price, update.price)
                throw crossedError(bid: bid, ask: ask, at: "update.price")
            }
        }
        setUnchecked(update.side, price: update.price, quantity: update.quantity)
    }

    /// Applies a batch of updates atomically (one depth-stream message), or throws and leaves
    /// the book unchanged.
    ///
    /// Each update is checked as in ``apply(_:)``, with paths `updates[i].price` and
    /// `updates[i].quantity`. Crossing is judged on the result of the whole batch, since a
    /// venue's message may raise the bids before it removes the asks they would cross: if the
    /// final book is crossed or locked, the error (`inconsistent`) names the last update of the
    /// batch that set a positive quantity at the final best bid or best ask. One of them must
    /// have, because removals cannot cross a book that was not crossed before.
    /// - Complexity: O(n + k (log n + n)) for k updates on a book of n levels (the batch is
    ///   applied to a copy, which replaces the book only when the result is valid).
    public mutating func apply(contentsOf updates: [BookUpdate]) throws(ValidationError) {
        for (index, update) in updates.enumerated() { try check(update, at: "updates[\(index)]") }
        var next = self
        for update in updates { next.setUnchecked(update.side, price: update.price, quantity: update.quantity) }
        if let bid = next.bestBid?.price, let ask = next.bestAsk?.price, bid >= ask {
            let culprit = updates.indices.last { index in
                let update = updates[index]
                return update.quantity.isPositive && update.price == (update.side == .bid ? bid : ask)
            }
            throw crossedError(bid: bid, ask: ask, at: "updates[\(culprit ?? updates.count - 1)].price")
        }
        self = next
    }

    /// Checks an update's fields on their own (not against the book); `path` is formed only for
    /// an error.
    private func check(_ update: BookUpdate, at path: @autoclosure () -> String) throws(ValidationError) {
        try checkPrice(update.price, at: "\(path()).price")
        guard !update.quantity.isNegative, update.quantity <= Limits.maxSize else {
            throw ValidationError(.outOfRange, at: "\(path()).quantity", "must be ≥ 0 (0 removes the level) and at most \(Limits.maxSize)")
        }
        try checkLot(update.quantity, at: "\(path()).quantity")
    }

    private func crossedError(bid: Price, ask: Price, at path: String) -> ValidationError {
        ValidationError(
            .inconsistent, at: path,
            "\(bid == ask ? "locks" : "crosses") the book: the best bid would be \(bid) and the best ask \(ask)"
        )
    }
}
