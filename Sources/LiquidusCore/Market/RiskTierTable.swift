/// A market's validated risk-limit table: tiers ordered by notional cap.
///
/// Guarantees, checked by ``init(_:)``: at least one tier; caps > 0 and strictly increasing;
/// only the last tier may be unbounded; every maintenance rate in (0, 1); every maintenance
/// amount ≥ 0; every max leverage ≥ 1 with `rate × maxLeverage < 1` (maintenance below initial
/// margin); and maintenance margin continuous at every cap within one unit of money (the tier
/// below and the tier above agree on `cap × r − a` to within 1).
///
/// A notional `n` falls in the first tier whose cap is ≥ `n`; a notional above a bounded last cap
/// is charged at the last tier (the venue would refuse to let it grow there, but a falling mark
/// must still be priced).
public struct RiskTierTable: Hashable, Sendable {
    /// The tiers, in increasing order of cap.
    public let tiers: [RiskTier]

    /// The same table in storage of its own (see ``Market/replica()``); no check is needed.
    init(replicating other: RiskTierTable) {
        tiers = other.tiers.unshared()
    }

    /// Validates `tiers` into a table, or throws the first rule broken, with the path
    /// (`riskTiers[2].maintenanceAmount`) of the offending field.
    public init(_ tiers: [RiskTier]) throws(ValidationError) {
        guard !tiers.isEmpty else {
            throw ValidationError(.outOfRange, at: "riskTiers", "must have at least one tier")
        }
        for (index, tier) in tiers.enumerated() {
            let path = "riskTiers[\(index)]"
            if let cap = tier.notionalCap {
                guard cap.isPositive, cap <= Limits.maxMoney else {
                    throw ValidationError(.outOfRange, at: "\(path).notionalCap", "must be > 0 and at most \(Limits.maxMoney)")
                }
                if index > 0, let previous = tiers[index - 1].notionalCap, cap <= previous {
                    throw ValidationError(.inconsistent, at: "\(path).notionalCap", "must be greater than the previous tier's cap \(previous)")
                }
            } else if index != tiers.count - 1 {
                throw ValidationError(.missingField, at: "\(path).notionalCap", "only the last tier may omit its cap")
            }
            guard tier.maintenanceMarginRate.isPositive, tier.maintenanceMarginRate < Rate.one else {
                throw ValidationError(.outOfRange, at: "\(path).maintenanceMarginRate", "must be > 0 and < 1")
            }
            guard !tier.maintenanceAmount.isNegative, tier.maintenanceAmount <= Limits.maxMoney else {
                throw ValidationError(.outOfRange, at: "\(path).maintenanceAmount", "must be ≥ 0 and at most \(Limits.maxMoney)")
            }
            guard tier.maxLeverage >= Rate.one, tier.maxLeverage <= Rate(10_000) else {
                throw ValidationError(.outOfRange, at: "\(path).maxLeverage", "must be ≥ 1 and at most 10000")
            }
            guard tier.maintenanceMarginRate.multiplied(by: tier.maxLeverage, .down) < Rate.one else {
                throw ValidationError(
                    .inconsistent, at: "\(path).maintenanceMarginRate",
                    "must be below 1 ÷ maxLeverage (maintenance margin under initial margin)")
            }
            if index > 0, let cap = tiers[index - 1].notionalCap {
                // Both tiers' requirement at the shared boundary, exactly, in units of 10⁻²⁴.
                let wideCap = Int128(cap.units) * FixedPoint.wideScale
                let below = tiers[index - 1].exactMaintenance(wideNotional: wideCap)
                let above = tier.exactMaintenance(wideNotional: wideCap)
                let gap = below > above ? below - above : above - below
                let oneUnitOfMoney = FixedPoint.wideScale * FixedPoint.wideScale * FixedPoint.wideScale
                guard gap <= oneUnitOfMoney else {
                    let expected = Self.continuousAmount(after: tiers[index - 1], rate: tier.maintenanceMarginRate)
                    throw ValidationError(
                        .inconsistent, at: "\(path).maintenanceAmount",
                        "makes maintenance margin jump at notional \(cap) (continuity needs \(expected))")
                }
            }
        }
        self.tiers = tiers
    }

    /// The maintenance amount a tier with `rate` must carry to continue `previous` at its cap:
    /// `cap × (rate − previous.rate) + previous.amount`, rounded down to 10⁻⁸.
    public static func continuousAmount(after previous: RiskTier, rate: Rate) -> Money {
        guard let cap = previous.notionalCap else { return previous.maintenanceAmount }
        return cap.multiplied(by: rate - previous.maintenanceMarginRate, .down) + previous.maintenanceAmount
    }

    /// The index of the tier that holds `notional`: the first whose cap is ≥ it, else the last.
    /// - Complexity: O(log t) for t tiers.
    @inlinable public func tierIndex(forNotional notional: Money) -> Int {
        tierIndex(forWideNotional: Int128(notional.units) * FixedPoint.wideScale)
    }

    /// ``tierIndex(forNotional:)`` for a notional in units of 10⁻¹⁶ (exact `|q| × p`).
    /// - Complexity: O(t) for t ≤ 8 tiers (a scan in order: fewer mispredicted branches than
    /// halving, and most positions sit in the first tiers), else O(log t).
    @inlinable public func tierIndex(forWideNotional wideNotional: Int128) -> Int {
        if tiers.count <= 8 {
            var index = 0
            while index < tiers.count - 1, let cap = tiers[index].notionalCap, Int128(cap.units) * FixedPoint.wideScale < wideNotional {
                index += 1
            }
            return index
        }
        var low = 0
        var high = tiers.count - 1
        while low < high {
            let middle = (low + high) / 2
            if let cap = tiers[middle].notionalCap, Int128(cap.units) * FixedPoint.wideScale < wideNotional {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// The maintenance margin of a position of `size` at `price`:
    /// `|size| × price × r − a` of the tier the notional falls in, rounded up (a requirement),
    /// and never below zero. One rounding, from the exact product.
    ///
    /// For a notional `|size| × price` within ``Limits/maxMoney`` (callers check it first, as the
    /// margin evaluation does): the exact product is then below 10³⁴ units of 10⁻²⁴ and the
    /// margin, below the notional, fits in ``Money``. A larger notional overflows.
    @inlinable public func maintenanceMargin(size: Quantity, price: Price) -> (margin: Money, tier: Int) {
        let wideNotional = Int128(size.units.magnitude) * Int128(price.units)
        let tier = tierIndex(forWideNotional: wideNotional)
        let exact = tiers[tier].exactMaintenance(wideNotional: wideNotional)
        let units = WideDivision.divideByScaleSquared(exact, .requirement)
        return (Money(units: Swift.max(0, Int64(units))), tier)
    }
}
