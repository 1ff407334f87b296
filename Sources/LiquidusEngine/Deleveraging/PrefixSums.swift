/// Non-negative weights by position with their prefix sums kept under point updates (a
/// Fenwick tree): what lets a pro-rata order jump to the candidates its shares land on instead
/// of reading every weight.
struct PrefixSums: Sendable {
    /// `tree[i]` (1-based) holds the sum of the weights at positions `(i − lowbit(i)) ..< i`.
    private var tree: [Int128]

    /// The sums of `weights` (each ≥ 0).
    /// - Complexity: O(n).
    init(_ weights: [Int64]) {
        var tree = [Int128](repeating: 0, count: weights.count + 1)
        for (index, weight) in weights.enumerated() {
            let node = index + 1
            tree[node] += Int128(weight)
            let parent = node + (node & -node)
            if parent < tree.count { tree[parent] += tree[node] }
        }
        self.tree = tree
    }

    /// The number of positions.
    var count: Int { tree.count - 1 }

    /// Adds `delta` to the weight at `position` (the weight stays ≥ 0).
    /// - Complexity: O(log n).
    mutating func add(_ delta: Int128, at position: Int) {
        var node = position + 1
        while node < tree.count {
            tree[node] += delta
            node += node & -node
        }
    }

    /// The sum of the weights at positions `0 ..< end`.
    /// - Complexity: O(log n).
    func sum(upTo end: Int) -> Int128 {
        var total: Int128 = 0
        var node = end
        while node > 0 {
            total += tree[node]
            node -= node & -node
        }
        return total
    }

    /// The first position whose prefix sum through it reaches `target` (> 0), or ``count`` when
    /// the whole sum is below it.
    /// - Complexity: O(log n).
    func firstPosition(reaching target: Int128) -> Int {
        var position = 0
        var remaining = target
        var step = 1
        while step * 2 <= count { step *= 2 }
        while step > 0 {
            let next = position + step
            if next <= count, tree[next] < remaining {
                position = next
                remaining -= tree[next]
            }
            step /= 2
        }
        return position
    }
}
