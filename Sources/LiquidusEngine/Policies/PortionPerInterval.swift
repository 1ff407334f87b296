public import LiquidusCore

/// Per interval, close `max(min(minNotional, notional), notional × portion)`, capped by what is
/// left of the account's notional cap for the interval.
///
/// **Venue rule.** dYdX v4 liquidations config, mainnet genesis (`dydxopsdao/networks`
/// `dydx-mainnet-1/genesis.json`; `docs/venues.md` §4): position block limits — min notional
/// liquidated 1,000 USDC, max portion per block 10 %; subaccount block limit — max notional
/// liquidated per block 100,000 USDC. Liquidus' interval stands for a block.
///
/// **Quantity.** The target notional `T = max(min(minNotional, N), ⌈N × portion⌉)` with `N` the
/// notional at the mark; `n = ⌈T ÷ (lot·p)⌉` (one lot less is below `T`), then at most
/// `⌊remaining cap ÷ (lot·p)⌋` (rounded down: never above the cap; when the cap binds, one lot
/// more would exceed it). Nothing when the cap is used up; a takeover when `n` is the whole
/// position (dYdX closes small positions whole). The window is `⌊now ÷ interval⌋`.
public struct PortionPerInterval: LiquidationPolicy {
    /// The fraction of the notional per interval, in (0, 1].
    public var portion: Rate
    /// The least notional closed per interval (or the whole notional when smaller).
    public var minNotional: Money
    /// The most notional closed per account per interval.
    public var accountCapPerInterval: Money
    /// The interval in seconds (dYdX: one block), ≥ 1.
    public var interval: Int64

    /// Creates the policy (dYdX genesis: `0.1`, `1000`, `100000`).
    public init(portion: Rate, minNotional: Money, accountCapPerInterval: Money, interval: Int64 = 1) {
        self.portion = portion
        self.minNotional = minNotional
        self.accountCapPerInterval = accountCapPerInterval
        self.interval = Swift.max(1, interval)
    }

    /// `"portionPerInterval"`.
    public var kind: String { "portionPerInterval" }
    /// The next portion waits for the next interval.
    public var followUp: PolicyFollowUp { .waitForNextInterval }

    /// The interval window holding `time` (in `unit`): `⌊time ÷ interval⌋`, the interval in `unit`.
    public func window(at time: Int64, unit: TimeUnit) -> Int64 { unit.period(of: time, seconds: interval) }

    /// The policy and its parameters, as reasons name it.
    var name: String { "portionPerInterval(\(portion), min \(minNotional), cap \(accountCapPerInterval) per \(interval) s)" }

    /// The portion for this interval, or wait when the account's cap is used up.
    public func decide(_ context: LiquidationContext) -> PolicyDecision {
        let used = context.history.window == window(at: context.now, unit: context.timeUnit) ? context.history.closedNotionalInWindow : .zero
        let left = accountCapPerInterval - used
        let notional = context.position.notional
        let target = Swift.max(Swift.min(minNotional, notional), notional.multiplied(by: portion, .up))
        let mark = context.position.markPrice
        let wanted = context.market.lotsCovering(notional: target, at: mark)
        let allowed = context.market.lotsWithin(notional: left, at: mark)
        let lots = Swift.min(wanted, allowed)
        guard lots > 0 else {
            return .wait(reason: PolicyReason { "\(name): the account's cap for this interval is used up (\(used) closed)" })
        }
        guard lots < context.totalLots else {
            return .takeover(reason: PolicyReason { "\(name): the portion is the whole position" })
        }
        let capped = lots < wanted ? ", limited by the \(left) left of the account's cap" : ""
        return .partial(lots: lots, targetMarginRatio: nil, reason: PolicyReason { "\(name): the least whole lots reaching notional \(target)\(capped)" })
    }

    /// Sets the last partial and adds the closed notional (at the mark, rounded up) to the window.
    public func record(closing quantity: Quantity, in context: LiquidationContext, history: inout LiquidationHistory) {
        let current = window(at: context.now, unit: context.timeUnit)
        if history.window != current {
            history.window = current
            history.closedNotionalInWindow = .zero
        }
        // Within the cap: the policy closes at most the lots whose notional fits what is left of
        // it (each close's own notional, at most the position's at the mark, fits in Money).
        history.closedNotionalInWindow += Money.notional(of: quantity, at: context.position.markPrice, .up)
        history.lastPartialAt = context.now
    }
}
