import LiquidusCore

/// The other shards' candidates of one deleverage order, read in queue order as the order's
/// lots are placed (see ``LiquidationTrial/deleverage(_:in:)``).
struct RemoteQueue {
    /// The candidates, in queue order.
    let candidates: [ShardDeleveraging.Candidate]
    /// The next candidate to read.
    private var cursor = 0
    /// The lots taken so far, by candidate, in the order taken.
    private(set) var taken: [(candidate: ShardDeleveraging.Candidate, lots: Int64)] = []

    init(_ candidates: [ShardDeleveraging.Candidate]) { self.candidates = candidates }

    /// Whether any lots fell to another shard.
    var isUsed: Bool { !taken.isEmpty }

    /// Places up to `lots` on the candidates that come before `local` in the queue (all that are
    /// left when `nil`), each taking what it holds; returns the lots placed.
    /// - Complexity: O(k) for the k candidates passed.
    mutating func take(_ lots: Int64, before local: DeleveragingCandidate?) -> Int64 {
        var placed: Int64 = 0
        while placed < lots, cursor < candidates.count, local.map(candidates[cursor].precedes) ?? true {
            let share = Swift.min(lots - placed, candidates[cursor].lots)
            taken.append((candidates[cursor], share))
            placed += share
            cursor += 1
        }
        return placed
    }
}

extension LiquidationTrial {
    /// Passes on to the other shards the lots of `order` that fell to their listed candidates
    /// (`remote`), and up to `remaining` more to the quantity they hold beyond their listed ones
    /// (by shard ascending: this shard's queue and every listed entry are exhausted, and a shard's
    /// unlisted candidates rank below its listed ones). The liquidator hands the lots over at the
    /// bankruptcy price: no PnL, no money moves. One ``DeleveragingForwarded`` per shard, by
    /// shard ascending; the lots are taken off the rankings kept (``shards``). Returns the lots
    /// passed on beyond the listed ones.
    /// - Complexity: O(k + s·n) for k lots' candidates taken, s shards of n entries.
    mutating func forward(_ order: DeleverageOrder, remote: RemoteQueue, remaining: Int64, mark: Price, lotSize: Quantity) -> Int64 {
        let side = order.side.opposite
        var byShard: [Int: Int64] = [:]
        for (candidate, lots) in remote.taken {
            byShard[candidate.shard, default: 0] += lots
            shards.take(lots, lotSize: lotSize, market: order.market, side: side, shard: candidate.shard, account: candidate.account)
        }
        var unlisted: Int64 = 0
        for (shard, lots) in shards.unlisted(market: order.market, side: side, lotSize: lotSize) where unlisted < remaining {
            let share = Swift.min(remaining - unlisted, lots)
            byShard[shard, default: 0] += share
            shards.take(share, lotSize: lotSize, market: order.market, side: side, shard: shard, account: nil)
            unlisted += share
        }
        for shard in byShard.keys.sorted() {
            guard let lots = byShard[shard], lots > 0 else { continue }
            payloads.append(.deleveragingForwarded(DeleveragingForwarded(
                shard: shard, liquidatedAccount: order.account, market: order.market, side: order.side,
                quantity: Quantity(units: lots * lotSize.units), bankruptcyPrice: order.bankruptcyPrice, expectedPrice: order.expectedPrice,
                markPrice: mark)))
        }
        return unlisted
    }
}
