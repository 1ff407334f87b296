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
        guard let limit = context.position.bankruptcyPrice, lots > 0, let book = books[market.symbol] else {
            return try escalate("the rest of the close has no book, no bankruptcy price to bound it, or would take the whole position")
        }
        let schedule = try executor.firstChild(closing: market.quantity(lots: lots), of: side, bankruptcyPrice: limit, book: book, now: now)
        guard let child = schedule.child, book.touch(order.bookSide) != nil else {
            return try escalate("the book holds nothing to \(order.rawValue) at or better than the bankruptcy price \(limit)")
        }
        try context.checkFigures(closingAt: child.expectedPrice)
        let projection = context.project(closing: market.lots(in: child.quantity), at: child.expectedPrice)
        guard projection.equityAfter.isPositive, !projection.backingAfter.isNegative || scope == nil else {
            return try escalate("the fee \(projection.fee) would exhaust the equity")
        }
        let fill = try fillAgainstBook(child, in: market)
        try applyClose(projection, context: context, to: &account, ledger: &ledger)
        let next = nextChild(after: child, of: close, reaching: projection, placedWhole: schedule.unfilled.isZero)
        account.history.pendingClose = next
        actions.append(.partial(partialEvent(
            child, of: close, fill: fill, projection: projection, context: context, limit: limit, next: next, fund: ledger.insuranceFund)))
        if let next {
            actions.append(.waiting("the close continues: \(next.remaining) at \(next.nextChildAt) s"))
            return .pending
        }
        guard projection.liquidatableAfter else { return .restored }
        let remaining = close.remaining - child.quantity
        if remaining.isPositive {
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                         reason: "\(close.reason); the book took \(close.plannedQuantity - remaining) of \(close.plannedQuantity) in \(close.childrenSent + 1) child order(s) within the slippage budget and the bankruptcy price, and still under maintenance: the rest escalates")
            return .takenOver
        }
        return try followUp(scope, of: &account, ledger: &ledger, actions: &actions)
    }

    /// What a child's fill against the book was: the walk, the depth on its side before it, the
    /// touch it met, and the impact model's estimate and the realised impact, each a fraction
    /// rounded up into a ``LiquidusCore/Rate``.
    struct ChildFill {
        var walk: DepthWalk
        var visibleDepth: Quantity
        var touch: Price
        var estimatedImpact: Rate
        var realizedImpact: Rate
    }

    /// Fills `child` against the market's book — its depth leaves the book — and asks the
    /// market's impact model for its estimate, then teaches it the realised impact (against the
    /// mid before the child, the arrival price; the touch when the other side is empty).
    mutating func fillAgainstBook(_ child: LiquidationExecutor.Child, in market: Market) throws(ValidationError) -> ChildFill {
        let symbol = market.symbol
        let order = child.side
        guard var book = books[symbol], let touch = book.touch(order.bookSide)?.price else {
            throw AccountState.inconsistent("no depth in the book of \(symbol) for a child that was placed")
        }
        let depth = book.visibleQuantity(on: order.bookSide)
        let input = ImpactInput(
            size: Double(child.quantity.units), visibleDepth: Double(depth.units), volatility: volatility[symbol]?.volatility ?? 0, volume: 0)
        var model = impactModels[symbol] ?? AdaptiveImpact()
        let features = model.features(input)
        let estimate = model.expectedImpact(features: features)
        let walk = try book.fill(side: order, quantity: child.quantity, limit: child.limitPrice)
        let reference = book.touch(order.bookSide.opposite).map { (Double(touch.units) + Double($0.price.units)) / 2 } ?? Double(touch.units)
        let realized = Double(order.sign) * (Double(child.expectedPrice.units) - reference) / reference
        model.observe(features: features, impact: realized)
        impactModels[symbol] = model
        books[symbol] = book
        return ChildFill(walk: walk, visibleDepth: depth, touch: touch, estimatedImpact: Self.rate(estimate), realizedImpact: Self.rate(realized))
    }

    /// Books a partial close's money: the realized PnL less the fee into the position's
    /// collateral (within ``LiquidusCore/Money``: the context's figures were checked at its price),
    /// the size reduced, the PnL paid by the outside market, the fee to the fund, and the close
    /// recorded in the account's history by the policy.
    func applyClose(
        _ projection: CloseProjection, context: LiquidationContext, to account: inout AccountState, ledger: inout Ledger
    ) throws(ValidationError) {
        let symbol = context.market.symbol
        guard let index = account.index(of: symbol) else { throw AccountState.inconsistent("no position in \(symbol)") }
        try account.credit(projection.realizedPnl - projection.fee, at: index)
        account.positions[index].size = projection.remainingSize
        ledger.counterpartyCash -= projection.realizedPnl
        ledger.insuranceFund += projection.fee
        policy.record(closing: projection.quantity, in: context, history: &account.history)
    }

    /// The close still under way after `child` filled, or `nil` when it is done or cannot go on:
    /// it goes on while the policy's target is not reached, some of it is left, the executor
    /// placed all of it, and fewer than `maxChildren` children have gone; the next child waits
    /// `childInterval`.
    func nextChild(
        after child: LiquidationExecutor.Child, of close: PendingClose, reaching projection: CloseProjection, placedWhole: Bool
    ) -> PendingClose? {
        let remaining = close.remaining - child.quantity
        let sent = close.childrenSent + 1
        let reached = close.targetMarginRatio.map { projection.reaches($0) } ?? false
        guard !reached, remaining.isPositive, placedWhole, sent < executor.maxChildren else { return nil }
        return PendingClose(
            market: close.market, plannedQuantity: close.plannedQuantity, remaining: remaining, childrenSent: sent,
            nextChildAt: timeUnit.time(now, plusSeconds: executor.childInterval), targetMarginRatio: close.targetMarginRatio, reason: close.reason)
    }

    /// The event of `child`'s fill: the close's figures after it and the execution against the book.
    func partialEvent(
        _ child: LiquidationExecutor.Child, of close: PendingClose, fill: ChildFill, projection: CloseProjection, context: LiquidationContext,
        limit: Price, next: PendingClose?, fund: WideMoney
    ) -> PartialLiquidation {
        let remaining = close.remaining - child.quantity
        let sent = close.childrenSent + 1
        var reason = close.reason
        if child.quantity != close.plannedQuantity {
            reason += "; child \(sent): \(child.quantity) of \(close.plannedQuantity) within the \(executor.slippageBudgetBasisPoints) bp slippage budget"
            if let next { reason += ", the rest \(remaining) at time \(next.nextChildAt)" }
        }
        return PartialLiquidation(
            account: context.accountID, market: context.market.symbol, side: context.position.position.side.rawValue, quantity: projection.quantity,
            price: child.expectedPrice, priceSource: "book", limitPrice: limit, realizedPnl: projection.realizedPnl, fee: projection.fee,
            sizeAfter: projection.remainingSize, backingAfter: projection.backingAfter, equityAfter: projection.equityAfter,
            maintenanceMarginAfter: projection.maintenanceAfter, targetMarginRatio: close.targetMarginRatio,
            marginRatioAfter: projection.marginRatioAfter, fundAfter: fund, reason: reason,
            execution: BookExecution(
                plannedQuantity: close.plannedQuantity, child: sent, touchPrice: fill.touch, worstPrice: fill.walk.worstPrice ?? fill.touch,
                childLimitPrice: child.limitPrice, levelsConsumed: fill.walk.levelsConsumed, visibleDepth: fill.visibleDepth, remaining: remaining,
                nextChildAt: next?.nextChildAt, estimatedImpact: fill.estimatedImpact, realizedImpact: fill.realizedImpact))
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

    /// A model fraction as a ``LiquidusCore/Rate`` in [0, 1], rounded up (the conservative side).
    static func rate(_ fraction: Double) -> Rate {
        guard fraction.isFinite else { return Rate(units: FixedPoint.scale) }
        return Rate(units: Int64((min(max(fraction, 0), 1) * Double(FixedPoint.scale)).rounded(.up)))
    }
}
