/// The knobs of a run that are not the scenario, the population, the policy or the ADL mechanism.
public struct RunOptions: Sendable, Hashable {
    /// The money within 1 % of the mid on each side of a market's ordinary book, as a fraction
    /// of the population's open notional in that market (see `docs/simulation.md`).
    public var bookDepthRatio: Double
    /// The book model's refill rate per second.
    public var refillRate: Double
    /// The most rounds of liquidation → book → mark in one second (the cascade goes on in the next).
    public var maxRoundsPerSecond: Int
    /// Check the engine's invariants after every input (tests: slow).
    public var checkInvariants: Bool
    /// Keep every engine input (for a replay).
    public var recordInputs: Bool
    /// Pay funding along the path: in markets with funding rules, a premium sample each second
    /// (the mark over the exogenous price, less one), settled by the engine at the venue's
    /// boundaries (see `docs/market-data.md`).
    public var funding: Bool

    /// Creates options.
    public init(
        bookDepthRatio: Double = 0.002, refillRate: Double = 0.05, maxRoundsPerSecond: Int = 50, checkInvariants: Bool = false, recordInputs: Bool = false,
        funding: Bool = false
    ) {
        self.funding = funding
        self.bookDepthRatio = bookDepthRatio
        self.refillRate = refillRate
        self.maxRoundsPerSecond = maxRoundsPerSecond
        self.checkInvariants = checkInvariants
        self.recordInputs = recordInputs
    }
}
