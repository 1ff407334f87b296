import LiquidusBook
import LiquidusCore

extension LiquidationCascade {
    /// Step 3–5: take the scope's positions over at their bankruptcy prices.
    ///
    /// The transfer price of a position is the bankruptcy price of the position backed by its
    /// share of the collateral (``transferPrice(_:backing:market:)``, on the tick toward
    /// solvency). Isolated: the position's margin. Cross: the account's equity is shared among the
    /// positions in proportion to their maintenance margin (``crossBackings(_:equity:wallet:useNotional:)``),
    /// so every position absorbs its part of the deficit (or surplus), its transfer price lies on
    /// the same side of the mark as its share, a single position's price is exactly its
    /// bankruptcy price, and the wallet ends ≥ 0: each realized PnL `⌊qᵢ·(bᵢ − eᵢ)⌋ ≥ −Cᵢ`
    /// because `bᵢ` is rounded toward solvency. Each position is then transferred
    /// (``transfer(_:backing:of:ledger:actions:reason:)``); a negative balance left is reset by the fund.
    ///
    /// Throws (`overflow`, the caller discarding the account's changes) when a figure does not fit:
    /// a transfer or unwind PnL beyond ``LiquidusCore/Money`` (a price far from the entry on a large
    /// size), or a collateral that cannot take it.
    mutating func takeover(
        _ scope: String?, of account: inout AccountState, ledger: inout Ledger, actions: inout [CascadeAction], reason: String
    ) throws(ValidationError) {
        account.history.pendingClose = nil
        let margin = try account.margin(markets, marks)
        let figures = Self.byMaintenance(margin.positions).filter { scope == nil || $0.position.market == scope }
        let backings = if scope == nil {
            try Self.crossBackings(figures, equity: margin.equity, wallet: account.walletBalance, useNotional: margin.maintenanceMargin.isZero)
        } else {
            figures.map { $0.position.isolatedMargin ?? .zero }
        }
        for (own, backing) in zip(figures, backings) {
            try transfer(own.position, backing: backing, of: &account, ledger: &ledger, actions: &actions, reason: reason)
        }
        // Step 4 for a negative balance: reset to zero by the fund, the rest unrecovered.
        if account.walletBalance.isNegative {
            let deficit = -account.walletBalance
            account.walletBalance = .zero
            cover(deficit, of: account.id, market: nil, ledger: &ledger, actions: &actions,
                  reason: "reset of the negative balance \(-deficit) left after the takeover")
        }
    }

    /// The backing of each of a cross account's positions (in `figures`' order): its share of the
    /// equity `E` in proportion to its maintenance margin (its notional when no position has
    /// any), `shareᵢ = ⌊E × MMᵢ ÷ ΣMM⌋`, less its own PnL, `Cᵢ = shareᵢ − uPnLᵢ`; the last takes
    /// the rounding remainder so that `ΣCᵢ` is exactly the wallet. Each share is at most `|E|`;
    /// a backing that does not fit in ``LiquidusCore/Money`` throws (`overflow`).
    static func crossBackings(_ figures: [PositionMargin], equity: Money, wallet: Money, useNotional: Bool) throws(ValidationError) -> [Money] {
        let weights = figures.map { Int128((useNotional ? $0.notional : $0.maintenanceMargin).units) }
        let totalWeight = Swift.max(1, weights.reduce(0, +))
        var allocated = Money.zero
        var backings: [Money] = []
        for (index, own) in figures.enumerated() {
            let backing: Money
            if index == figures.count - 1 {
                backing = try wallet.subtracting(allocated, checkedAt: "walletBalance")
            } else {
                let share = Money(units: Int64(WideDivision.divide(Int128(equity.units) * weights[index], by: totalWeight, .down)))  // |share| ≤ |E|
                backing = try share.subtracting(own.unrealizedPnl, checkedAt: "walletBalance")
            }
            allocated = try allocated.adding(backing, checkedAt: "walletBalance")
            backings.append(backing)
        }
        return backings
    }

