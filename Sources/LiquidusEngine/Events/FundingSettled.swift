public import LiquidusCore

/// A market's funding settlement, after its ``FundingPaid`` events: the rate and where the money
/// went. The accounts' positions are one side; the outside market, which holds the other side of
/// every fill, pays or receives the accounts' net (`outsideMarket`, rounded down); what rounding
/// leaves — payers rounded up, receivers and the outside market down — goes to the insurance
/// fund (`insuranceFund` ≥ 0 unless an isolated payer could not pay in full, which the fund then
/// covers). `paid − received − outsideMarket − insuranceFund − unrecovered = 0` exactly.
public struct FundingSettled: Codable, Hashable, Sendable {
    /// The market.
    public var market: String
    /// The rate settled (positive: longs pay).
    @DecimalCoded public var rate: Rate
    /// Where the rate came from: `given` (a fundingRate input) or `premium` (the interval's samples).
    public var source: String
    /// The interval's average premium, when the rate came from it.
    @OptionalDecimalCoded public var averagePremium: Rate?
    /// The price positions were valued at.
    @DecimalCoded public var price: Price
    /// Σ what accounts paid.
    public var paid: WideMoney
    /// Σ what accounts received.
    public var received: WideMoney
    /// What the outside market received (negative: paid).
    public var outsideMarket: WideMoney
    /// What the insurance fund received (negative: paid).
    public var insuranceFund: WideMoney
    /// What neither the payers nor the fund could cover (≤ 0, to the unrecovered loss).
    public var unrecovered: WideMoney
    /// The accounts whose payment could not be made — beyond ``LiquidusCore/Limits/maxMoney``
    /// (a position valued at an index far from its mark), or a collateral that cannot take it —
    /// in id order: they neither paid nor received, and the settlement balances without them.
    public var skipped: [String]

    /// Creates the event.
    public init(
        market: String, rate: Rate, source: String, averagePremium: Rate?, price: Price, paid: WideMoney, received: WideMoney,
        outsideMarket: WideMoney, insuranceFund: WideMoney, unrecovered: WideMoney, skipped: [String] = []
    ) {
        self.skipped = skipped
        self.market = market
        self.rate = rate
        self.source = source
        self.averagePremium = averagePremium
        self.price = price
        self.paid = paid
        self.received = received
        self.outsideMarket = outsideMarket
        self.insuranceFund = insuranceFund
        self.unrecovered = unrecovered
    }
}
