import LiquidusCore

/// Reduce the position to the cap of the next lower risk tier.
///
/// **Venue rule.** Bybit "Liquidation Process (USDT Contract)" (help 900000167723; inverse
/// id 000001098, 2024-01-24; UTA id 000001381, 2024-10-28; `docs/venues.md` §2.4): in the lowest
/// tier, cancel orders and take the position over at the bankruptcy price; in tier 2 or higher,
/// cancel orders, then a FillOrKill order for the difference between the position value and the
/// lower tier's risk limit *that satisfies margin*, else take over at the bankruptcy price.
/// Binance's brackets behave alike. The tier is the one the notional at the mark falls in.
///
/// **Quantity.** `n = ⌈(|q|·p − cap(k−1)) ÷ (lot·p)⌉` lots for a position in tier `k > 0`: the least
/// whole lots leaving notional ≤ the lower cap (rounded up, so one lot less leaves it above the
/// cap). If that leaves the scope at or below maintenance (fee included), or would close the
/// whole position, the decision is a takeover (Bybit's FOK "that satisfies margin").
public struct StepDownTier: LiquidationPolicy {
    /// Creates the policy.
    public init() {}
    /// `"stepDownTier"`.
    public var kind: String { "stepDownTier" }
    /// After a step down that restores maintenance nothing follows; otherwise Bybit takes over.
    public var followUp: PolicyFollowUp { .takeover }

    /// The lots to the next lower cap, or a takeover.
    public func decide(_ context: LiquidationContext) -> PolicyDecision {
        let tier = context.position.tier
        guard tier > 0, let cap = context.market.riskTiers.tiers[tier - 1].notionalCap else {
            return .takeover(reason: "stepDownTier: the position is in the lowest risk tier; Bybit takes it over")
        }
        let lots = context.market.lotsToReduce(context.position.position.size, at: context.position.markPrice, toNotionalAtMost: cap)
        guard lots > 0, lots < context.totalLots else {
            return .takeover(reason: PolicyReason { "stepDownTier: reaching tier \(tier) (cap \(cap)) would close the whole position" })
        }
        guard !context.project(closing: lots).liquidatableAfter else {
            return .takeover(reason: PolicyReason { "stepDownTier: stepping down to tier \(tier) (notional ≤ \(cap)) does not restore maintenance" })
        }
        return .partial(
            lots: lots, targetMarginRatio: nil,
            reason: PolicyReason { "stepDownTier: the least whole lots that bring the notional at the mark to at most \(cap), the cap of risk tier \(tier) (from tier \(tier + 1))" })
    }
}
