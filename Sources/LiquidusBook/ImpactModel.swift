/// A model of market impact: how far an order of a given size moves the price it trades at,
/// as a fraction of the reference price.
///
/// Models use `Double` internally (house rule: doubles are fine in models). Their output
/// reaches a money path only through ``SlippageEstimate``, which clamps it to [0, 1] and rounds
/// it up (more impact, the conservative side) into a `Rate`.
///
/// Conforming types are value types; ``observe(fill:)`` mutates the model in place, so an owner
/// (one engine shard per market) keeps each model as a stored `var`.
public protocol ImpactModel: Sendable {
    /// The expected impact of executing `input.size` now, as a fraction of price (0.001 is
    /// 10 bps); ≥ 0 and finite for finite non-negative inputs.
    func expectedImpact(_ input: ImpactInput) -> Double

    /// Learns from one observed execution. Static models ignore it.
    /// - Complexity: O(1) for the models in this module.
    mutating func observe(fill: ImpactFill)
}

extension ImpactModel {
    /// ``expectedImpact(_:)`` in basis points (fraction × 10⁴), for reporting.
    public func expectedImpactBps(_ input: ImpactInput) -> Double {
        expectedImpact(input) * 10_000
    }
}
