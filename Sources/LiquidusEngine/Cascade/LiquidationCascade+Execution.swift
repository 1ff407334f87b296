import LiquidusBook
import LiquidusCore

extension LiquidationCascade {
    /// Sends the next child order of `close` against the market's book and books its fill.
    ///
    /// The ``LiquidusBook/LiquidationExecutor`` schedules what is left of the close (at most all
    /// lots but one: a partial never closes the whole position) against the book; its first child
    /// — the depth within the slippage budget and never beyond the bankruptcy price — fills now,
    /// at the walk's average price rounded against the trader, with the liquidation fee on that
    /// price (``LiquidationContext/project(closing:at:)``), and its depth leaves the book. The
    /// impact model's estimate for the child is recorded, then the model learns the realised
    /// impact. Then:
    /// - the policy's target ratio is reached (for a policy with one), or the whole close has
    ///   filled: the close is done;
    /// - else, while the rest can follow (the executor placed all of it, fewer than `maxChildren`
    ///   children have gone), it waits `childInterval` as a ``PendingClose`` — even once the
    ///   scope is above maintenance, since the policy's target (its buffer against the next
    ///   move) is not reached yet;
    /// - the rest cannot follow: if the scope is still under maintenance, takeover at the
    ///   bankruptcy price, then fund and ADL; if not, the close stops there;
    /// - the whole close filled and the scope is still under maintenance: the policy's follow-up.
    mutating func execute(
        _ close: PendingClose, _ scope: String?, context: LiquidationContext, of account: inout AccountState, ledger: inout Ledger,
        actions: inout [CascadeAction]
    ) throws(ValidationError) -> LiquidationResolved.Outcome {
        let market = context.market
        let symbol = market.symbol
        let side = context.position.position.side
        let order = OrderSide(closing: side)
        // What cannot go on escalates while the scope is under maintenance; above it, the close stops.
        func escalate(_ why: @autoclosure () -> String) throws(ValidationError) -> LiquidationResolved.Outcome {
            guard context.equity <= context.maintenanceMargin else {
                account.history.pendingClose = nil
                return .restored
            }
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions, reason: "\(close.reason); but \(why())")
            return .takenOver
        }
        let lots = min(market.lots(in: close.remaining), context.totalLots - 1)
        guard let limit = context.position.bankruptcyPrice, lots > 0, var book = books[symbol] else {
            return try escalate("the rest of the close has no book, no bankruptcy price to bound it, or would take the whole position")
        }
        let quantity = market.quantity(lots: lots)
        let schedule = try executor.firstChild(closing: quantity, of: side, bankruptcyPrice: limit, book: book, now: now)
        guard let child = schedule.child, let touch = book.touch(order.bookSide)?.price else {
            return try escalate("the book holds nothing to \(order.rawValue) at or better than the bankruptcy price \(limit)")
        }
        try context.checkFigures(closingAt: child.expectedPrice)
        let projection = context.project(closing: market.lots(in: child.quantity), at: child.expectedPrice)
        guard projection.equityAfter.isPositive, !projection.backingAfter.isNegative || scope == nil else {
            return try escalate("the fee \(projection.fee) would exhaust the equity")
        }

        // The fill: the child's depth leaves the book; the model is asked, then taught.
        let depth = book.visibleQuantity(on: order.bookSide)
        let input = ImpactInput(
            size: Double(child.quantity.units), visibleDepth: Double(depth.units), volatility: volatility[symbol]?.volatility ?? 0, volume: 0)
        var model = impactModels[symbol] ?? AdaptiveImpact()
        let estimate = model.expectedImpact(input)
        let walk = try book.fill(side: order, quantity: child.quantity, limit: child.limitPrice)
        // Impact against the mid before the child (the arrival price), the touch when the other
        // side is empty.
        let reference = book.touch(order.bookSide.opposite).map { (Double(touch.units) + Double($0.price.units)) / 2 } ?? Double(touch.units)
        let realized = Double(order.sign) * (Double(child.expectedPrice.units) - reference) / reference
        model.observe(fill: ImpactFill(input: input, impact: realized))
        impactModels[symbol] = model
        books[symbol] = book

