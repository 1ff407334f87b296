/// A built-in policy whose decision comes with the projection of the close it decided, made by
/// its own search: the cascade then prices and checks the close with it instead of projecting the
/// same lots at the same price again (``LiquidationContext/project(closing:)`` is the costliest
/// step of a decision: two PnLs, a fee and a tiered maintenance).
protocol ProjectingPolicy: LiquidationPolicy {
    /// ``LiquidationPolicy/decide(_:)``, and for a partial close of `n` lots the projection
    /// `context.project(closing: n)` (or `nil` when the policy did not make it).
    func decideProjecting(_ context: inout LiquidationContext) -> (decision: PolicyDecision, projection: CloseProjection?)
}
