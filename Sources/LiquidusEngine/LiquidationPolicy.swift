public import LiquidusCore

/// A partial-liquidation rule: how much of a position to close, and what happens next.
///
/// A policy is given one position of a liquidatable account (see ``LiquidationContext``) and
/// answers with a ``PolicyDecision``. Every policy is *minimal by construction*: the quantity it
/// asks for is the least whole number of lots that reaches its own target, so one lot less would
/// not. The cascade around it (cancel orders, bankruptcy-price limit, takeover, insurance fund,
/// ADL) is the same for every policy: see ``LiquidationPlanner``.
public protocol LiquidationPolicy: Sendable {
    /// The policy's name in the `check` contract (`"restoreMarginRatio"`, …).
    var kind: String { get }
    /// Take the position over at once when `equity < backstopFloor × maintenance` (and always
    /// when equity ≤ 0). Zero for most policies; Hyperliquid's backstop is 2/3.
    var backstopFloor: Rate { get }
    /// What to do when a partial close has filled and the scope is still at or below maintenance.
    var followUp: PolicyFollowUp { get }
    /// The decision for the context's position.
    func decide(_ context: LiquidationContext) -> PolicyDecision
    /// Records a partial close of `quantity` in the account's history (cooldowns and interval
    /// caps). The default sets ``LiquidationHistory/lastPartialAt``.
    func record(closing quantity: Quantity, in context: LiquidationContext, history: inout LiquidationHistory)
}

extension LiquidationPolicy {
    /// No backstop beyond bankruptcy: take over only when equity ≤ 0.
    public var backstopFloor: Rate { .zero }
    /// Sets the time of the last partial close.
    public func record(closing quantity: Quantity, in context: LiquidationContext, history: inout LiquidationHistory) {
        history.lastPartialAt = context.now
    }
}

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

/// Why a policy decided what it did, as text rendered only when a step or an event needs it:
/// planning many candidate closes (the planner re-decides while it makes a close's quantity and
/// its book price consistent) then costs no formatting.
///
/// A reason holds either a closure that renders it or a small value that describes itself
/// (``init(describing:)``): a value of up to three words is stored inline, so a policy that
/// decides in a hot loop allocates nothing for its reasons.
public struct PolicyReason: Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    private let source: any CustomStringConvertible & Sendable

    /// A reason whose text `render` makes when it is first needed (each time it is asked for).
    public init(_ render: @escaping @Sendable () -> String) { source = Rendered(render: render) }

    /// A reason whose text is `value`'s description, made when it is needed.
    public init(describing value: some CustomStringConvertible & Sendable) { source = value }

    /// A fixed text.
    public init(stringLiteral value: String) { source = value }

    /// The text.
    public var description: String { source.description }

    /// A closure as a describable value.
    private struct Rendered: CustomStringConvertible, Sendable {
        let render: @Sendable () -> String
        var description: String { render() }
    }
}

/// What the cascade does when a filled partial close leaves the scope still liquidatable.
public enum PolicyFollowUp: Hashable, Sendable {
    /// Take the scope over at once (Hyperliquid's cooldown: any further liquidation is full).
    case takeover
    /// Wait for the policy's next interval (Deribit, dYdX).
    case waitForNextInterval
}
