import LiquidusCore
@testable import LiquidusEngine
import LiquidusRandom
import Testing

/// The pieces of auto-deleveraging's ranking: the weight tree, the ranking kept as accounts
/// change, and how an order is shared — each against a plain reference on seeded random cases.
@Suite struct DeleveragingRankingTests {
    static func candidates(_ count: Int, using random: inout SeededGenerator) -> [DeleveragingCandidate] {
        (0..<count).map { index in
            // Ranks from a small set so that ties (broken by id) are common.
            DeleveragingCandidate(
                id: "acct-\(1000 + index)", rank: Rate(units: Int64(random.next() % 40) * 1_000_000),
                weight: Int64(random.next() % 5 == 0 ? 0 : random.next() % 10_000_000), lots: Int64(1 + random.next() % 50),
                profit: Money(units: Int64(1 + random.next() % 1_000_000)))
        }
    }

    /// Prefix sums and the first slot reaching a target, against sums of the plain array.
    @Test(arguments: 0..<20)
    func weightTree(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed))
        let count = 1 + Int(random.next() % 200)
        var weights = (0..<count).map { _ in Int128(random.next() % 1000) }
        var tree = WeightTree(weights)
        for _ in 0..<50 {
            let slot = Int(random.next() % UInt64(count))
            let delta = Int128(random.next() % 500)
            weights[slot] += delta
            tree.add(delta, at: slot)
        }
        var running: Int128 = 0
        for (slot, weight) in weights.enumerated() {
            #expect(tree.prefix(slot) == running)
            running += weight
            if weight > 0 { #expect(tree.firstSlot(reaching: running) == slot) }
        }
        #expect(tree.total == running)
    }

    /// After random removals and insertions, the ranking reads its live candidates in queue order.
    @Test(arguments: 0..<20)
    func rankingKeepsQueueOrder(seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed) ^ 0xAD1)
        var current = Dictionary(uniqueKeysWithValues: Self.candidates(150, using: &random).map { ($0.id, $0) })
        var ranking = DeleveragingRanking(mark: Price(100), candidates: Array(current.values))
        for _ in 0..<60 {
            let id = "acct-\(1000 + Int(random.next() % 200))"
            ranking.remove(id)
            current[id] = nil
            if random.next() % 3 != 0 {
                var fresh = Self.candidates(1, using: &random)[0]
                fresh.id = id
                if ranking.insert(fresh) { current[id] = fresh } else { Issue.record("no room") }
            }
        }
        var read: [DeleveragingCandidate] = []
        try ranking.forEachInOrder { (candidate) throws(ValidationError) -> Bool in read.append(candidate); return true }
        #expect(read == current.values.sorted { $0.precedes($1) })
        #expect(ranking.totalWeight == current.values.reduce(0) { $0 + Int128($1.weight) })
    }

    /// Pro-rata shares: they add up to the order, each is the floor or ceiling of its exact
    /// share (no candidate capped), they equal a plain cumulative rounding over the slots, and
    /// the ranking's weights are unchanged afterwards.
    @Test(arguments: 0..<30)
    func proRataShares(seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed) ^ 0x5EED)
        var candidates = Self.candidates(80, using: &random)
        for index in candidates.indices { candidates[index].lots = 1_000_000 }  // no caps here
        var ranking = DeleveragingRanking(mark: Price(100), candidates: candidates)
        let weightBefore = ranking.totalWeight
        let lots = Int64(1 + random.next() % 500)
        let shares = try DeleveragingAllocation.shares(of: lots, mechanism: .proRata, ranking: &ranking, excluded: [], extra: [])
        #expect(shares.reduce(0) { $0 + $1.lots } == lots)
        let total = candidates.reduce(Int128(0)) { $0 + Int128($1.weight) }
        for share in shares {
            let exact = Double(lots) * Double(share.candidate.weight) / Double(total)
            #expect(Double(share.lots) >= exact.rounded(.down) && Double(share.lots) <= exact.rounded(.up))
        }
        // Reference: cumulative rounding over the sorted slots.
        var reference: [String: Int64] = [:]
        var cumulative: Int128 = 0
        for candidate in candidates.sorted(by: { $0.precedes($1) }) {
            let before = Int128(lots) * cumulative / total
            cumulative += Int128(candidate.weight)
            let share = Int128(lots) * cumulative / total - before
            if share > 0 { reference[candidate.id] = Int64(share) }
        }
        #expect(Dictionary(uniqueKeysWithValues: shares.map { ($0.candidate.id, $0.lots) }) == reference)
        #expect(ranking.totalWeight == weightBefore)
    }

    /// With small positions, no share exceeds what its candidate holds, the order is placed in
    /// full while the candidates hold enough, and excluded accounts take nothing.
    @Test(arguments: 0..<30)
    func sharesRespectHoldings(seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed) ^ 0xCA9)
        let candidates = Self.candidates(60, using: &random)
        let excluded = Set(candidates.prefix(5).map(\.id))
        let available = candidates.filter { !excluded.contains($0.id) }.reduce(Int64(0)) { $0 + $1.lots }
        for mechanism in [DeleveragingMechanism.rankedQueue, .proRata] {
            var ranking = DeleveragingRanking(mark: Price(100), candidates: candidates)
            let lots = Int64(1 + random.next() % UInt64(available + 20))
            let shares = try DeleveragingAllocation.shares(of: lots, mechanism: mechanism, ranking: &ranking, excluded: excluded, extra: [])
            #expect(shares.allSatisfy { $0.lots >= 1 && $0.lots <= $0.candidate.lots && !excluded.contains($0.candidate.id) })
            #expect(Set(shares.map(\.candidate.id)).count == shares.count)
            #expect(shares.reduce(0) { $0 + $1.lots } == Swift.min(lots, available))
        }
    }
}