        guard let index = account.index(of: symbol) else { throw AccountState.inconsistent("no position in \(symbol)") }
        try account.credit(projection.realizedPnl - projection.fee, at: index)  // within Money: the figures were checked
        account.positions[index].size = projection.remainingSize
        ledger.counterpartyCash -= projection.realizedPnl
        ledger.insuranceFund += projection.fee
        policy.record(closing: projection.quantity, in: context, history: &account.history)

        let remaining = close.remaining - child.quantity
        let sent = close.childrenSent + 1
        let reached = close.targetMarginRatio.map { projection.reaches($0) } ?? false
        let continues = !reached && remaining.isPositive && schedule.unfilled.isZero && sent < executor.maxChildren
        let nextChildAt = continues ? Self.later(now, by: executor.childInterval) : nil
        account.history.pendingClose = nextChildAt.map {
            PendingClose(
                market: symbol, plannedQuantity: close.plannedQuantity, remaining: remaining, childrenSent: sent, nextChildAt: $0,
                targetMarginRatio: close.targetMarginRatio, reason: close.reason)
        }
        var reason = close.reason
        if child.quantity != close.plannedQuantity {
            reason += "; child \(sent): \(child.quantity) of \(close.plannedQuantity) within the \(executor.slippageBudgetBasisPoints) bp slippage budget"
            if let nextChildAt { reason += ", the rest \(remaining) at \(nextChildAt) s" }
        }
        actions.append(.partial(PartialLiquidation(
            account: account.id, market: symbol, side: side.rawValue, quantity: projection.quantity, price: child.expectedPrice,
            priceSource: "book", limitPrice: limit, realizedPnl: projection.realizedPnl, fee: projection.fee,
            sizeAfter: projection.remainingSize, backingAfter: projection.backingAfter, equityAfter: projection.equityAfter,
            maintenanceMarginAfter: projection.maintenanceAfter, targetMarginRatio: close.targetMarginRatio,
            marginRatioAfter: projection.marginRatioAfter, fundAfter: ledger.insuranceFund, reason: reason,
            execution: BookExecution(
                plannedQuantity: close.plannedQuantity, child: sent, touchPrice: touch, worstPrice: walk.worstPrice ?? touch,
                childLimitPrice: child.limitPrice, levelsConsumed: walk.levelsConsumed, visibleDepth: depth, remaining: remaining,
                nextChildAt: nextChildAt, estimatedImpact: Self.rate(estimate), realizedImpact: Self.rate(realized)))))

        if let nextChildAt {
            actions.append(.waiting("the close continues: \(remaining) at \(nextChildAt) s"))
            return .pending
        }
        guard projection.liquidatableAfter else { return .restored }
        if remaining.isPositive {
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                         reason: "\(close.reason); the book took \(close.plannedQuantity - remaining) of \(close.plannedQuantity) in \(sent) child order(s) within the slippage budget and the bankruptcy price, and still under maintenance: the rest escalates")
            return .takenOver
        }
        return try followUp(scope, of: &account, ledger: &ledger, actions: &actions)
    }

    /// The next child of a close under way: it waits until its time, then goes against the book
    /// of that moment (the policy is not asked again).
    mutating func continueClose(
        _ close: PendingClose, _ scope: String?, context: LiquidationContext, of account: inout AccountState, ledger: inout Ledger,
        actions: inout [CascadeAction]
    ) throws(ValidationError) -> LiquidationResolved.Outcome {
        guard now >= close.nextChildAt else {
            actions.append(.waiting("child \(close.childrenSent + 1) of the close of \(close.plannedQuantity) waits for the book until \(close.nextChildAt) s"))
            return .pending
        }
        let priced = try self.context(for: account, scope: scope, closing: close.remaining) ?? context
        return try execute(close, scope, context: priced, of: &account, ledger: &ledger, actions: &actions)
    }

    /// `time + seconds`, saturating at the end of time (`Int64.max`): a child never waits for a
    /// time before the current one.
    static func later(_ time: Int64, by seconds: Int64) -> Int64 {
        let (sum, overflow) = time.addingReportingOverflow(seconds)
        return overflow ? (seconds > 0 ? .max : .min) : sum
    }

    /// A model fraction as a ``LiquidusCore/Rate`` in [0, 1], rounded up (the conservative side).
    static func rate(_ fraction: Double) -> Rate {
        guard fraction.isFinite else { return Rate(units: FixedPoint.scale) }
        return Rate(units: Int64((min(max(fraction, 0), 1) * Double(FixedPoint.scale)).rounded(.up)))
    }
}
