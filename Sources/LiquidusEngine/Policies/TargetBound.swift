import LiquidusCore

/// Upper bounds, affine in the lots closed, of the two figures whose signs decide whether a close
/// reaches a margin-ratio aim `t` (see ``RestoreMarginRatio``): a close of `n` lots reaches it
/// only if `G₁(n) = t·equity′ − MM′ ≥ 0` and `G₂(n) = equity′ − MM′ − 10⁻⁸ ≥ 0`. So wherever a
/// bound is negative the close certainly misses, and the search projects only the lots the
/// bounds leave — usually one.
///
/// In units of 10⁻¹⁶, for `n` lots of `L` closed at the expected price `x` (fee rate `f`) from a
/// position of signed size `q` (side `s`), entry `e`, mark `p`, with the scope's backing `B` and
/// the other positions' maintenance `O`, on a segment whose reduced notional stays in the tier
/// `(r, a)`:
/// - `Ê(n) = B·10⁸ + q·(p − e) + n·(s·L·(x − p) − ⌊L·x·f ÷ 10⁸⌋)`, at least the exact equity
///   `B + s·nL·(x − e) − nL·x·f + (q − s·nL)·(p − e)`, which is at least the projection's
///   (its PnLs round down and its fee up);
/// - `M̂(n) = O·10⁸ + ⌊|q|·p·r ÷ 10⁸⌋ − a·10⁸ − n·⌈L·p·r ÷ 10⁸⌉`, at most the exact
///   maintenance `O + (|q| − nL)·p·r − a`, which is at most the projection's (rounded up, and
///   never below zero);
/// - `Ĝ₁ = t·Ê − 10⁸·M̂ ≥ 10⁸·G₁` and `Ĝ₂ = Ê − M̂ − 10⁸ ≥ 10⁸·G₂`.
///
/// Every product is checked against a magnitude that keeps the sums inside `Int128`; beyond it
/// (far past ``LiquidusCore/Limits``) the bound proves nothing and the search projects as before.
struct TargetBound {
    /// The aim `t`, in units of 10⁻⁸.
    let aim: Int128
    /// `|q|`, `L` and `p`, in units of 10⁻⁸.
    let size: Int128, lot: Int128, mark: Int128
    /// `Ê(0)` and `Ê(n) − Ê(n − 1)`, in units of 10⁻¹⁶.
    let equityBase: Int128, equityPerLot: Int128
    /// `O·10⁸`.
    let othersMaintenance: Int128
    /// Whether the products stay within ``magnitude`` (else the bound proves nothing).
    let usable: Bool

    /// The largest magnitude of `|q|` times a price and of the backing (in 10⁻¹⁶): with `t ≤ 1`
    /// and rates below 1, every term below is at most a few times 10³⁷, inside `Int128`.
    static let magnitude: Int128 = 100_000_000_000_000_000_000_000_000_000  // 10²⁹

    init(_ context: borrowing LiquidationContext, aim: Rate) {
        let signedSize = context.position.position.size.units
        self.aim = Int128(aim.units)
        size = Int128(signedSize.magnitude)
        lot = Int128(context.market.lotSize.units)
        mark = Int128(context.position.markPrice.units)
        let price = Int128(context.expectedPrice.units), entry = Int128(context.position.position.entryPrice.units)
        let lotNotional = lot * price
        usable = (0...FixedPoint.wideScale).contains(self.aim) && size * Swift.max(price, mark, entry) <= Self.magnitude
            && Int128(context.backingBase.units.magnitude) <= Self.magnitude / FixedPoint.wideScale
        guard usable else {
            (equityBase, equityPerLot, othersMaintenance) = (0, 0, 0)
            return
        }
        let feePerLot = WideDivision.divideByScale(lotNotional * Int128(context.market.liquidationFeeRate.units), .down)
        equityBase = Int128(context.backingBase.units) * FixedPoint.wideScale + Int128(signedSize) * (mark - entry)
        equityPerLot = (signedSize > 0 ? 1 : -1) * lot * (price - mark) - feePerLot
        othersMaintenance = Int128(context.othersMaintenance.units) * FixedPoint.wideScale
    }

    /// `(|q| − nL)·p`, the reduced notional in units of 10⁻¹⁶, which sets the tier.
    func reducedNotional(closing lots: Int64) -> Int128 { (size - Int128(lots) * lot) * mark }

    /// The lots of `range` (within one tier's segment, `tier`) not proven to miss the aim, as
    /// one range; `nil` when every lot of `range` misses it.
    func candidates(in range: ClosedRange<Int64>, tier: RiskTier) -> ClosedRange<Int64>? {
        guard usable else { return range }
        let rate = Int128(tier.maintenanceMarginRate.units)
        let maintenanceBase = othersMaintenance + WideDivision.divideByScale(size * mark * rate, .down)
            - Int128(tier.maintenanceAmount.units) * FixedPoint.wideScale
        let maintenancePerLot = WideDivision.divideByScale(lot * mark * rate, .up)
        // Ĝ(n) = value + n·slope, as n grows by one lot.
        let first = Self.admissible(
            value: aim * equityBase - FixedPoint.wideScale * maintenanceBase,
            slope: aim * equityPerLot + FixedPoint.wideScale * maintenancePerLot, in: range)
        guard let first else { return nil }
        let second = Self.admissible(
            value: equityBase - maintenanceBase - FixedPoint.wideScale, slope: equityPerLot + maintenancePerLot, in: first)
        return second
    }

    /// The `n` of `range` where `value + n·slope ≥ 0` (a range, since the function is affine);
    /// `nil` when there are none.
    static func admissible(value: Int128, slope: Int128, in range: ClosedRange<Int64>) -> ClosedRange<Int64>? {
        let atStart = value + Int128(range.lowerBound) * slope
        let width = Int128(range.upperBound - range.lowerBound)
        if slope > 0 {
            guard atStart < 0 else { return range }
            guard -atStart <= slope * width else { return nil }
            return (range.lowerBound + Int64(WideDivision.divide(-atStart, by: slope, .up)))...range.upperBound
        } else if slope < 0 {
            guard atStart >= 0 else { return nil }
            guard atStart < -slope * width else { return range }
            return range.lowerBound...(range.lowerBound + Int64(WideDivision.divide(atStart, by: -slope, .down)))
        } else {
            return atStart >= 0 ? range : nil
        }
    }
}
