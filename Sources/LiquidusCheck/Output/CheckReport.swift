public import LiquidusCore
public import LiquidusEngine

/// What `liquidus check` writes: each account's margins, each position's prices, and the plan.
///
/// Encodes to the JSON of `../shared/docs/check-format.md`: decimal strings, camelCase fields,
/// `null` (written out) for a ratio or price that does not exist, keys in a stable order.
public struct CheckReport: Sendable, Encodable {
    /// One entry per input account, in input order.
    public var accounts: [AccountReport]
}

/// The `check` view of one account.
public struct AccountReport: Sendable, Encodable {
    /// The account's id.
    public var id: String
    /// See ``AccountMargin/equity``.
    public var equity: Money
    /// See ``AccountMargin/maintenanceMargin``.
    public var maintenanceMargin: Money
    /// See ``AccountMargin/initialMargin``.
    public var initialMargin: Money
    /// Maintenance ÷ equity; `null` when equity ≤ 0.
    public var marginRatio: Rate?
    /// Equity ≤ maintenance (isolated: for any position).
    public var liquidatable: Bool
    /// Each position's figures.
    public var positions: [PositionReport]
    /// The steps the engine would take now; empty when the account is not liquidatable.
    public var plan: [PlanStepReport]

    /// The view of account `id` with its margin figures and `plan`.
    public init(id: String, margin: AccountMargin, plan: [PlanStep]) {
        self.id = id
        equity = margin.equity
        maintenanceMargin = margin.maintenanceMargin
        initialMargin = margin.initialMargin
        marginRatio = margin.marginRatio
        liquidatable = margin.liquidatable
        positions = margin.positions.map(PositionReport.init(margin:))
        self.plan = plan.map(PlanStepReport.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, equity, maintenanceMargin, initialMargin, marginRatio, liquidatable, positions, plan
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
    }
}

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

/// One step of a liquidation plan in the contract's form (see its `plan`): the engine's
/// ``PlanStep``, with fields that do not apply to the step omitted.
public struct PlanStepReport: Sendable, Encodable, Hashable {
    /// The engine's step.
    public var step: PlanStep

    /// The contract's view of `step`.
    public init(_ step: PlanStep) { self.step = step }

    enum CodingKeys: String, CodingKey {
        case step, market, quantity, limitPrice, expectedPrice, priceSource, fee, targetMarginRatio, marginRatioAfter, amount, reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step.kind.rawValue, forKey: .step)
        try container.encodeIfPresent(step.market, forKey: .market)
        try container.encodeIfPresent(step.quantity?.description, forKey: .quantity)
        try container.encodeIfPresent(step.limitPrice?.description, forKey: .limitPrice)
        try container.encodeIfPresent(step.expectedPrice?.description, forKey: .expectedPrice)
        try container.encodeIfPresent(step.priceSource, forKey: .priceSource)
        try container.encodeIfPresent(step.fee?.description, forKey: .fee)
        try container.encodeIfPresent(step.targetMarginRatio?.description, forKey: .targetMarginRatio)
        try container.encodeIfPresent(step.marginRatioAfter?.description, forKey: .marginRatioAfter)
        try container.encodeIfPresent(step.amount?.description, forKey: .amount)
        try container.encode(step.reason, forKey: .reason)
    }
}
