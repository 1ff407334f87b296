/// One row of a market's risk-limit table: the notional up to which it applies, and the margin
/// it requires.
///
/// The maintenance margin of a position whose notional `n` falls in this tier is
/// `n × maintenanceMarginRate − maintenanceAmount`. The amount makes the requirement continuous
/// at the tier boundaries (Binance's "maintenance amount", Bybit's "MM deduction", Hyperliquid's
/// margin-tier deduction), following the recurrence
/// `amount(k) = cap(k−1) × (rate(k) − rate(k−1)) + amount(k−1)`.
public struct RiskTier: Hashable, Sendable {
    /// The largest notional this tier covers (inclusive); `nil` for an unbounded last tier.
    public var notionalCap: Money?
    /// The maintenance margin rate `r`, in (0, 1).
    public var maintenanceMarginRate: Rate
    /// The maintenance amount `a` subtracted from `notional × r`, ≥ 0.
    public var maintenanceAmount: Money
    /// The highest leverage allowed in this tier; initial margin at it is `notional ÷ maxLeverage`.
    public var maxLeverage: Rate

    /// Creates a tier. Values are checked when a ``RiskTierTable`` is built from tiers.
    public init(notionalCap: Money?, maintenanceMarginRate: Rate, maintenanceAmount: Money, maxLeverage: Rate) {
        self.notionalCap = notionalCap
        self.maintenanceMarginRate = maintenanceMarginRate
        self.maintenanceAmount = maintenanceAmount
        self.maxLeverage = maxLeverage
    }

    /// `notional × r − a` in units of 10⁻²⁴ (exact, before any rounding), for a notional given
    /// exactly in units of 10⁻¹⁶ (`|q| × p` of two 10⁻⁸ numbers).
    @inlinable func exactMaintenance(wideNotional: Int128) -> Int128 {
        wideNotional * Int128(maintenanceMarginRate.units)
            - Int128(maintenanceAmount.units) * FixedPoint.wideScale * FixedPoint.wideScale
    }
}
