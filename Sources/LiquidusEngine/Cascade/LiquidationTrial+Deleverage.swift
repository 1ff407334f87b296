import LiquidusCore

extension LiquidationTrial {
    /// Closes `order.quantity` against opposing profitable positions at the bankruptcy price,
    /// highest rank first (see ``AutoDeleveraged``), ties by account id ascending. What no
    /// position can take is unwound in the market at the expected price and its loss recorded as
    /// unrecovered.
    ///
    /// Eligible: every account but the liquidated one and held ones (``AccountHeld``) with an
    /// opposing position and marks for all its markets. One whose figures cannot be formed — its
    /// margin, or its realized PnL or collateral at the bankruptcy price beyond
    /// ``LiquidusCore/Money`` — cannot be ranked or credited and is passed over, as a held one is.
    ///
    /// A counterparty's loss at the bankruptcy price (when it lies beyond the counterparty's
    /// entry) may leave an isolated margin below zero, or a cross wallet below zero with no
    /// position left to back it: the fund resets it, as it does for a taken-over account
    /// (an ``InsuranceFundPaid`` for the counterparty).
    ///
    /// Appends the events to ``payloads`` and the counterparties to ``deleveraged``. Throws
    /// (`overflow`) when the unwind's PnL does not fit; the trial is then dropped.
    /// - Complexity: O(a·p·t) for a accounts of p positions and t tiers.
    mutating func deleverage(_ order: DeleverageOrder, in engine: LiquidationEngine) throws(ValidationError) {
        guard let market = engine.markets[order.market] else { throw AccountState.inconsistent("no market \(order.market) to deleverage") }
        var remainingLots = market.lots(in: order.quantity)
        for candidate in ranked(order, in: engine) where remainingLots > 0 {
            guard var state = account(candidate.id, in: engine), let index = state.index(of: order.market) else { continue }
            let held = state.positions[index]
            let lots = Swift.min(remainingLots, market.lots(in: held.size))
            let quantity = market.quantity(lots: lots)
            let signed = held.side == .long ? quantity : -quantity
            let after = held.size - signed
            let realized: Money
            var deficits: [(amount: Money, market: String?)] = []
            do {
                realized = try Money.pnl(of: signed, from: held.entryPrice, to: order.bankruptcyPrice, .down, checkedAt: "")
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
                continue  // its collateral cannot take the PnL: passed over (the copy is dropped)
            }
            ledger.counterpartyCash -= realized
            counterparties[candidate.id] = state
            remainingLots -= lots
            payloads.append(.autoDeleveraged(AutoDeleveraged(
                liquidatedAccount: order.account, counterparty: candidate.id, market: order.market, quantity: quantity,
                price: order.bankruptcyPrice, realizedPnl: realized, sizeAfter: after, rank: candidate.rank, unrecoveredLoss: .zero)))
            for deficit in deficits {
                let what = deficit.market == nil ? "balance" : "isolated margin"
                payloads.append(.insuranceFundPaid(ledger.cover(
                    deficit.amount, of: candidate.id, market: deficit.market,
                    reason: "reset of the negative \(what) -\(deficit.amount) left after auto-deleveraging at \(order.bankruptcyPrice)")))
            }
            deleveraged.append(candidate.id)
        }
        if remainingLots > 0 {
            let quantity = market.quantity(lots: remainingLots)
            let pnl = try Money.pnl(
                of: order.side == .long ? quantity : -quantity, from: order.bankruptcyPrice, to: order.expectedPrice, .down,
                checkedAt: "positions[\"\(order.market)\"]")
            ledger.counterpartyCash -= pnl
            if pnl.isNegative { ledger.liquidatorCash += pnl } else { ledger.insuranceFund += pnl }
            payloads.append(.autoDeleveraged(AutoDeleveraged(
                liquidatedAccount: order.account, counterparty: nil, market: order.market, quantity: quantity,
                price: order.expectedPrice, realizedPnl: pnl, sizeAfter: .zero, rank: .zero, unrecoveredLoss: -Swift.min(pnl, .zero))))
        }
    }

    /// The eligible counterparties of `order` with their ranks, highest first, ties by id.
    func ranked(_ order: DeleverageOrder, in engine: LiquidationEngine) -> [(rank: Rate, id: String)] {
        var candidates: [(rank: Rate, id: String)] = []
        for id in engine.accounts.keys.sorted() where id != order.account && engine.held[id] == nil {
            guard let state = account(id, in: engine), let index = state.index(of: order.market),
                  state.positions[index].side == order.side.opposite, state.positions.allSatisfy({ engine.marks[$0.market] != nil }),
                  let figures = try? state.margin(engine.markets, engine.marks).positions[index]
            else { continue }
            if let rank = Self.deleverageRank(pnl: figures.unrealizedPnl, collateral: state.backing(at: index), maintenance: figures.maintenanceMargin) {
                candidates.append((rank, id))
            }
        }
        return candidates.sorted { $0.rank != $1.rank ? $0.rank > $1.rank : $0.id < $1.id }
    }

    /// `max(0, uPnL) ÷ max(1, C) × MM ÷ (C + uPnL)`, rounded down to 10⁻⁸ (each division once,
    /// in `Int128`), saturating at ``LiquidusCore/Rate/max``; `nil` for a position that is not
    /// profitable or whose equity `C + uPnL` is not positive. Every intermediate fits in `Int128`:
    /// the profit share is at most the PnL (`max(1, C)` ≥ 1), and a PnL times a maintenance margin
    /// is below 2¹²⁶.
    static func deleverageRank(pnl: Money, collateral: Money, maintenance: Money) -> Rate? {
        let equity = Int128(collateral.units) + Int128(pnl.units)
        guard pnl.isPositive, equity > 0 else { return nil }
        let one = Int128(FixedPoint.scale)
        let profitShare = WideDivision.divide(Int128(pnl.units) * one, by: Swift.max(one, Int128(collateral.units)), .down)
        let rank = WideDivision.divide(profitShare * Int128(maintenance.units), by: equity, .down)
        return Rate(units: Int64(Swift.min(rank, Int128(Int64.max))))
    }
}
