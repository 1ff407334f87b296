public import LiquidusCore

/// A partial-liquidation rule: how much of a position to close, and what happens next.
///
/// A policy is given one position of a liquidatable account (see ``LiquidationContext``) and
/// answers with a ``PolicyDecision``. Every policy is *minimal by construction*: the quantity it
/// asks for is the least whole number of lots that reaches its own target, so one lot less would
/// not. The cascade around it (cancel orders, bankruptcy-price limit, takeover, insurance fund,
/// ADL) is the same for every policy: see ``LiquidationPlanner``.
public protocol LiquidationPolicy: Sendable {
    /// The policy's name in the `check` contract (`"restoreMarginRatio"`, …).
    var kind: String { get }
    /// Take the position over at once when `equity < backstopFloor × maintenance` (and always
    /// when equity ≤ 0). Zero for most policies; Hyperliquid's backstop is 2/3.
    var backstopFloor: Rate { get }
    /// What to do when a partial close has filled and the scope is still at or below maintenance.
    var followUp: PolicyFollowUp { get }
    /// The decision for the context's position.
    func decide(_ context: LiquidationContext) -> PolicyDecision
    /// Records a partial close of `quantity` in the account's history (cooldowns and interval
    /// caps). The default sets ``LiquidationHistory/lastPartialAt``.
    func record(closing quantity: Quantity, in context: LiquidationContext, history: inout LiquidationHistory)
}

extension LiquidationPolicy {
    /// No backstop beyond bankruptcy: take over only when equity ≤ 0.
    public var backstopFloor: Rate { .zero }
    /// Sets the time of the last partial close.
    public func record(closing quantity: Quantity, in context: LiquidationContext, history: inout LiquidationHistory) {
        history.lastPartialAt = context.now
    }
}
