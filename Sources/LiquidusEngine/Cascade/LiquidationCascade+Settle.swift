import LiquidusBook
import LiquidusCore

extension LiquidationCascade {
    /// Steps 2–5 for one scope (`nil`: the cross account).
    mutating func settle(
        _ scope: String?, of account: inout AccountState, ledger: inout Ledger, actions: inout [CascadeAction]
    ) throws(ValidationError) -> LiquidationResolved.Outcome {
        guard var context = try context(for: account, scope: scope) else { return .restored }
        let equity = context.equity
        let maintenance = context.maintenanceMargin
        let liquidatable = equity <= maintenance
        if liquidatable,
           !equity.isPositive || Int128(equity.units) * FixedPoint.wideScale < Int128(policy.backstopFloor.units) * Int128(maintenance.units) {
            let floor = policy.backstopFloor.isZero ? "0" : "\(policy.backstopFloor) × maintenance \(maintenance)"
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                         reason: "\(policy.kind): equity \(equity) is below the floor \(floor); taken over at the bankruptcy price")
            return .takenOver
        }
        if let pending = account.history.pendingClose, scope == nil || scope == pending.market,
           let focused = try self.context(for: account, scope: scope, focus: pending.market) {
            return try continueClose(pending, scope, context: focused, of: &account, ledger: &ledger, actions: &actions)
        }
        guard liquidatable else { return .restored }
        let (decision, projected) = try decide(&context)
        let figures = context.position
        let market = context.market
        let price = context.expectedPrice
        let source = context.priceSource
        let isCross = scope == nil
        switch decision {
        case .wait(let reason):
            actions.append(.waiting(reason.description))
            return .pending
        case .takeover(let reason):
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions, reason: reason.description)
            return .takenOver
        case .partial(let lots, let target, let reason):
            let projection = projected ?? context.project(closing: lots)
            let side = figures.position.side
            guard let limit = figures.bankruptcyPrice else {
                try takeover(scope, of: &account, ledger: &ledger, actions: &actions, reason: "\(reason); but the position has no bankruptcy price to bound the close")
                return .takenOver
            }
            guard price.isNoWorse(than: limit, closing: side) else {
                try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                             reason: "\(reason); but the expected price \(price) is worse than the bankruptcy price \(limit)")
                return .takenOver
            }
            guard projection.equityAfter.isPositive, !projection.backingAfter.isNegative || isCross else {
                try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                             reason: "\(reason); but the fee \(projection.fee) would exhaust the equity")
                return .takenOver
            }
            if books[market.symbol] != nil {
                let close = PendingClose(
                    market: market.symbol, plannedQuantity: projection.quantity, remaining: projection.quantity, childrenSent: 0,
                    nextChildAt: now, targetMarginRatio: target, reason: reason.description)
                return try execute(close, scope, context: context, of: &account, ledger: &ledger, actions: &actions)
            }
            try applyClose(projection, context: context, to: &account, ledger: &ledger)
            actions.append(.partial(PartialLiquidation(
                account: account.id, market: market.symbol, side: side.rawValue, quantity: projection.quantity, price: price,
                priceSource: source, limitPrice: limit, realizedPnl: projection.realizedPnl, fee: projection.fee,
                sizeAfter: projection.remainingSize, backingAfter: projection.backingAfter, equityAfter: projection.equityAfter,
                maintenanceMarginAfter: projection.maintenanceAfter, targetMarginRatio: target,
                marginRatioAfter: projection.marginRatioAfter, fundAfter: ledger.insuranceFund, reason: reason.description)))
            guard projection.liquidatableAfter else { return .restored }
            return try followUp(scope, of: &account, ledger: &ledger, actions: &actions)
        }
    }

    /// The policy's decision for `context`, with the expected price of its close made consistent
    /// with the quantity when the market has a book (`context` is left priced at it).
    ///
    /// The quantity depends on the price and the price (a depth walk) on the quantity. From the
    /// touch — a price no walk beats — the policy re-decides at the walk of each decided quantity:
    /// a worse price never asks for less and a larger close never walks to a better price, so the
    /// quantities only grow and stop at the least consistent pair (an independent walk of the
    /// quantity gives the price). A round whose walk gives the price already decided at ends the
    /// iteration: the same price gives the same decision.
    ///
    /// A ``ProjectingPolicy`` starts lower and cheaper: instead of deciding at the touch, the walk
    /// starts from its ``ProjectingPolicy/fewestLots(_:)`` at the touch — fewer lots are decided at
    /// no walk's price, so the quantities still only grow to the same least consistent pair — and
    /// its decision comes with the projection of its close at the context's final price (the
    /// decision is always the one made at that price).
    /// - Complexity: O(i × (policy + walk)) for i ≤ 64 rounds, each adding lots.
    func decide(_ context: inout LiquidationContext) throws(ValidationError) -> (decision: PolicyDecision, projection: CloseProjection?) {
        let decided = try decide(&context, against: books[context.market.symbol])
        return (decided.decision, decided.projection)
    }

    /// ``decide(_:)`` against `book`, the market's book already looked up. Inlined into its two
    /// callers, where the policy's calls read the caller's own context. `fill` is the book's fill
    /// of a partial close's whole quantity at the context's price, when the book fills it all
    /// (its average, which is that price, and its worst price).
    @inline(__always)
    func decide(
        _ context: inout LiquidationContext, against book: OrderBook?
    ) throws(ValidationError) -> (decision: PolicyDecision, projection: CloseProjection?, fill: (averagePrice: Price, worstPrice: Price)?) {
        if let policy = projectingPolicy {
            let (close, fill) = try consistent(&context, against: book, from: book.flatMap { _ in policy.fewestLots(context) }) { context in
                policy.leastClose(context)
            } lots: { $0?.lots }
            return (policy.decision(closing: close?.lots), close?.projection, fill)
        }
        let (decision, fill) = try consistent(&context, against: book, from: nil) { context in
            policy.decide(context)
        } lots: { decision in
            if case .partial(let lots, _, _) = decision { lots } else { nil }
        }
        return (decision, nil, fill)
    }

    /// The iteration of ``decide(_:)``: `decide` gives the policy's outcome at the context's
    /// price and `lots` the lots it closes (`nil`: none, which ends the iteration). Without
    /// `floor`, the first round decides at the context's price (the touch); with it, the first
    /// round walks `floor` lots and decides at that price. Without a book, one decision. `fill`
    /// is the book's whole fill of the outcome's lots at the final price, when it has one.
    /// Throws as ``LiquidationContext/reprice(at:source:)`` does, at a price whose figures do not fit.
    @inline(__always)
    func consistent<Outcome>(
        _ context: inout LiquidationContext, against book: OrderBook?, from floor: Int64?,
        decide: (LiquidationContext) -> Outcome, lots: (Outcome) -> Int64?
    ) throws(ValidationError) -> (outcome: Outcome, fill: (averagePrice: Price, worstPrice: Price)?) {
        guard let book else { return (decide(context), nil) }
        // The outcome decided at the context's price, `nil` before the first decision.
        var outcome: Outcome?
        var closing: Int64
        if let floor {
            closing = floor
        } else {
            let first = decide(context)
            guard let lots = lots(first) else { return (first, nil) }
            (outcome, closing) = (first, lots)
        }
        let side = context.position.position.side, limit = context.position.bankruptcyPrice
        var rounds = 0
        while true {
            let quantity = context.market.quantity(lots: closing)
            let estimate = book.closeEstimate(closing: quantity, of: side, limit: limit)
            let priced: (price: Price, source: String)
            if let estimate { priced = (estimate.price, "book") } else { priced = try expected(context.market.symbol, closing: quantity, of: side, limit: limit) }
            let (price, source) = priced
            let fill = estimate.flatMap { estimate in estimate.fullFillWorst.map { (averagePrice: estimate.price, worstPrice: $0) } }
            // The same price gives the same decision: the pair is already consistent.
            if let outcome, price == context.expectedPrice, source == context.priceSource { return (outcome, fill) }
            try context.reprice(at: price, source: source)
            context.searchFloor = closing
            let next = decide(context)
            rounds += 1
            guard let more = lots(next), more != closing, rounds < 64 else { return (next, lots(next) == closing ? fill : nil) }
            (outcome, closing) = (next, more)
        }
    }

    /// The policy's follow-up for a scope still under maintenance after its partial close.
    mutating func followUp(
        _ scope: String?, of account: inout AccountState, ledger: inout Ledger, actions: inout [CascadeAction]
    ) throws(ValidationError) -> LiquidationResolved.Outcome {
        switch policy.followUp {
        case .takeover:
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                         reason: "\(policy.kind): still under maintenance after the partial close; any further liquidation is full")
            return .takenOver
        case .waitForNextInterval:
            actions.append(.waiting("\(policy.kind): still under maintenance; the next step waits for the next interval"))
            return .pending
        }
    }
}
