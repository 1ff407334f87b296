/// A perpetual (or dated) futures market: its grids, its risk-limit tiers and its fees.
///
/// A validated value: ``init(symbol:tickSize:lotSize:minOrderSize:riskTiers:liquidationFeeRate:takerFeeRate:markMethod:priceGuard:funding:)``
/// checks every field, so a `Market` in hand is always usable.
public struct Market: Hashable, Sendable {
    /// The market's name, e.g. `BTCUSDT`.
    public let symbol: String
    /// The price grid: order prices are multiples of it.
    public let tickSize: Price
    /// The size grid: sizes are multiples of it.
    public let lotSize: Quantity
    /// The smallest order size (a multiple of the lot).
    public let minOrderSize: Quantity
    /// The risk-limit tiers.
    public let riskTiers: RiskTierTable
    /// The fee charged on liquidated notional, paid to the insurance fund (Binance's
    /// "clearance fee"), in [0, 1).
    public let liquidationFeeRate: Rate
    /// The taker fee rate, in [0, 1).
    public let takerFeeRate: Rate
    /// How the mark is formed: given by mark inputs (the default) or derived from the index,
    /// the book and the last trade by a venue's formula.
    public let markMethod: MarkMethod
    /// When the market's prices are not trusted to liquidate (`nil`: always trusted).
    public let priceGuard: PriceGuard?
    /// How funding is formed and settled (`nil`: no funding).
    public let funding: FundingRules?

    /// Validates and creates a market. Errors name the field (`tickSize`, `riskTiers[1].maintenanceAmount`).
    /// - Parameters:
    ///   - symbol: 1 to 64 letters, digits or `-_/.:` characters.
    ///   - tickSize: the price grid, > 0 and at most ``Limits/maxPrice``.
    ///   - lotSize: the size grid, > 0 and at most ``Limits/maxSize``.
    ///   - minOrderSize: the least order, on the lot grid; defaults to one lot.
    ///   - riskTiers: the tier table, ordered by notional cap (see ``RiskTierTable``).
    ///   - liquidationFeeRate: the fee on a liquidation's notional, paid to the insurance fund, in [0, 1).
    ///   - takerFeeRate: the taker fee rate, in [0, 1).
    ///   - markMethod: how the mark is formed (``MarkMethod/given`` by default).
    ///   - priceGuard: when prices are not trusted to liquidate (none by default).
    ///   - funding: how funding is formed and settled (none by default).
    public init(
        symbol: String, tickSize: Price, lotSize: Quantity, minOrderSize: Quantity? = nil,
        riskTiers: [RiskTier], liquidationFeeRate: Rate, takerFeeRate: Rate,
        markMethod: MarkMethod = .given, priceGuard: PriceGuard? = nil, funding: FundingRules? = nil
    ) throws(ValidationError) {
        guard !symbol.isEmpty, symbol.count <= 64, symbol.allSatisfy({ $0.isLetter || $0.isNumber || "-_/.:".contains($0) }) else {
            throw ValidationError(.outOfRange, at: "symbol", "must be 1 to 64 letters, digits or -_/.: characters")
        }
        guard tickSize.isPositive, tickSize <= Limits.maxPrice else {
            throw ValidationError(.outOfRange, at: "tickSize", "must be > 0 and at most \(Limits.maxPrice)")
        }
        guard lotSize.isPositive, lotSize <= Limits.maxSize else {
            throw ValidationError(.outOfRange, at: "lotSize", "must be > 0 and at most \(Limits.maxSize)")
        }
        let minimum = minOrderSize ?? lotSize
        guard minimum.isPositive, minimum.isMultiple(of: lotSize), minimum <= Limits.maxSize else {
            throw ValidationError(.notOnGrid, at: "minOrderSize", "must be a positive multiple of the lot size \(lotSize)")
        }
        let table = try RiskTierTable(riskTiers)
        guard !liquidationFeeRate.isNegative, liquidationFeeRate < Rate.one else {
            throw ValidationError(.outOfRange, at: "liquidationFeeRate", "must be ≥ 0 and < 1")
        }
        guard !takerFeeRate.isNegative, takerFeeRate < Rate.one else {
            throw ValidationError(.outOfRange, at: "takerFeeRate", "must be ≥ 0 and < 1")
        }
        self.symbol = symbol
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minOrderSize = minimum
        self.riskTiers = table
        self.liquidationFeeRate = liquidationFeeRate
        self.takerFeeRate = takerFeeRate
        self.markMethod = markMethod
        self.priceGuard = priceGuard
        self.funding = funding
    }

    /// The same market in storage of its own (see ``replica()``); no check is needed.
    init(replicating other: Market) {
        symbol = other.symbol.unshared()
        tickSize = other.tickSize
        lotSize = other.lotSize
        minOrderSize = other.minOrderSize
        riskTiers = RiskTierTable(replicating: other.riskTiers)
        liquidationFeeRate = other.liquidationFeeRate
        takerFeeRate = other.takerFeeRate
        markMethod = other.markMethod
        priceGuard = other.priceGuard
        funding = other.funding
    }
}
