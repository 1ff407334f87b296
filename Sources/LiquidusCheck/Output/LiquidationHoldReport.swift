public import LiquidusCore

/// A market whose price guard holds liquidations in a `check` report:
/// `{"market", "reason": "markDeviation", "mark", "index", "maxDeviation"}`.
public struct LiquidationHoldReport: Sendable, Encodable, Hashable {
    /// The market.
    public var market: String
    /// Why (see `PriceGuard.Breach`).
    public var reason: String
    /// Its mark.
    public var mark: Price
    /// Its index.
    public var index: Price
    /// The guard's band.
    public var maxDeviation: Rate?

    enum CodingKeys: String, CodingKey { case market, reason, mark, index, maxDeviation }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(market, forKey: .market)
        try container.encode(reason, forKey: .reason)
        try container.encode(mark.description, forKey: .mark)
        try container.encode(index.description, forKey: .index)
        try container.encodeIfPresent(maxDeviation?.description, forKey: .maxDeviation)
    }
}
