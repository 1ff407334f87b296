import LiquidusCore

/// No partial step: a liquidatable scope is taken over whole at the bankruptcy price.
///
/// **Venue rule.** The classic insurance-fund takeover (Bybit's lowest tier, `docs/venues.md`
/// §2.4; Binance's fallback, §1.5), used alone.
public struct Full: LiquidationPolicy {
    /// Creates the policy.
    public init() {}
    /// `"full"`.
    public var kind: String { "full" }
    /// Never reached: there is no partial close.
    public var followUp: PolicyFollowUp { .takeover }
    /// Always a takeover.
    public func decide(_ context: LiquidationContext) -> PolicyDecision {
        .takeover(reason: "full: the policy takes liquidatable positions over whole at the bankruptcy price")
    }
}
