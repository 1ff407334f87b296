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
/// **Search (exact, integer).** Let `G₁(n) = t·equity′(n) − MM′(n)` and
/// `G₂(n) = equity′(n) − MM′(n) − 10⁻⁸` for `n` lots closed: the target is reached when both are
/// ≥ 0. Exactly (before the ≤ 10⁻⁸ rounding of each figure), `equity′(n)` is affine in `n`, and
/// `MM′(n)` is affine while the reduced notional stays in one tier; so on each *segment* of `n`
/// where that tier is constant the `G`s are affine. The segments are scanned in increasing `n`
/// (their bounds are the lot counts at which the reduced notional crosses a cap below the
/// position's tier, `⌈(|q|·p − cap) ÷ (lot·p)⌉`; parts below the planner's floor are skipped, and
/// a floor that already reaches the target is the answer: see ``LiquidationContext``). In each,
/// affine upper bounds of the two `G`s (`TargetBound`: the projection's PnLs round down, its fee
/// and maintenance up, so its `G`s are never above them) rule out, with no projection, every `n`
/// where a bound is negative; the least `n` left is then projected exactly — for an affine `G`
/// it is the answer, so one projection usually decides — then its successor, and only if both
/// miss does a bracketing search run between the second and the last `n` left: a secant step
/// (the larger root of the lines through the bracket's two values of `G₁` and `G₂`) and its
/// neighbour, with a bisection step whenever a round does not halve the bracket, which keeps
/// "the lower end misses, the upper end reaches". So the answer's `n − 1` is always ruled out by a
/// bound, below the floor, or projected and missing: one lot less would not reach the target
/// (minimality holds even where rounding makes the predicate ragged). The whole position is never closed
/// here (that is a takeover); if no `n < |q|/lot` reaches the target the decision is a takeover.
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
        decision(closing: leastClose(context)?.lots)
    }

    /// The least lots reaching the aim at the context's price and their projection, `nil` when
    /// no partial close does (see ``ProjectingPolicy``).
    func leastClose(_ context: LiquidationContext) -> (lots: Int64, projection: CloseProjection)? {
        let total = context.totalLots
        guard total > 1 else { return nil }
        return Self.least(in: context, below: total, reaching: target - buffer)
    }

    /// A partial close of `lots` toward the aim, or a takeover when `nil`.
    func decision(closing lots: Int64?) -> PolicyDecision {
        guard let lots else { return .takeover(reason: PolicyReason(describing: Reason(policy: self, reached: false))) }
        return .partial(lots: lots, targetMarginRatio: target - buffer, reason: PolicyReason(describing: Reason(policy: self, reached: true)))
    }

    /// The least lots the bounds of the search leave at the context's price
    /// (``TargetBound/candidates(in:tier:)``): fewer miss the aim there and at every worse price,
    /// found without projecting; `nil` when the bounds prove nothing or leave no lots.
    ///
    /// Why at every worse price: only the equity bound depends on the price `x`, through its
    /// per-lot term `s·L·(x − p) − ⌊L·x·f ÷ 10⁸⌋`, which falls as `x` worsens: down for a long's
    /// close (its fee falls too, but by at most `f < 1` of the first term's fall), up for a
    /// short's (its fee rises); and that term is multiplied by `n ≥ 0`. So a bound negative at
    /// the touch is negative at every price a walk of the book gives, and the projection there,
    /// never above its bound, misses.
    func fewestLots(_ context: LiquidationContext) -> Int64? {
        let total = context.totalLots
        guard total > 1 else { return nil }
        let bound = TargetBound(context, aim: target - buffer)
        guard bound.usable else { return nil }
        return Self.firstCandidates(in: context, below: total, from: 1, bound: bound) { $0.lowerBound }
    }

    /// The reasons of ``decide(_:)``, rendered when needed (small enough to be stored inline).
    struct Reason: CustomStringConvertible, Sendable {
        let policy: RestoreMarginRatio
        /// Whether a partial close reaches the aim.
        let reached: Bool

        var description: String {
            let aim = policy.target - policy.buffer
            return reached
                ? "\(policy.name): the least whole lots that bring maintenance ÷ equity to at most \(aim) after the fee, in the tier of the reduced notional"
                : "\(policy.name): no partial close short of the whole position brings the margin ratio to \(aim)"
        }
    }

    /// The least `n` in `1 ..< limit` whose projection reaches `aim`, by the segment search
    /// above; `nil` when none does.
    static func leastLots(in context: LiquidationContext, below limit: Int64, reaching aim: Rate) -> Int64? {
        least(in: context, below: limit, reaching: aim)?.lots
    }

    /// ``leastLots(in:below:reaching:)`` with the projection of the lots found (every answer of
    /// the search has been projected: the bounds only rule lots out).
    static func least(in context: LiquidationContext, below limit: Int64, reaching aim: Rate) -> (lots: Int64, projection: CloseProjection)? {
        let floor = min(max(1, context.searchFloor), limit - 1)
        // Re-deciding at a worse price, the planner's floor (fewer lots cannot reach the target)
        // often still reaches it: then it is the answer, and one projection says so.
        if floor > 1 {
            let projection = context.project(closing: floor)
            if projection.reaches(aim) { return (floor, projection) }
        }
        let bound = TargetBound(context, aim: aim)
        return firstCandidates(in: context, below: limit, from: floor, bound: bound) { candidates in
            let low = candidates.lowerBound, high = candidates.upperBound
            let first = context.project(closing: low)
            if first.reaches(aim) { return (low, first) }
            guard high > low else { return nil }
            let second = context.project(closing: low + 1)
            if second.reaches(aim) { return (low + 1, second) }
            guard high > low + 1 else { return nil }
            let last = context.project(closing: high)
            guard last.reaches(aim) else { return nil }
            return boundary(failing: (low + 1, second), passing: (high, last), in: context, reaching: aim)
        }
    }

    /// The first result `body` gives for the lots of a segment, from `floor` up, that `bound`
    /// does not prove to miss the aim (outside them no projection is needed), segment by segment
    /// in increasing `n`; `nil` when it gives none.
    ///
    /// The segments' ends are the caps below the position's tier, from the highest down: each is
    /// the next place where the reduced notional changes tier (lot counts computed only as far as
    /// the search goes).
    @inline(__always)
    static func firstCandidates<Result>(
        in context: LiquidationContext, below limit: Int64, from floor: Int64, bound: TargetBound,
        _ body: (ClosedRange<Int64>) -> Result?
    ) -> Result? {
        var segmentStart: Int64 = 1
        var capIndex = context.position.tier - 1
        while segmentStart < limit {
            var next = limit
            while capIndex >= 0 {
                defer { capIndex -= 1 }
                guard let cap = context.market.riskTiers.tiers[capIndex].notionalCap else { continue }
                let lots = context.market.lotsToReduce(context.position.position.size, at: context.position.markPrice, toNotionalAtMost: cap)
                if lots > segmentStart {
                    next = min(lots, limit)
                    break
                }
            }
            defer { segmentStart = next }
            let end = next - 1
            // Lots below the floor cannot reach the target: start there.
            guard end >= floor else { continue }
            let start = max(segmentStart, floor)
            let tier = context.market.riskTiers.tierIndex(forWideNotional: bound.reducedNotional(closing: start))
            guard let candidates = bound.candidates(in: start...end, tier: context.market.riskTiers.tiers[tier]),
                  let result = body(candidates)
            else { continue }
            return result
        }
        return nil
    }

    /// The least `n` in `(failing, passing]` that reaches `aim`, for `failing` that does not and
    /// `passing` that does, given their projections (see the type's discussion of the search),
    /// and its projection.
    static func boundary(
        failing start: (lots: Int64, projection: CloseProjection), passing end: (lots: Int64, projection: CloseProjection),
        in context: LiquidationContext, reaching aim: Rate
    ) -> (lots: Int64, projection: CloseProjection) {
        // G₁ = aim·equity′ − MM′ (in 10⁻¹⁶) ≥ 0 and G₂ = equity′ − MM′ − 1 unit ≥ 0 ⇔ the target is reached.
        func values(_ projection: CloseProjection) -> (Int128, Int128) {
            let equity = Int128(projection.equityAfter.units), maintenance = Int128(projection.maintenanceAfter.units)
            return (Int128(aim.units) * equity - maintenance * FixedPoint.wideScale, equity - maintenance - 1)
        }
        var failing = start.lots, passing = end.lots  // invariant: failing does not reach, passing does
        var low = values(start.projection), high = values(end.projection)
        var reaching = end.projection  // passing's
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
            if projection.reaches(aim) {
                (passing, high, reaching) = (next, values(projection), projection)
            } else {
                (failing, low) = (next, values(projection))
            }
            // The neighbour on the other side of the guess usually settles it.
            if passing - failing > 1, !bisect {
                let neighbour = next == passing ? passing - 1 : failing + 1
                let check = context.project(closing: neighbour)
                if check.reaches(aim) {
                    (passing, high, reaching) = (neighbour, values(check), check)
                } else {
                    (failing, low) = (neighbour, values(check))
                }
            }
            bisect = !bisect && (passing - failing) * 2 > width
        }
        return (passing, reaching)
    }
}
