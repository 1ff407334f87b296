import LiquidusCore
@testable import LiquidusEngine
import LiquidusRandom
import Testing

/// The pieces of auto-deleveraging's ranking: the ranking kept as accounts change, and how an
/// order is shared — each against a plain reference on seeded random cases.
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
                ranking.insert(fresh)
                current[id] = fresh
            }
        }
        ranking.prepare()
        var read: [DeleveragingCandidate] = []
        try ranking.forEachInOrder { (candidate) throws(ValidationError) -> Bool in read.append(candidate); return true }
        #expect(read == current.values.sorted { $0.precedes($1) })
    }

    /// Pro-rata shares: they add up to the order, each is the floor or ceiling of its exact
    /// share (no candidate capped), and they equal a plain cumulative rounding in queue order,
    /// whatever the order the candidates reached the ranking in.
    @Test(arguments: 0..<30)
    func proRataShares(seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed) ^ 0x5EED)
        var candidates = Self.candidates(80, using: &random)
        for index in candidates.indices { candidates[index].lots = 1_000_000 }  // no caps here
        // Half of the candidates reach the ranking after it was built (its overflow).
        var ranking = DeleveragingRanking(mark: Price(100), candidates: Array(candidates.prefix(40)))
        for candidate in candidates.dropFirst(40) { ranking.insert(candidate) }
        ranking.prepare()
        let lots = Int64(1 + random.next() % 500)
        let shares = try DeleveragingAllocation.shares(of: lots, mechanism: .proRata, ranking: ranking, excluded: [], extra: [])
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
            let ranking = DeleveragingRanking(mark: Price(100), candidates: candidates)
            let lots = Int64(1 + random.next() % UInt64(available + 20))
            let shares = try DeleveragingAllocation.shares(of: lots, mechanism: mechanism, ranking: ranking, excluded: excluded, extra: [])
            #expect(shares.allSatisfy { $0.lots >= 1 && $0.lots <= $0.candidate.lots && !excluded.contains($0.candidate.id) })
            #expect(Set(shares.map(\.candidate.id)).count == shares.count)
            #expect(shares.reduce(0) { $0 + $1.lots } == Swift.min(lots, available))
        }
    }
}
