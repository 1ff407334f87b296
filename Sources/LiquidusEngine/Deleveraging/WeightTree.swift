/// A Fenwick tree (binary indexed tree, P. M. Fenwick, "A new data structure for cumulative
/// frequency tables", *Software: Practice and Experience* 24(3), 1994) of non-negative `Int128`
/// weights: point updates, prefix sums, and the first slot whose prefix reaches a target, each in
/// O(log n).
///
/// Sums stay exact: every weight is one account's amount (below 2⁶³ units), so a tree of fewer
/// than 2⁶⁴ slots cannot overflow `Int128`.
struct WeightTree: Hashable, Sendable {
    /// 1-based partial sums.
    private var sums: [Int128]

    /// A tree of `count` zero weights.
    init(count: Int) { sums = Array(repeating: 0, count: count + 1) }

    /// A tree holding `weights`, built in O(n).
    init(_ weights: [Int128]) {
        sums = [0] + weights
        for index in 1..<sums.count {
            let parent = index + (index & -index)
            if parent < sums.count { sums[parent] += sums[index] }
        }
    }

    /// The number of slots.
    var count: Int { sums.count - 1 }

    /// Adds `delta` to slot `slot` (0-based).
    /// - Complexity: O(log n).
    mutating func add(_ delta: Int128, at slot: Int) {
        var index = slot + 1
        while index < sums.count {
            sums[index] += delta
            index += index & -index
        }
    }

    /// The sum of slots `0 ..< end`.
    /// - Complexity: O(log n).
    func prefix(_ end: Int) -> Int128 {
        var index = end
        var total: Int128 = 0
        while index > 0 {
            total += sums[index]
            index -= index & -index
        }
        return total
    }

    /// The sum of every slot.
    var total: Int128 { prefix(count) }

    /// The first slot `i` with `prefix(i + 1) ≥ target` (`target` > 0 and ≤ ``total``).
    /// - Complexity: O(log n).
    func firstSlot(reaching target: Int128) -> Int {
        var position = 0
        var remaining = target
        var step = 1
        while step * 2 <= count { step *= 2 }
        while step > 0 {
            let next = position + step
            if next <= count, sums[next] < remaining {
                position = next
                remaining -= sums[next]
            }
            step /= 2
        }
        return position
    }
}
