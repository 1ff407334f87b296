import LiquidusBook
import LiquidusCore

extension LiquidationCascade {
    /// How the liquidator unwinds a position it took over at `price`: how many lots it closes in
    /// the market, at what average price and for what PnL (to or from the fund); the rest goes
    /// to auto-deleveraging.
    struct Unwind {
        /// Lots closed in the market.
        var closed: Int64
        /// Their PnL from the transfer price (rounded down).
        var pnl: Money
        /// Their average price (the expected price without a book).
        var price: Price
        /// `book`, `mark` or the expected price's source.
        var source: String
        /// Lots the market could take (all of them without a book).
        var placeable: Int64
    }

    /// The liquidator's unwind of `held`, taken over at `price`, with `fund` to carry its loss.
    ///
    /// Without a book, or with the side it needs empty (the venue's depth is then unknown, not
    /// nil: the engine's copy was emptied by its own orders since the venue's last snapshot): at
    /// the expected price (an input's, else the mark), all lots when the fund can carry the loss
    /// (or there is a surplus, which the fund keeps), else the most lots whose loss it can carry. With a book: the liquidator's order may walk it as far as a whole close
    /// may — `maxChildren` × the slippage budget from the touch — and no further (the engine's
    /// own orders never sweep a book); the lots within that reach are placeable, each number of
    /// them at its own walk's average (rounded against the liquidator), and of those the fund
    /// carries the most whose loss it can pay. What is not closed goes to auto-deleveraging — when the book cannot take it, even while the fund
    /// holds money (venues deleverage the part of a liquidation order the market cannot fill).
    ///
    /// Throws (`overflow`) when the PnL of the placeable lots at the farthest price they may
    /// fill at does not fit in ``LiquidusCore/Money`` (every smaller unwind's then fits: the PnL
    /// is linear in the lots and monotone in the price).
    /// - Complexity: O(l log q) walks of l levels for q lots with a book.
    func liquidatorUnwind(_ held: Position, from price: Price, in market: Market, fund: WideMoney) throws(ValidationError) -> Unwind {
        let side = held.side
        let total = market.lots(in: held.size)
        let path = "positions[\"\(market.symbol)\"].size"
        func pnl(_ lots: Int64, at exit: Price) -> Money {
            let quantity = market.quantity(lots: lots)
            return Money.pnl(of: side == .long ? quantity : -quantity, from: price, to: exit, .down)
        }
        func check(_ lots: Int64, at exit: Price) throws(ValidationError) {
            let quantity = market.quantity(lots: lots)
            _ = try Money.pnl(of: side == .long ? quantity : -quantity, from: price, to: exit, .down, checkedAt: path)
        }
        let order = OrderSide(closing: side)
        guard let book = books[market.symbol], let bound = Self.unwindBound(for: side, book: book, executor: executor),
              let touch = book.touch(order.bookSide)?.price
        else {
            let (expected, source) = try expected(market.symbol, closing: held.size.magnitude, of: side, limit: price)
            try check(total, at: expected)
            let closed = Self.mostCarried(total, fund: fund) { pnl($0, at: expected) }
            return Unwind(closed: closed, pnl: pnl(closed, at: expected), price: expected, source: source, placeable: total)
        }
        func average(_ lots: Int64) throws(ValidationError) -> Price {
            try book.walk(side: order, quantity: market.quantity(lots: lots), limit: bound).averagePrice ?? bound
        }
        let reach = try book.walk(side: order, quantity: held.size.magnitude, limit: bound)
        let placeable = market.lots(in: reach.filled)
        guard placeable > 0 else {
            return Unwind(closed: 0, pnl: .zero, price: marks[market.symbol] ?? price, source: "mark", placeable: 0)
        }
        try check(placeable, at: touch)
        try check(placeable, at: bound)
        var failure: ValidationError?
        let closed = Self.mostCarried(placeable, fund: fund) { lots in
            do throws(ValidationError) { return pnl(lots, at: try average(lots)) } catch { failure = error; return .zero }
        }
        if let failure { throw failure }
        guard closed > 0 else { return Unwind(closed: 0, pnl: .zero, price: try average(1), source: "book", placeable: placeable) }
        let exit = try average(closed)
        return Unwind(closed: closed, pnl: pnl(closed, at: exit), price: exit, source: "book", placeable: placeable)
    }

    /// The most lots of `total` whose unwind PnL (`pnl`, falling as lots grow when it is a loss)
    /// the fund can carry: all of them when their PnL is a surplus or a loss within the fund.
    /// - Complexity: O(log total) calls of `pnl`.
    static func mostCarried(_ total: Int64, fund: WideMoney, pnl: (Int64) -> Money) -> Int64 {
        let whole = pnl(total)
        guard whole.isNegative, WideMoney(-whole) > fund else { return total }
        var low: Int64 = 0
        var high = total
        while low < high {
            let middle = low + (high - low + 1) / 2
            if WideMoney(-pnl(middle)) <= fund { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// How far from the touch the liquidator's unwind may walk: `touch × (1 ∓ b·n ÷ 10⁴)` for a
    /// slippage budget of `b` bp and `n` children (the reach of a whole close), rounded onto the
    /// tick toward the touch and at least one tick; `nil` when the side is empty.
    static func unwindBound(for side: Side, book: OrderBook, executor: LiquidationExecutor) -> Price? {
        let order = OrderSide(closing: side)
        guard let touch = book.touch(order.bookSide)?.price else { return nil }
        let reach = Swift.min(Int128(executor.slippageBudgetBasisPoints) * Int128(executor.maxChildren), 9_999)
        let tick = book.market.tickSize
        let move = Int128(touch.units) * reach
        if order == .sell {
            let raw = Price(units: Int64(WideDivision.divide(Int128(touch.units) * 10_000 - move, by: 10_000, .up)))
            return Swift.max(raw.rounded(toMultipleOf: tick, .up), tick)
        }
        let raw = Price(units: Int64(Swift.min(WideDivision.divide(Int128(touch.units) * 10_000 + move, by: 10_000, .down), Int128(Limits.maxPrice.units))))
        return raw.rounded(toMultipleOf: tick, .down)
    }
}
