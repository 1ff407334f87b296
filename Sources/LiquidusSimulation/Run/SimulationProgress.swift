import Synchronization

/// How far each policy run has got, in seconds of the path: written by the runs, read by the
/// command's progress bar. Thread-safe.
public final class SimulationProgress: Sendable {
    private let done: Mutex<[Int]>
    /// The seconds each run must cover.
    public let total: Int

    /// Progress for `runs` runs of `total` seconds each.
    public init(runs: Int, total: Int) {
        done = Mutex(Array(repeating: 0, count: runs))
        self.total = total
    }

    /// Records that run `index` has reached second `second` (an index out of range is ignored).
    public func advance(_ index: Int, to second: Int) {
        done.withLock { if $0.indices.contains(index) { $0[index] = second } }
    }

    /// The fraction of all runs done, in [0, 1].
    public var fraction: Double {
        let values = done.withLock { $0 }
        guard total > 0, !values.isEmpty else { return 1 }
        return Double(values.reduce(0, +)) / Double(total * values.count)
    }
}
