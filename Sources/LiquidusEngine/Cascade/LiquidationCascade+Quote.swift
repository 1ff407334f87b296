import LiquidusBook
import LiquidusCore

extension LiquidationCascade {
    /// The first close of the cascade for `account`, computed as ``run(_:ledger:)`` computes it —
    /// the same scope, context, backstop floor, policy decision priced against the book
    /// (``decide(_:)``), bankruptcy bound and fee check — but without carrying it out or writing
    /// its events.
    func quote(_ account: consuming AccountState) throws(ValidationError) -> CloseQuote {
        // The quote reads no initial margin or margin ratio (nor does a context, see
        // ``LiquidationContext/position``): their divisions are left out. Open orders change
        // none of the figures it reads, so cancelling them (the cascade's first step) changes
        // nothing here.
        guard account.history.pendingClose != nil else { return try quoteFirstClose(account) }
        let margin = try account.margin(markets, marks, detail: .liquidation)
        let continuing = account.history.pendingClose.flatMap { close in account.index(of: close.market).map { _ in close } }
        guard margin.liquidatable || continuing != nil else { return CloseQuote(action: .none) }
        let scope: String?
        if account.marginMode == .cross {
            scope = nil
        } else if let largest = Self.largestByMaintenance(margin.positions, where: \.liquidatable) {
            scope = largest.position.market
        } else {
            scope = continuing?.market
        }
        var found: OrderBook?
        guard var context = try self.context(for: account, scope: scope, margin: margin, focus: continuing?.market, book: &found) else {
            return CloseQuote(action: .none)
        }
        let book = consume found
        let symbol = context.market.symbol
        let limit = context.position.bankruptcyPrice
        let liquidatable = context.equity <= context.maintenanceMargin
        if liquidatable, belowBackstopFloor(context) { return Self.takeover(context) }
        if let pending = continuing, pending.market == symbol {
            guard now >= pending.nextChildAt else {
                return CloseQuote(action: .wait, market: symbol, quantity: pending.remaining, limitPrice: limit)
            }
            let priced = try self.context(for: account, scope: scope, closing: pending.remaining) ?? context
            guard let next = try child(closing: pending.remaining, in: priced, book: book, isCross: scope == nil) else {
                return liquidatable ? Self.takeover(context) : CloseQuote(action: .none)
            }
            return CloseQuote(
                action: .partialClose, market: symbol, quantity: pending.remaining, expectedPrice: priced.expectedPrice,
                priceSource: priced.priceSource, limitPrice: limit, firstChild: next)
        }
        guard liquidatable else { return CloseQuote(action: .none) }
        return try decideClose(&context, against: book, isCross: scope == nil)
    }

    /// ``quote(_:)`` for an account with no close under way, the common case: only the position
    /// to reduce is evaluated in full, with its scope's totals
    /// (``LiquidusCore/Account/withLiquidationFocus(marginMode:walletBalance:positions:markets:marks:comesFirst:otherwise:_:)``:
    /// no array of every position's figures, and the figures read where they are made).
    private func quoteFirstClose(_ account: borrowing AccountState) throws(ValidationError) -> CloseQuote {
        let isCross = account.marginMode == .cross
        return try Account.withLiquidationFocus(
            marginMode: account.marginMode, walletBalance: account.walletBalance, positions: account.positions, markets: markets,
            marks: marks, comesFirst: Self.comesFirst, otherwise: CloseQuote(action: .none)
        ) { (figures, equity, maintenanceMargin, liquidatable) throws(ValidationError) -> CloseQuote in
            guard liquidatable else { return CloseQuote(action: .none) }
            var book: OrderBook?
            var context = try self.context(
                for: account, reducing: figures, equity: equity, maintenanceMargin: maintenanceMargin, isCross: isCross, closing: nil,
                book: &book)
            if belowBackstopFloor(context) { return Self.takeover(context) }
            return try decideClose(&context, against: book, isCross: isCross)
        }
    }

    /// Whether the scope's equity is not positive or below the policy's backstop floor (a
    /// fraction of maintenance): the cascade takes it over without a partial close.
    @inline(__always)
    private func belowBackstopFloor(_ context: borrowing LiquidationContext) -> Bool {
        let equity = context.equity
        return !equity.isPositive
            || Int128(equity.units) * FixedPoint.wideScale < Int128(policy.backstopFloor.units) * Int128(context.maintenanceMargin.units)
    }

    /// The takeover of the context's position at its bankruptcy price.
    private static func takeover(_ context: borrowing LiquidationContext) -> CloseQuote {
        CloseQuote(action: .takeover, market: context.market.symbol, limitPrice: context.position.bankruptcyPrice)
    }

    /// The close of a liquidatable scope with no close under way: the policy's decision priced
    /// against `book`, bounded by the bankruptcy price and checked against the fee, and the
    /// first child order it sends.
    @inline(__always)
    private func decideClose(_ context: inout LiquidationContext, against book: OrderBook?, isCross: Bool) throws(ValidationError) -> CloseQuote {
        let (decision, projected, fill) = try decide(&context, against: book)
        switch decision {
        case .wait:
            return CloseQuote(action: .wait, market: context.market.symbol, limitPrice: context.position.bankruptcyPrice)
        case .takeover:
            return Self.takeover(context)
        case .partial(let lots, _, _):
            let projection = projected ?? context.project(closing: lots)
            guard let limit = context.position.bankruptcyPrice,
                  context.expectedPrice.isNoWorse(than: limit, closing: context.position.position.side), projection.equityAfter.isPositive,
                  !projection.backingAfter.isNegative || isCross,
                  let first = try child(closing: projection.quantity, in: context, book: book, isCross: isCross, whole: projection, fill: fill)
            else { return Self.takeover(context) }
            return CloseQuote(
                action: .partialClose, market: context.market.symbol, quantity: projection.quantity, expectedPrice: context.expectedPrice,
                priceSource: context.priceSource, limitPrice: limit, fee: projection.fee, marginRatioAfter: projection.marginRatioAfter,
                firstChild: first)
        }
    }

    /// The child ``execute(_:_:context:of:ledger:actions:)`` would send now for `quantity` of the
    /// context's position against `book` (`.some(nil)` without a book), or `nil` when it would
    /// escalate instead. `whole` is the projection of the whole `quantity` at the context's price,
    /// when known: a child that is all of it at that price has it; `fill` is the book's fill of the
    /// whole `quantity`, when known (the child's walk is not repeated when it is the same).
    private func child(
        closing quantity: Quantity, in context: borrowing LiquidationContext, book: OrderBook?, isCross: Bool,
        whole: CloseProjection? = nil, fill: (averagePrice: Price, worstPrice: Price)? = nil
    ) throws(ValidationError) -> LiquidationExecutor.Child?? {
        guard let book else { return .some(nil) }
        let asked = context.market.lots(in: quantity)
        let lots = min(asked, context.totalLots - 1)
        guard let limit = context.position.bankruptcyPrice, lots > 0,
              let first = try executor.firstChild(
                  closing: context.market.quantity(lots: lots), of: context.position.position.side, bankruptcyPrice: limit, book: book,
                  now: now, filling: lots == asked ? fill : nil).child
        else { return nil }
        let projection: CloseProjection
        if let whole, whole.quantity == first.quantity, first.expectedPrice == context.expectedPrice {
            projection = whole
        } else {
            try context.checkFigures(closingAt: first.expectedPrice)
            projection = context.project(closing: context.market.lots(in: first.quantity), at: first.expectedPrice)
        }
        guard projection.equityAfter.isPositive, !projection.backingAfter.isNegative || isCross else { return nil }
        return .some(first)
    }
}
