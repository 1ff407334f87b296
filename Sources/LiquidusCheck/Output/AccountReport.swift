public import LiquidusCore
public import LiquidusEngine

/// The `check` view of one account.
public struct AccountReport: Sendable, Encodable {
    /// The account's id.
    public var id: String
    /// See `AccountMargin.equity`.
    public var equity: Money
    /// See `AccountMargin.maintenanceMargin`.
    public var maintenanceMargin: Money
    /// See `AccountMargin.initialMargin`.
    public var initialMargin: Money
    /// Maintenance ÷ equity; `null` when equity ≤ 0.
    public var marginRatio: Rate?
    /// Equity ≤ maintenance (isolated: for any position).
    public var liquidatable: Bool
    /// Each position's figures.
    public var positions: [PositionReport]
    /// The steps the engine would take now; empty when the account is not liquidatable, or when
    /// a market it holds a position in is held by its price guard.
    public var plan: [PlanStepReport]
    /// The markets of its positions whose price guard holds liquidations (written only when any).
    public var heldByPriceGuard: [String] = []

    /// The view of account `id` with its margin figures, `plan`, and the ADL indicator of each
    /// position by market (`adlQuantiles`; a market missing there leaves the field out).
    public init(id: String, margin: AccountMargin, plan: [PlanStep], adlQuantiles: [String: Int] = [:]) {
        self.id = id
        equity = margin.equity
        maintenanceMargin = margin.maintenanceMargin
        initialMargin = margin.initialMargin
        marginRatio = margin.marginRatio
        liquidatable = margin.liquidatable
        positions = margin.positions.map { PositionReport(margin: $0, adlQuantile: adlQuantiles[$0.position.market]) }
        self.plan = plan.map(PlanStepReport.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, equity, maintenanceMargin, initialMargin, marginRatio, liquidatable, positions, plan, heldByPriceGuard
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(equity.description, forKey: .equity)
        try container.encode(maintenanceMargin.description, forKey: .maintenanceMargin)
        try container.encode(initialMargin.description, forKey: .initialMargin)
        try container.encode(marginRatio?.description, forKey: .marginRatio)
        try container.encode(liquidatable, forKey: .liquidatable)
        try container.encode(positions, forKey: .positions)
        try container.encode(plan, forKey: .plan)
        if !heldByPriceGuard.isEmpty { try container.encode(heldByPriceGuard, forKey: .heldByPriceGuard) }
    }
}
