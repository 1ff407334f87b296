import LiquidusCore

/// How an auto-deleveraging order of `lots` lots is shared among its candidates (see
/// ``DeleveragingMechanism``).
///
/// - Ranked queue: in queue order, each candidate takes `min(lots left, its lots)`.
/// - Pro-rata (by weight `w`): *cumulative rounding* over the candidates in a fixed order (the
///   ranking's slots): with `Cᵢ` the cumulative weight through candidate `i` and `W` the total,
///   candidate `i` takes `⌊Q·Cᵢ ÷ W⌋ − ⌊Q·Cᵢ₋₁ ÷ W⌋` lots. The shares add up to `Q` exactly and
///   each is `⌊Q·wᵢ ÷ W⌋` or `⌈Q·wᵢ ÷ W⌉`; only candidates whose share is at least one lot are
///   touched, each found by a prefix-sum search, so the cost is O(k log n) for k counterparties.
///   A candidate whose share exceeds the lots it holds takes all of them and the rest is shared
///   again among the others (water-filling); what weights cannot place (every weight zero) goes
///   in queue order.
enum DeleveragingAllocation {
    /// One counterparty's part of an order.
    struct Share: Hashable, Sendable {
        var candidate: DeleveragingCandidate
        var lots: Int64
    }

    /// The shares of an order of `lots` lots under `mechanism`, from `ranking` (less the accounts
    /// in `excluded`) and `extra` (candidates evaluated apart, not in the ranking, in queue
    /// order). `ranking`'s weights are suspended while it works and restored before it returns.
    static func shares(
        of lots: Int64, mechanism: DeleveragingMechanism, ranking: inout DeleveragingRanking, excluded: Set<String>, extra: [DeleveragingCandidate]
    ) throws(ValidationError) -> [Share] {
        guard lots > 0 else { return [] }
        if mechanism == .rankedQueue { return try queue(lots, ranking: ranking, excluded: excluded, extra: extra, skipping: []) }
        var suspended: [(id: String, weight: Int64)] = []
        for id in excluded.sorted() { suspended.append((id, ranking.suspendWeight(of: id))) }
        defer { for entry in suspended { ranking.restoreWeight(entry.weight, of: entry.id) } }
        var pool = ProRataPool(extra: extra)
        var result: [Share] = []
        var remaining = Int128(lots)
        while remaining > 0, pool.total(ranking) > 0 {
            let round = pool.apportion(remaining, ranking)
            let over = round.filter { $0.lots > $0.candidate.lots }
            guard !over.isEmpty else {
                result += round
                remaining = 0
                break
            }
            for share in over {
                result.append(Share(candidate: share.candidate, lots: share.candidate.lots))
                remaining -= Int128(share.candidate.lots)
                if let weight = pool.suspend(share.candidate.id, in: &ranking) { suspended.append((share.candidate.id, weight)) }
            }
        }
        if remaining > 0 {
            let taken = Set(result.map(\.candidate.id))
            result += try queue(Int64(remaining), ranking: ranking, excluded: excluded, extra: extra, skipping: taken)
        }
        return result
    }

    /// Queue order: each candidate, highest rank first, takes what it holds until `lots` are placed.
    static func queue(
        _ lots: Int64, ranking: DeleveragingRanking, excluded: Set<String>, extra: [DeleveragingCandidate], skipping: Set<String>
    ) throws(ValidationError) -> [Share] {
        var remaining = lots
        var shares: [Share] = []
        var extraCursor = 0
        func take(_ candidate: DeleveragingCandidate) {
            guard !skipping.contains(candidate.id), candidate.lots > 0 else { return }
            let lots = Swift.min(remaining, candidate.lots)
            shares.append(Share(candidate: candidate, lots: lots))
            remaining -= lots
        }
        try ranking.forEachInOrder { (candidate) throws(ValidationError) -> Bool in
            guard !excluded.contains(candidate.id) else { return true }
            while extraCursor < extra.count, remaining > 0, extra[extraCursor].precedes(candidate) {
                take(extra[extraCursor])
                extraCursor += 1
            }
            if remaining > 0 { take(candidate) }
            return remaining > 0
        }
        while extraCursor < extra.count, remaining > 0 {
            take(extra[extraCursor])
            extraCursor += 1
        }
        return shares
    }
}

/// The candidates of a pro-rata order: a ranking's slots, then the extra candidates, as one
/// sequence of weights.
struct ProRataPool {
    var extra: [DeleveragingCandidate]

    /// The total weight.
    func total(_ ranking: DeleveragingRanking) -> Int128 { ranking.totalWeight + extra.reduce(0) { $0 + Int128($1.weight) } }

    /// Sets candidate `id`'s weight to zero, returning the weight to restore when it is in the
    /// ranking (an extra candidate's is simply dropped).
    mutating func suspend(_ id: String, in ranking: inout DeleveragingRanking) -> Int64? {
        if ranking.candidate(id) != nil { return ranking.suspendWeight(of: id) }
        if let index = extra.firstIndex(where: { $0.id == id }) { extra[index].weight = 0 }
        return nil
    }

    /// The cumulative-rounding shares of `lots` over the current weights of `ranking` and the
    /// extra candidates (see ``DeleveragingAllocation``).
    func apportion(_ lots: Int128, _ ranking: DeleveragingRanking) -> [DeleveragingAllocation.Share] {
        let total = self.total(ranking)
        let inRanking = ranking.totalWeight
        var shares: [DeleveragingAllocation.Share] = []
        var next: Int128 = 1
        while next <= lots {
            let target = Self.ceilingOfProduct(next, total, dividedBy: lots)
            let (candidate, cumulative): (DeleveragingCandidate, Int128)
            if target <= inRanking {
                (candidate, cumulative) = ranking.entry(reaching: target)
            } else {
                var running = inRanking
                var found: DeleveragingCandidate?
                for item in extra {
                    running += Int128(item.weight)
                    if running >= target { found = item; break }
                }
                // The weights add up to `total` ≥ `target`: one is found.
                guard let found else { break }
                (candidate, cumulative) = (found, running)
            }
            let through = Self.floorOfProduct(lots, cumulative, dividedBy: total)
            let before = Self.floorOfProduct(lots, cumulative - Int128(candidate.weight), dividedBy: total)
            shares.append(DeleveragingAllocation.Share(candidate: candidate, lots: Int64(through - before)))
            next = through + 1
        }
        return shares
    }

    /// `⌊a × b ÷ c⌋` for `a, b ≥ 0`, `c > 0`, the product formed in 256 bits (the quotient fits).
    static func floorOfProduct(_ a: Int128, _ b: Int128, dividedBy c: Int128) -> Int128 {
        let product = UInt128(a).multipliedFullWidth(by: UInt128(b))
        return Int128(UInt128(c).dividingFullWidth(product).quotient)
    }

    /// `⌈a × b ÷ c⌉` for `a, b ≥ 0`, `c > 0`, the product formed in 256 bits (the quotient fits).
    static func ceilingOfProduct(_ a: Int128, _ b: Int128, dividedBy c: Int128) -> Int128 {
        let product = UInt128(a).multipliedFullWidth(by: UInt128(b))
        let (quotient, remainder) = UInt128(c).dividingFullWidth(product)
        return Int128(quotient) + (remainder == 0 ? 0 : 1)
    }
}
