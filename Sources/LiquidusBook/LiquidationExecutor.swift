public import LiquidusCore

/// Turns a planned liquidation close into child orders against the visible depth.
///
/// Rules, in order:
/// 1. **Never worse than bankruptcy.** Every child's limit is at or better than the position's
///    bankruptcy price (a sell's limit ≥ it, a buy's ≤ it): a close that filled beyond it would
///    leave the account with negative equity that the insurance fund would have to pay.
/// 2. **A slippage budget per child.** A child may walk the book only as far as
///    `touch × (1 ∓ budget)` (rounded to the tick toward the touch, so the bound is never looser
///    than the budget) or the bankruptcy price, whichever is nearer. Its size is what the book
///    holds up to that bound: the estimate of its slippage versus the touch is within budget.
/// 3. **Spacing when depth is thin.** When the first child cannot take the whole close, the rest
///    is split into further children of the same size, `childInterval` apart in engine time,
///    on the assumption that the book refills to its current depth (the engine re-plans on every
///    book update, so later children are re-sized against the book they meet).
/// 4. **Escalation.** What `maxChildren` children cannot take — or everything, when the touch is
///    already beyond the bankruptcy price — is reported as `unfilled`: the engine escalates it
///    (takeover at the bankruptcy price, insurance fund, ADL).
public struct LiquidationExecutor: Hashable, Sendable {
    /// The most a child may move the price from the touch, in basis points (1 bp = 0.01 %).
    public var slippageBudgetBasisPoints: Int64
    /// Engine time between children when the depth is thin (the engine's time unit).
    public var childInterval: Int64
    /// The most children one close is split into before the remainder escalates.
    public var maxChildren: Int

    /// Creates an executor. Defaults: 50 bp per child, 1 time unit apart (one second: the
    /// engine counts seconds), at most 10 children.
    public init(slippageBudgetBasisPoints: Int64 = 50, childInterval: Int64 = 1, maxChildren: Int = 10) {
        precondition(slippageBudgetBasisPoints >= 0 && slippageBudgetBasisPoints < 10_000, "a budget in [0, 10000) bp")
        precondition(childInterval >= 0 && maxChildren >= 1, "a non-negative interval and at least one child")
        self.slippageBudgetBasisPoints = slippageBudgetBasisPoints
        self.childInterval = childInterval
        self.maxChildren = maxChildren
    }

    /// One child order of a close.
    public struct Child: Hashable, Sendable {
        /// Buy or sell.
        public var side: OrderSide
        /// Its size, on the lot grid.
        public var quantity: Quantity
        /// Its limit: within the slippage budget and never worse than the bankruptcy price.
        public var limitPrice: Price
        /// The engine time before which it is not sent.
        public var notBefore: Int64
        /// Its expected average fill price against the current book (rounded against the
        /// liquidated trader: down for a sell, up for a buy).
        public var expectedPrice: Price
    }

    /// The executor's answer for one close.
    public struct Schedule: Hashable, Sendable {
        /// The children, in the order to send them.
        public var children: [Child]
        /// What the children cannot take: the engine escalates it.
        public var unfilled: Quantity
        /// The quantity the children take.
        public var scheduled: Quantity { children.reduce(.zero) { $0 + $1.quantity } }
    }

    /// The first child of ``schedule(closing:of:bankruptcyPrice:book:now:)`` — the one that goes
    /// now — and what the whole schedule leaves unfilled, without walking the book for the later
    /// children (each the first child's size, so `maxChildren` of them take at most
    /// `maxChildren × first`). `nil` child when the schedule has none.
    /// - Complexity: O(k) for the k levels within the first child's bound.
    public func firstChild(closing quantity: Quantity, of side: Side, bankruptcyPrice: Price, book: OrderBook, now: Int64) throws(ValidationError) -> (child: Child?, unfilled: Quantity) {
        try firstChild(closing: quantity, of: side, bankruptcyPrice: bankruptcyPrice, book: book, now: now, filling: nil)
    }