    /// One position moves to the liquidator at its transfer price (its realized PnL into the
    /// account's collateral, an isolated margin left negative reset by the fund); the liquidator
    /// unwinds what the market can take and the fund can carry (``liquidatorUnwind(_:from:in:fund:)``),
    /// taking that depth out of the book, and hands the rest to auto-deleveraging with its reason
    /// (the book's reach or the fund).
    mutating func transfer(
        _ held: Position, backing: Money, of account: inout AccountState, ledger: inout Ledger, actions: inout [CascadeAction], reason: String
    ) throws(ValidationError) {
        let symbol = held.market
        guard let market = markets[symbol], let index = account.index(of: symbol) else {
            throw AccountState.inconsistent("no market or position \(symbol) to take over")
        }
        let side = held.side
        let price = Self.transferPrice(held, backing: backing, market: market)
        let realized = try Money.pnl(of: held.size, from: held.entryPrice, to: price, .down, checkedAt: "positions[\(index)].size")
        try account.credit(realized, at: index)
        ledger.counterpartyCash -= realized
        if account.marginMode == .isolated, account.backing(at: index).isNegative {
            // An isolated loss never reaches the wallet: the fund resets the margin to zero.
            let deficit = -account.backing(at: index)
            try account.credit(deficit, at: index)
            cover(deficit, of: account.id, market: symbol, ledger: &ledger, actions: &actions,
                  reason: "reset of the negative isolated margin \(-deficit) left after the takeover")
        }
        var backingAfter = account.backing(at: index)
        try account.removePosition(at: index)
        if account.marginMode == .cross { backingAfter = account.walletBalance }

        let total = market.lots(in: held.size)
        let unwound = try liquidatorUnwind(held, from: price, in: market, fund: ledger.insuranceFund)
        if unwound.closed > 0, var book = books[symbol] {
            // The liquidator's unwind takes its lots out of the book, within its reach.
            let order = OrderSide(closing: side)
            try book.fill(side: order, quantity: market.quantity(lots: unwound.closed), limit: Self.unwindBound(for: side, book: book, executor: executor))
            books[symbol] = book
        }
        ledger.insuranceFund += unwound.pnl
        ledger.counterpartyCash -= unwound.pnl
        let closedQuantity = market.quantity(lots: unwound.closed)
        let rest = market.quantity(lots: total - unwound.closed)
        // The rest's loss at the mark, which auto-deleveraging must cover.
        let mark = marks[symbol] ?? unwound.price
        let uncovered = -Swift.min(.zero, try Money.pnl(of: side == .long ? rest : -rest, from: price, to: mark, .down, checkedAt: "positions[\(index)].size"))
        actions.append(.takeover(PositionTakenOver(
            account: account.id, market: symbol, size: held.size, entryPrice: held.entryPrice, bankruptcyPrice: price,
            realizedPnl: realized, expectedPrice: unwound.price, priceSource: unwound.source, closedInMarket: closedQuantity,
            liquidatorPnl: unwound.pnl, toDeleverage: rest, backingAfter: backingAfter, fundAfter: ledger.insuranceFund, reason: reason)))
        // Why lots go to auto-deleveraging: the book's depth within reach, or the fund.
        let why = total > unwound.placeable
            ? "the book cannot take \(market.quantity(lots: total - unwound.placeable)) \(symbol) within the liquidator's reach"
            : "the insurance fund (\(ledger.insuranceFund) left) cannot cover the loss on \(rest) \(symbol)"
        if unwound.pnl.isNegative || rest.isPositive {
            actions.append(.fundPaid(InsuranceFundPaid(
                account: account.id, market: symbol, amount: -Swift.min(unwound.pnl, .zero), uncovered: uncovered,
                fundAfter: ledger.insuranceFund,
                reason: "the liquidator's loss unwinding \(closedQuantity) \(symbol) from the bankruptcy price \(price) at \(unwound.price)"
                    + (rest.isPositive ? "; \(why)" : ""))))
        }
        if rest.isPositive {
            actions.append(.deleverage(DeleverageOrder(
                account: account.id, market: symbol, side: side, quantity: rest, bankruptcyPrice: price,
                expectedPrice: mark, priceSource: "mark",
                reason: "\(why); opposing profitable positions take it over (bankruptcy price \(price))")))
        }
    }

    /// The fund pays `deficit` (already credited to the account) as far as it can; the rest is
    /// recorded as unrecovered loss (``Ledger/cover(_:of:market:reason:)``).
    func cover(_ deficit: Money, of account: String, market: String?, ledger: inout Ledger, actions: inout [CascadeAction], reason: String) {
        actions.append(.fundPaid(ledger.cover(deficit, of: account, market: market, reason: reason)))
    }

    /// The price at which `held`, backed by `backing`, moves to the liquidator: its bankruptcy
    /// price `e − C ÷ q` on the tick toward solvency (``LiquidusCore/LiquidationPriceSolver/bankruptcyPrice(size:entryPrice:backing:tickSize:)``);
    /// when that is not a price in (0, ``LiquidusCore/Limits/maxPrice``] — the bankruptcy price
    /// is at most 0 or rounds to 0 below one tick, or lies beyond the largest price on the
    /// grid — the nearest one that is: one tick, or the largest multiple of the tick within the
    /// limit. Either way the PnL at it is checked where it is formed.
    static func transferPrice(_ held: Position, backing: Money, market: Market) -> Price {
        if let price = LiquidationPriceSolver.bankruptcyPrice(size: held.size, entryPrice: held.entryPrice, backing: backing, tickSize: market.tickSize) {
            return price
        }
        let q = Int128(held.size.units)
        let rounding = held.side.solvencyRounding
        let exact = WideDivision.divide(q * Int128(held.entryPrice.units) - Int128(backing.units) * FixedPoint.wideScale, by: q, rounding)
        let onGrid = WideDivision.divide(exact, by: Int128(market.tickSize.units), rounding)
        return onGrid <= 0 ? market.tickSize : Limits.maxPrice.rounded(toMultipleOf: market.tickSize, .down)
    }
}
