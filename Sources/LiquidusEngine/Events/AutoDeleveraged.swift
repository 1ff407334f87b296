public import LiquidusCore

/// An opposing profitable position was closed against a taken-over position the liquidator could
/// not place (or, with `counterparty` absent, no such position was left and the rest was unwound
/// in the market at a loss nobody covered: `unrecoveredLoss`).
///
/// Ranking (highest first; ties by account id ascending):
/// `rank = max(0, uPnL) ÷ max(1, C) × MM ÷ (C + uPnL)` with `C` the counterparty's wallet (cross)
/// or isolated margin, uPnL and MM its position's — the profit-and-leverage ranking of
/// Binance's ADL (`docs/venues.md` §1.5) in the form the design notes give, rounded down to 10⁻⁸.
/// Who is closed, how much and at what price depends on the engine's ``DeleveragingMechanism``:
/// the ranked queue closes in rank order at the bankruptcy price (or the mark, when that is worse
/// for the counterparty); the pro-rata mechanisms share the order by weight and close at the mark,
/// each counterparty paying a part of what the fund could not, at most its profit on the lots
/// (see ``LiquidationEngine``).
///
/// Audit: `haircut = size·(markPrice − entry) − realizedPnl` for every fill — what the close cost
/// the counterparty against closing the same quantity at the mark (≥ 0). `shortfall` is the
/// order's: what the fund could not pay of its whole loss at the mark when the order was placed.
public struct AutoDeleveraged: Codable, Hashable, Sendable {
    /// The account whose position was taken over.
    public var liquidatedAccount: String
    /// The deleveraged account; absent for an unmatched remainder.
    public var counterparty: String?
    /// The market.
    public var market: String
    /// Unsigned quantity closed.
    @DecimalCoded public var quantity: Quantity
    /// The price (the bankruptcy price; the expected price for an unmatched remainder).
    @DecimalCoded public var price: Price
    /// The counterparty's realized PnL at `price` (rounded down).
    @DecimalCoded public var realizedPnl: Money
    /// The counterparty's signed size afterwards.
    @DecimalCoded public var sizeAfter: Quantity
    /// The counterparty's rank.
    @DecimalCoded public var rank: Rate
    /// Loss of an unmatched remainder nobody covered (zero for a matched close).
    @DecimalCoded public var unrecoveredLoss: Money
    /// The mechanism that chose this close (``DeleveragingMechanism``'s raw value); `nil` in events
    /// written before mechanisms were recorded (the ranked queue).
    public var mechanism: String?
    /// The market's mark when the order was placed.
    @OptionalDecimalCoded public var markPrice: Price?
    /// The counterparty's unrealized profit on the whole position before this close, at the mark.
    @OptionalDecimalCoded public var profitBefore: Money?
    /// What this close cost the counterparty against closing the same quantity at the mark.
    @OptionalDecimalCoded public var haircut: Money?
    /// The order's shortfall: `max(0, loss of its whole quantity at the mark − the fund)`.
    @OptionalDecimalCoded public var shortfall: Money?

    /// Creates the event.
    public init(
        liquidatedAccount: String, counterparty: String?, market: String, quantity: Quantity, price: Price,
        realizedPnl: Money, sizeAfter: Quantity, rank: Rate, unrecoveredLoss: Money, mechanism: String? = nil, markPrice: Price? = nil,
        profitBefore: Money? = nil, haircut: Money? = nil, shortfall: Money? = nil
    ) {
        self.liquidatedAccount = liquidatedAccount
        self.counterparty = counterparty
        self.market = market
        self.quantity = quantity
        self.price = price
        self.realizedPnl = realizedPnl
        self.sizeAfter = sizeAfter
        self.rank = rank
        self.unrecoveredLoss = unrecoveredLoss
        self.mechanism = mechanism
        self.markPrice = markPrice
        self.profitBefore = profitBefore
        self.haircut = haircut
        self.shortfall = shortfall
    }
}