    /// ``firstChild(closing:of:bankruptcyPrice:book:now:)`` given, when known, the average price
    /// and the worst price of a walk that fills the whole `quantity` against `book` (see
    /// ``OrderBook/closeEstimate(closing:of:limit:)``): when the child's limit admits that worst
    /// price, the child's own walk is that one, and it is not walked again.
    package func firstChild(
        closing quantity: Quantity, of side: Side, bankruptcyPrice: Price, book: OrderBook, now: Int64,
        filling known: (averagePrice: Price, worstPrice: Price)?
    ) throws(ValidationError) -> (child: Child?, unfilled: Quantity) {
        guard let (order, bound) = bound(for: side, bankruptcyPrice: bankruptcyPrice, book: book) else { return (nil, quantity) }
        if let known, order == .sell ? known.worstPrice >= bound : known.worstPrice <= bound {
            // Every level that walk took is within the child's limit: the child takes them all.
            return (Child(side: order, quantity: quantity, limitPrice: bound, notBefore: now, expectedPrice: known.averagePrice), .zero)
        }
        let first = try book.walk(side: order, quantity: quantity, limit: bound)
        guard let expected = first.averagePrice, first.filled.isPositive else { return (nil, quantity) }
        let capacity = Int128(first.filled.units) * Int128(maxChildren)
        let unfilled = Quantity(units: Int64(max(0, Int128(quantity.units) - capacity)))
        return (Child(side: order, quantity: first.filled, limitPrice: bound, notBefore: now, expectedPrice: expected), unfilled)
    }

    /// The direction of the close and its first child's limit: the budget bound `touch × (1 ∓ b)`
    /// rounded toward the touch, capped by the bankruptcy price; `nil` when the side is empty or
    /// its touch is already beyond the bankruptcy price.
    func bound(for side: Side, bankruptcyPrice: Price, book: OrderBook) -> (OrderSide, Price)? {
        let order = OrderSide(closing: side)
        let tick = book.market.tickSize
        guard let touch = book.touch(order.bookSide)?.price,
              order == .sell ? touch >= bankruptcyPrice : touch <= bankruptcyPrice
        else { return nil }
        let move = Int128(touch.units) * Int128(slippageBudgetBasisPoints)
        if order == .sell {
            let raw = Price(units: Int64(WideDivision.divide(Int128(touch.units) * 10_000 - move, by: 10_000, .up)))
            return (order, max(raw.rounded(toMultipleOf: tick, .up), bankruptcyPrice))
        } else {
            let raw = Price(units: Int64(WideDivision.divide(Int128(touch.units) * 10_000 + move, by: 10_000, .down)))
            return (order, min(raw.rounded(toMultipleOf: tick, .down), bankruptcyPrice))
        }
    }

    /// Schedules the close of `quantity` (unsigned) of a position of `side` against `book`.
    ///
    /// - Parameters:
    ///   - quantity: the unsigned quantity to close, on the lot grid.
    ///   - side: the side of the position being closed (a long's close sells).
    ///   - bankruptcyPrice: the position's bankruptcy price; no child's limit is worse.
    ///   - book: the book the children go against.
    ///   - now: the engine time of the first child.
    /// - Complexity: O(k) for the k levels within the first child's bound.
    public func schedule(closing quantity: Quantity, of side: Side, bankruptcyPrice: Price, book: OrderBook, now: Int64) throws(ValidationError) -> Schedule {
        guard let (order, budgetBound) = bound(for: side, bankruptcyPrice: bankruptcyPrice, book: book) else {
            return Schedule(children: [], unfilled: quantity)  // no depth on this side of bankruptcy
        }
        let first = try book.walk(side: order, quantity: quantity, limit: budgetBound)
        guard let expected = first.averagePrice, first.filled.isPositive else {
            return Schedule(children: [], unfilled: quantity)
        }
        var children = [Child(side: order, quantity: first.filled, limitPrice: budgetBound, notBefore: now, expectedPrice: expected)]
        var remaining = quantity - first.filled
        while remaining.isPositive, children.count < maxChildren {
            let size = min(first.filled, remaining)
            let walk = try book.walk(side: order, quantity: size, limit: budgetBound)
            children.append(Child(
                side: order, quantity: size, limitPrice: budgetBound,
                notBefore: Self.time(now, after: children.count, intervals: childInterval), expectedPrice: walk.averagePrice ?? expected))
            remaining -= size
        }
        return Schedule(children: children, unfilled: remaining)
    }

    /// `now + count × interval`, saturating at the end of time rather than overflowing.
    static func time(_ now: Int64, after count: Int, intervals interval: Int64) -> Int64 {
        let wide = Int128(now) + Int128(count) * Int128(interval)
        return Int64(clamping: wide)
    }
}
