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
        var payloads: [EngineEvent.Payload] = []
        var cursor = 0
        // Each pass either ends or removes position size, so the bound is never reached by valid
        // state; it guards against a programming error looping forever.
        while cursor < queue.count, cursor < 100_000 {
            let id = queue[cursor]
            cursor += 1
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
                        if let counterparty = event.counterparty, !queue[cursor...].contains(counterparty) { queue.append(counterparty) }
                    }
                }
            }
        }
        return payloads
    }

    /// Closes `order.quantity` against opposing profitable positions at the bankruptcy price,
    /// highest rank first (see ``AutoDeleveraged``), ties by account id ascending. What no
    /// position can take is unwound in the market at the expected price and its loss recorded as
    /// unrecovered.
    mutating func deleverage(_ order: DeleverageOrder) throws(ValidationError) -> [AutoDeleveraged] {
        let market = markets[order.market]!
        var candidates: [(rank: Rate, id: String)] = []
        for id in accounts.keys.sorted() where id != order.account {
            let state = accounts[id]!
            guard let index = state.index(of: order.market), state.positions[index].side == order.side.opposite,
                  state.positions.allSatisfy({ marks[$0.market] != nil }) else { continue }
            let figures = try state.margin(markets, marks).positions[index]
            if let rank = Self.deleverageRank(pnl: figures.unrealizedPnl, collateral: state.backing(at: index), maintenance: figures.maintenanceMargin) {
                candidates.append((rank, id))
            }
        }
        candidates.sort { $0.rank != $1.rank ? $0.rank > $1.rank : $0.id < $1.id }
        var remainingLots = market.lots(in: order.quantity)
        var events: [AutoDeleveraged] = []
        for candidate in candidates where remainingLots > 0 {
            var state = accounts[candidate.id]!
            let index = state.index(of: order.market)!
            let held = state.positions[index]
            let lots = Swift.min(remainingLots, market.lots(in: held.size))
            let quantity = market.quantity(lots: lots)
            let signed = held.side == .long ? quantity : -quantity
            let realized = Money.pnl(of: signed, from: held.entryPrice, to: order.bankruptcyPrice, .down)
            state.credit(realized, at: index)
            ledger.counterpartyCash -= realized
            let after = held.size - signed
            if after.isZero { state.removePosition(at: index) } else { state.positions[index].size = after }
            store(state, for: candidate.id)
            remainingLots -= lots
            events.append(AutoDeleveraged(
                liquidatedAccount: order.account, counterparty: candidate.id, market: order.market, quantity: quantity,
                price: order.bankruptcyPrice, realizedPnl: realized, sizeAfter: after, rank: candidate.rank, unrecoveredLoss: .zero))
        }
        if remainingLots > 0 {
            let quantity = market.quantity(lots: remainingLots)
            let pnl = Money.pnl(of: order.side == .long ? quantity : -quantity, from: order.bankruptcyPrice, to: order.expectedPrice, .down)
            ledger.counterpartyCash -= pnl
            if pnl.isNegative { ledger.liquidatorCash += pnl } else { ledger.insuranceFund += pnl }
            events.append(AutoDeleveraged(
                liquidatedAccount: order.account, counterparty: nil, market: order.market, quantity: quantity,
                price: order.expectedPrice, realizedPnl: pnl, sizeAfter: .zero, rank: .zero, unrecoveredLoss: -Swift.min(pnl, .zero)))
        }
        return events
    }

    /// `max(0, uPnL) ÷ max(1, C) × MM ÷ (C + uPnL)`, rounded down to 10⁻⁸ (each division once,
    /// in `Int128`), saturating at ``Rate/max``; `nil` for a position that is not profitable or
    /// whose equity `C + uPnL` is not positive.
    static func deleverageRank(pnl: Money, collateral: Money, maintenance: Money) -> Rate? {
        let equity = collateral + pnl
        guard pnl.isPositive, equity.isPositive else { return nil }
        let one = Int128(FixedPoint.scale)
        let profitShare = WideDivision.divide(Int128(pnl.units) * one, by: Swift.max(one, Int128(collateral.units)), .down)
        let rank = WideDivision.divide(profitShare * Int128(maintenance.units), by: Int128(equity.units), .down)
        return Rate(units: Int64(Swift.min(rank, Int128(Int64.max))))
    }
}
