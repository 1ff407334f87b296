public import LiquidusCore

/// An independent reference for margin figures: exact rational arithmetic with no tier search
/// cleverness, used to check the production solver.
///
/// It evaluates `equity(p) − maintenance(p)` at any price exactly (as a numerator over 10²⁴) and
/// finds the liquidation price by bisection over the integer units of price, then rounds it to
/// the tick the way Liquidus promises. Slow and simple on purpose.
public enum ReferenceMargin {
    /// `C + q·(p − e) − (|q|·p·r − a)` at price `p`, exactly, in units of 10⁻²⁴.
    public static func surplus(size: Quantity, entry: Price, backing: Money, tiers: RiskTierTable, at price: Price) -> Int128 {
        let scale: Int128 = 100_000_000
        let wideNotional = Int128(size.units.magnitude) * Int128(price.units)  // 10⁻¹⁶
        // Linear scan for the tier: first cap ≥ notional, else the last.
        var tier = tiers.tiers.last!
        for candidate in tiers.tiers {
            if let cap = candidate.notionalCap, Int128(cap.units) * scale >= wideNotional {
                tier = candidate
                break
            }
        }
        let equity = Int128(backing.units) * scale * scale + Int128(size.units) * (Int128(price.units) - Int128(entry.units)) * scale
        let maintenance = wideNotional * Int128(tier.maintenanceMarginRate.units) - Int128(tier.maintenanceAmount.units) * scale * scale
        return equity - maintenance
    }

    /// The liquidation price by bisection on whole units of price in (0, ``Limits/maxPrice``],
    /// rounded to the tick toward solvency; `nil` when the surplus does not change sign there.
    public static func liquidationPrice(size: Quantity, entry: Price, backing: Money, tiers: RiskTierTable, tick: Price) -> Price? {
        let long = size.units > 0
        // For a long, surplus rises with p: find the smallest unit price with surplus ≥ 0 … the
        // root lies in (lo, hi]; for a short, surplus falls with p: the largest with surplus ≥ 0.
        func healthy(_ units: Int64) -> Bool {
            surplus(size: size, entry: entry, backing: backing, tiers: tiers, at: Price(units: units)) >= 0
        }
        var lo: Int64 = 1
        var hi: Int64 = Limits.maxPrice.units
        if long {
            if healthy(lo) { return nil }          // no positive root above the lowest price
            if !healthy(hi) { return nil }
            while hi - lo > 1 {                    // invariant: !healthy(lo), healthy(hi)
                let mid = lo + (hi - lo) / 2
                if healthy(mid) { hi = mid } else { lo = mid }
            }
            // The exact root is in (lo, hi]; round up to the tick.
            let ticks = (hi + tick.units - 1) / tick.units
            return Price(units: ticks * tick.units)
        } else {
            if !healthy(lo) { return nil }
            if healthy(hi) { return nil }
            while hi - lo > 1 {                    // invariant: healthy(lo), !healthy(hi)
                let mid = lo + (hi - lo) / 2
                if healthy(mid) { lo = mid } else { hi = mid }
            }
            // The exact root is in [lo, hi); round down to the tick.
            let ticks = lo / tick.units
            return ticks == 0 ? nil : Price(units: ticks * tick.units)
        }
    }
}

extension ReferenceMargin {
    /// A cross account's `equity − maintenance` exactly (10⁻²⁴), with every mark as given: no
    /// per-position rounding at all, unlike the production path.
    public static func accountSurplus(_ account: Account, markets: MarketCatalog, marks: [String: Price]) -> Int128 {
        let scale: Int128 = 100_000_000
        var total = Int128(account.walletBalance.units) * scale * scale
        for position in account.positions {
            let market = markets[position.market]!
            let mark = marks[position.market]!
            total += surplus(size: position.size, entry: position.entryPrice, backing: .zero, tiers: market.riskTiers, at: mark)
        }
        return total
    }

    /// The mark of `account.positions[index]` at which the whole account's exact surplus changes
    /// sign, the other marks held fixed, by bisection; rounded to the tick toward solvency.
    public static func crossLiquidationPrice(_ account: Account, position index: Int, markets: MarketCatalog, marks: [String: Price]) -> Price? {
        let position = account.positions[index]
        let tick = markets[position.market]!.tickSize
        func healthy(_ units: Int64) -> Bool {
            var moved = marks
            moved[position.market] = Price(units: units)
            return accountSurplus(account, markets: markets, marks: moved) >= 0
        }
        var lo: Int64 = 1
        var hi: Int64 = Limits.maxPrice.units
        if position.size.units > 0 {
            guard !healthy(lo), healthy(hi) else { return nil }
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if healthy(mid) { hi = mid } else { lo = mid }
            }
            return Price(units: (hi + tick.units - 1) / tick.units * tick.units)
        } else {
            guard healthy(lo), !healthy(hi) else { return nil }
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if healthy(mid) { lo = mid } else { hi = mid }
            }
            let ticks = lo / tick.units
            return ticks == 0 ? nil : Price(units: ticks * tick.units)
        }
    }
}
