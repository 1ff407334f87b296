/// The bounds Liquidus accepts for its inputs.
///
/// They exist so that exact arithmetic never overflows: with every price at most 10⁹ and every
/// amount and notional at most 10¹⁰ (units of 10⁻⁸), each product formed in `Int128` fits with
/// room to spare and each sum of an account's figures fits in `Int64`. Inputs beyond them are
/// rejected at the edge with ``ValidationError/Code/outOfRange``; they are far beyond any real
/// market (BTC at one billion dollars, a ten-billion-dollar position).
///
/// What the limits do not bound by themselves — a combination of valid inputs whose figure does
/// not fit (a price far from an entry on a large size, a mark that takes a notional beyond
/// ``maxMoney``, a wallet grown by realized profit) — is checked where it is formed and refused
/// with ``ValidationError/Code/overflow`` or ``ValidationError/Code/outOfRange``: by `check`, as
/// a refusal of the document; by the engine, by holding that one account (see `docs/robustness.md`).
/// Sums over accounts (the insurance fund, the ledger) are ``WideMoney``.
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
    /// The largest magnitude of an input's time, in the engine's ``TimeUnit``: 2⁵³ (some
    /// 285,000 years in milliseconds, and the largest integer a JSON number holds exactly).
    public static let maxTime: Int64 = 1 << 53
    /// The longest duration in configuration (a cooldown, an interval, an index age), in
    /// seconds: 2⁵³ ÷ 1,000, so that it is at most ``maxTime`` in milliseconds too; a time plus
    /// a duration saturates (``TimeUnit/time(_:plusSeconds:)``).
    public static let maxDurationSeconds: Int64 = (1 << 53) / 1_000
}
