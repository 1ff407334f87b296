public import LiquidusCore

/// What an account's past liquidations mean for the next one: cooldowns and per-interval caps.
///
/// Time is in whole seconds, as carried by each ``EngineInput`` (no clock is read). The engine
/// keeps one history per account and includes it in ``LiquidationEngine/stateHash``; a planner
/// called from outside the engine (`liquidus check`) passes an empty one.
public struct LiquidationHistory: Hashable, Sendable {
    /// When the last partial close of the account happened, if any.
    public var lastPartialAt: Int64?
    /// The interval window (``PortionPerInterval``) that `closedNotionalInWindow` counts.
    public var window: Int64
    /// The notional (at the mark, rounded up) closed in `window`.
    public var closedNotionalInWindow: Money
    /// A close the policy decided that the book could not take at once: its next child order
    /// waits for the book to refill (see ``LiquidationEngine``). `nil` when none is under way.
    public var pendingClose: PendingClose?

    /// Creates a history; the default is an account never liquidated.
    public init(lastPartialAt: Int64? = nil, window: Int64 = 0, closedNotionalInWindow: Money = .zero, pendingClose: PendingClose? = nil) {
        self.lastPartialAt = lastPartialAt
        self.pendingClose = pendingClose
        self.window = window
        self.closedNotionalInWindow = closedNotionalInWindow
    }
}
