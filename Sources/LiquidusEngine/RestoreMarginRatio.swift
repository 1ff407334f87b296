public import LiquidusCore

/// Close the least whole number of lots that brings the margin ratio down to `target − buffer`.
///
/// **Venue rule.** Binance USDⓈ-M "Liquidation Protocols" (FAQ 360033525271, updated
/// 2024-05-29; `docs/venues.md` §1.5): after cancelling orders the engine sends *one* IOC order
/// that reduces the position without closing it; if the account is margin-compliant after the
/// realized loss and the clearance fee, liquidation stops, else the insurance fund takes over.
/// Liquidus makes "compliant" a ratio: `MM′ ÷ equity′ ≤ target − buffer` and `equity′ > MM′`,
/// where `equity′` includes the realized PnL and the liquidation fee at the expected price and
/// `MM′` uses the tier of the *reduced* notional (see ``CloseProjection``).
///
/// **Search (exact, integer).** Let `G(n) = t·equity′(n) − MM′(n)` for `n` lots closed. Exactly
/// (before the ≤ 10⁻⁸ rounding of each figure), `equity′(n)` is affine in `n`, and `MM′(n)` is
/// affine while the reduced notional stays in one tier; so on each *segment* of `n` where the tier
/// of the reduced notional is constant, `G` is affine and the predicate "target reached" is
/// monotone. The segments are scanned in increasing `n` (their bounds are the lot counts at which
/// the reduced notional crosses a tier cap, `⌈(|q|·p − cap) ÷ (lot·p)⌉`); in each, the start is
/// tested, then the end, and where only the end reaches the target a bisection finds the
/// boundary. Bisection keeps "the lower bound fails, the upper bound reaches", so the answer `n`
/// always has `n − 1` failing: one lot less would not reach the target (minimality holds even
/// where rounding makes the predicate ragged). The whole position is never closed here (that is a
/// takeover); if no `n < |q|/lot` reaches the target the decision is a takeover.
///
/// Note the fee can outweigh the maintenance released: with a 1.25 % fee and a 0.4 % tier rate
/// a close raises the ratio (`d ratio/dn` has the sign of `fee·MM − r·p·equity`), so low-tier
/// positions near bankruptcy are taken over, as on Binance.
/// - Complexity: O(t·(t + log L)) for t tiers and L lots.
public struct RestoreMarginRatio: LiquidationPolicy {
    /// The margin ratio (maintenance ÷ equity) to restore, in (0, 1].
    public var target: Rate
    /// A margin of safety subtracted from `target`, in [0, target).
    public var buffer: Rate

    /// Creates the policy; the aim is `target − buffer`.
    public init(target: Rate, buffer: Rate = .zero) {
        self.target = target
        self.buffer = buffer
    }

    /// `"restoreMarginRatio"`.
    public var kind: String { "restoreMarginRatio" }
    /// Unreachable in practice: a successful close leaves the scope above maintenance.
    public var followUp: PolicyFollowUp { .takeover }

    /// The least lots reaching `target − buffer`, or a takeover when none below the whole does.
    public func decide(_ context: LiquidationContext) -> PolicyDecision {
        let aim = target - buffer
        let total = context.totalLots
        let name = "restoreMarginRatio(target \(target), buffer \(buffer))"
        guard total > 1, let lots = Self.leastLots(in: context, below: total, reaching: aim) else {
            return .takeover(reason: "\(name): no partial close short of the whole position brings the margin ratio to \(aim)")
        }
        return .partial(
            lots: lots, targetMarginRatio: aim,
            reason: "\(name): the least whole lots that bring maintenance ÷ equity to at most \(aim) after the fee, in the tier of the reduced notional")
    }

    /// The least `n` in `1 ..< limit` whose projection reaches `aim`, by the segment search
    /// above; `nil` when none does.
    static func leastLots(in context: LiquidationContext, below limit: Int64, reaching aim: Rate) -> Int64? {
        let market = context.market
        let held = context.position.position
        let mark = context.position.markPrice
        func reaches(_ lots: Int64) -> Bool { context.project(closing: lots).reaches(aim) }
        // Segment starts: 1 and every lot count at which the reduced notional drops to a cap.
        var starts: [Int64] = [1]
        for tier in market.riskTiers.tiers {
            guard let cap = tier.notionalCap else { continue }
            let lots = market.lotsToReduce(held.size, at: mark, toNotionalAtMost: cap)
            if lots > 1, lots < limit { starts.append(lots) }
        }
        starts = Array(Set(starts)).sorted()
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] - 1 : limit - 1
            if reaches(start) { return start }
            guard end > start, reaches(end) else { continue }
            var failing = start  // invariant: reaches(failing) == false, reaches(passing) == true
            var passing = end
            while passing - failing > 1 {
                let middle = failing + (passing - failing) / 2
                if reaches(middle) { passing = middle } else { failing = middle }
            }
            return passing
        }
        return nil
    }
}
