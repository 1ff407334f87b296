public import LiquidusCore

/// The end of one account's cascade on one input, with its figures afterwards.
public struct LiquidationResolved: Codable, Hashable, Sendable {
    /// How it ended.
    public enum Outcome: String, Codable, Hashable, Sendable {
        /// The account is above maintenance again (after a partial close).
        case restored
        /// Positions were taken over (and the fund / ADL settled the loss).
        case takenOver
        /// Still under maintenance, waiting for the policy's next interval.
        case pending
    }

    /// The account.
    public var account: String
    /// How it ended.
    public var outcome: Outcome
    /// The account's equity at the marks afterwards.
    @DecimalCoded public var equity: Money
    /// Its maintenance margin afterwards.
    @DecimalCoded public var maintenanceMargin: Money
    /// Its margin ratio afterwards (`null` when equity ≤ 0 or no position is left).
    @OptionalDecimalCoded public var marginRatio: Rate?
    /// Its wallet balance afterwards.
    @DecimalCoded public var walletBalance: Money
    /// The insurance fund afterwards.
    public var fundAfter: WideMoney

    /// Creates the event.
    public init(account: String, outcome: Outcome, equity: Money, maintenanceMargin: Money, marginRatio: Rate?, walletBalance: Money, fundAfter: WideMoney) {
        self.account = account
        self.outcome = outcome
        self.equity = equity
        self.maintenanceMargin = maintenanceMargin
        self.marginRatio = marginRatio
        self.walletBalance = walletBalance
        self.fundAfter = fundAfter
    }
}
