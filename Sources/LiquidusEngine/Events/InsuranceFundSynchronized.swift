public import LiquidusCore

/// The engine's insurance fund was set to the balance of a fund shared with other shards
/// (``EngineInput/Action/insuranceFund(balance:)``): `after − before` is what the other shards
/// paid in (positive) or drew (negative) since this engine last saw the fund.
public struct InsuranceFundSynchronized: Codable, Hashable, Sendable {
    /// The engine's fund before.
    public var before: WideMoney
    /// The shared fund's balance, the engine's fund after.
    public var after: WideMoney

    /// Creates the event.
    public init(before: WideMoney, after: WideMoney) {
        self.before = before
        self.after = after
    }
}
