import LiquidusCore

extension LiquidationEngine {
    /// Re-checks `candidates` (ids ascending) and runs the cascade on each that is at or below
    /// maintenance; accounts deleveraged meanwhile are re-checked after. An account still at or
    /// below maintenance afterwards (waiting for an interval, or not yet restored) stays pending.
    ///
    /// An account that is liquidatable but waiting (an interval not elapsed) emits nothing.
    mutating func recheck(_ candidates: Set<String>) throws(ValidationError) -> [EngineEvent.Payload] {
        var cascade = LiquidationCascade(
            markets: markets, marks: marks, expectedPrices: expectedPrices, policy: policy, now: time, books: books, executor: executor,
            impactModels: impactModels, volatility: volatility, booksCarryCatalogMarkets: true)
        defer {
            books = cascade.books
            impactModels = cascade.impactModels
        }
        var queue = candidates.sorted()
        var waiting = candidates  // queued and not yet re-checked
        var payloads: [EngineEvent.Payload] = []
        var cursor = 0
        // Each pass either ends or removes position size, so the bound is never reached by valid
        // state; it guards against a programming error looping forever.
        while cursor < queue.count, cursor < 100_000 {
            let id = queue[cursor]
            cursor += 1
            waiting.remove(id)
            guard var state = accounts[id], !state.positions.isEmpty, state.positions.allSatisfy({ marks[$0.market] != nil }) else {
                watch.pending.remove(id)
                if var idle = accounts[id], idle.history.pendingClose != nil {
                    idle.history.pendingClose = nil
                    store(idle, for: id)
                }
                continue
            }
            defer {
                // Pending: still at or below maintenance, or a close under way (its next child).
                if let after = accounts[id], !after.positions.isEmpty,
                   after.history.pendingClose != nil || (try? after.margin(markets, marks).liquidatable) == true {
                    watch.pending.insert(id)
                } else {
                    watch.pending.remove(id)
                }
            }
            var ledgerCopy = ledger
            var trial = cascade
            let actions: [CascadeAction]
            do { actions = try trial.run(&state, ledger: &ledgerCopy) } catch { throw error.prefixed(by: "accounts[\"\(id)\"]") }
            let acts = actions.contains { action in
                switch action {
                case .triggered, .waiting, .resolved: false
                default: true
                }
            }
            guard acts else {
                // Nothing done and nothing to tell, but a close under way may have stopped.
                if state.history != accounts[id]!.history { store(state, for: id) }
                continue
            }
            store(state, for: id)
            ledger = ledgerCopy
            cascade = trial
            for action in actions {
                switch action {
                case .triggered(let event): payloads.append(.liquidationTriggered(event))
                case .ordersCancelled(let event): payloads.append(.ordersCancelled(event))
                case .partial(let event): payloads.append(.partialLiquidation(event))
                case .takeover(let event): payloads.append(.positionTakenOver(event))
                case .fundPaid(let event): payloads.append(.insuranceFundPaid(event))
                case .resolved(let event): payloads.append(.liquidationResolved(event))
                case .waiting: break
                case .deleverage(let order):
                    for event in try deleverage(order) {
                        payloads.append(.autoDeleveraged(event))
                        if let counterparty = event.counterparty, waiting.insert(counterparty).inserted { queue.append(counterparty) }
                    }
                }
            }
        }
        return payloads
    }

    /// Closes `order.quantity` against opposing profitable positions, shared by the engine's
    /// ``DeleveragingMechanism``; what no position can take is unwound in the market at the
    /// expected price and its loss recorded as unrecovered.
    ///
    /// The order's *shortfall* is what the fund cannot pay of its loss at the mark,
    /// `max(0, q × |bankruptcy price − mark| − fund)`. The ranked queue closes each counterparty's
    /// part at the bankruptcy price (as Binance and Hyperliquid publish), whatever the fund holds,
    /// or at the mark when that is worse for the counterparty (``queuePrice(bankruptcy:mark:counterparty:)``).
    /// The pro-rata mechanisms close at the mark and let the fund pay first: each counterparty
    /// pays `min(⌈shortfall × its lots ÷ the order's lots⌉, its profit on them at the mark)`
    /// (rounded up, so the parts cover the shortfall unless a profit caps one: no counterparty
    /// realizes a loss), and the liquidator's loss at the mark, less those payments, is the
    /// fund's (what it cannot pay is recorded as unrecovered).
    /// Counterparties come from the ranking kept per market and side (``DeleveragingRanking``),
    /// or, with ``deleveragingByFullScan``, from a scan of every account (the reference).
    mutating func deleverage(_ order: DeleverageOrder) throws(ValidationError) -> [AutoDeleveraged] {
        let market = markets[order.market]!
        let totalLots = market.lots(in: order.quantity)
        let mark = marks[order.market] ?? order.bankruptcyPrice
        let signed = order.side == .long ? order.quantity : -order.quantity
        let loss = Swift.max(.zero, -Money.pnl(of: signed, from: order.bankruptcyPrice, to: mark, .down))
        let shortfall = Swift.max(.zero, loss - ledger.insuranceFund)
        var remaining = totalLots
        var passedOver: Set<String> = [order.account]
        var events: [AutoDeleveraged] = []
        while remaining > 0 {
            let shares = try deleveragingShares(order, lots: remaining, excluding: passedOver)
            guard !shares.isEmpty else { break }
            for share in shares {
                guard let event = try deleverageFill(share, of: order, mark: mark, orderLots: totalLots, shortfall: shortfall) else {
                    passedOver.insert(share.candidate.id)
                    continue
                }
                remaining -= share.lots
                events.append(event)
            }
        }
        if remaining > 0 {
            let quantity = market.quantity(lots: remaining)
            let pnl = Money.pnl(of: order.side == .long ? quantity : -quantity, from: order.bankruptcyPrice, to: order.expectedPrice, .down)
            ledger.counterpartyCash -= pnl
            if pnl.isNegative { ledger.liquidatorCash += pnl } else { ledger.insuranceFund += pnl }
            events.append(AutoDeleveraged(
                liquidatedAccount: order.account, counterparty: nil, market: order.market, quantity: quantity,
                price: order.expectedPrice, realizedPnl: pnl, sizeAfter: .zero, rank: .zero, unrecoveredLoss: -Swift.min(pnl, .zero),
                mechanism: deleveraging.rawValue, markPrice: mark, shortfall: shortfall))
        }
        return events
    }

