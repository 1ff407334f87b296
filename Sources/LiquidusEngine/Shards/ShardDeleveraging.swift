import LiquidusCore

/// What the engine keeps of the other shards for auto-deleveraging across shards: their
/// published rankings (``ShardRanking``) by market, side and shard, and, per forwarding shard,
/// the sequence of the last ``ForwardedDeleverage`` applied (orders arrive in their log's order,
/// so one number per shard makes each apply exactly once).
///
/// State, not index: it comes from inputs only, so it is in the state hash and the snapshot
/// (both omit it while it is empty, so an engine of one shard hashes and writes as before). Lots
/// forwarded to an entry are taken off it at once (``take(_:market:side:shard:account:)``), so
/// a later order in the same or a later input does not count on them again before that shard
/// publishes anew.
struct ShardDeleveraging: Hashable, Sendable {
    /// A market and the side of the ranked positions.
    typealias Key = DeleveragingIndex.Key

    /// One entry of another shard's queue, in lots.
    struct Candidate: Hashable, Sendable {
        var shard: Int
        var account: String
        var rank: Rate
        var lots: Int64

        /// Whether `self` comes before the local `candidate` in the queue of every shard.
        func precedes(_ candidate: DeleveragingCandidate) -> Bool {
            rank != candidate.rank ? rank > candidate.rank : account < candidate.id
        }
    }

    /// The rankings by market and side, then by shard.
    private(set) var rankings: [Key: [Int: ShardRanking]] = [:]
    /// The sequence of the last forwarded order applied, by forwarding shard.
    var applied: [Int: UInt64] = [:]

    /// Whether there is nothing to keep (no ranking, no order applied).
    var isEmpty: Bool { rankings.isEmpty && applied.isEmpty }

    /// Keeps `ranking` in place of the shard's earlier one for its market and side (an empty one
    /// too: its version is kept).
    mutating func replace(with ranking: ShardRanking) {
        rankings[Key(market: ranking.market, side: ranking.side), default: [:]][ranking.shard] = ranking
    }

    /// The version of the ranking kept for `shard`'s positions on `side` of `market`, if any.
    func version(market: String, side: Side, shard: Int) -> UInt64? {
        rankings[Key(market: market, side: side)]?[shard]?.version
    }

    /// Empties the rankings of `symbols`, keeping their versions (a market listed again: its lot
    /// may have changed, and the shards publish again, at later versions, at its new terms).
    mutating func dropRankings(of symbols: Set<String>) {
        for key in rankings.keys where symbols.contains(key.market) {
            for shard in rankings[key]?.keys.sorted() ?? [] {
                rankings[key]?[shard]?.entries = []
                rankings[key]?[shard]?.eligible = .zero
            }
        }
    }

    /// The other shards' entries for positions on `side` of `market` (lot `lotSize`), merged in
    /// queue order: rank descending, then account ascending (ids are unique across shards).
    /// - Complexity: O(n log n) for n entries.
    func queue(market: String, side: Side, lotSize: Quantity) -> [Candidate] {
        guard let byShard = rankings[Key(market: market, side: side)] else { return [] }
        var merged: [Candidate] = []
        for (shard, ranking) in byShard {
            for entry in ranking.entries {
                let lots = entry.quantity.units / lotSize.units
                if lots > 0 { merged.append(Candidate(shard: shard, account: entry.account, rank: entry.rank, lots: lots)) }
            }
        }
        return merged.sorted { $0.rank != $1.rank ? $0.rank > $1.rank : ($0.account != $1.account ? $0.account < $1.account : $0.shard < $1.shard) }
    }

    /// The lots each shard holds beyond its listed entries on `side` of `market` (eligible less
    /// listed), by shard ascending, only those with some.
    func unlisted(market: String, side: Side, lotSize: Quantity) -> [(shard: Int, lots: Int64)] {
        guard let byShard = rankings[Key(market: market, side: side)] else { return [] }
        return byShard.keys.sorted().compactMap { shard in
            guard let ranking = byShard[shard] else { return nil }
            let listed = ranking.entries.reduce(Int64(0)) { $0 + $1.quantity.units / lotSize.units }
            let lots = ranking.eligible.units / lotSize.units - listed
            return lots > 0 ? (shard, lots) : nil
        }
    }

    /// Takes `lots` (of lot `lotSize`) off shard `shard`'s ranking of `side` of `market`: off the
    /// entry of `account`, or, when `nil`, off its unlisted quantity; and off its eligible
    /// quantity.
    mutating func take(_ lots: Int64, lotSize: Quantity, market: String, side: Side, shard: Int, account: String?) {
        let key = Key(market: market, side: side)
        guard var ranking = rankings[key]?[shard] else { return }
        let quantity = Quantity(units: lots * lotSize.units)
        if let account, let index = ranking.entries.firstIndex(where: { $0.account == account }) {
            ranking.entries[index].quantity = Quantity(units: Swift.max(0, ranking.entries[index].quantity.units - quantity.units))
            if ranking.entries[index].quantity.isZero { ranking.entries.remove(at: index) }
        }
        ranking.eligible = Quantity(units: Swift.max(0, ranking.eligible.units - quantity.units))
        replace(with: ranking)
    }
}

extension ShardDeleveraging {
    /// The snapshot's form: the rankings (by market, side and shard) and the applied sequences
    /// (by shard).
    struct Record: Codable, Sendable {
        /// One forwarding shard's last applied order.
        struct Applied: Codable, Sendable {
            var shard: Int
            var sequence: UInt64
        }

        var rankings: [ShardRanking]
        var applied: [Applied]
    }

    /// The record of this state, in a canonical order.
    var record: Record {
        let all = rankings.values.flatMap(\.values).sorted {
            ($0.market, $0.side == .long ? 0 : 1, $0.shard) < ($1.market, $1.side == .long ? 0 : 1, $1.shard)
        }
        return Record(rankings: all, applied: applied.keys.sorted().map { Record.Applied(shard: $0, sequence: applied[$0] ?? 0) })
    }

    /// The state of `record`, each ranking validated against its market in `markets`; throws
    /// with the record's path (`rankings[1].entries[0].quantity`).
    init(_ record: Record, markets: MarketCatalog) throws(ValidationError) {
        self.init()
        for (index, ranking) in record.rankings.enumerated() {
            do throws(ValidationError) {
                try ranking.validate(against: try markets.market(ranking.market, at: "market"))
            } catch {
                throw error.prefixed(by: "rankings[\(index)]")
            }
            guard rankings[Key(market: ranking.market, side: ranking.side)]?[ranking.shard] == nil else {
                throw ValidationError(.duplicate, at: "rankings[\(index)]", "shard \(ranking.shard)'s \(ranking.side.rawValue) ranking of \(ranking.market) appears twice")
            }
            replace(with: ranking)
        }
        for (index, applied) in record.applied.enumerated() {
            guard (0..<ShardRanking.maxShards).contains(applied.shard), self.applied.updateValue(applied.sequence, forKey: applied.shard) == nil else {
                throw ValidationError(.inconsistent, at: "applied[\(index)].shard", "must be a shard index within 0..<\(ShardRanking.maxShards), once")
            }
        }
    }
}
