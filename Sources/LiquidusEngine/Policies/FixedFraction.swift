public import LiquidusCore

/// Close a fixed fraction of a large position, then a cooldown during which any further
/// liquidation is full.
///
/// **Venue rule.** Hyperliquid "Liquidations" (GitBook, undated; `docs/venues.md` §3.4):
/// positions above 100,000 USDC notional are liquidated 20 % at a time; after a partial
/// liquidation there is a 30-second cooldown during which any further liquidation is of the whole
/// position; positions at or below the threshold are liquidated whole. Backstop: when equity falls
/// below 2/3 of maintenance the liquidator vault takes over (``backstopFloor``, 0.66666667:
/// 2/3 rounded *up*, so the backstop acts no later than the venue's).
///
/// **Quantity.** `n = ⌈|q| × fraction ÷ lot⌉` (rounded up: one lot less is below the fraction).
/// Difference: Hyperliquid sends a whole small position to the book and the trader keeps what is
/// left; Liquidus takes it over at the bankruptcy price (the cascade's full liquidation).
public struct FixedFraction: LiquidationPolicy {
    /// The fraction of the position closed per partial, in (0, 1].
    public var fraction: Rate
    /// Seconds after a partial close during which any further liquidation is full.
    public var cooldown: Int64
    /// Positions whose notional at the mark is at or below this are liquidated whole.
    public var fullBelow: Money
    /// Take over when `equity < backstopFloor × maintenance`.
    public var backstopFloor: Rate

    /// Creates the policy (Hyperliquid: `0.2`, `30`, `100000`, floor 2/3).
    public init(fraction: Rate, cooldown: Int64, fullBelow: Money, backstopFloor: Rate = Rate(units: 66_666_667)) {
        self.fraction = fraction
        self.cooldown = cooldown
        self.fullBelow = fullBelow
        self.backstopFloor = backstopFloor
    }

    /// `"fixedFraction"`.
    public var kind: String { "fixedFraction" }
    /// During the cooldown any further liquidation is full.
    public var followUp: PolicyFollowUp { .takeover }

    /// The policy and its parameters, as reasons name it.
    var name: String { "fixedFraction(\(fraction), cooldown \(cooldown) s, full at or below \(fullBelow))" }

    /// `fraction` of the position in whole lots, or the whole (takeover) when small or cooling down.
    public func decide(_ context: LiquidationContext) -> PolicyDecision {
        if context.position.notional <= fullBelow {
            return .takeover(reason: PolicyReason { "\(name): notional \(context.position.notional) is at or below \(fullBelow), liquidated whole" })
        }
        if context.withinCooldown(cooldown) {
            return .takeover(reason: PolicyReason { "\(name): within the cooldown after the partial close at time \(context.history.lastPartialAt ?? 0), liquidated whole" })
        }
        let size = context.position.position.size.magnitude
        let lots = context.market.lots(in: size.multiplied(by: fraction, .up).rounded(toMultipleOf: context.market.lotSize, .up))
        guard lots < context.totalLots else {
            return .takeover(reason: PolicyReason { "\(name): \(fraction) of the position rounds up to all of it" })
        }
        return .partial(lots: lots, targetMarginRatio: nil, reason: PolicyReason { "\(name): \(fraction) of the position, rounded up to whole lots" })
    }
}
