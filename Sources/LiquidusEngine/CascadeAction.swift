import LiquidusCore

/// One thing the cascade did, with its numbers. The planner turns actions into ``PlanStep``s,
/// the engine into ``EngineEvent``s.
enum CascadeAction: Hashable, Sendable {
    case triggered(LiquidationTriggered)
    case ordersCancelled(OrdersCancelled)
    case partial(PartialLiquidation)
    case takeover(PositionTakenOver)
    case fundPaid(InsuranceFundPaid)
    case deleverage(DeleverageOrder)
    case waiting(String)
    case resolved(LiquidationResolved)
}

/// A part of a taken-over position the fund could not carry, to be closed against opposing
/// profitable positions at the bankruptcy price.
struct DeleverageOrder: Hashable, Sendable {
    var account: String
    var market: String
    /// The side of the taken-over position (counterparties are on the other side).
    var side: Side
    var quantity: Quantity
    var bankruptcyPrice: Price
    var expectedPrice: Price
    var priceSource: String
    var reason: String
}
