import LiquidusCore

/// The candidates of one market and side, ranked at one mark, kept current as accounts change
/// until the mark moves.
///
/// **What is kept, and when.** A candidate's rank and weight depend on its account (collateral,
/// position) and on its market's mark only. The ranking is built the first time an order needs
/// it at a mark: every account holding a position on the side is evaluated and the candidates
/// sorted (O(n log n) for the n positions on the side). Until that market's mark moves, each
/// account that changes is re-evaluated at the ranking's mark and moved (O(log n)): its old entry
/// is dropped, the new one appended to an overflow kept in queue order. When the overflow has no
/// room left the ranking is rebuilt; when the mark moves it is dropped and rebuilt on the next
/// order. An order then costs O(k log n) for its k counterparties: the queue reads the sorted
/// entries and the overflow in step; the pro-rata mechanisms find each counterparty's lots by a
/// prefix-sum search in a ``WeightTree``.
struct DeleveragingRanking: Sendable {
    /// The mark the ranks are taken at.
    let mark: Price
    /// The candidates by slot: `0 ..< sortedCount` in queue order, then the overflow in the order
    /// they were added.
    private(set) var slots: [DeleveragingCandidate]
    /// Whether each slot is still current.
    private(set) var live: [Bool]
    /// The weights of the live slots.
    private(set) var tree: WeightTree
    /// The live slot of each account.
    private(set) var slotOf: [String: Int]
    /// The overflow's live slots, in queue order.
    private(set) var overflow: [Int] = []
    /// The slots sorted when the ranking was built.
    let sortedCount: Int
    /// The slots reserved for the overflow.
    let capacity: Int

    /// A ranking of `candidates` at `mark`, with room for `max(64, n ÷ 8)` changes before a rebuild.
    /// - Complexity: O(n log n).
    init(mark: Price, candidates: [DeleveragingCandidate]) {
        self.mark = mark
        var sorted = candidates
        sorted.sort { $0.precedes($1) }
        sortedCount = sorted.count
        capacity = sorted.count + Swift.max(64, sorted.count / 8)
        slots = sorted
        slots.reserveCapacity(capacity)
        live = Array(repeating: true, count: sorted.count)
        live.reserveCapacity(capacity)
        var weights = sorted.map { Int128($0.weight) }
        weights.append(contentsOf: repeatElement(0, count: capacity - sorted.count))
        tree = WeightTree(weights)
        var slotOf: [String: Int] = [:]
        slotOf.reserveCapacity(sorted.count)
        for (slot, candidate) in sorted.enumerated() { slotOf[candidate.id] = slot }
        self.slotOf = slotOf
    }

    /// The live candidates.
    var count: Int { slotOf.count }

    /// The candidate of account `id`, if it is one.
    func candidate(_ id: String) -> DeleveragingCandidate? { slotOf[id].map { slots[$0] } }

    /// Drops account `id`'s entry, if any.
    /// - Complexity: O(log n), plus O(m) for an entry in the overflow of m.
    mutating func remove(_ id: String) {
        guard let slot = slotOf.removeValue(forKey: id) else { return }
        live[slot] = false
        tree.add(-Int128(slots[slot].weight), at: slot)
        if slot >= sortedCount, let position = overflow.firstIndex(of: slot) { overflow.remove(at: position) }
    }

    /// Adds `candidate` (whose account has no entry) to the overflow; `false` when there is no
    /// room left (the caller rebuilds).
    /// - Complexity: O(log n + m) for an overflow of m.
    mutating func insert(_ candidate: DeleveragingCandidate) -> Bool {
        guard slots.count < capacity else { return false }
        let slot = slots.count
        slots.append(candidate)
        live.append(true)
        tree.add(Int128(candidate.weight), at: slot)
        slotOf[candidate.id] = slot
        var low = 0, high = overflow.count
        while low < high {
            let middle = (low + high) / 2
            if slots[overflow[middle]].precedes(candidate) { low = middle + 1 } else { high = middle }
        }
        overflow.insert(slot, at: low)
        return true
    }

    /// Sets the weight of account `id`'s entry to zero, returning what it was (to hand back to
    /// ``restoreWeight(_:of:)``); 0 when it has no entry.
    mutating func suspendWeight(of id: String) -> Int64 {
        guard let slot = slotOf[id] else { return 0 }
        tree.add(-Int128(slots[slot].weight), at: slot)
        return slots[slot].weight
    }

    /// Gives account `id`'s entry back the weight ``suspendWeight(of:)`` took.
    mutating func restoreWeight(_ weight: Int64, of id: String) {
        guard let slot = slotOf[id] else { return }
        tree.add(Int128(weight), at: slot)
    }

    /// The live candidates in queue order, until `body` returns `false`: the sorted entries and
    /// the overflow read in step.
    /// - Complexity: O(k + s) for the k candidates read and s dead slots passed.
    func forEachInOrder(_ body: (DeleveragingCandidate) throws(ValidationError) -> Bool) throws(ValidationError) {
        var sortedCursor = 0
        var overflowCursor = 0
        while true {
            while sortedCursor < sortedCount, !live[sortedCursor] { sortedCursor += 1 }
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

    /// The total weight of the live entries.
    var totalWeight: Int128 { tree.total }

    /// The live entry whose cumulative weight (in slot order) first reaches `target`, with the
    /// cumulative weight through it.
    func entry(reaching target: Int128) -> (candidate: DeleveragingCandidate, cumulative: Int128) {
        let slot = tree.firstSlot(reaching: target)
        return (slots[slot], tree.prefix(slot + 1))
    }
}