    /// The shares of `lots` of `order` among the counterparties not in `excluded`: from the
    /// ranking of the opposing side at the mark, or from a scan of every account.
    mutating func deleveragingShares(_ order: DeleverageOrder, lots: Int64, excluding excluded: Set<String>) throws(ValidationError) -> [DeleveragingAllocation.Share] {
        let ranking: DeleveragingRanking
        if deleveragingByFullScan {
            let candidates = accounts.values.compactMap { state in
                DeleveragingCandidate.of(state, market: order.market, against: order.side, markets: markets, marks: marks, mechanism: deleveraging)
            }
            ranking = DeleveragingRanking(mark: marks[order.market] ?? order.bankruptcyPrice, candidates: candidates)
        } else {
            var index = deleveragingIndex
            deleveragingIndex = DeleveragingIndex(mechanism: deleveraging)  // moved out: no copy
            defer { deleveragingIndex = index }
            guard let current = index.ranking(market: order.market, side: order.side.opposite, accounts: accounts, markets: markets, marks: marks) else {
                return []
            }
            ranking = current
        }
        return try DeleveragingAllocation.shares(of: lots, mechanism: deleveraging, ranking: ranking, excluded: excluded, extra: [])
    }

    /// Closes one counterparty's share of `order` and books its money (see ``deleverage(_:)``);
    /// `nil` when its figures cannot be formed (it is passed over).
    mutating func deleverageFill(
        _ share: DeleveragingAllocation.Share, of order: DeleverageOrder, mark: Price, orderLots: Int64, shortfall: Money
    ) throws(ValidationError) -> AutoDeleveraged? {
        let market = markets[order.market]!
        guard var state = accounts[share.candidate.id], let index = state.index(of: order.market) else { return nil }
        let held = state.positions[index]
        let lots = Swift.min(share.lots, market.lots(in: held.size))
        guard lots > 0 else { return nil }
        let quantity = market.quantity(lots: lots)
        let signed = held.side == .long ? quantity : -quantity
        let atMark = Money.pnl(of: signed, from: held.entryPrice, to: mark, .down)
        let price = deleveraging == .rankedQueue ? Self.queuePrice(bankruptcy: order.bankruptcyPrice, mark: mark, counterparty: held.side) : mark
        let atPrice = Money.pnl(of: signed, from: held.entryPrice, to: price, .down)
        // Pro-rata: the counterparty's part of the shortfall, at most its profit on the lots.
        let part = deleveraging == .rankedQueue ? Money.zero : Swift.min(
            Money(units: Int64(WideDivision.divide(Int128(shortfall.units) * Int128(lots), by: Int128(Swift.max(orderLots, 1)), .up))),
            Swift.max(atPrice, .zero))
        let realized = atPrice - part
        let haircut = atMark - realized
        ledger.counterpartyCash -= atPrice
        // The liquidator, holding the lots at the bankruptcy price, closes them at `price` and
        // receives the part; the fund takes the net (pays it, as far as it can).
        let liquidator = Money.pnl(of: order.side == .long ? quantity : -quantity, from: order.bankruptcyPrice, to: price, .down)
        ledger.counterpartyCash -= liquidator
        let net = liquidator + part
        if net.isNegative {
            let paid = Swift.min(-net, ledger.insuranceFund)
            ledger.insuranceFund -= paid
            ledger.liquidatorCash -= -net - paid
        } else {
            ledger.insuranceFund += net
        }
        state.credit(realized, at: index)
        let after = held.size - signed
        if after.isZero { state.removePosition(at: index) } else { state.positions[index].size = after }
        store(state, for: share.candidate.id)
        return AutoDeleveraged(
            liquidatedAccount: order.account, counterparty: share.candidate.id, market: order.market, quantity: quantity,
            price: price, realizedPnl: realized, sizeAfter: after, rank: share.candidate.rank, unrecoveredLoss: .zero,
            mechanism: deleveraging.rawValue, markPrice: mark, profitBefore: share.candidate.profit, haircut: haircut, shortfall: shortfall)
    }

    /// The ranked queue's price for a counterparty holding `counterparty`: the bankruptcy price,
    /// unless the mark is worse for the counterparty (a position taken over with equity left at
    /// the mark, whose lots the book could not take): a counterparty never closes at better than
    /// the mark, so auto-deleveraging takes no profit from the liquidated account.
    static func queuePrice(bankruptcy: Price, mark: Price, counterparty: Side) -> Price {
        counterparty == .long ? Swift.min(bankruptcy, mark) : Swift.max(bankruptcy, mark)
    }

    /// `max(0, uPnL) ÷ max(1, C) × MM ÷ (C + uPnL)` (see ``DeleveragingCandidate/rank(pnl:collateral:maintenance:)``).
    static func deleverageRank(pnl: Money, collateral: Money, maintenance: Money) -> Rate? {
        DeleveragingCandidate.rank(pnl: pnl, collateral: collateral, maintenance: maintenance)
    }
}
