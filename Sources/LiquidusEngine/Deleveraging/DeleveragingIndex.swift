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
    }

    /// The mechanism whose weights the rankings carry.
    let mechanism: DeleveragingMechanism
    /// The accounts holding a position on each side of each market.
    private(set) var holders: [Key: Set<String>] = [:]
    /// The rankings built, by market and side held.
    private(set) var rankings: [Key: DeleveragingRanking] = [:]

    /// An empty index.
    init(mechanism: DeleveragingMechanism) { self.mechanism = mechanism }

    /// An index of `accounts`.
    /// - Complexity: O(a·p) for a accounts of p positions.
    init(mechanism: DeleveragingMechanism, accounts: [String: AccountState]) {
        self.mechanism = mechanism
        for (id, state) in accounts {
            for position in state.positions { holders[Key(market: position.market, side: position.side), default: []].insert(id) }
        }
    }

    /// The markets and sides `state` holds positions on.
    static func keys(_ state: AccountState?) -> [Key] {
        state?.positions.map { Key(market: $0.market, side: $0.side) } ?? []
    }

    /// Re-indexes account `id` after it changed from `old` to `new` (`nil`: absent).
    ///
    /// Every ranking of a market and side the account held or holds is brought up to date: at
    /// its own mark when that is still the market's mark (the account's entry re-evaluated there:
    /// its collateral changes every candidate it has), else dropped.
    /// - Complexity: O(p·(p·t + log n)) for its p positions.
    mutating func update(_ id: String, from old: AccountState?, to new: AccountState?, markets: MarketCatalog, marks: [String: Price]) {
        let before = Self.keys(old)
        let after = Self.keys(new)
        for key in before where !after.contains(key) {
            holders[key]?.remove(id)
            if holders[key]?.isEmpty == true { holders[key] = nil }
        }
        for key in after { holders[key, default: []].insert(id) }
        for key in Set(before + after) where rankings[key] != nil {
            guard let mark = marks[key.market], rankings[key]?.mark == mark else {
                rankings[key] = nil
                continue
            }
            rankings[key]?.remove(id)
            guard let new, let candidate = DeleveragingCandidate.of(new, market: key.market, against: key.side.opposite, markets: markets, marks: marks, mechanism: mechanism) else { continue }
            if rankings[key]?.insert(candidate) == false { rankings[key] = nil }
        }
    }

    /// Runs `body` on the ranking of the positions on `side` of `market` at its current mark,
    /// built first when there is none at that mark; `nil` without a mark.
    /// - Complexity: O(n·p·t + n log n) to build it for the n holders, then that of `body`.
    mutating func withRanking<Result>(
        market: String, side: Side, accounts: [String: AccountState], markets: MarketCatalog, marks: [String: Price],
        _ body: (inout DeleveragingRanking) throws(ValidationError) -> Result
    ) throws(ValidationError) -> Result? {
        guard let mark = marks[market] else { return nil }
        let key = Key(market: market, side: side)
        if rankings[key]?.mark != mark {
            let candidates = (holders[key] ?? []).compactMap { id in
                accounts[id].flatMap { DeleveragingCandidate.of($0, market: market, against: side.opposite, markets: markets, marks: marks, mechanism: mechanism) }
            }
            rankings[key] = DeleveragingRanking(mark: mark, candidates: candidates)
        }
        guard var ranking = rankings.removeValue(forKey: key) else { return nil }
        defer { rankings[key] = ranking }
        return try body(&ranking)
    }

    /// Drops every ranking (their figures are rebuilt when next needed).
    mutating func dropRankings() { rankings = [:] }
}
