import LiquidusCore

extension LiquidationTrial {
    /// Closes `order.quantity` against opposing profitable positions, shared by the engine's
    /// ``DeleveragingMechanism``; what no position can take is unwound in the market at the
    /// order's expected price, its loss paid by the fund as far as it can and the rest recorded
    /// as unrecovered.
    ///
    /// The order's *shortfall* is what the fund cannot pay of its loss at the mark,
    /// `max(0, q × |bankruptcy price − mark| − fund)`. The ranked queue closes each counterparty's
    /// part at the bankruptcy price (as Binance and Hyperliquid publish), whatever the fund holds,
    /// or at the mark when that is worse for the counterparty (``queuePrice(bankruptcy:mark:counterparty:)``).
    /// The pro-rata mechanisms close at the mark and let the fund pay first: each counterparty
    /// pays `min(⌈shortfall × its lots ÷ the order's lots⌉, its profit on them at the mark)`
    /// (rounded up, so the parts cover the shortfall unless a profit caps one: no counterparty
    /// realizes a loss). The liquidator, holding the lots at the bankruptcy price, closes them at
    /// the counterparty's price and receives its part; the fund takes the net, or pays it as far
    /// as it can (the rest unrecovered).
    ///
    /// Eligible: every account but the liquidated one and held ones (``AccountHeld``) with an
    /// opposing profitable position and marks for all its markets. One whose figures cannot be
    /// formed — its margin, or its realized PnL or collateral at the price beyond
    /// ``LiquidusCore/Money`` — is passed over, as a held one is, and the order shared again among
    /// the others. A counterparty's loss at the bankruptcy price (when it lies beyond the
    /// counterparty's entry) may leave an isolated margin below zero, or a cross wallet below zero
    /// with no position left to back it: the fund resets it, as it does for a taken-over account
    /// (an ``InsuranceFundPaid`` for the counterparty).
    ///
    /// Counterparties come from the ranking the engine keeps per market and side
    /// (``DeleveragingIndex``), less the accounts this trial changed, which are evaluated from
    /// their copies; or, with ``LiquidationEngine/deleveragingByFullScan``, from a scan of every
    /// account (the reference). Appends the events to ``payloads`` and the counterparties to
    /// ``deleveraged``. Throws (`overflow`) when the order's loss or the unwind's PnL does not fit;
    /// the trial is then dropped.
    /// - Complexity: O(k + s + c·t) for the queue (k counterparties, s dead entries passed, c
    ///   accounts the trial changed), O(n) for pro-rata (n candidates); plus O(n·t + n log n) to
    ///   rank the side when the mark moved since its last order.
    mutating func deleverage(_ order: DeleverageOrder, in engine: LiquidationEngine) throws(ValidationError) {
        guard let market = engine.markets[order.market] else { throw AccountState.inconsistent("no market \(order.market) to deleverage") }
        let path = "positions[\"\(order.market)\"]"
        let totalLots = market.lots(in: order.quantity)
        let mark = engine.marks[order.market] ?? order.bankruptcyPrice
        let signed = order.side == .long ? order.quantity : -order.quantity
        let loss = -Swift.min(.zero, try Money.pnl(of: signed, from: order.bankruptcyPrice, to: mark, .down, checkedAt: path))
        // At most the loss, so it fits.
        let shortfall = WideMoney(loss) > ledger.insuranceFund ? (WideMoney(loss) - ledger.insuranceFund).clampedToMoney : .zero
        var remaining = totalLots
        var passedOver: Set<String> = [order.account]
        // Other shards' candidates, merged in by rank (the ranked queue; pro-rata is shard-local).
        var remote = RemoteQueue(
            order.mayForward && engine.deleveraging == .rankedQueue
                ? shards.queue(market: order.market, side: order.side.opposite, lotSize: market.lotSize) : [])
        while remaining > 0 {
            let shares = try deleveragingShares(order, lots: remaining, mark: mark, excluding: passedOver, in: engine)
            let offered = shares.reduce(Int64(0)) { $0 + $1.lots }
            let requested = remaining
            for var share in shares {
                remaining -= remote.take(remaining, before: share.candidate)
                guard remaining > 0 else { break }
                share.lots = Swift.min(share.lots, remaining)
                guard let filled = deleverageFill(share, of: order, mark: mark, orderLots: totalLots, shortfall: shortfall, in: engine) else {
                    passedOver.insert(share.candidate.id)
                    continue
                }
                remaining -= filled
            }
            // This shard's queue is exhausted: the other shards' entries after it take the rest.
            if shares.isEmpty || offered < requested {
                remaining -= remote.take(remaining, before: nil)
                break
            }
        }
        if remote.isUsed || (remaining > 0 && order.mayForward && engine.deleveraging == .rankedQueue) {
            remaining -= forward(order, remote: remote, remaining: remaining, mark: mark, lotSize: market.lotSize)
        }
        guard remaining > 0 else { return }
        let quantity = market.quantity(lots: remaining)
        let pnl = try Money.pnl(of: order.side == .long ? quantity : -quantity, from: order.bankruptcyPrice, to: order.expectedPrice, .down, checkedAt: path)
        ledger.counterpartyCash -= pnl
        let unrecovered = ledger.settle(WideMoney(pnl))
        payloads.append(.autoDeleveraged(AutoDeleveraged(
            liquidatedAccount: order.account, counterparty: nil, market: order.market, quantity: quantity,
            price: order.expectedPrice, realizedPnl: pnl, sizeAfter: .zero, rank: .zero, unrecoveredLoss: unrecovered,
            mechanism: engine.deleveraging.rawValue, markPrice: mark, shortfall: shortfall)))
    }

