public import LiquidusCore

/// The first step of a liquidation: every open order of the account is cancelled, releasing the
/// initial margin it held.
public struct OrdersCancelled: Codable, Hashable, Sendable {
    /// The account.
    public var account: String
    /// How many orders were cancelled.
    public var count: Int
    /// The initial margin they held (Σ `|size| × price ÷ leverage`, each rounded up).
    @DecimalCoded public var releasedInitialMargin: Money

    /// Creates the event.
    public init(account: String, count: Int, releasedInitialMargin: Money) {
        self.account = account
        self.count = count
        self.releasedInitialMargin = releasedInitialMargin
    }
}
