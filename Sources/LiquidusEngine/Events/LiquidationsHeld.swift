public import LiquidusCore

/// A market's prices are not trusted to liquidate — its mark is beyond the price guard's band
/// from the index, or its index is older than the guard allows — so the engine holds
/// liquidations of every account with a position there (they are neither triggered nor
/// continued) until the prices are sane again (``LiquidationsResumed``).
///
/// Emitted when the hold starts and again when its reason changes. The engine keeps the latest
/// one of each held market (``LiquidationEngine/liquidationHolds``).
public struct LiquidationsHeld: Codable, Hashable, Sendable {
    /// The market.
    public var market: String
    /// The engine time at which the hold started (kept while the reason changes).
    public var since: Int64
    /// `markDeviation` or `staleIndex` (see ``LiquidusCore/PriceGuard/Breach``).
    public var reason: String
    /// The mark at the time (absent before the first mark).
    @OptionalDecimalCoded public var mark: Price?
    /// The index it was compared with.
    @DecimalCoded public var index: Price
    /// When that index came.
    public var indexTime: Int64
    /// The guard's band (absent when the guard has none).
    @OptionalDecimalCoded public var maxDeviation: Rate?
    /// The guard's most index age, in seconds (absent when the guard has none).
    public var maxIndexAge: Int64?

    /// Creates the event.
    public init(
        market: String, since: Int64, reason: String, mark: Price?, index: Price, indexTime: Int64,
        maxDeviation: Rate?, maxIndexAge: Int64?
    ) {
        self.market = market
        self.since = since
        self.reason = reason
        self.mark = mark
        self.index = index
        self.indexTime = indexTime
        self.maxDeviation = maxDeviation
        self.maxIndexAge = maxIndexAge
    }
}
