public import LiquidusCore
public import LiquidusEngine

/// The committed state's figures (`GET /v1/state`).
public struct EngineSummary: Sendable, Hashable {
    /// The last command's sequence.
    public var commandSequence: Int64
    /// The last event's sequence.
    public var eventSequence: UInt64
    /// The engine's ``LiquidusEngine/LiquidationEngine/stateHash``.
    public var stateHash: UInt64
    /// The engine's time.
    public var time: Int64
    /// The insurance fund.
    public var insuranceFund: WideMoney
    /// How many accounts.
    public var accounts: Int
    /// How many markets.
    public var markets: Int
    /// The money in each bucket (`nil` only while the round that computes it runs).
    public var money: MoneyTotals?
    /// The fund the log's genesis started with.
    public var initialInsuranceFund: Money
}
