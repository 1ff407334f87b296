public import LiquidusCore

/// How the engine's liquidation closes met the order books over a run: its child orders, the
/// depth they took, their slippage, and how well the market's impact models forecast it.
///
/// Every figure is read from the ``LiquidusEngine/BookExecution`` of the engine's partial
/// liquidations. The impact errors are out of sample: the engine asks the market's
/// `AdaptiveImpact` model for its estimate *before* it sends the child and teaches it the
/// realised impact afterwards; the static reference is the square-root law against the visible
/// depth, `σ × √(q ÷ D)` (the adaptive model's prior, never re-fitted), with the σ the engine
/// held at the fill. Errors are `|estimate − realised|` in basis points of the price.
public struct ExecutionStats: Sendable, Hashable {
    /// Child orders sent (partial-liquidation events against a book).
    public var children = 0
    /// Closes begun (first children).
    public var closes = 0
    /// The most children one close took.
    public var mostChildren = 0
    /// Price levels the children took quantity from, in total and at most in one child.
    public var levelsTaken = 0
    /// See ``levelsTaken``.
    public var mostLevels = 0
    /// Notional-weighted slippage of the children against the touch before them, bps, and the worst.
    public var slippageWeighted = 0.0
    /// See ``slippageWeighted``.
    public var slippageWeight = 0.0
    /// See ``slippageWeighted``.
    public var worstSlippageBps = 0.0
    /// Σ |adaptive estimate − realised| and Σ |static estimate − realised|, bps.
    public var adaptiveError = 0.0
    /// See ``adaptiveError``.
    public var staticError = 0.0
    /// Children whose adaptive estimate was closer than the static one.
    public var adaptiveCloser = 0
    /// Σ realised impact, bps.
    public var realised = 0.0

    /// Creates empty statistics.
    public init() {}

    /// Children per close.
    public var childrenPerClose: Double { closes > 0 ? Double(children) / Double(closes) : 0 }
    /// Levels per child.
    public var levelsPerChild: Double { children > 0 ? Double(levelsTaken) / Double(children) : 0 }
    /// Mean slippage against the touch, bps.
    public var averageSlippageBps: Double { slippageWeight > 0 ? slippageWeighted / slippageWeight : 0 }
    /// Mean absolute error of the adaptive model, bps.
    public var adaptiveMeanError: Double { children > 0 ? adaptiveError / Double(children) : 0 }
    /// Mean absolute error of the static square-root model, bps.
    public var staticMeanError: Double { children > 0 ? staticError / Double(children) : 0 }
    /// Mean realised impact, bps.
    public var meanRealised: Double { children > 0 ? realised / Double(children) : 0 }

    /// Adds one child: its sequence number in the close, levels taken, slippage against the touch
    /// (bps, worse for the trader > 0) and notional, and the realised, adaptive and static
    /// impacts (fractions of the price).
    mutating func add(child: Int, levels: Int, slippageBps: Double, notional: Double, realised: Double, adaptive: Double, static reference: Double) {
        children += 1
        if child == 1 { closes += 1 }
        mostChildren = Swift.max(mostChildren, child)
        levelsTaken += levels
        mostLevels = Swift.max(mostLevels, levels)
        slippageWeighted += slippageBps * notional
        slippageWeight += notional
        worstSlippageBps = Swift.max(worstSlippageBps, slippageBps)
        self.realised += realised * 10_000
        let adaptiveMiss = Swift.abs(adaptive - realised) * 10_000
        let staticMiss = Swift.abs(reference - realised) * 10_000
        adaptiveError += adaptiveMiss
        staticError += staticMiss
        if adaptiveMiss < staticMiss { adaptiveCloser += 1 }
    }
}
