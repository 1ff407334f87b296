public import LiquidusCore

/// An account (cross) or an isolated position crossed maintenance at the marks: `equity ≤ MM`.
public struct LiquidationTriggered: Codable, Hashable, Sendable {
    /// The account.
    public var account: String
    /// The isolated position's market; absent for a cross account (the whole account).
    public var market: String?
    /// The scope's equity at the marks (rounded down: uPnL is a credit).
    @DecimalCoded public var equity: Money
    /// The scope's maintenance margin (rounded up).
    @DecimalCoded public var maintenanceMargin: Money
    /// Maintenance ÷ equity rounded up; `null` when equity ≤ 0.
    @OptionalDecimalCoded public var marginRatio: Rate?
    /// The active policy's kind.
    public var policy: String

    /// Creates the event.
    public init(account: String, market: String?, equity: Money, maintenanceMargin: Money, marginRatio: Rate?, policy: String) {
        self.account = account
        self.market = market
        self.equity = equity
        self.maintenanceMargin = maintenanceMargin
        self.marginRatio = marginRatio
        self.policy = policy
    }
}
