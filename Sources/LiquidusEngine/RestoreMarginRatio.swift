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
/// tested, then the end (segments, or their parts, below the planner's floor are skipped: see
/// ``LiquidationContext``), and where only the end reaches the target a bracketing search finds the
/// boundary: a secant step — the root of the line through the bracket's two values of
/// `G₁(n) = t·equity′ − MM′` and `G₂(n) = equity′ − MM′ − 10⁻⁸` (the larger root: both must hold) —
/// then its neighbour, which for an affine `G` ends the search in two evaluations; a bisection
/// step whenever a round does not halve the bracket, so the search never takes more than about
/// twice bisection's steps. Every step keeps "the lower bound fails, the upper bound reaches", so
/// the answer `n` always has `n − 1` failing: one lot less would not reach the target (minimality
/// holds even where rounding makes the predicate ragged). The whole position is never closed here (that is a
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

    /// The policy and its parameters, as reasons name it.
    var name: String { "restoreMarginRatio(target \(target), buffer \(buffer))" }

    /// The least lots reaching `target − buffer`, or a takeover when none below the whole does.
    public func decide(_ context: LiquidationContext) -> PolicyDecision {
        let aim = target - buffer
        let total = context.totalLots
        guard total > 1, let lots = Self.leastLots(in: context, below: total, reaching: aim) else {
            return .takeover(reason: PolicyReason { "\(name): no partial close short of the whole position brings the margin ratio to \(aim)" })
        }
        return .partial(
            lots: lots, targetMarginRatio: aim,
            reason: PolicyReason { "\(name): the least whole lots that bring maintenance ÷ equity to at most \(aim) after the fee, in the tier of the reduced notional" })
    }

    /// The least `n` in `1 ..< limit` whose projection reaches `aim`, by the segment search
    /// above; `nil` when none does.
    static func leastLots(in context: LiquidationContext, below limit: Int64, reaching aim: Rate) -> Int64? {
        let market = context.market
        let held = context.position.position
        let mark = context.position.markPrice
        // Segment starts: 1 and every lot count at which the reduced notional drops to a cap.
        var starts: [Int64] = [1]
        for tier in market.riskTiers.tiers {
            guard let cap = tier.notionalCap else { continue }
            let lots = market.lotsToReduce(held.size, at: mark, toNotionalAtMost: cap)
            if lots > 1, lots < limit { starts.append(lots) }
        }
        starts.sort()
        let floor = min(max(1, context.searchFloor), limit - 1)
        for (index, segmentStart) in starts.enumerated() where index == 0 || segmentStart != starts[index - 1] {
            let end = (starts[(index + 1)...].first { $0 != segmentStart } ?? limit) - 1
            // Lots below the planner's floor cannot reach the target: start there.
            guard end >= floor else { continue }
            let start = max(segmentStart, floor)
            let first = context.project(closing: start)
            if first.reaches(aim) { return start }
            guard end > start else { continue }
            let last = context.project(closing: end)
            guard last.reaches(aim) else { continue }
            return boundary(failing: (start, first), passing: (end, last), in: context, reaching: aim)
        }
        return nil
    }

    /// The least `n` in `(failing, passing]` that reaches `aim`, for `failing` that does not and
    /// `passing` that does, given their projections (see the type's discussion of the search).
    static func boundary(
        failing start: (lots: Int64, projection: CloseProjection), passing end: (lots: Int64, projection: CloseProjection),
        in context: LiquidationContext, reaching aim: Rate
    ) -> Int64 {
        // G₁ = aim·equity′ − MM′ (in 10⁻¹⁶) ≥ 0 and G₂ = equity′ − MM′ − 1 unit ≥ 0 ⇔ the target is reached.
        func values(_ projection: CloseProjection) -> (Int128, Int128) {
            let equity = Int128(projection.equityAfter.units), maintenance = Int128(projection.maintenanceAfter.units)
            return (Int128(aim.units) * equity - maintenance * FixedPoint.wideScale, equity - maintenance - 1)
        }
        var failing = start.lots, passing = end.lots  // invariant: failing does not reach, passing does
        var low = values(start.projection), high = values(end.projection)
        var bisect = false
        while passing - failing > 1 {
            let width = passing - failing
            var next = failing + width / 2
            if !bisect {
                // The larger of the two lines' roots: the least n at which both would hold.
                func root(_ g0: Int128, _ g1: Int128) -> Int64 {
                    guard g0 < 0, g1 > g0 else { return failing + 1 }
                    return failing + Int64(min(WideDivision.divide(Int128(width) * -g0, by: g1 - g0, .up), Int128(width)))
                }
                next = min(max(root(low.0, high.0), root(low.1, high.1), failing + 1), passing - 1)
            }
            let projection = context.project(closing: next)
            if projection.reaches(aim) { (passing, high) = (next, values(projection)) } else { (failing, low) = (next, values(projection)) }
            // The neighbour on the other side of the guess usually settles it.
            if passing - failing > 1, !bisect {
                let neighbour = next == passing ? passing - 1 : failing + 1
                let check = context.project(closing: neighbour)
                if check.reaches(aim) { (passing, high) = (neighbour, values(check)) } else { (failing, low) = (neighbour, values(check)) }
            }
            bisect = !bisect && (passing - failing) * 2 > width
        }
        return passing
    }
}
