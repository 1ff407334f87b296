public import LiquidusCore

/// The `check` view of one position.
public struct PositionReport: Sendable, Encodable {
    /// The figures behind this view.
    public var margin: PositionMargin

    enum CodingKeys: String, CodingKey {
        case market, size, notional, unrealizedPnl, tier, maintenanceMargin, initialMargin
        case equity, marginRatio, liquidatable, liquidationPrice, bankruptcyPrice
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
    }
}
