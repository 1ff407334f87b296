import LiquidusCore

/// What the ranking needs of one position besides its market's mark: its size, entry and the
/// collateral behind it (a cross account's wallet, an isolated position's margin).
struct DeleveragingHolder: Hashable, Sendable {
    /// The signed size.
    var size: Quantity
    /// The entry price.
    var entry: Price
    /// The collateral its realized PnL lands in.
    var collateral: Money
    /// Whether every market of the account had a mark when this was recorded (else the ranking
    /// evaluates the account in full).
    var complete: Bool

    /// The record of `state`'s position at `index`; `complete` when every market of the account
    /// has a mark.
    init(_ state: AccountState, at index: Int, complete: Bool) {
        size = state.positions[index].size
        entry = state.positions[index].entryPrice
        collateral = state.backing(at: index)
        self.complete = complete
    }

    /// The candidate at `mark` on `market` (see ``DeleveragingCandidate/of(_:market:against:markets:marks:mechanism:)``):
    /// the same figures as the account's margin gives the position — `uPnL` rounded down, the
    /// tier's maintenance margin rounded up — so the rank is the same; `nil` when the notional or
    /// the PnL at the mark does not fit in ``LiquidusCore/Money`` (the account's margin cannot be
    /// formed either).
    /// - Complexity: O(t) for t tiers.
    func candidate(_ id: String, market: Market, mark: Price, mechanism: DeleveragingMechanism) -> DeleveragingCandidate? {
        guard (try? Money.notional(of: size, at: mark, .up, checkedAt: "")) != nil,
              let pnl = try? Money.pnl(of: size, from: entry, to: mark, .down, checkedAt: "")
        else { return nil }
        let maintenance = market.riskTiers.maintenanceMargin(size: size, price: mark).margin
        guard let rank = DeleveragingCandidate.rank(pnl: pnl, collateral: collateral, maintenance: maintenance) else { return nil }
        return DeleveragingCandidate(
            id: id, rank: rank, weight: DeleveragingCandidate.weight(mechanism, pnl: pnl, collateral: collateral, maintenance: maintenance),
            lots: size.magnitude.units / market.lotSize.units, profit: pnl)
    }
}
