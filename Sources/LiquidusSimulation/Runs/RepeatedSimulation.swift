/// The same simulation over several seeds (`--runs N`): each seed's plan is prepared and run, its
/// headline metrics kept (``RunSamples``) and the rest dropped, except the first seed's whole
/// report, which the repeated report extends.
///
/// The seeds run concurrently in a task group that holds at most `width` seeds at a time (the
/// core count), each seed's cases concurrently within it, so memory stays that of `width` seeds
/// whatever their number. The result does not depend on scheduling: values are stored by seed.
public struct RepeatedSimulation: Sendable {
    /// The seeds, in order (``RunSamples/seeds(from:count:)``).
    public var seeds: [UInt64]
    /// The plan of a seed (path, population and everything else as the options say).
    public var plan: @Sendable (UInt64) throws -> SimulationPlan

    /// Creates a repeated simulation.
    public init(seeds: [UInt64], plan: @escaping @Sendable (UInt64) throws -> SimulationPlan) {
        self.seeds = seeds
        self.plan = plan
    }

    /// Runs every seed and returns the first seed's report with ``SimulationReport/samples``
    /// set. `first` is the first seed's plan already prepared (the command prepares it to say
    /// what will run); each seed's case `i` reports progress as run `seed × cases + i`.
    /// - Complexity: O(seeds × cases × one run), `width` seeds at a time.
    public func run(
        first: (plan: SimulationPlan, prepared: SimulationPlan.Prepared)? = nil, width: Int, progress: SimulationProgress? = nil
    ) async throws -> SimulationReport {
        var samples = RunSamples(seeds: seeds)
        var firstReport: SimulationReport?
        let cases = first?.prepared.cases.count ?? 0
        try await withThrowingTaskGroup(of: (Int, SimulationReport?, [(label: String, values: [Double?])]).self) { group in
            var next = 0
            func start(_ index: Int, in group: inout ThrowingTaskGroup<(Int, SimulationReport?, [(label: String, values: [Double?])]), any Error>) {
                let seed = seeds[index]
                let given = index == 0 ? first : nil
                group.addTask {
                    let plan = try given?.plan ?? self.plan(seed)
                    let prepared = try given?.prepared ?? plan.prepare()
                    let report = try await plan.run(prepared, progress: progress, progressOffset: index * cases).report
                    return (index, index == 0 ? report : nil, RunSamples.values(of: report))
                }
            }
            while next < Swift.min(Swift.max(width, 1), seeds.count) {
                start(next, in: &group)
                next += 1
            }
            for try await (index, report, values) in group {
                samples.record(values, seed: index)
                if let report { firstReport = report }
                if next < seeds.count {
                    start(next, in: &group)
                    next += 1
                }
            }
        }
        guard var report = firstReport else { throw SimulationPlan.PlanError("--runs must be at least 1") }
        report.samples = samples
        return report
    }
}
