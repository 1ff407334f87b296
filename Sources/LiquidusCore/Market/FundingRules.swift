/// How a perpetual market's funding is formed and settled, as its venue publishes it (see
/// `docs/market-data.md`).
///
/// At each boundary of `interval` (multiples of it in engine time, as venues settle at 00:00,
/// 08:00, 16:00 UTC), every position pays or receives `size × price × rate`, longs paying when
/// the rate is positive. The rate is the venue's published rate for the interval when one was
/// given, else `F = P + clamp(I − P, −clamp, +clamp)` from the interval's average premium index
/// `P` and the interest rate `I`, divided by `periodsPerRate` (Hyperliquid computes an 8-hour
/// rate and pays an eighth of it each hour), and limited to ±`cap`.
public struct FundingRules: Hashable, Sendable {
    /// The settlement interval in seconds, > 0.
    public let interval: Int64
    /// The interest rate `I` per rate period (0.01 % per 8 hours at the three venues), |I| ≤ 1.
    public let interestRate: Rate
    /// The clamp on `I − P`, in [0, 1] (0.05 %).
    public let premiumClamp: Rate
    /// The most a settlement's rate may be in magnitude, in (0, 1] (`nil`: no cap).
    public let cap: Rate?
    /// How many settlements share one computed rate (1; Hyperliquid 8), in 1…1000.
    public let periodsPerRate: Int64
    /// How the premium samples of an interval are averaged.
    public let weighting: Weighting
    /// The price positions are valued at: the mark (Binance, Bybit) or the index (Hyperliquid's oracle).
    public let price: SettlementPrice

    /// The average of an interval's premium samples.
    public enum Weighting: String, Hashable, Sendable, CaseIterable {
        /// Sample `k` of the interval weighs `k` (Binance, Bybit: later minutes weigh more).
        case linear
        /// Every sample weighs the same (Hyperliquid).
        case equal
    }

    /// The price a settlement values positions at.
    public enum SettlementPrice: String, Hashable, Sendable, CaseIterable {
        /// The mark price.
        case mark
        /// The index (oracle) price.
        case index
    }

    /// Validates and creates the rules. Errors name the field.
    public init(
        interval: Int64, interestRate: Rate, premiumClamp: Rate, cap: Rate?, periodsPerRate: Int64 = 1,
        weighting: Weighting = .linear, price: SettlementPrice = .mark
    ) throws(ValidationError) {
        guard interval > 0, interval <= 86_400 * 366 else {
            throw ValidationError(.outOfRange, at: "interval", "must be 1 to 31622400 seconds")
        }
        guard interestRate.magnitudeUnits <= Rate.one.units else { throw ValidationError(.outOfRange, at: "interestRate", "must be within ±1") }
        guard !premiumClamp.isNegative, premiumClamp <= Rate.one else { throw ValidationError(.outOfRange, at: "premiumClamp", "must be in [0, 1]") }
        if let cap, !cap.isPositive || cap > Rate.one { throw ValidationError(.outOfRange, at: "cap", "must be > 0 and at most 1") }
        guard (1...1_000).contains(periodsPerRate) else { throw ValidationError(.outOfRange, at: "periodsPerRate", "must be 1 to 1000") }
        self.interval = interval
        self.interestRate = interestRate
        self.premiumClamp = premiumClamp
        self.cap = cap
        self.periodsPerRate = periodsPerRate
        self.weighting = weighting
        self.price = price
    }

    /// The rate one settlement pays from the interval's average premium `premium`:
    /// `(P + clamp(I − P, ±clamp)) ÷ periodsPerRate`, the division rounded toward zero, then
    /// limited to ±cap. |P| ≤ 1, so every step fits.
    public func rate(averagePremium premium: Rate) -> Rate {
        let p = Int128(premium.units), i = Int128(interestRate.units), c = Int128(premiumClamp.units)
        let computed = (p + Swift.min(Swift.max(i - p, -c), c)) / Int128(periodsPerRate)
        return capped(Rate(units: Int64(computed)))
    }

    /// `rate` limited to ±``cap``.
    public func capped(_ rate: Rate) -> Rate {
        guard let cap else { return rate }
        return Rate(units: Swift.min(Swift.max(rate.units, -cap.units), cap.units))
    }
}

extension Rate {
    /// |units|, as an unsigned number (no overflow at `Int64.min`).
    var magnitudeUnits: UInt64 { units.magnitude }
}
