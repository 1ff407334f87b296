public import LiquidusCore

/// What a policy wants done with a position.
public enum PolicyDecision: Sendable {
    /// Close `lots` whole lots (fewer than the whole position) at the expected price. A
    /// `targetMarginRatio` is reported where the policy has one.
    case partial(lots: Int64, targetMarginRatio: Rate?, reason: PolicyReason)
    /// No partial close can do: take the whole scope over at the bankruptcy price.
    case takeover(reason: PolicyReason)
    /// Nothing now (an interval has not elapsed, a cap is used up); re-checked on later inputs.
    case wait(reason: PolicyReason)
}
