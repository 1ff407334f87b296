import LiquidusCore

/// Auto-deleveraging's view of the accounts: who holds a position on each side of each market,
/// and, per market and side, the candidates ranked at that market's mark (see
/// ``DeleveragingRanking`` for what is kept and when).
///
/// The engine calls ``update(_:from:to:markets:marks:)`` for every account it changes (and for
/// every account a failed input restores), so the holders are always current; a ranking is
/// kept current while its market's mark stays where it was built, and dropped when the mark
/// moves. The index is derived state: it is not hashed or written to a snapshot, and an engine
/// restored from one rebuilds it.
struct DeleveragingIndex: Sendable {
    /// A market and the side of the positions held there.
    struct Key: Hashable, Sendable {
        var market: String
        var side: Side

        /// A cheap hash (the index holds two keys per market, and hashes one on every account
        /// change): the side, the symbol's length and its last byte; equality settles the rest.
        func hash(into hasher: inout Hasher) {
            hasher.combine(side == .long)
            hasher.combine(market.utf8.count)
            hasher.combine(market.utf8.last ?? 0)
        }
    }

    /// The mechanism whose weights the rankings carry.
    let mechanism: DeleveragingMechanism
    /// The accounts holding a position on each side of each market, with what their rank needs.
    private(set) var holders: [Key: [String: DeleveragingHolder]] = [:]
    /// The rankings built, by market and side held.
    private(set) var rankings: [Key: DeleveragingRanking] = [:]

    /// An empty index.
    init(mechanism: DeleveragingMechanism) { self.mechanism = mechanism }

    /// An index of `accounts`.
    /// - Complexity: O(a·p) for a accounts of p positions.
    init(mechanism: DeleveragingMechanism, accounts: [String: AccountState], marks: [String: Price]) {
        self.mechanism = mechanism
        for (id, state) in accounts {
            let complete = state.positions.allSatisfy { marks[$0.market] != nil }
            for (index, position) in state.positions.enumerated() {
                holders[Key(market: position.market, side: position.side), default: [:]][id] = DeleveragingHolder(state, at: index, complete: complete)
            }
        }
    }

    /// The markets and sides `state` holds positions on.
    static func keys(_ state: AccountState?) -> [Key] {
        state?.positions.map { Key(market: $0.market, side: $0.side) } ?? []
    }

    /// Re-indexes account `id` after it changed from `old` to `new` (`nil`: absent).
    ///
    /// Every ranking of a market and side the account held or holds is brought up to date: at
    /// its own mark when that is still the market's mark (the account's entry re-evaluated there
    /// from its record: its collateral changes every candidate it has), else dropped.
    /// - Complexity: O(p·t) for its p positions (amortised: see ``DeleveragingRanking``).
    mutating func update(_ id: String, from old: AccountState?, to new: AccountState?, markets: MarketCatalog, marks: [String: Price]) {
        let before = Self.keys(old)
        let after = Self.keys(new)
        for key in before where !after.contains(key) {
            holders[key]?[id] = nil
            if holders[key]?.isEmpty == true { holders[key] = nil }
        }
        var records: [DeleveragingHolder] = []
        if let new {
            let complete = new.positions.allSatisfy { marks[$0.market] != nil }
            for (index, key) in after.enumerated() {
                let record = DeleveragingHolder(new, at: index, complete: complete)
                records.append(record)
                holders[key, default: [:]][id] = record
            }
        }
        guard !rankings.isEmpty else { return }
        for (offset, key) in (before + after).enumerated() where !(before + after).prefix(offset).contains(key) {
            guard var ranking = rankings.removeValue(forKey: key) else { continue }
            guard let mark = marks[key.market], ranking.mark == mark, let market = markets[key.market] else { continue }  // the mark moved: dropped
            ranking.remove(id)
            if let new, let position = after.firstIndex(of: key) {
                let record = records[position]
                let candidate = record.complete
                    ? record.candidate(id, market: market, mark: mark, mechanism: mechanism)
                    : DeleveragingCandidate.of(new, market: key.market, against: key.side.opposite, markets: markets, marks: marks, mechanism: mechanism)
                if let candidate { ranking.insert(candidate) }
            }
            rankings[key] = ranking
        }
    }

    /// The ranking of the positions on `side` of `market` at its current mark, built first when
    /// there is none at that mark; `nil` without a mark or market.
    ///
    /// Built from the holders' records (size, entry, collateral: what a rank needs besides the
    /// mark), O(t) each; a holder whose account had a market without a mark when it was recorded
    /// is evaluated from its account in full.
    /// - Complexity: O(n·t + n log n) to build it for the n holders; O(1) when it is current.
    mutating func ranking(market: String, side: Side, accounts: [String: AccountState], markets: MarketCatalog, marks: [String: Price]) -> DeleveragingRanking? {
        guard let mark = marks[market], let catalogMarket = markets[market] else { return nil }
        let key = Key(market: market, side: side)
        if rankings[key]?.mark == mark {
            rankings[key]?.prepare()
            return rankings[key]
        }
        var candidates: [DeleveragingCandidate] = []
        candidates.reserveCapacity(holders[key]?.count ?? 0)
        for (id, holder) in holders[key] ?? [:] {
            let candidate = holder.complete
                ? holder.candidate(id, market: catalogMarket, mark: mark, mechanism: mechanism)
                : accounts[id].flatMap { DeleveragingCandidate.of($0, market: market, against: side.opposite, markets: markets, marks: marks, mechanism: mechanism) }
            if let candidate { candidates.append(candidate) }
        }
        let ranking = DeleveragingRanking(mark: mark, candidates: candidates)
        rankings[key] = ranking
        return ranking
    }

    /// Drops every ranking (their figures are rebuilt when next needed).
    mutating func dropRankings() { rankings = [:] }
}
