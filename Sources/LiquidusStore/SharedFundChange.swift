public import LiquidusCore

/// What one batch does to an insurance fund shared by several shards: the engine applied the
/// batch against the fund's balance `b` (its ``LiquidusEngine/EngineInput/Action/insuranceFund(balance:)``
/// input), the fund went as low as `b − drawdown` and ended at `b + delta`.
///
/// The batch is valid against any balance `B ≥ drawdown` the shared fund holds when it commits:
/// the fund never goes below zero on the way (`B − drawdown ≥ 0`), and the shared balance becomes
/// `B + delta`. A store commits the change with the batch only under that condition.
public struct SharedFundChange: Hashable, Sendable {
    /// The fund's change over the batch (end − start).
    public var delta: Money
    /// The batch's deepest draw below its start (start − lowest, ≥ 0, ≥ −delta).
    public var drawdown: Money

    /// The change of a batch whose fund started at `start`, ended at `end` and went as low as
    /// `lowest`; `nil` when the batch neither drew from the fund nor paid into it. Throws
    /// (`unavailable`, the batch is refused) when a figure does not fit in ``LiquidusCore/Money``.
    public init?(start: WideMoney, end: WideMoney, lowest: WideMoney) throws(StoreError) {
        guard end != start || lowest < start else { return nil }
        guard let delta = (end - start).money, let drawdown = (start - Swift.min(lowest, start)).money else {
            throw StoreError(.writeFailed, "a batch's change of the shared fund does not fit in one amount")
        }
        self.delta = delta
        self.drawdown = drawdown
    }
}
