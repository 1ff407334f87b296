public import LiquidusCore

/// A partial close under way in child orders: what the policy decided, what is left of it, and
/// when the next child may go.
///
/// The engine sends a close's first child at once. When the depth within the executor's slippage
/// budget cannot take the whole close, the rest waits `childInterval` for the book to refill and
/// is then re-scheduled against the book of that moment, without asking the policy again (the
/// close it decided is being carried out). It ends when the policy's target ratio is reached (for
/// a policy with one) or the rest is filled — it goes on once the scope is above maintenance, since
/// the target's buffer is what keeps the next tick from liquidating it again — or when the rest
/// cannot be placed (no depth within the bankruptcy price, or `maxChildren` children gone): then a
/// takeover at the bankruptcy price if the scope is still under maintenance, else it stops.
public struct PendingClose: Hashable, Sendable {
    /// The market of the position being reduced.
    public var market: String
    /// The quantity the policy decided to close.
    public var plannedQuantity: Quantity
    /// What is left of it, on the lot grid.
    public var remaining: Quantity
    /// The child orders sent so far.
    public var childrenSent: Int
    /// The engine time (seconds) before which the next child is not sent.
    public var nextChildAt: Int64
    /// The ratio the policy aimed for, where it has one.
    public var targetMarginRatio: Rate?
    /// The policy's reason for the close.
    public var reason: String

    /// Creates the record of a close under way.
    public init(
        market: String, plannedQuantity: Quantity, remaining: Quantity, childrenSent: Int, nextChildAt: Int64,
        targetMarginRatio: Rate?, reason: String
    ) {
        self.market = market
        self.plannedQuantity = plannedQuantity
        self.remaining = remaining
        self.childrenSent = childrenSent
        self.nextChildAt = nextChildAt
        self.targetMarginRatio = targetMarginRatio
        self.reason = reason
    }
}
