public import LiquidusCore

/// What one run — a policy and an ADL mechanism on one venue's markets — did: every figure of the
/// comparison, taken from the engine's events (money exact), plus per-minute series for the
/// charts and each account's outcome.
public struct PolicyResult: Sendable, Hashable {
    /// The run's label (`restore`, `binance`, `restore · pro-rata`).
    public var label: String
    /// The policy's label (`restore`, `binance`).
    public var policyLabel: String
    /// A description of the policy (its kind and parameters).
    public var policyDescription: String
    /// The ADL mechanism's label (`queue`).
    public var deleveragingLabel: String
    /// The markets the run traded, in the scenario's order.
    public var symbols: [String]

    /// Accounts with at least one liquidation step; of those, only ever partially liquidated;
    /// and with at least one position taken over.
    public var accountsLiquidated = 0
    /// See ``accountsLiquidated``.
    public var accountsPartiallyOnly = 0
    /// See ``accountsLiquidated``.
    public var accountsTakenOver = 0
    /// Of the accounts taken over, those with a partial close before.
    public var accountsPartialThenTakenOver = 0
    /// Partial closes and takeovers, by count, notional and cause.
    public var breakdown = LiquidationBreakdown()
    /// Liquidation fees paid to the fund.
    public var liquidationFees = Money.zero
    /// The fund at the start, its lowest and its last value.
    public var fundStart = Money.zero
    /// See ``fundStart``.
    public var fundMin = Money.zero
    /// See ``fundStart``.
    public var fundEnd = Money.zero
    /// What the fund paid for losses beyond liquidated accounts' equity.
    public var fundPaid = Money.zero
    /// Losses beyond liquidated accounts' equity: paid by the fund, or unrecovered.
    public var badDebt = Money.zero
    /// Losses nobody covered (the engine's unrecovered loss, as a positive amount).
    public var unrecoveredLoss = Money.zero
    /// Auto-deleveraging.
    public var deleveraging = DeleveragingStats()
    /// Accounts that were deleveraged.
    public var accountsDeleveraged = 0
    /// Execution against the books.
    public var execution = ExecutionStats()
    /// Σ of every account's equity at opening, and at the end (final marks).
    public var traderEquityStart = Money.zero
    /// See ``traderEquityStart``.
    public var traderEquityEnd = Money.zero
    /// Σ of the liquidated accounts' equity at opening, and at the end: what liquidation left them.
    public var liquidatedEquityStart = Money.zero
    /// See ``liquidatedEquityStart``.
    public var liquidatedEquityEnd = Money.zero
    /// Slippage of every liquidation fill (children and the liquidator's unwinds) against the
    /// mark at that moment, bps, notional-weighted; and the worst.
    public var averageSlippageBps = 0.0
    /// See ``averageSlippageBps``.
    public var worstSlippageBps = 0.0
    /// The most induced rounds with liquidations in one second (see `docs/simulation.md`).
    public var cascadeDepth = 0
    /// Seconds with at least one induced round that liquidated something.
    public var cascadeSeconds = 0
    /// Liquidation steps (partials and takeovers) in induced rounds.
    public var inducedSteps = 0
    /// Seconds that hit the round cap (the cascade went on in the next second).
    public var roundCapHits = 0
    /// Per market, in the order of ``symbols``: the largest gap between the mark and the
    /// exogenous price caused by liquidation flow (a positive fraction below the path), the
    /// mark's peak to trough, and its lowest value.
    public var markGapBelowPath: [Double] = []
    /// See ``markGapBelowPath``.
    public var markPeakToTrough: [Double] = []
    /// See ``markGapBelowPath``.
    public var markLow: [Price] = []
    /// Engine inputs applied after set-up, events received.
    public var inputs = 0
    /// See ``inputs``.
    public var events = 0
    /// Invariant violations found (only when checked).
    public var invariantViolations: [String] = []
    /// The engine's state hash at the end.
    public var stateHash: UInt64 = 0

    /// Per minute: liquidated notional (money), fund at the end of the minute; per market the
    /// lowest mark.
    public var minuteLiquidated: [Double] = []
    /// See ``minuteLiquidated``.
    public var minuteFund: [Double] = []
    /// See ``minuteLiquidated``.
    public var minuteMarkLow: [[Double]] = []
    /// Per minute, ADL notional closed against counterparties.
    public var minuteDeleveraged: [Double] = []
    /// Histogram of end equity ÷ start equity of liquidated accounts: 10 bins of 0.1 then ≥ 1.
    public var retainedHistogram: [Int] = Array(repeating: 0, count: 11)
    /// Each account's outcome.
    public var accounts: AccountOutcomes

    /// Creates an empty result for `count` accounts.
    public init(label: String, policyLabel: String, policyDescription: String, deleveragingLabel: String, symbols: [String], accounts count: Int) {
        self.label = label
        self.policyLabel = policyLabel
        self.policyDescription = policyDescription
        self.deleveragingLabel = deleveragingLabel
        self.symbols = symbols
        accounts = AccountOutcomes(count: count)
    }

    /// Liquidated accounts' end equity ÷ their start equity (0 when none).
    public var retainedShare: Double {
        liquidatedEquityStart.isPositive ? Double(liquidatedEquityEnd.units) / Double(liquidatedEquityStart.units) : 0
    }

    /// Notional liquidated: partial closes at their fill price plus takeovers at the bankruptcy price.
    public var liquidatedNotional: Money { breakdown.partial.notional + breakdown.takeover.notional }
}
