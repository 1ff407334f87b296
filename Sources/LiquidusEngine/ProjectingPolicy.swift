/// A built-in policy whose decision is a least close found by projecting candidates: it hands
/// the cascade that close's projection, so the close is priced and checked without projecting the
/// same lots at the same price again (``LiquidationContext/project(closing:)`` is the costliest
/// step of a decision: two PnLs, a fee and a tiered maintenance), and a lower bound on it found
/// without projecting, from which the cascade starts pricing the close against a book.
///
/// Its ``LiquidationPolicy/decide(_:)`` is `decision(closing: leastClose(context)?.lots)`.
protocol ProjectingPolicy: LiquidationPolicy {
    /// The lots the policy closes at the context's price and their projection
    /// (`context.project(closing: lots)`); `nil` when it takes the position over instead.
    func leastClose(_ context: LiquidationContext) -> (lots: Int64, projection: CloseProjection)?

    /// The decision for closing `lots`, or the takeover when `nil`.
    func decision(closing lots: Int64?) -> PolicyDecision

    /// Lots below which no close is decided at the context's price or at any worse one (so none
    /// is decided at any price a walk of the book gives), found without projecting; `nil` when
    /// the policy cannot tell.
    func fewestLots(_ context: LiquidationContext) -> Int64?
}
