public import LiquidusCore
public import LiquidusEngine

/// Runs one path against one or more set-up books under several policies.
public enum Simulation {
    /// One run to make: a policy on a set-up book.
    public struct Case: Sendable {
        /// The policy.
        public var choice: PolicyChoice
        /// Index of its book in the `setups` given to ``run(path:setups:cases:options:progress:)``.
        public var setup: Int

        /// Creates a case.
        public init(choice: PolicyChoice, setup: Int) {
            self.choice = choice
            self.setup = setup
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
    /// along `path` (see `PolicyRun`).
    public static func runOne(path: PricePath, setup: SimulationSetup, choice: PolicyChoice, options: RunOptions,
                              progress: SimulationProgress? = nil, progressIndex: Int = 0) throws(ValidationError) -> Run {
        let engine = setup.engine.with(policy: choice.specification.makePolicy())
        var run = PolicyRun(engine: engine, setup: setup, path: path, options: options, label: choice.label, description: choice.description)
        run.progress = progress
        run.progressIndex = progressIndex
        try run.run()
        return Run(result: run.result, inputs: run.log)
    }

    /// Runs every case, concurrently (a task per case; the engine is a value, each fork its own),
    /// and returns the runs in the order of `cases`. The result does not depend on scheduling.
    public static func run(path: PricePath, setups: [SimulationSetup], cases: [Case], options: RunOptions,
                           progress: SimulationProgress? = nil) async throws -> [Run] {
        try await withThrowingTaskGroup(of: (Int, Run).self) { group in
            for (index, item) in cases.enumerated() {
                let setup = setups[item.setup]
                group.addTask {
                    (index, try runOne(path: path, setup: setup, choice: item.choice, options: options, progress: progress, progressIndex: index))
                }
            }
            var runs = [Run?](repeating: nil, count: cases.count)
            for try await (index, run) in group { runs[index] = run }
            return runs.map { $0! }
        }
    }
}
