import LiquidusCore

/// Reduce the position to the cap of the highest lower risk tier that restores maintenance.
///
/// **Venue rule.** Bybit "Liquidation Process (USDT Contract)" (help 900000167723; inverse
/// id 000001098, 2024-01-24; UTA id 000001381, 2024-10-28; `docs/venues.md` §2.4): in the lowest
/// tier, cancel orders and take the position over at the bankruptcy price; in tier 2 or higher,
/// cancel orders, then a FillOrKill order for the difference between the position value and
/// "the lower risk limit value required to meet the margin requirements" — which may be more than
/// one tier down — else take over at the bankruptcy price. Binance's brackets behave alike. The
/// tier is the one the notional at the mark falls in.
///
/// **Quantity.** For a position in tier `k > 0`, the tiers `j = k − 1, k − 2, …, 0` in turn:
/// `n(j) = ⌈(|q|·p − cap(j)) ÷ (lot·p)⌉` lots, the least whole lots leaving notional ≤ `cap(j)`
/// (rounded up, so one lot less leaves it above the cap). The first `j` whose close leaves the
/// scope above maintenance (fee included) is the step — the least reduction that meets the
/// margin requirement. When none does, or a step would close the whole position, the decision
/// is a takeover (Bybit's FOK "that satisfies margin" failing).
/// - Complexity: O(k) projections of the close.
public struct StepDownTier: LiquidationPolicy {
    /// Creates the policy.
    public init() {}
    /// `"stepDownTier"`.
    public var kind: String { "stepDownTier" }
    /// After a step down that restores maintenance nothing follows; otherwise Bybit takes over.
    public var followUp: PolicyFollowUp { .takeover }

    /// The lots to the highest lower cap that restores maintenance, or a takeover.
    public func decide(_ context: LiquidationContext) -> PolicyDecision {
        let tier = context.position.tier
        let tiers = context.market.riskTiers.tiers
        guard tier > 0 else {
            return .takeover(reason: "stepDownTier: the position is in the lowest risk tier; Bybit takes it over")
        }
        for lower in stride(from: tier - 1, through: 0, by: -1) {
            guard let cap = tiers[lower].notionalCap else { continue }
            let lots = context.market.lotsToReduce(context.position.position.size, at: context.position.markPrice, toNotionalAtMost: cap)
            guard lots > 0, lots < context.totalLots else {
                return .takeover(reason: PolicyReason { "stepDownTier: reaching tier \(lower + 1) (cap \(cap)) would close the whole position" })
            }
            guard context.project(closing: lots).liquidatableAfter else {
                return .partial(
                    lots: lots, targetMarginRatio: nil,
                    reason: PolicyReason {
                        "stepDownTier: the least whole lots that bring the notional at the mark to at most \(cap), the cap of risk tier \(lower + 1) "
                            + "(from tier \(tier + 1)), the highest lower tier that restores maintenance"
                    })
            }
        }
        return .takeover(reason: "stepDownTier: no lower risk tier restores maintenance")
    }
}
