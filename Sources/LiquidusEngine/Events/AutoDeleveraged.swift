public import LiquidusCore

/// An opposing profitable position was closed at the bankruptcy price of a taken-over position
/// the insurance fund could not carry (or, with `counterparty` absent, no such position was left
/// and the rest was unwound in the market at a loss nobody covered: `unrecoveredLoss`).
///
/// Ranking (highest first; ties by account id ascending):
/// `rank = max(0, uPnL) ÷ max(1, C) × MM ÷ (C + uPnL)` with `C` the counterparty's wallet (cross)
/// or isolated margin, uPnL and MM its position's — the profit-and-leverage ranking of
/// Binance's ADL (`docs/venues.md` §1.5) in the form the design notes give, rounded down to 10⁻⁸.
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

    /// Creates the event.
    public init(
        liquidatedAccount: String, counterparty: String?, market: String, quantity: Quantity, price: Price,
        realizedPnl: Money, sizeAfter: Quantity, rank: Rate, unrecoveredLoss: Money
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
    }
}
