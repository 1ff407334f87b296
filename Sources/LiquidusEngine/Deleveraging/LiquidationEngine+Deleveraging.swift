import LiquidusCore

extension LiquidationEngine {
    /// The ADL indicator of each of account `id`'s positions at the current marks, by market (see
    /// ``DeleveragingIndicator``); empty for an unknown account or one whose figures cannot be formed.
    /// - Complexity: O(a·p·t) for the a accounts (a scan of the positions on the same sides).
    public func deleveragingQuantiles(of id: String) -> [String: Int] {
        guard let state = accounts[id], let margin = try? state.margin(markets, marks) else { return [:] }
        var result: [String: Int] = [:]
        for (index, figures) in margin.positions.enumerated() {
            let market = figures.position.market
            let side = figures.position.side
            let own = DeleveragingCandidate.rank(pnl: figures.unrealizedPnl, collateral: state.backing(at: index), maintenance: figures.maintenanceMargin)
            var total = 0
            var ahead = 0
            for (other, otherState) in accounts {
                guard let position = otherState.index(of: market), otherState.positions[position].side == side else { continue }
                total += 1
                guard let own, other != id, let theirs = try? otherState.margin(markets, marks).positions[position],
                      let rank = DeleveragingCandidate.rank(pnl: theirs.unrealizedPnl, collateral: otherState.backing(at: position), maintenance: theirs.maintenanceMargin)
                else { continue }
                if rank > own || (rank == own && other < id) { ahead += 1 }
            }
            result[market] = own == nil ? 1 : DeleveragingIndicator.quantile(ahead: ahead, of: total)
        }
        return result
    }
}
