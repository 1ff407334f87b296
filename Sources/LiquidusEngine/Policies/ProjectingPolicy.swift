/// A built-in policy whose decision is a least close found by projecting candidates: it hands
/// the cascade that close's projection, so the close is priced and checked without projecting the
/// same lots at the same price again (``LiquidationContext/project(closing:)`` is the costliest
/// step of a decision: two PnLs, a fee and a tiered maintenance), and a lower bound on it found
/// without projecting, from which the cascade starts pricing the close against a book.
///
/// A closed set of the built-in policies that can, so that the cascade's calls are direct (and
/// inlined) rather than through an existential: measured on W3, 2 % of a quote. For each, its
/// ``LiquidationPolicy/decide(_:)`` is `decision(closing: leastClose(context)?.lots)`.
enum ProjectingPolicy: Sendable {
    /// ``RestoreMarginRatio``: the least lots reaching its aim.
    case restoreMarginRatio(RestoreMarginRatio)

    /// `policy` when it is one of these, else `nil`.
    init?(_ policy: any LiquidationPolicy) {
        guard let policy = policy as? RestoreMarginRatio else { return nil }
        self = .restoreMarginRatio(policy)
    }

    /// The lots the policy closes at the context's price and their projection
    /// (`context.project(closing: lots)`); `nil` when it takes the position over instead.
    @inline(__always)
    func leastClose(_ context: LiquidationContext) -> (lots: Int64, projection: CloseProjection)? {
        switch self {
        case .restoreMarginRatio(let policy): policy.leastClose(context)
        }
    }

    /// The decision for closing `lots`, or the takeover when `nil`.
    @inline(__always)
    func decision(closing lots: Int64?) -> PolicyDecision {
        switch self {
        case .restoreMarginRatio(let policy): policy.decision(closing: lots)
        }
    }

    /// Lots below which no close is decided at the context's price or at any worse one (so none
    /// is decided at any price a walk of the book gives), found without projecting; `nil` when
    /// the policy cannot tell.
    @inline(__always)
    func fewestLots(_ context: LiquidationContext) -> Int64? {
        switch self {
        case .restoreMarginRatio(let policy): policy.fewestLots(context)
        }
    }
}
