import LiquidusBook
import LiquidusCore

extension LiquidationCascade {
    /// The first close of the cascade for `account`, computed as ``run(_:ledger:)`` computes it —
    /// the same scope, context, backstop floor, policy decision priced against the book
    /// (``decide(_:)``), bankruptcy bound and fee check — but without carrying it out or writing
    /// its events.
    func quote(_ account: consuming AccountState) throws(ValidationError) -> CloseQuote {
        // The quote reads no initial margin or margin ratio (nor does a context, see
        // ``LiquidationContext/position``): their divisions are left out.
        var margin = try account.margin(markets, marks, detail: .liquidation)
        let continuing = account.history.pendingClose.flatMap { close in account.index(of: close.market).map { _ in close } }
        guard margin.liquidatable || continuing != nil else { return CloseQuote(action: .none) }
        if margin.liquidatable, !account.openOrders.isEmpty {
            account.openOrders = []  // the cascade cancels them first
            margin = try account.margin(markets, marks, detail: .liquidation)
        }
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
        func takeover() -> CloseQuote {
            liquidatable ? CloseQuote(action: .takeover, market: symbol, limitPrice: limit) : CloseQuote(action: .none)
        }
        let equity = context.equity
        if liquidatable,
           !equity.isPositive
            || Int128(equity.units) * FixedPoint.wideScale < Int128(policy.backstopFloor.units) * Int128(context.maintenanceMargin.units) {
            return takeover()
        }
        let side = context.position.position.side
        // The child ``execute(_:_:context:of:ledger:actions:)`` would send now for `quantity`, or
        // `nil` when it would escalate instead. `whole` is the projection of the whole `quantity`
        // at the context's price, when known: a child that is all of it at that price has it.
        func child(
            closing quantity: Quantity, in context: LiquidationContext, whole: CloseProjection? = nil
        ) throws(ValidationError) -> LiquidationExecutor.Child?? {
            guard let book else { return .some(nil) }
            let lots = min(context.market.lots(in: quantity), context.totalLots - 1)
            guard let limit, lots > 0,
                  let first = try executor.firstChild(
                      closing: context.market.quantity(lots: lots), of: side, bankruptcyPrice: limit, book: book, now: now).child
            else { return nil }
            let projection = if let whole, whole.quantity == first.quantity, first.expectedPrice == context.expectedPrice {
                whole
            } else {
                context.project(closing: context.market.lots(in: first.quantity), at: first.expectedPrice)
            }
            guard projection.equityAfter.isPositive, !projection.backingAfter.isNegative || scope == nil else { return nil }
            return .some(first)
        }
        if let pending = continuing, pending.market == symbol {
            guard now >= pending.nextChildAt else {
                return CloseQuote(action: .wait, market: symbol, quantity: pending.remaining, limitPrice: limit)
            }
            let priced = try self.context(for: account, scope: scope, closing: pending.remaining) ?? context
            guard let next = try child(closing: pending.remaining, in: priced) else { return takeover() }
            return CloseQuote(
                action: .partialClose, market: symbol, quantity: pending.remaining, expectedPrice: priced.expectedPrice,
                priceSource: priced.priceSource, limitPrice: limit, firstChild: next)
        }
        guard liquidatable else { return CloseQuote(action: .none) }
        let decision = decide(&context, against: book)
        switch decision {
        case .wait:
            return CloseQuote(action: .wait, market: symbol, limitPrice: limit)
        case .takeover:
            return takeover()
        case .partial(let lots, _, _):
            let projection = context.project(closing: lots)
            guard let limit, context.expectedPrice.isNoWorse(than: limit, closing: side), projection.equityAfter.isPositive,
                  !projection.backingAfter.isNegative || scope == nil,
                  let first = try child(closing: projection.quantity, in: context, whole: projection)
            else { return takeover() }
            return CloseQuote(
                action: .partialClose, market: symbol, quantity: projection.quantity, expectedPrice: context.expectedPrice,
                priceSource: context.priceSource, limitPrice: limit, fee: projection.fee, marginRatioAfter: projection.marginRatioAfter,
                firstChild: first)
        }
    }
}
