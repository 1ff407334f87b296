public import LiquidusBook
public import LiquidusCore

/// The figures of the first close the engine would carry out for an account now, without the
/// audit text of a plan: see ``LiquidationPlanner/quote(account:markets:marks:policy:expectedPrices:books:executor:now:history:)``.
public struct CloseQuote: Hashable, Sendable {
    /// What the engine would do.
    public enum Action: String, Hashable, Sendable {
        /// Nothing: the account is above maintenance.
        case none
        /// A partial close of ``CloseQuote/quantity``.
        case partialClose
        /// A takeover of the scope at the bankruptcy price.
        case takeover
        /// Nothing yet: the policy waits (an interval, a cap), or a close under way waits for its
        /// next child.
        case wait
    }

    /// What the engine would do.
    public var action: Action
    /// The market of the position concerned (`nil` for ``Action/none``).
    public var market: String?
    /// The quantity the policy decided to close (a partial close).
    public var quantity: Quantity?
    /// The close's expected average price, consistent with ``quantity`` when priced by a book.
    public var expectedPrice: Price?
    /// `"book"` or `"mark"`.
    public var priceSource: String?
    /// The bankruptcy price, the limit no fill may be worse than.
    public var limitPrice: Price?
    /// The liquidation fee of the close at ``expectedPrice``.
    public var fee: Money?
    /// Maintenance ÷ equity after the close at ``expectedPrice``.
    public var marginRatioAfter: Rate?
    /// With a book: the executor's first child order, the part that would fill now.
    public var firstChild: LiquidationExecutor.Child?

    /// Creates a quote.
    public init(
        action: Action, market: String? = nil, quantity: Quantity? = nil, expectedPrice: Price? = nil, priceSource: String? = nil,
        limitPrice: Price? = nil, fee: Money? = nil, marginRatioAfter: Rate? = nil, firstChild: LiquidationExecutor.Child? = nil
    ) {
        self.action = action
        self.market = market
        self.quantity = quantity
        self.expectedPrice = expectedPrice
        self.priceSource = priceSource
        self.limitPrice = limitPrice
        self.fee = fee
        self.marginRatioAfter = marginRatioAfter
        self.firstChild = firstChild
    }
}
