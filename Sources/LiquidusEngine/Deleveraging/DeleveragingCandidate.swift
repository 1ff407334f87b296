import LiquidusCore

/// One opposing profitable position an auto-deleveraging order may close: its account, its
/// place in the ranked queue, its weight under a pro-rata mechanism, and how many lots it holds.
struct DeleveragingCandidate: Hashable, Sendable {
    /// The account.
    var id: String
    /// Its rank in the queue (see ``AutoDeleveraged``): higher goes first, ties by id ascending.
    var rank: Rate
    /// Its weight under the engine's pro-rata mechanism, in units of 10⁻⁸ (0 under the queue).
    var weight: Int64
    /// The lots it holds.
    var lots: Int64
    /// Its unrealized profit at the mark (> 0).
    var profit: Money

    /// Whether `self` comes before `other` in the queue: higher rank, then lower id.
    func precedes(_ other: DeleveragingCandidate) -> Bool {
        rank != other.rank ? rank > other.rank : id < other.id
    }

    /// The candidate of `state`'s position in `market` against an order on `side` (its own side
    /// must be the opposite), at `marks`, weighted for `mechanism`; `nil` when it is not one: no
    /// position there or on that side, a market without a mark, figures that cannot be formed,
    /// no profit, or equity `C + uPnL` not positive.
    ///
    /// The figures are the account's margin at the marks, exactly as the full scan forms them, so
    /// a ranking built from candidates and a scan of every account agree.
    /// - Complexity: O(p·t) for the account's p positions and t tiers.
    static func of(
        _ state: AccountState, market: String, against side: Side, markets: MarketCatalog, marks: [String: Price], mechanism: DeleveragingMechanism
    ) -> DeleveragingCandidate? {
        guard let index = state.index(of: market), state.positions[index].side == side.opposite,
              state.positions.allSatisfy({ marks[$0.market] != nil }), let lotSize = markets[market]?.lotSize,
              let figures = try? state.margin(markets, marks).positions[index]
        else { return nil }
        let collateral = state.backing(at: index)
        guard let rank = rank(pnl: figures.unrealizedPnl, collateral: collateral, maintenance: figures.maintenanceMargin) else { return nil }
        return DeleveragingCandidate(
            id: state.id, rank: rank,
            weight: weight(mechanism, pnl: figures.unrealizedPnl, collateral: collateral, maintenance: figures.maintenanceMargin),
            lots: state.positions[index].size.magnitude.units / lotSize.units, profit: figures.unrealizedPnl)
    }

    /// The queue's rank: `max(0, uPnL) ÷ max(1, C) × MM ÷ (C + uPnL)`, rounded down to 10⁻⁸ (each
    /// division once, in `Int128`), saturating at ``LiquidusCore/Rate/max``; `nil` for a position
    /// that is not profitable or whose equity `C + uPnL` is not positive. Every intermediate fits
    /// in `Int128`: the profit share is at most the PnL (`max(1, C)` ≥ 1), and a PnL times a
    /// maintenance margin is below 2¹²⁶.
    static func rank(pnl: Money, collateral: Money, maintenance: Money) -> Rate? {
        let equity = Int128(collateral.units) + Int128(pnl.units)
        guard pnl.isPositive, equity > 0 else { return nil }
        let one = Int128(FixedPoint.scale)
        let profitShare = WideDivision.divide(Int128(pnl.units) * one, by: Swift.max(one, Int128(collateral.units)), .down)
        let rank = WideDivision.divide(profitShare * Int128(maintenance.units), by: equity, .down)
        return Rate(units: Int64(Swift.min(rank, Int128(Int64.max))))
    }

    /// The weight of a profitable position under `mechanism`, in units of 10⁻⁸: 0 for the queue;
    /// the profit `uPnL` for pro-rata; `⌊uPnL × min(MM, E) ÷ E⌋` for risk-weighted pro-rata, with
    /// `E = C + uPnL` the equity backing the position — its profit weighted by the share of that
    /// equity its maintenance margin uses (at most all of it).
    static func weight(_ mechanism: DeleveragingMechanism, pnl: Money, collateral: Money, maintenance: Money) -> Int64 {
        switch mechanism {
        case .rankedQueue:
            return 0
        case .proRata:
            return pnl.units
        case .riskProRata:
            let equity = Int128(collateral.units) + Int128(pnl.units)
            guard equity > 0 else { return 0 }
            let used = Swift.min(Int128(Swift.max(maintenance.units, 0)), equity)
            return Int64(WideDivision.divide(Int128(pnl.units) * used, by: equity, .down))
        }
    }
}
