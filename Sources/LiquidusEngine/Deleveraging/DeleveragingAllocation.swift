import LiquidusCore

/// How an auto-deleveraging order of `lots` lots is shared among its candidates (see
/// ``DeleveragingMechanism``), reading them in queue order.
///
/// - Ranked queue: in queue order, each candidate takes `min(lots left, its lots)`.
/// - Pro-rata (by weight `w`): *cumulative rounding* over the candidates in queue order: with `Cᵢ`
///   the cumulative weight through candidate `i` and `W` the total, candidate `i` takes
///   `⌊Q·Cᵢ ÷ W⌋ − ⌊Q·Cᵢ₋₁ ÷ W⌋` lots (products in 256 bits). The shares add up to `Q` exactly,
///   each is `⌊Q·wᵢ ÷ W⌋` or `⌈Q·wᵢ ÷ W⌉`, and only candidates whose share is at least one lot are
///   touched. A candidate whose share exceeds the lots it holds takes all of them and the rest is
///   shared again among the others (water-filling); what weights cannot place (every weight
///   zero) goes in queue order.
enum DeleveragingAllocation {
    /// One counterparty's part of an order.
    struct Share: Hashable, Sendable {
        var candidate: DeleveragingCandidate
        var lots: Int64
    }

    /// The shares of an order of `lots` lots under `mechanism`, from `ranking` (less the accounts
    /// in `excluded`) and `extra` (candidates evaluated apart, in queue order, each replacing the
    /// ranking's entry of its account).
    /// - Complexity: O(k + s) for the queue (k counterparties, s dead slots passed); O(n) per
    ///   round of water-filling for pro-rata (n candidates).
    static func shares(
        of lots: Int64, mechanism: DeleveragingMechanism, ranking: DeleveragingRanking, excluded: Set<String>, extra: [DeleveragingCandidate]
    ) throws(ValidationError) -> [Share] {
        guard lots > 0 else { return [] }
        if mechanism == .rankedQueue { return try queue(lots, ranking: ranking, excluded: excluded, extra: extra) }
        var result: [Share] = []
        var done = excluded
        var remaining = Int128(lots)
        while remaining > 0 {
            let round = try proRata(remaining, ranking: ranking, excluded: done, extra: extra)
            guard !round.isEmpty else { break }
            let over = round.filter { $0.lots > $0.candidate.lots }
            guard !over.isEmpty else {
                result += round
                remaining = 0
                break
            }
            for share in over {
                result.append(Share(candidate: share.candidate, lots: share.candidate.lots))
                remaining -= Int128(share.candidate.lots)
                done.insert(share.candidate.id)
            }
        }
        if remaining > 0 {
            result += try queue(Int64(remaining), ranking: ranking, excluded: done.union(result.map(\.candidate.id)), extra: extra)
        }
        return result
    }

    /// Queue order: each candidate, highest rank first, takes what it holds until `lots` are placed.
    static func queue(_ lots: Int64, ranking: DeleveragingRanking, excluded: Set<String>, extra: [DeleveragingCandidate]) throws(ValidationError) -> [Share] {
        var remaining = lots
        var shares: [Share] = []
        try forEach(ranking: ranking, excluded: excluded, extra: extra) { candidate in
            guard candidate.lots > 0 else { return true }
            let taken = Swift.min(remaining, candidate.lots)
            shares.append(Share(candidate: candidate, lots: taken))
            remaining -= taken
            return remaining > 0
        }
        return shares
    }

    /// The cumulative-rounding shares of `lots` over the weights of the candidates, in queue
    /// order (empty when every weight is zero). Two passes: the total, then the shares.
    static func proRata(_ lots: Int128, ranking: DeleveragingRanking, excluded: Set<String>, extra: [DeleveragingCandidate]) throws(ValidationError) -> [Share] {
        var total: Int128 = 0
        try forEach(ranking: ranking, excluded: excluded, extra: extra) { candidate in
            total += Int128(candidate.weight)
            return true
        }
        guard total > 0 else { return [] }
        var shares: [Share] = []
        var cumulative: Int128 = 0
        var placed: Int128 = 0
        try forEach(ranking: ranking, excluded: excluded, extra: extra) { candidate in
            guard candidate.weight > 0 else { return true }
            cumulative += Int128(candidate.weight)
            let through = floorOfProduct(lots, cumulative, dividedBy: total)
            if through > placed {
                shares.append(Share(candidate: candidate, lots: Int64(through - placed)))
                placed = through
            }
            return placed < lots
        }
        return shares
    }

    /// The candidates of `ranking` and `extra` merged in queue order, less `excluded`, until
    /// `body` returns `false`. An extra candidate replaces the ranking's entry of the same
    /// account (an account changed since the ranking was read, evaluated again).
    static func forEach(
        ranking: DeleveragingRanking, excluded: Set<String>, extra: [DeleveragingCandidate],
        _ body: (DeleveragingCandidate) throws(ValidationError) -> Bool
    ) throws(ValidationError) {
        // A few accounts are left out (the liquidated one, those passed over): compared in a
        // list rather than hashed for every candidate.
        let left = Array(excluded)
        func isLeftOut(_ id: String) -> Bool { left.count > 16 ? excluded.contains(id) : left.contains(id) }
        let replaced = Set(extra.map(\.id))
        var extraCursor = 0
        var going = true
        try ranking.forEachInOrder { (candidate) throws(ValidationError) -> Bool in
            guard !isLeftOut(candidate.id), replaced.isEmpty || !replaced.contains(candidate.id) else { return true }
            while going, extraCursor < extra.count, extra[extraCursor].precedes(candidate) {
                if !isLeftOut(extra[extraCursor].id) { going = try body(extra[extraCursor]) }
                extraCursor += 1
            }
            if going { going = try body(candidate) }
            return going
        }
        while going, extraCursor < extra.count {
            if !isLeftOut(extra[extraCursor].id) { going = try body(extra[extraCursor]) }
            extraCursor += 1
        }
    }

    /// `⌊a × b ÷ c⌋` for `a, b ≥ 0`, `c > 0` and `a × b ÷ c` within `Int128`: the product is formed
    /// in 256 bits (`b ≤ c` here, so the quotient is at most `a`).
    static func floorOfProduct(_ a: Int128, _ b: Int128, dividedBy c: Int128) -> Int128 {
        let product = UInt128(a).multipliedFullWidth(by: UInt128(b))
        return Int128(UInt128(c).dividingFullWidth(product).quotient)
    }
}
