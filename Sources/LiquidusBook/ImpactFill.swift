/// An observed execution for an ``ImpactModel`` to learn from: what the model would have been
/// asked, and the impact that was realised.
public struct ImpactFill: Hashable, Sendable {
    /// The order and market state when the order was sent.
    public var input: ImpactInput
    /// The realised impact as a fraction of the reference price:
    /// `sign × (average fill price − reference) ÷ reference`, with sign +1 for a buy and −1 for a
    /// sell, so a fill worse than the reference is positive. Models that take logarithms floor it.
    public var impact: Double

    /// Creates an observation.
    public init(input: ImpactInput, impact: Double) {
        self.input = input
        self.impact = impact
    }
}
