/// A 4-ary max-heap of `Int64` keys with `Int32` handles, whose slots are tracked in a caller's
/// table so that any entry can be re-keyed or removed in O(log n).
///
/// Four children per node halve the depth of a binary heap (fewer moves, so fewer writes to
/// the caller's slot table on every sift) and put a node's children in one cache line of keys.
/// Struct-of-arrays storage (`keys`, `handles`) keeps the hot keys contiguous. The caller owns
/// `slots[handle]` (the entry's index in the heap, or −1) and passes it to every mutation; this
/// lets one slot table serve several heaps without a dictionary on the hot path.
///
/// ``collect(atLeast:into:stack:)`` finds exactly the entries whose key is ≥ a threshold without
/// changing the heap: in a max-heap those entries form a subtree at the root, so the walk
/// touches only them and their immediate children — O(k) for k results, O(1) when there are none.
@usableFromInline
struct IndexedMaxHeap: Sendable {
    @usableFromInline var keys: [Int64] = []
    @usableFromInline var handles: [Int32] = []

    @usableFromInline init() {}

    @inlinable var count: Int { keys.count }

    /// The largest key, if any. - Complexity: O(1).
    @inlinable var maximum: Int64? { keys.first }

    /// Adds `handle` with `key`. - Complexity: O(log n).
    @inlinable mutating func insert(_ handle: Int32, key: Int64, slots: inout [Int32]) {
        keys.append(key)
        handles.append(handle)
        slots[Int(handle)] = Int32(keys.count - 1)
        siftUp(keys.count - 1, slots: &slots)
    }

    /// Changes the key of the entry at `slot`. - Complexity: O(log n).
    @inlinable mutating func update(slot: Int, key: Int64, slots: inout [Int32]) {
        let old = keys[slot]
        keys[slot] = key
        if key > old { siftUp(slot, slots: &slots) } else if key < old { siftDown(slot, slots: &slots) }
    }

    /// Removes the entry at `slot`. - Complexity: O(log n).
    @inlinable mutating func remove(slot: Int, slots: inout [Int32]) {
        let last = keys.count - 1
        slots[Int(handles[slot])] = -1
        if slot != last {
            keys[slot] = keys[last]
            handles[slot] = handles[last]
            slots[Int(handles[slot])] = Int32(slot)
        }
        keys.removeLast()
        handles.removeLast()
        if slot < keys.count {
            siftUp(slot, slots: &slots)
            siftDown(Int(slots[Int(handles[slot])]), slots: &slots)
        }
    }

    /// Appends to `result` the handle of every entry whose key is ≥ `threshold`, in no
    /// particular order, without changing the heap: a depth-first walk that descends only
    /// through such entries (in a max-heap they form a subtree at the root).
    /// - Complexity: O(k + 1) for k such entries; allocates only if `result` or `stack` must grow.
    @inlinable func collect(atLeast threshold: Int64, into result: inout [Int32], stack: inout [Int32]) {
        guard let top = keys.first, top >= threshold else { return }
        stack.removeAll(keepingCapacity: true)
        stack.append(0)
        keys.withUnsafeBufferPointer { keys in
            handles.withUnsafeBufferPointer { handles in
                while let index = stack.popLast().map(Int.init) {
                    result.append(handles[index])
                    let firstChild = 4 * index + 1
                    guard firstChild < keys.count else { continue }
                    for child in firstChild..<min(firstChild + 4, keys.count) where keys[child] >= threshold {
                        stack.append(Int32(child))
                    }
                }
            }
        }
    }

    @inlinable mutating func siftUp(_ start: Int, slots: inout [Int32]) {
        var index = start
        let key = keys[index], handle = handles[index]
        while index > 0 {
            let parent = (index - 1) / 4
            guard keys[parent] < key else { break }
            keys[index] = keys[parent]
            handles[index] = handles[parent]
            slots[Int(handles[index])] = Int32(index)
            index = parent
        }
        keys[index] = key
        handles[index] = handle
        slots[Int(handle)] = Int32(index)
    }

    @inlinable mutating func siftDown(_ start: Int, slots: inout [Int32]) {
        var index = start
        let key = keys[index], handle = handles[index]
        let count = keys.count
        while true {
            let firstChild = 4 * index + 1
            guard firstChild < count else { break }
            var child = firstChild
            for candidate in firstChild + 1..<min(firstChild + 4, count) where keys[candidate] > keys[child] {
                child = candidate
            }
            guard keys[child] > key else { break }
            keys[index] = keys[child]
            handles[index] = handles[child]
            slots[Int(handles[index])] = Int32(index)
            index = child
        }
        keys[index] = key
        handles[index] = handle
        slots[Int(handle)] = Int32(index)
    }

    /// Debug check: every parent ≥ its children and every slot points back at its entry.
    func checkInvariants(slots: [Int32]) -> Bool {
        for index in keys.indices {
            if index > 0, keys[(index - 1) / 4] < keys[index] { return false }
            if slots[Int(handles[index])] != Int32(index) { return false }
        }
        return true
    }
}
