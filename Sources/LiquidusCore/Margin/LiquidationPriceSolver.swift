/// Exact solutions for the two prices that matter to a position: where its equity meets its
/// maintenance margin (liquidation) and where its equity is exhausted (bankruptcy).
///
/// For a position of signed size `q` and entry `e`, backed by `C`:
///
/// - **liquidation price** `p` solves `C + q·(p − e) = |q|·p·r − a`, with `r`, `a` the rate and
///   amount of the tier that holds the notional `|q|·p` *at that price*:
///   `p = (q·e − C − a) ÷ (q − |q|·r)`. This is Binance's published
///   `LP = (WB − TMM₁ + UPNL₁ + cumB − side·|q|·EP) ÷ (|q|·MMR − side·|q|)` with
///   `C = WB − TMM₁ + UPNL₁` and `a = cumB`, and Hyperliquid's
///   `price − side·margin_available ÷ |q| ÷ (1 − l·side)` with `l = r`;
/// - **bankruptcy price** `p` solves `C′ + q·(p − e) = 0`: `p = e − C′ ÷ q`.
///
/// Isolated: `C = C′ =` the isolated margin. Cross, with the other marks held fixed:
/// `C′ = wallet + Σ uPnL of the other positions` and `C = C′ − Σ maintenance of the others`.
///
/// Equity minus maintenance, `C + q·(p − e) − MM(p)`, is strictly monotone in `p` (its slope is
/// `q − |q|·r`, and `r < 1`), so the root is unique. The solver finds the tier that holds it by
/// evaluating that function at each tier's cap (exact integer arithmetic, no division), solves in
/// that tier, and so the price always lands in the tier it was solved with. Where a table is
/// continuous only to within one unit of money and the root falls in the gap at a cap, the cap's
/// price is the answer.
///
/// Every quantity is formed exactly in `Int128`; the one rounding puts the price on the tick grid
/// toward solvency (``Side/solvencyRounding``: a long's prices up, a short's down). `nil` means
/// no positive price within ``Limits/maxPrice`` satisfies the equation (a long whose backing
/// covers a fall to zero, a short already beyond rescue at any positive price).
public enum LiquidationPriceSolver {
    /// The mark at which `backing + q·(p − e)` equals the tiered maintenance margin of `|q|·p`.
    ///
    /// - Returns: the price on the tick grid rounded toward solvency, and the index of the tier
    ///   it was solved in; `nil` when no such positive price exists within ``Limits/maxPrice``.
    /// - Complexity: O(t) for t tiers.
    public static func liquidationPrice(
        size: Quantity, entryPrice: Price, backing: Money, tiers: RiskTierTable, tickSize: Price
    ) -> (price: Price, tier: Int)? {
        precondition(!size.isZero, "a position has a non-zero size")
        let scale = FixedPoint.wideScale
        let sign: Int128 = size.units > 0 ? 1 : -1
        let q = Int128(size.units)
        let absQ = Int128(size.units.magnitude)
        let entryValue = q * Int128(entryPrice.units) * scale  // q·e at 10⁻²⁴
        let backingWide = Int128(backing.units) * scale * scale  // C at 10⁻²⁴
        let table = tiers.tiers

        // h_k(n) = side · (C + side·n − q·e − n·r_k + a_k): increasing in the notional n for both
        // sides; the root is where it crosses zero. `notional` in money units (10⁻⁸).
        func h(_ tier: RiskTier, atNotional notional: Int128) -> Int128 {
            let g = backingWide + sign * notional * scale * scale - entryValue
                - notional * Int128(tier.maintenanceMarginRate.units) * scale
                + Int128(tier.maintenanceAmount.units) * scale * scale
            return sign * g
        }

        var chosen = table.count - 1
        for (index, tier) in table.enumerated().dropLast() {
            if let cap = tier.notionalCap, h(tier, atNotional: Int128(cap.units)) >= 0 {
                chosen = index
                break
            }
        }
        let tier = table[chosen]
        let floor = chosen == 0 ? 0 : Int128(table[chosen - 1].notionalCap!.units)
        let atFloor = h(tier, atNotional: floor)
        let side = size.side!
        let exactUnits: Int128
        if chosen == 0, atFloor >= 0 {
            // Equity ≥ maintenance all the way down to p = 0 (a long whose backing covers the
            // fall), or a short that is short of maintenance at every positive price.
            return nil
        } else if chosen > 0, atFloor > 0 {
            // The root lies in the (sub-unit) jump of a table at this cap: the cap's price.
            exactUnits = WideDivision.divide(floor * scale, by: absQ, side.solvencyRounding)
        } else {
            let numerator = q * Int128(entryPrice.units) * scale
                - (Int128(backing.units) + Int128(tier.maintenanceAmount.units)) * scale * scale
            let denominator = q * scale - absQ * Int128(tier.maintenanceMarginRate.units)
            exactUnits = WideDivision.divide(numerator, by: denominator, side.solvencyRounding)
        }
        guard let price = onTick(exactUnits, tickSize: tickSize, side.solvencyRounding) else { return nil }
        return (price, chosen)
    }

    /// The mark at which `backing + q·(p − e)` is zero: `p = e − backing ÷ q`, on the tick grid
    /// rounded toward solvency; `nil` when it is not a positive price within ``Limits/maxPrice``.
    public static func bankruptcyPrice(size: Quantity, entryPrice: Price, backing: Money, tickSize: Price) -> Price? {
        precondition(!size.isZero, "a position has a non-zero size")
        let q = Int128(size.units)
        let numerator = q * Int128(entryPrice.units) - Int128(backing.units) * FixedPoint.wideScale
        let rounding = size.side!.solvencyRounding
        return onTick(WideDivision.divide(numerator, by: q, rounding), tickSize: tickSize, rounding)
    }

    /// Puts a price given in units on the tick grid. Rounding to units first and then to the
    /// tick, in one direction, equals rounding the exact value to the tick once (the tick grid is
    /// a subset of the unit grid).
    static func onTick(_ units: Int128, tickSize: Price, _ rounding: Rounding) -> Price? {
        guard units > 0, units <= Int128(Limits.maxPrice.units) else { return nil }
        let ticks = WideDivision.divide(units, by: Int128(tickSize.units), rounding)
        let onGrid = ticks * Int128(tickSize.units)
        guard onGrid > 0, onGrid <= Int128(Limits.maxPrice.units) else { return nil }
        return Price(units: Int64(onGrid))
    }
}
