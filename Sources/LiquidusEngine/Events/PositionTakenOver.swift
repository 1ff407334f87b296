public import LiquidusCore

/// The engine took a whole position over at its bankruptcy price and unwound what the insurance
/// fund could carry at the expected price.
///
/// Audit: the account realizes `size·(bankruptcyPrice − entry)` (rounded down) into its backing;
/// the liquidator, holding the position at `bankruptcyPrice`, closes `closedInMarket` at
/// `expectedPrice` for `liquidatorPnl = side·closedInMarket·(expectedPrice − bankruptcyPrice)`
/// (rounded down) which the fund receives (≥ 0, a surplus) or pays (< 0, see
/// ``InsuranceFundPaid``); `toDeleverage = |size| − closedInMarket` goes to ADL at
/// `bankruptcyPrice` because the fund could not carry its loss.
public struct PositionTakenOver: Codable, Hashable, Sendable {
    /// The account.
    public var account: String
    /// The market.
    public var market: String
    /// The signed size taken over.
    @DecimalCoded public var size: Quantity
    /// The account's entry price.
    @DecimalCoded public var entryPrice: Price
    /// The bankruptcy price (on the tick toward solvency), the transfer price.
    @DecimalCoded public var bankruptcyPrice: Price
    /// The account's realized PnL at the bankruptcy price.
    @DecimalCoded public var realizedPnl: Money
    /// The price the liquidator expects to unwind at.
    @DecimalCoded public var expectedPrice: Price
    /// `book` or `mark`.
    public var priceSource: String
    /// Unsigned quantity the liquidator unwinds in the market.
    @DecimalCoded public var closedInMarket: Quantity
    /// The liquidator's PnL on that unwind (to or from the fund).
    @DecimalCoded public var liquidatorPnl: Money
    /// Unsigned quantity left for auto-deleveraging.
    @DecimalCoded public var toDeleverage: Quantity
    /// The account's wallet (cross) or released isolated margin (isolated) after the transfer.
    @DecimalCoded public var backingAfter: Money
    /// The insurance fund afterwards.
    public var fundAfter: WideMoney
    /// Why a takeover.
    public var reason: String

    /// Creates the event.
    public init(
        account: String, market: String, size: Quantity, entryPrice: Price, bankruptcyPrice: Price, realizedPnl: Money,
        expectedPrice: Price, priceSource: String, closedInMarket: Quantity, liquidatorPnl: Money, toDeleverage: Quantity,
        backingAfter: Money, fundAfter: WideMoney, reason: String
    ) {
        self.account = account
        self.market = market
        self.size = size
        self.entryPrice = entryPrice
        self.bankruptcyPrice = bankruptcyPrice
        self.realizedPnl = realizedPnl
        self.expectedPrice = expectedPrice
        self.priceSource = priceSource
        self.closedInMarket = closedInMarket
        self.liquidatorPnl = liquidatorPnl
        self.toDeleverage = toDeleverage
        self.backingAfter = backingAfter
        self.fundAfter = fundAfter
        self.reason = reason
    }
}
