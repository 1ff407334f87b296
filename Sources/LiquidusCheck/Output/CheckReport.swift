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

/// One step of a liquidation plan (see the contract's `plan`). Fields that do not apply to a
/// step are omitted.
public struct PlanStepReport: Sendable, Encodable, Hashable {
    /// `cancelOrders`, `partialClose`, `fullTakeover`, `insuranceFund` or `autoDeleverage`.
    public var step: String
    /// The market the step acts on.
    public var market: String?
    /// Unsigned quantity, in the market's lots.
    public var quantity: Quantity?
    /// The worst price the step may fill at (never worse than the bankruptcy price).
    public var limitPrice: Price?
    /// The price the engine expects the step to fill at.
    public var expectedPrice: Price?
    /// `"book"` or `"mark"`: where `expectedPrice` comes from.
    public var priceSource: String?
    /// The liquidation fee of the step.
    public var fee: Money?
    /// The margin ratio the policy aims for.
    public var targetMarginRatio: Rate?
    /// The margin ratio expected once the step fills at `expectedPrice`, fee included.
    public var marginRatioAfter: Rate?
    /// Money the step moves, an optional extension of the contract: what the fund pays
    /// (`insuranceFund`), or the takeover's result for the fund (`fullTakeover`, > 0 a surplus).
    public var amount: Money?
    /// Why this step and this quantity, in words.
    public var reason: String

    /// The contract's view of an engine plan step.
    public init(_ step: PlanStep) {
        self.init(
            step: step.kind.rawValue, market: step.market, quantity: step.quantity, limitPrice: step.limitPrice,
            expectedPrice: step.expectedPrice, priceSource: step.priceSource, fee: step.fee,
            targetMarginRatio: step.targetMarginRatio, marginRatioAfter: step.marginRatioAfter, reason: step.reason)
        amount = step.amount
    }

    /// Creates a step.
    public init(
        step: String, market: String? = nil, quantity: Quantity? = nil, limitPrice: Price? = nil,
        expectedPrice: Price? = nil, priceSource: String? = nil, fee: Money? = nil,
        targetMarginRatio: Rate? = nil, marginRatioAfter: Rate? = nil, reason: String
    ) {
        self.step = step
        self.market = market
        self.quantity = quantity
        self.limitPrice = limitPrice
        self.expectedPrice = expectedPrice
        self.priceSource = priceSource
        self.fee = fee
        self.targetMarginRatio = targetMarginRatio
        self.marginRatioAfter = marginRatioAfter
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case step, market, quantity, limitPrice, expectedPrice, priceSource, fee, targetMarginRatio, marginRatioAfter, amount, reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step, forKey: .step)
        try container.encodeIfPresent(market, forKey: .market)
        try container.encodeIfPresent(quantity?.description, forKey: .quantity)
        try container.encodeIfPresent(limitPrice?.description, forKey: .limitPrice)
        try container.encodeIfPresent(expectedPrice?.description, forKey: .expectedPrice)
        try container.encodeIfPresent(priceSource, forKey: .priceSource)
        try container.encodeIfPresent(fee?.description, forKey: .fee)
        try container.encodeIfPresent(targetMarginRatio?.description, forKey: .targetMarginRatio)
        try container.encodeIfPresent(marginRatioAfter?.description, forKey: .marginRatioAfter)
        try container.encodeIfPresent(amount?.description, forKey: .amount)
        try container.encode(reason, forKey: .reason)
    }
}
