import LiquidusRandom

/// The headline metrics (``HeadlineMetric/all``) of every run of a repeated simulation, seed by
/// seed: what `--runs N` reports as means and 95 % intervals.
public struct RunSamples: Sendable, Hashable {
    /// One run label's values: per metric (in ``HeadlineMetric/all``'s order), per seed (nil
    /// where the metric is not defined for that run).
    public struct Run: Sendable, Hashable {
        /// The run's label (`restore`, `restore · pro-rata`), as in the summary.
        public var label: String
        /// `values[metric][seed]`.
        public var values: [[Double?]]
    }

    /// The seeds, in order (the first is the one the detailed report shows).
    public var seeds: [UInt64]
    /// Each run label, in the order of the cases.
    public var runs: [Run]

    /// Samples over `seeds` with no values yet.
    public init(seeds: [UInt64]) {
        self.seeds = seeds
        runs = []
    }

    /// The seeds of `count` runs from `seed`: the first is `seed` itself (so one run is the
    /// single run of that seed), run `k ≥ 2` takes the `(k − 1)`-th output of SplitMix64
    /// seeded with `seed` — distinct, deterministic, and unrelated to `seed + 1`'s runs.
    public static func seeds(from seed: UInt64, count: Int) -> [UInt64] {
        var generator = SeededGenerator(seed: seed)
        return (0..<Swift.max(count, 0)).map { $0 == 0 ? seed : generator.next() }
    }

    /// The headline metrics of every run of `report`, the run of seed `index`.
    /// - Complexity: O(runs × metrics) plus each metric's own cost.
    public static func values(of report: SimulationReport) -> [(label: String, values: [Double?])] {
        report.results.map { result in (result.label, HeadlineMetric.all.map { $0.value(report, result) }) }
    }

    /// Records seed `index`'s values (from ``values(of:)``); runs are added in the first
    /// recorded seed's order.
    public mutating func record(_ values: [(label: String, values: [Double?])], seed index: Int) {
        for (label, metrics) in values {
            let position: Int
            if let found = runs.firstIndex(where: { $0.label == label }) {
                position = found
            } else {
                runs.append(Run(label: label, values: HeadlineMetric.all.map { _ in Array(repeating: nil, count: seeds.count) }))
                position = runs.count - 1
            }
            for (metric, value) in metrics.enumerated() { runs[position].values[metric][index] = value }
        }
    }

    /// The mean and interval of metric `metric` (an index into ``HeadlineMetric/all``) of the run
    /// labelled `label` over the seeds where it is defined (nil: no such run or never defined).
    public func interval(_ label: String, metric: Int) -> MeanInterval? {
        guard let run = runs.first(where: { $0.label == label }) else { return nil }
        let values = run.values[metric].compactMap { $0 }
        return values.isEmpty ? nil : MeanInterval(values)
    }

    /// Index of the metric keyed `key` in ``HeadlineMetric/all``.
    public static func metricIndex(_ key: String) -> Int? { HeadlineMetric.all.firstIndex { $0.key == key } }
}
