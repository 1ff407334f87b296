public import LiquidusCore

/// What a run closed in part and what it took over whole, and why, in accounts and in notional.
public struct LiquidationBreakdown: Sendable, Hashable {
    /// A count and a notional.
    public struct Tally: Sendable, Hashable {
        /// How many.
        public var count = 0
        /// Their notional (partial closes at their fill price, takeovers at the bankruptcy price).
        public var notional = Money.zero

        /// An empty tally.
        public init() {}

        mutating func add(_ amount: Money) {
            count += 1
            notional += amount
        }
    }

    /// Partial closes.
    public var partial = Tally()
    /// Takeovers.
    public var takeover = Tally()
    /// Takeovers by cause.
    public var causes: [TakeoverCause: Tally] = [:]
    /// Per market (symbol): partial closes and takeovers.
    public var partialByMarket: [String: Tally] = [:]
    /// See ``partialByMarket``.
    public var takeoverByMarket: [String: Tally] = [:]

    /// An empty breakdown.
    public init() {}

    /// The causes in the report's order, with their tallies.
    public var sortedCauses: [(cause: TakeoverCause, tally: Tally)] {
        causes.keys.sorted().map { ($0, causes[$0]!) }
    }
}