    /// The shares of `lots` of `order` among the eligible counterparties not in `passedOver`.
    mutating func deleveragingShares(
        _ order: DeleverageOrder, lots: Int64, mark: Price, excluding passedOver: Set<String>, in engine: LiquidationEngine
    ) throws(ValidationError) -> [DeleveragingAllocation.Share] {
        let mechanism = engine.deleveraging
        func candidate(_ state: AccountState) -> DeleveragingCandidate? {
            DeleveragingCandidate.of(state, market: order.market, against: order.side, markets: engine.markets, marks: engine.marks, mechanism: mechanism)
        }
        if engine.deleveragingByFullScan {
            let candidates = engine.accounts.compactMap { id, state in
                passedOver.contains(id) || engine.held[id] != nil ? nil : candidate(counterparties[id] ?? state)
            }
            let ranking = DeleveragingRanking(mark: mark, candidates: candidates)
            return try DeleveragingAllocation.shares(of: lots, mechanism: mechanism, ranking: ranking, excluded: [], extra: [])
        }
        // The kept ranking reflects the engine's accounts; those this trial changed are left out
        // of it and evaluated from their copies.
        guard let ranking = deleveragingIndex.ranking(market: order.market, side: order.side.opposite, accounts: engine.accounts, markets: engine.markets, marks: engine.marks) else {
            return []
        }
        var excluded = passedOver.union(engine.held.keys)
        var extra: [DeleveragingCandidate] = []
        for (id, state) in counterparties where !passedOver.contains(id) {
            if let fresh = candidate(state) { extra.append(fresh) } else { excluded.insert(id) }
        }
        extra.sort { $0.precedes($1) }
        return try DeleveragingAllocation.shares(of: lots, mechanism: mechanism, ranking: ranking, excluded: excluded, extra: extra)
    }

