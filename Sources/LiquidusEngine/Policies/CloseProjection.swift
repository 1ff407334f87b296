public import LiquidusCore

/// What closing part of a position would leave: the figures of the position's margin scope (the
/// whole account when cross, the position alone when isolated) once the close fills at the
/// expected price, fee paid.
///
/// For a close of `c` (unsigned) from a position of signed size `q`, entry `e`, mark `p`, at the
/// expected price `x`, with liquidation fee rate `f`:
/// - realized PnL `R = side·c·(x − e)`, rounded down (a credit to the trader);
/// - fee `F = ⌈⌈c·x⌉·f⌉` (a charge, rounded up), paid to the insurance fund;
/// - the rest `q′ = q − side·c` stays valued at the mark: `uPnL′ = q′·(p − e)` rounded down,
///   `MM′` = tiered maintenance of `|q′|·p` in the tier of the *reduced* notional, rounded up;
/// - `equity′ = backing + R − F + uPnL′` where backing is the wallet plus the other positions'
///   unrealized PnL (cross) or the isolated margin (isolated); `MM′` adds the other positions'
///   maintenance (cross).
///
/// These are exactly the figures `Account.margin(markets:marks:)` reports once the
/// engine has carried the close out, so a plan's `marginRatioAfter` is what the engine then sees.
public struct CloseProjection: Hashable, Sendable {
    /// The unsigned quantity closed.
    public var quantity: Quantity
    /// `R`, rounded down.
    public var realizedPnl: Money
    /// `F`, rounded up.
    public var fee: Money
    /// The position's signed size afterwards.
    public var remainingSize: Quantity
    /// The scope's collateral afterwards (cross: wallet; isolated: the isolated margin).
    public var backingAfter: Money
    /// The scope's equity afterwards.
    public var equityAfter: Money
    /// The scope's maintenance margin afterwards.
    public var maintenanceAfter: Money
    /// `MM′ ÷ equity′` rounded up; `nil` when `equity′ ≤ 0`.
    public var marginRatioAfter: Rate? {
        equityAfter.isPositive ? maintenanceAfter.ratio(to: equityAfter, .up) : nil
    }

    /// Whether the scope would still be at or below maintenance (`equity′ ≤ MM′`).
    public var liquidatableAfter: Bool { equityAfter <= maintenanceAfter }

    /// Whether the margin ratio afterwards is at most `target` and the scope is above
    /// maintenance: `equity′ > MM′ ≥ 0` and `MM′ ≤ target × equity′`. The ratio is rounded up
    /// and `target` lies on its grid, so `⌈MM′ ÷ equity′⌉ ≤ target ⇔ MM′ ≤ target × equity′`:
    /// the test is one exact product, without the ratio's division.
    public func reaches(_ target: Rate) -> Bool {
        guard equityAfter > maintenanceAfter, equityAfter.isPositive else { return false }
        return Int128(maintenanceAfter.units) * FixedPoint.wideScale <= Int128(target.units) * Int128(equityAfter.units)
    }
}
