public import LiquidusCore

/// The insurance fund paid a loss beyond an account's equity. The fund never goes negative:
/// `amount ≤` the fund before, and `fundAfter = fund before − amount`.
public struct InsuranceFundPaid: Codable, Hashable, Sendable {
    /// The liquidated account.
    public var account: String
    /// The market of the position whose unwind lost money; absent for a negative balance reset.
    public var market: String?
    /// What the fund paid.
    @DecimalCoded public var amount: Money
    /// What it could not pay (left to ADL, or recorded as unrecovered loss).
    @DecimalCoded public var uncovered: Money
    /// The fund afterwards, ≥ 0.
    public var fundAfter: WideMoney
    /// What the payment covers.
    public var reason: String

    /// Creates the event.
    public init(account: String, market: String?, amount: Money, uncovered: Money, fundAfter: WideMoney, reason: String) {
        self.account = account
        self.market = market
        self.amount = amount
        self.uncovered = uncovered
        self.fundAfter = fundAfter
        self.reason = reason
    }
}