    /// Closes one counterparty's share of `order` and books its money (see ``deleverage(_:in:)``);
    /// returns the lots closed, or `nil` when its figures cannot be formed (it is passed over).
    mutating func deleverageFill(
        _ share: DeleveragingAllocation.Share, of order: DeleverageOrder, mark: Price, orderLots: Int64, shortfall: Money, in engine: LiquidationEngine
    ) -> Int64? {
        let id = share.candidate.id
        guard let market = engine.markets[order.market], var state = account(id, in: engine), let index = state.index(of: order.market) else { return nil }
        let held = state.positions[index]
        let lots = Swift.min(share.lots, market.lots(in: held.size))
        guard lots > 0 else { return nil }
        let mechanism = engine.deleveraging
        let quantity = market.quantity(lots: lots)
        let signed = held.side == .long ? quantity : -quantity
        let after = held.size - signed
        let price = mechanism == .rankedQueue ? Self.queuePrice(bankruptcy: order.bankruptcyPrice, mark: mark, counterparty: held.side) : mark
        let atPrice: Money, realized: Money, haircut: Money, part: Money, liquidator: Money
        var deficits: [(amount: Money, market: String?)] = []
        do {
            let atMark = try Money.pnl(of: signed, from: held.entryPrice, to: mark, .down, checkedAt: "")
            atPrice = try Money.pnl(of: signed, from: held.entryPrice, to: price, .down, checkedAt: "")
            // Pro-rata: the counterparty's part of the shortfall (≤ the shortfall), at most its profit on the lots.
            part = mechanism == .rankedQueue ? .zero : Swift.min(
                Money(units: Int64(WideDivision.divide(Int128(shortfall.units) * Int128(lots), by: Int128(Swift.max(orderLots, 1)), .up))),
                Swift.max(atPrice, .zero))
            realized = try atPrice.subtracting(part, checkedAt: "")
            haircut = try atMark.subtracting(realized, checkedAt: "")
            liquidator = try Money.pnl(of: -signed, from: order.bankruptcyPrice, to: price, .down, checkedAt: "")
            try state.credit(realized, at: index)
            if state.marginMode == .isolated, state.backing(at: index).isNegative {
                let deficit = -state.backing(at: index)
                try state.credit(deficit, at: index)
                deficits.append((deficit, order.market))
            }
            if after.isZero { try state.removePosition(at: index) } else { state.positions[index].size = after }
            if state.positions.isEmpty, state.walletBalance.isNegative {
                deficits.append((-state.walletBalance, nil))
                state.walletBalance = .zero
            }
        } catch {
            return nil  // its collateral cannot take the PnL: passed over (the copy is dropped)
        }
        ledger.counterpartyCash -= atPrice
        ledger.counterpartyCash -= liquidator
        _ = ledger.settle(WideMoney(liquidator) + WideMoney(part))
        counterparties[id] = state
        payloads.append(.autoDeleveraged(AutoDeleveraged(
            liquidatedAccount: order.account, counterparty: id, market: order.market, quantity: quantity,
            price: price, realizedPnl: realized, sizeAfter: after, rank: share.candidate.rank, unrecoveredLoss: .zero,
            mechanism: mechanism.rawValue, markPrice: mark, profitBefore: share.candidate.profit, haircut: haircut, shortfall: shortfall)))
        for deficit in deficits {
            let what = deficit.market == nil ? "balance" : "isolated margin"
            payloads.append(.insuranceFundPaid(ledger.cover(
                deficit.amount, of: id, market: deficit.market,
                reason: "reset of the negative \(what) -\(deficit.amount) left after auto-deleveraging at \(price)")))
        }
        deleveraged.append(id)
        return lots
    }

    /// The ranked queue's price for a counterparty holding `counterparty`: the bankruptcy price,
    /// unless the mark is worse for the counterparty (a position taken over with equity left at
    /// the mark, whose lots the book could not take): a counterparty never closes at better than
    /// the mark, so auto-deleveraging takes no profit from the liquidated account.
    static func queuePrice(bankruptcy: Price, mark: Price, counterparty: Side) -> Price {
        counterparty == .long ? Swift.min(bankruptcy, mark) : Swift.max(bankruptcy, mark)
    }

    /// The queue's rank (see ``DeleveragingCandidate/rank(pnl:collateral:maintenance:)``).
    static func deleverageRank(pnl: Money, collateral: Money, maintenance: Money) -> Rate? {
        DeleveragingCandidate.rank(pnl: pnl, collateral: collateral, maintenance: maintenance)
    }
}
