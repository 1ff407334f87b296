/// A market held by its price guard (``LiquidationsHeld``) has sane prices again: its accounts
/// are re-checked at once, and liquidations resume.
public struct LiquidationsResumed: Codable, Hashable, Sendable {
    /// The market.
    public var market: String
    /// When its hold started.
    public var heldSince: Int64

    /// Creates the event.
    public init(market: String, heldSince: Int64) {
        self.market = market
        self.heldSince = heldSince
    }
}
