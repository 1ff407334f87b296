public import LiquidusCore

/// The ADL indicator exchanges show next to each position: where it stands in the queue of its
/// market and side, in fifths (1 to 5 lights, 5 = first in line).
///
/// Among the `n` positions on the same side of the same market, the profitable ones are ranked
/// by the queue's rank (see ``AutoDeleveraged``; ties by account id) ahead of every position
/// not in profit. A position with `j` positions ahead of it has the quantile
/// `5 − ⌊5·j ÷ n⌋`: the first fifth of the queue shows 5, the last 1. A position not in profit is
/// not in the queue (it cannot be auto-deleveraged while it is not) and shows 1.
public enum DeleveragingIndicator {
    /// `5 − ⌊5·ahead ÷ total⌋`, in 1…5 (`total` ≥ 1, `ahead` < `total`).
    public static func quantile(ahead: Int, of total: Int) -> Int {
        guard total > 0 else { return 1 }
        return Swift.max(1, Swift.min(5, 5 - (5 * Swift.max(0, ahead)) / total))
    }

    /// The queue's rank of a position with unrealized PnL `pnl`, `collateral` behind it (a cross
    /// account's wallet, an isolated position's margin) and maintenance margin `maintenance`:
    /// `uPnL ÷ max(1, C) × MM ÷ (C + uPnL)`, rounded down to 10⁻⁸; `nil` when the position is not
    /// in the queue (no profit, or equity `C + uPnL` not positive).
    public static func rank(pnl: Money, collateral: Money, maintenance: Money) -> Rate? {
        DeleveragingCandidate.rank(pnl: pnl, collateral: collateral, maintenance: maintenance)
    }

    /// Each position's quantile, by account id then market, among `accounts`' positions at
    /// `marks` (an account whose figures cannot be formed is left out).
    /// - Complexity: O(Σ p·t + n log n) for the n positions.
    public static func quantiles(of accounts: [Account], markets: MarketCatalog, marks: [String: Price]) -> [String: [String: Int]] {
        struct Entry {
            var id: String
            var market: String
            var rank: Rate?
        }
        var sides: [String: [Entry]] = [:]
        for account in accounts {
            guard let margin = try? account.margin(markets: markets, marks: marks) else { continue }
            for figures in margin.positions {
                let position = figures.position
                let collateral = account.marginMode == .cross ? account.walletBalance : position.isolatedMargin ?? .zero
                let rank = rank(pnl: figures.unrealizedPnl, collateral: collateral, maintenance: figures.maintenanceMargin)
                sides[position.market + (position.side == .long ? "/long" : "/short"), default: []].append(Entry(id: account.id, market: position.market, rank: rank))
            }
        }
        var result: [String: [String: Int]] = [:]
        for (_, entries) in sides {
            let queued = entries.compactMap { entry in entry.rank.map { (rank: $0, id: entry.id) } }
                .sorted { $0.rank != $1.rank ? $0.rank > $1.rank : $0.id < $1.id }
            var ahead: [String: Int] = [:]
            for (index, entry) in queued.enumerated() { ahead[entry.id] = index }
            for entry in entries {
                result[entry.id, default: [:]][entry.market] = ahead[entry.id].map { quantile(ahead: $0, of: entries.count) } ?? 1
            }
        }
        return result
    }
}
