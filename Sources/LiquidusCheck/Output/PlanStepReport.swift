import LiquidusCore
public import LiquidusEngine

/// One step of a liquidation plan in the contract's form (see its `plan`): the engine's
/// `PlanStep`, with fields that do not apply to the step omitted.
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
