/// The bounds Liquidus accepts for its inputs.
///
/// They exist so that exact arithmetic never overflows: with every price at most 10⁹ and every
/// amount and notional at most 10¹⁰ (units of 10⁻⁸), each product formed in `Int128` fits with
/// room to spare and each sum of an account's figures fits in `Int64`. Inputs beyond them are
/// rejected at the edge with ``ValidationError/Code/outOfRange``; they are far beyond any real
/// market (BTC at one billion dollars, a ten-billion-dollar position).
public enum Limits {
    /// The largest price: 1,000,000,000.
    public static let maxPrice = Price(1_000_000_000)
    /// The largest position or order size: 1,000,000,000 contracts.
    public static let maxSize = Quantity(1_000_000_000)
    /// The largest amount of money (balance, margin, fund) and the largest notional, per
    /// position and per account: 10,000,000,000.
    public static let maxMoney = Money(10_000_000_000)
    /// The most positions an account may hold.
    public static let maxPositionsPerAccount = 256
}
