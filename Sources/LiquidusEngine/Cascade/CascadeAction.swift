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
