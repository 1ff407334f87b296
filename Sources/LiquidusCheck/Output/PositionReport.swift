public import LiquidusCore

/// The `check` view of one position.
public struct PositionReport: Sendable, Encodable {
    /// The figures behind this view.
    public var margin: PositionMargin
    /// The position's ADL indicator, 1 to 5 (see `DeleveragingIndicator`); `nil` leaves the
    /// field out.
    public var adlQuantile: Int?

    /// The view of a position's figures, with its ADL indicator when known.
    public init(margin: PositionMargin, adlQuantile: Int? = nil) {
        self.margin = margin
        self.adlQuantile = adlQuantile
    }

    enum CodingKeys: String, CodingKey {
        case market, size, notional, unrealizedPnl, tier, maintenanceMargin, initialMargin
        case equity, marginRatio, liquidatable, liquidationPrice, bankruptcyPrice, adlQuantile
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(margin.position.market, forKey: .market)
        try container.encode(margin.position.size.description, forKey: .size)
        try container.encode(margin.notional.description, forKey: .notional)
        try container.encode(margin.unrealizedPnl.description, forKey: .unrealizedPnl)
        try container.encode(margin.tier + 1, forKey: .tier)
        try container.encode(margin.maintenanceMargin.description, forKey: .maintenanceMargin)
        try container.encode(margin.initialMargin.description, forKey: .initialMargin)
        if let equity = margin.equity {
            // Isolated positions stand alone: their own equity, ratio and verdict.
            try container.encode(equity.description, forKey: .equity)
            try container.encode(margin.marginRatio?.description, forKey: .marginRatio)
            try container.encode(margin.liquidatable, forKey: .liquidatable)
        }
        try container.encode(margin.liquidationPrice?.description, forKey: .liquidationPrice)
        try container.encode(margin.bankruptcyPrice?.description, forKey: .bankruptcyPrice)
        try container.encodeIfPresent(adlQuantile, forKey: .adlQuantile)
    }
}
