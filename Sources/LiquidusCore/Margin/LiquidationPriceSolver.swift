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
/// Equity minus maintenance, `C + q·(p − e) − MM(p)`, is strictly monotone in `p` within a tier
/// (its slope is `q − |q|·r`, and `r < 1`), so with a continuous table the root is unique. The
/// solver finds the tier that holds it by evaluating that function at tier boundaries (exact
/// integer arithmetic, no division), solves in that tier, and so the price always lands in the
/// tier it was solved with. A table continuous only to within one unit of money may jump at a
/// cap; then the answer is the first price crossed as the mark moves against the position (a
/// long's highest root, a short's lowest), which may be the cap's price itself.
///
/// Every quantity is formed exactly in `Int128` — for a valid position (`|q|·e ≤` ``Limits/maxMoney``,
/// so `q·e` is below 10²⁶ units of 10⁻¹⁶), a backing that fits in ``Money`` (below 10¹⁹ units) and
/// tiers within the limits, each term is below 10³⁵, far inside `Int128` (1.7 × 10³⁸); the one rounding puts the price on the tick grid
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

        let side: Side = size.units > 0 ? .long : .short
        // Every tier but the last has a cap (a validated table).
        func floorNotional(_ index: Int) -> Int128 { index == 0 ? 0 : Int128(table[index - 1].notionalCap?.units ?? 0) }
        func solve(in tier: RiskTier) -> Int128 {
            let numerator = q * Int128(entryPrice.units) * scale
                - (Int128(backing.units) + Int128(tier.maintenanceAmount.units)) * scale * scale
            let denominator = q * scale - absQ * Int128(tier.maintenanceMarginRate.units)
            return WideDivision.divide(numerator, by: denominator, side.solvencyRounding)
        }
        // The liquidation price is the first price, moving against the position, at which equity
        // falls to maintenance: a long's highest root (its liquidatable region is h ≤ 0, at low
        // notional), a short's lowest (h ≥ 0, at high notional). With a continuous table there is
        // one root; with a sub-unit jump at a cap there may be two, and the first crossed counts.
        let chosen: Int
        let exactUnits: Int128
        if side == .long {
            // Scan down from the top tier for the first whose floor is already liquidatable.
            guard let index = table.indices.reversed().first(where: { h(table[$0], atNotional: floorNotional($0)) <= 0 }) else {
                return nil  // equity > maintenance all the way down to p = 0
            }
            chosen = index
            if index < table.count - 1, let cap = table[index].notionalCap, h(table[index], atNotional: Int128(cap.units)) <= 0 {
                exactUnits = WideDivision.divide(Int128(cap.units) * scale, by: absQ, side.solvencyRounding)  // the root sits in the jump at the cap
            } else if index == 0, h(table[0], atNotional: 0) == 0 {
                return nil  // the root is p = 0 itself
            } else {
                exactUnits = solve(in: table[index])
            }
        } else {
            // Scan up from the bottom tier for the first whose cap is liquidatable (the last tier
            // is unbounded: its h grows without limit).
            let index = table.indices.first { index in
                guard index < table.count - 1, let cap = table[index].notionalCap else { return true }
                return h(table[index], atNotional: Int128(cap.units)) >= 0
            } ?? table.count - 1
            chosen = index
            if h(table[index], atNotional: floorNotional(index)) >= 0 {
                // Liquidatable from the tier's floor: at every positive price (index 0), or from the cap
                // below, where the table jumps.
                guard index > 0 else { return nil }
                exactUnits = WideDivision.divide(floorNotional(index) * scale, by: absQ, side.solvencyRounding)
            } else {
                exactUnits = solve(in: table[index])
            }
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
        let rounding = (size.units > 0 ? Side.long : .short).solvencyRounding
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
