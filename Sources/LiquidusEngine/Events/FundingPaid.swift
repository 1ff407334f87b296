public import LiquidusCore

/// One position's funding payment at a settlement: `amount` = `size × price × rate`, negative
/// when the account pays (rounded up in magnitude: a payer never pays less than it owes),
/// positive when it receives (rounded down). Cross accounts pay from and receive into the
/// wallet; an isolated position from and into its margin (paying at most all of it).
public struct FundingPaid: Codable, Hashable, Sendable {
    /// The account.
    public var account: String
    /// The market.
    public var market: String
    /// The signed position size.
    @DecimalCoded public var size: Quantity
    /// The price it was valued at (mark or index, by the market's rules).
    @DecimalCoded public var price: Price
    /// The rate of the settlement (positive: longs pay).
    @DecimalCoded public var rate: Rate
    /// What moved: negative paid, positive received.
    @DecimalCoded public var amount: Money

    /// Creates the event.
    public init(account: String, market: String, size: Quantity, price: Price, rate: Rate, amount: Money) {
        self.account = account
        self.market = market
        self.size = size
        self.price = price
        self.rate = rate
        self.amount = amount
    }
}
