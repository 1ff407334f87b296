public import LiquidusBook
public import LiquidusCore

/// ``LiquidationPlanner/quote(account:markets:marks:policy:expectedPrices:books:executor:now:history:)``
/// for a risk loop that sizes many closes against the same markets, policy and books.
///
/// Built once, the quoter keeps the cascade those define between calls, so a quote pays only for
/// its account and its marks: each call sets the marks and the time and runs the same cascade the
/// planner runs (a quote equals the planner's for the same inputs). A quoter is a value, and
/// quoting mutates it (it holds the marks it was last given): threads quoting at once each need
/// their own, best built from replicas of the market data, which share no reference counts
/// (see `Market.replica()`).
///
/// ```swift
/// var quoter = LiquidationQuoter(markets: catalog, policy: RestoreMarginRatio(target: Rate(units: 80_000_000)), books: books)
/// for (account, marks) in breached { send(try quoter.quote(account, marks: marks)) }
/// ```
public struct LiquidationQuoter: Sendable {
    var cascade: LiquidationCascade

    /// A quoter for `policy` on `markets`, closes priced against `books` (else `expectedPrices`,
    /// else the mark) and split into child orders by `executor`; see the planner's parameters.
    public init(
        markets: MarketCatalog, policy: any LiquidationPolicy, expectedPrices: [String: Price] = [:],
        books: [String: OrderBook] = [:], executor: LiquidationExecutor = LiquidationExecutor()
    ) {
        cascade = LiquidationCascade(
            markets: markets, marks: [:], expectedPrices: expectedPrices, policy: policy, now: 0, books: books, executor: executor)
    }

    /// The books closes are priced against, by market; replace one when its market's depth moves.
    /// Setting them compares each book's market with the catalog's once (one comparison per
    /// book): when all match, a quote takes a position's market from its book, one lookup fewer.
    public var books: [String: OrderBook] {
        get { cascade.books }
        set { cascade.replaceBooks(newValue) }
    }

    /// The first close the engine would carry out for `account` at `marks` and time `now` (seconds),
    /// given its past liquidations `history`: exactly the planner's quote for the same inputs.
    /// - Throws: `ValidationError` when a position's market or mark is missing.
    /// - Complexity: as the planner's quote.
    public mutating func quote(
        _ account: consuming Account, marks: consuming [String: Price], now: Int64 = 0, history: LiquidationHistory = LiquidationHistory()
    ) throws(ValidationError) -> CloseQuote {
        cascade.marks = marks
        cascade.now = now
        return try cascade.quote(AccountState(account, history: history))
    }
}
