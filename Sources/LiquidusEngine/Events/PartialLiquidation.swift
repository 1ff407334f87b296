public import LiquidusCore

/// Part of a position was closed at the expected price, never worse than its bankruptcy price;
/// the liquidation fee went to the insurance fund. With an order book, the close is one child
/// order filled against it at its average price (see ``execution``).
///
/// Audit: `backingAfter = backing before + realizedPnl − fee`; `fundAfter = fund before + fee`;
/// `equityAfter` and `maintenanceMarginAfter` are the scope's figures at the marks afterwards.
public struct PartialLiquidation: Codable, Hashable, Sendable {
    /// The account.
    public var account: String
    /// The market.
    public var market: String
    /// The side of the position reduced (`long` or `short`).
    public var side: String
    /// Unsigned quantity closed, a whole number of lots.
    @DecimalCoded public var quantity: Quantity
    /// The fill price (the expected price).
    @DecimalCoded public var price: Price
    /// `book` or `mark`.
    public var priceSource: String
    /// The bankruptcy price: the limit the fill may not be worse than.
    @DecimalCoded public var limitPrice: Price
    /// `side·quantity·(price − entry)`, rounded down.
    @DecimalCoded public var realizedPnl: Money
    /// `⌈⌈quantity·price⌉·feeRate⌉`, paid to the fund.
    @DecimalCoded public var fee: Money
    /// The position's signed size afterwards.
    @DecimalCoded public var sizeAfter: Quantity
    /// The wallet (cross) or isolated margin (isolated) afterwards.
    @DecimalCoded public var backingAfter: Money
    /// The scope's equity afterwards.
    @DecimalCoded public var equityAfter: Money
    /// The scope's maintenance margin afterwards.
    @DecimalCoded public var maintenanceMarginAfter: Money
    /// The ratio the policy aimed for, where it has one.
    @OptionalDecimalCoded public var targetMarginRatio: Rate?
    /// Maintenance ÷ equity afterwards, rounded up.
    @OptionalDecimalCoded public var marginRatioAfter: Rate?
    /// The insurance fund afterwards.
    public var fundAfter: WideMoney
    /// The policy's reason for this quantity.
    public var reason: String
    /// How the close met the market's order book (absent when the market has none and the close
    /// filled at the expected price in one piece).
    public var execution: BookExecution?

    /// Creates the event.
    public init(
        account: String, market: String, side: String, quantity: Quantity, price: Price, priceSource: String, limitPrice: Price,
        realizedPnl: Money, fee: Money, sizeAfter: Quantity, backingAfter: Money, equityAfter: Money, maintenanceMarginAfter: Money,
        targetMarginRatio: Rate?, marginRatioAfter: Rate?, fundAfter: WideMoney, reason: String, execution: BookExecution? = nil
    ) {
        self.account = account
        self.market = market
        self.side = side
        self.quantity = quantity
        self.price = price
        self.priceSource = priceSource
        self.limitPrice = limitPrice
        self.realizedPnl = realizedPnl
        self.fee = fee
        self.sizeAfter = sizeAfter
        self.backingAfter = backingAfter
        self.equityAfter = equityAfter
        self.maintenanceMarginAfter = maintenanceMarginAfter
        self.targetMarginRatio = targetMarginRatio
        self.marginRatioAfter = marginRatioAfter
        self.fundAfter = fundAfter
        self.reason = reason
        self.execution = execution
    }
}
