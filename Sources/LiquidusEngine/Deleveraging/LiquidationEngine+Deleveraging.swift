import LiquidusCore

extension LiquidationEngine {
    /// The ADL indicator of each of account `id`'s positions at the current marks, by market (see
    /// ``DeleveragingIndicator``); empty for an unknown account or one whose figures cannot be formed.
    ///
    /// Read from the holders auto-deleveraging keeps per market and side (each position's size,
    /// entry and collateral), so no other account's margin is formed: the same ranks as a scan of
    /// every account gives.
    /// - Complexity: O(n·t) for the n positions on the sides the account holds and t tiers.
    public func deleveragingQuantiles(of id: String) -> [String: Int] {
        guard let state = accounts[id], let margin = try? state.margin(markets, marks) else { return [:] }
        var result: [String: Int] = [:]
        for (index, figures) in margin.positions.enumerated() {
            let symbol = figures.position.market
            let side = figures.position.side
            let holders = deleveragingIndex.holders[DeleveragingIndex.Key(market: symbol, side: side)] ?? [:]
            guard let own = DeleveragingCandidate.rank(pnl: figures.unrealizedPnl, collateral: state.backing(at: index), maintenance: figures.maintenanceMargin),
                  let market = markets[symbol], let mark = marks[symbol]
            else {
                result[symbol] = 1
                continue
            }
            var ahead = 0
            for (other, holder) in holders where other != id {
                let candidate = holder.complete
                    ? holder.candidate(other, market: market, mark: mark, mechanism: .rankedQueue)
                    : accounts[other].flatMap { DeleveragingCandidate.of($0, market: symbol, against: side.opposite, markets: markets, marks: marks, mechanism: .rankedQueue) }
                guard let rank = candidate?.rank else { continue }
                if rank > own || (rank == own && other < id) { ahead += 1 }
            }
            result[symbol] = DeleveragingIndicator.quantile(ahead: ahead, of: Swift.max(holders.count, 1))
        }
        return result
    }
}
