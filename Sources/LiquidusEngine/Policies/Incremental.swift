public import LiquidusCore

/// Close a chunk of the position per interval while the account stays under maintenance.
///
/// **Venue rule.** Deribit "Liquidations" (support article 25944769313309, undated; older
/// `deribit.com/docs/auto-liquidation/`; `docs/venues.md` §4): incremental auto-liquidation — as
/// soon as equity < maintenance part of the position is closed, then the account is re-checked;
/// it stops when maintenance < margin balance. The current article says one round per second.
///
/// **Quantity.** `n = ⌈|q| × chunk ÷ lot⌉` per interval (rounded up: one lot less is below the
/// chunk); no second chunk until `interval` seconds after the last; a chunk that would be the
/// whole position is a takeover. Takeover when equity ≤ 0.
public struct Incremental: LiquidationPolicy {
    /// The fraction of the position closed per round, in (0, 1].
    public var chunk: Rate
    /// Seconds between rounds.
    public var interval: Int64

    /// Creates the policy (Deribit today: one round per second).
    public init(chunk: Rate, interval: Int64) {
        self.chunk = chunk
        self.interval = interval
    }

    /// `"incremental"`.
    public var kind: String { "incremental" }
    /// The next chunk waits for the next round.
    public var followUp: PolicyFollowUp { .waitForNextInterval }

    /// The policy and its parameters, as reasons name it.
    var name: String { "incremental(chunk \(chunk), every \(interval) s)" }

    /// One chunk, or wait for the interval.
    public func decide(_ context: LiquidationContext) -> PolicyDecision {
        if context.withinCooldown(interval) {
            return .wait(reason: PolicyReason { "\(name): next round at \(context.timeUnit.time(context.history.lastPartialAt ?? 0, plusSeconds: interval))" })
        }
        let size = context.position.position.size.magnitude
        let lots = context.market.lots(in: size.multiplied(by: chunk, .up).rounded(toMultipleOf: context.market.lotSize, .up))
        guard lots < context.totalLots else {
            return .takeover(reason: PolicyReason { "\(name): the chunk rounds up to the whole position" })
        }
        return .partial(lots: lots, targetMarginRatio: nil, reason: PolicyReason { "\(name): \(chunk) of the position, rounded up to whole lots; re-checked after \(interval) s" })
    }
}
