public import LiquidusCore
public import LiquidusEngine

/// Runs a scenario against one or more set-up venues under several policies and ADL mechanisms.
public enum Simulation {
    /// One run to make: a policy and an ADL mechanism on a set-up venue.
    public struct Case: Sendable {
        /// The policy.
        public var choice: PolicyChoice
        /// The ADL mechanism.
        public var deleveraging: DeleveragingChoice
        /// Index of its venue in the `setups` given to ``run(scenario:setups:cases:options:progress:)``.
        public var setup: Int
        /// The run's label: the policy's, with the mechanism's when it is not the first compared.
        public var label: String

        /// Creates a case.
        public init(choice: PolicyChoice, deleveraging: DeleveragingChoice, setup: Int, label: String? = nil) {
            self.choice = choice
            self.deleveraging = deleveraging
            self.setup = setup
            self.label = label ?? choice.label
        }
    }

    /// The result of one run, with its input log when asked for.
    public struct Run: Sendable {
        /// The figures.
        public var result: PolicyResult
        /// Every input after set-up (empty unless ``RunOptions/recordInputs``).
        public var inputs: [EngineInput]
    }

    /// Runs one case synchronously: forks the set-up engine under the case's policy and drives it
    /// along the scenario (see `PolicyRun`).
    public static func runOne(
        scenario: ScenarioPath, setup: SimulationSetup, case item: Case, options: RunOptions, progress: SimulationProgress? = nil,
        progressIndex: Int = 0
    ) throws(ValidationError) -> Run {
        var engine = setup.engine.with(policy: item.choice.specification.makePolicy())
        if engine.deleveraging != item.deleveraging.mechanism { engine = engine.with(deleveraging: item.deleveraging.mechanism) }
        var result = PolicyResult(
            label: item.label, policyLabel: item.choice.label, policyDescription: item.choice.description,
            deleveragingLabel: item.deleveraging.label, symbols: setup.symbols, accounts: setup.population.members.count)
        result.setupIndex = item.setup
        var run = PolicyRun(engine: engine, setup: setup, scenario: scenario, options: options, result: result)
        run.progress = progress
        run.progressIndex = progressIndex
        try run.run()
        return Run(result: run.result, inputs: run.log)
    }

    /// Runs every case, concurrently (a task per case; the engine is a value, each fork its own),
    /// and returns the runs in the order of `cases`. The result does not depend on scheduling.
    /// Case `i` reports its progress as run `progressOffset + i`.
    public static func run(
        scenario: ScenarioPath, setups: [SimulationSetup], cases: [Case], options: RunOptions, progress: SimulationProgress? = nil,
        progressOffset: Int = 0
    ) async throws -> [Run] {
        try await withThrowingTaskGroup(of: (Int, Run).self) { group in
            for (index, item) in cases.enumerated() {
                let setup = setups[item.setup]
                group.addTask {
                    (index, try runOne(scenario: scenario, setup: setup, case: item, options: options, progress: progress, progressIndex: progressOffset + index))
                }
            }
            var runs = [Run?](repeating: nil, count: cases.count)
            for try await (index, run) in group { runs[index] = run }
            return runs.map { $0! }
        }
    }
}
