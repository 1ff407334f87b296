public import LiquidusCore

/// What one policy did over one run: every figure of the comparison, taken from the engine's
/// events (money exact), plus per-minute series for the charts.
public struct PolicyResult: Sendable, Hashable {
    /// The label the run was asked for (`restore`, `binance`).
    public var label: String
    /// A description of the policy (its kind and parameters).
    public var policyDescription: String
    /// The market the path drives (the first traded symbol).
    public var symbol: String

    /// Accounts that had at least one liquidation step.
    public var accountsLiquidated = 0
    /// Of those, accounts only ever partially liquidated.
    public var accountsPartiallyOnly = 0
    /// Of those, accounts with at least one position taken over (full liquidation).
    public var accountsTakenOver = 0
    /// Partial-liquidation steps.
    public var partialSteps = 0
    /// Takeovers (positions).
    public var takeovers = 0
    /// Notional of partial closes at their fill price plus takeovers at the bankruptcy price.
    public var liquidatedNotional = Money.zero
    /// Of which partial.
    public var partialNotional = Money.zero
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
    /// Losses beyond liquidated accounts' equity: paid by the fund, handed to ADL, or unrecovered.
    public var badDebt = Money.zero
    /// Losses nobody covered (the engine's unrecovered loss, as a positive amount).
    public var unrecoveredLoss = Money.zero
    /// ADL closes of opposing profitable positions, and their notional at the bankruptcy price.
    public var adlEvents = 0
    /// See ``adlEvents``.
    public var adlNotional = Money.zero
    /// Accounts that were deleveraged.
    public var accountsDeleveraged = 0
    /// Σ of every account's equity at the start marks.
    public var traderEquityStart = Money.zero
    /// Σ of every account's equity at the end (final marks).
    public var traderEquityEnd = Money.zero
    /// Σ of the liquidated accounts' equity at the start.
    public var liquidatedEquityStart = Money.zero
    /// Σ of the liquidated accounts' equity at the end: what liquidation left them.
    public var liquidatedEquityEnd = Money.zero
    /// Slippage of liquidation fills against the mark, bps, notional-weighted; and the worst.
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
    /// The largest gap between the mark and the exogenous price caused by liquidation flow,
    /// as a positive fraction below the exogenous price.
    public var maxLiquidationDisplacement = 0.0
    /// Peak-to-trough of the engine's mark vs of the exogenous path (fractions).
    public var markPeakToTrough = 0.0
    /// The lowest mark.
    public var markLow = Price.zero
    /// Engine inputs applied after set-up, events received.
    public var inputs = 0
    /// See ``inputs``.
    public var events = 0
    /// Invariant violations found (only when checked).
    public var invariantViolations: [String] = []
    /// The engine's state hash at the end.
    public var stateHash: UInt64 = 0

    /// Per minute: liquidated notional (money), fund at the end of the minute, lowest mark.
    public var minuteLiquidated: [Double] = []
    /// See ``minuteLiquidated``.
    public var minuteFund: [Double] = []
    /// See ``minuteLiquidated``.
    public var minuteMarkLow: [Double] = []
    /// Histogram of end equity ÷ start equity of liquidated accounts: 10 bins of 0.1 then ≥ 1.
    public var retainedHistogram: [Int] = Array(repeating: 0, count: 11)

    /// Creates an empty result.
    public init(label: String, policyDescription: String, symbol: String) {
        self.label = label
        self.policyDescription = policyDescription
        self.symbol = symbol
    }

    /// Liquidated accounts' end equity ÷ their start equity (0 when none).
    public var retainedShare: Double {
        liquidatedEquityStart.isPositive ? Double(liquidatedEquityEnd.units) / Double(liquidatedEquityStart.units) : 0
    }
}
