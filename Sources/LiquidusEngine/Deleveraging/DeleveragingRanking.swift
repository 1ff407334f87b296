import LiquidusCore

/// The candidates of one market and side, ranked at one mark, kept current as accounts change
/// until the mark moves.
///
/// **What is kept, and when.** A candidate's rank and weight depend on its account (collateral,
/// position) and on its market's mark only. The ranking is built the first time an order needs
/// it at a mark, from every holder of the side (O(n·t + n log n), see ``DeleveragingIndex``).
/// Until that market's mark moves, each account that changes is re-evaluated at the ranking's
/// mark: its old entry is marked dead, the new one appended to an overflow (O(1)); the overflow
/// is sorted when the next order reads the ranking (O(m log m) for m changes), and merged into
/// the sorted entries when it outgrows a quarter of them (O(n), amortised O(1) a change). When
/// the mark moves the ranking is dropped and built again by the next order.
///
/// A queue order then costs O(k + d) for its k counterparties and the d dead entries it passes;
/// a pro-rata order reads every candidate's weight, O(n), since its shares depend on the total.
/// Either reads the candidates in queue order (rank, then id), so the result depends only on
/// the candidates, not on when they changed: a ranking built from scratch — after a restore, or
/// by the reference scan of every account — shares an order the same way.
struct DeleveragingRanking: Sendable {
    /// The mark the ranks are taken at.
    let mark: Price
    /// The candidates by slot: `0 ..< sortedCount` in queue order, then the overflow in the order
    /// they were added.
    private(set) var slots: [DeleveragingCandidate]
    /// Whether each slot is still current.
    private(set) var live: [Bool]
    /// The live slot of each account.
    private(set) var slotOf: [String: Int]
    /// The overflow's slots (live or dead), in queue order once ``prepare()`` has run.
    private(set) var overflow: [Int] = []
    /// Whether ``overflow`` is in queue order.
    private(set) var overflowSorted = true
    /// The slots in queue order (the first ones).
    private(set) var sortedCount: Int

    /// A ranking of `candidates` at `mark`.
    /// - Complexity: O(n log n).
    init(mark: Price, candidates: [DeleveragingCandidate]) {
        self.init(mark: mark, sorted: candidates.sorted { $0.precedes($1) })
    }

    /// The live candidates.
    var count: Int { slotOf.count }

    /// The candidate of account `id`, if it is one.
    func candidate(_ id: String) -> DeleveragingCandidate? { slotOf[id].map { slots[$0] } }

    /// Drops account `id`'s entry, if any.
    /// - Complexity: O(1).
    mutating func remove(_ id: String) {
        guard let slot = slotOf.removeValue(forKey: id) else { return }
        live[slot] = false
    }

    /// Adds `candidate` (whose account has no entry) to the overflow.
    /// - Complexity: O(1), or O(n) when the overflow is merged into the sorted entries.
    mutating func insert(_ candidate: DeleveragingCandidate) {
        if overflow.count >= Swift.max(64, sortedCount / 4) { compact() }
        let slot = slots.count
        slots.append(candidate)
        live.append(true)
        slotOf[candidate.id] = slot
        overflow.append(slot)
        overflowSorted = false
    }

    /// Puts the overflow in queue order (its dead slots dropped), for the readers.
    /// - Complexity: O(m log m) for an overflow of m, O(1) when it is in order.
    mutating func prepare() {
        guard !overflowSorted else { return }
        overflow.removeAll { !live[$0] }
        overflow.sort { slots[$0].precedes(slots[$1]) }
        overflowSorted = true
    }

    /// Merges the overflow into the sorted entries and drops the dead ones.
    /// - Complexity: O(n + m log m).
    mutating func compact() {
        prepare()
        var merged: [DeleveragingCandidate] = []
        merged.reserveCapacity(slotOf.count)
        try? forEachInOrder { (candidate) throws(ValidationError) -> Bool in
            merged.append(candidate)
            return true
        }
        self = DeleveragingRanking(mark: mark, sorted: merged)
    }

    /// A ranking of `sorted`, already in queue order.
    private init(mark: Price, sorted: [DeleveragingCandidate]) {
        self.mark = mark
        sortedCount = sorted.count
        slots = sorted
        live = Array(repeating: true, count: sorted.count)
        var slotOf: [String: Int] = [:]
        slotOf.reserveCapacity(sorted.count)
        for (slot, candidate) in sorted.enumerated() { slotOf[candidate.id] = slot }
        self.slotOf = slotOf
    }

    /// The live candidates in queue order, until `body` returns `false`: the sorted entries and
    /// the overflow read in step (``prepare()`` must have run since the last ``insert(_:)``).
    /// - Complexity: O(k + d) for the k candidates read and d dead slots passed.
    func forEachInOrder(_ body: (DeleveragingCandidate) throws(ValidationError) -> Bool) throws(ValidationError) {
        precondition(overflowSorted, "prepare() the ranking before reading it")
        var sortedCursor = 0
        var overflowCursor = 0
        while true {
            while sortedCursor < sortedCount, !live[sortedCursor] { sortedCursor += 1 }
            while overflowCursor < overflow.count, !live[overflow[overflowCursor]] { overflowCursor += 1 }
            let fromSorted = sortedCursor < sortedCount ? slots[sortedCursor] : nil
            let fromOverflow = overflowCursor < overflow.count ? slots[overflow[overflowCursor]] : nil
            let next: DeleveragingCandidate
            switch (fromSorted, fromOverflow) {
            case let (sorted?, extra?):
                if sorted.precedes(extra) { next = sorted; sortedCursor += 1 } else { next = extra; overflowCursor += 1 }
            case let (sorted?, nil):
                next = sorted
                sortedCursor += 1
            case let (nil, extra?):
                next = extra
                overflowCursor += 1
            case (nil, nil):
                return
            }
            guard try body(next) else { return }
        }
    }
}
