/// The knobs of a run that are not the path, the population or the policy.
public struct RunOptions: Sendable, Hashable {
    /// The simulated book's parameters (depth is per traded market, in money at its start price).
    public var book: SimulatedBook.Configuration
    /// The most rounds of liquidation → book → mark in one second (the cascade goes on in the next).
    public var maxRoundsPerSecond: Int
    /// Check the engine's invariants after every input (tests: slow).
    public var checkInvariants: Bool
    /// Keep every engine input (for a replay).
    public var recordInputs: Bool

    /// Creates options.
    public init(book: SimulatedBook.Configuration, maxRoundsPerSecond: Int = 50, checkInvariants: Bool = false, recordInputs: Bool = false) {
        self.book = book
        self.maxRoundsPerSecond = maxRoundsPerSecond
        self.checkInvariants = checkInvariants
        self.recordInputs = recordInputs
    }
}
