public import LiquidusBook
public import LiquidusCore

/// What the engine would do now to one account: the ordered steps of its liquidation.
///
/// A pure function: it runs the engine's own cascade (see ``LiquidationEngine``) on a copy of the
/// account and an insurance fund of `insuranceFund`, so the plan is exactly what the engine
/// carries out for the same inputs. Steps: `cancelOrders` (when the account has open orders) →
/// `partialClose` (the policy's minimal quantity, limited by the bankruptcy price) → or
/// `fullTakeover` at the bankruptcy price (partial cannot reach the target, equity ≤ 0 or below
/// the policy's floor, or the policy says so) → `insuranceFund` (a loss beyond the equity) →
/// `autoDeleverage` (what the fund cannot carry). An account above maintenance gets `[]`.
///
/// Cross accounts reduce the position with the largest maintenance margin first (ties by
/// symbol): it frees the most requirement per lot. Isolated positions are handled alone, the
/// largest maintenance first.
public enum LiquidationPlanner {
    /// The plan for `account` at `marks`.
    ///
    /// - Parameters:
    ///   - account: the account, validated against `markets`.
    ///   - markets: the markets its positions and orders trade.
    ///   - marks: the mark price of every market the account holds.
    ///   - policy: how much to close (see ``LiquidationPolicy``).
    ///   - insuranceFund: the fund that pays losses beyond equity; what it cannot pay is deleveraged.
    ///   - expectedPrices: execution estimates by market made outside the engine; a market
    ///     without one (or a book) executes at its mark (`priceSource` `"mark"`, else `"book"`).
    ///   - books: order books by market. A close there is priced by walking the book — the least
    ///     quantity whose own depth walk (levels no worse than the bankruptcy price, the rest at
    ///     that price) justifies it — and its `partialClose` step is the executor's first child
    ///     order: what fills now within the slippage budget (see ``LiquidationEngine``), followed
    ///     by a takeover when the rest cannot be placed.
    ///   - executor: how a close is split into child orders against a book.
    ///   - now: the time, in `timeUnit`, for cooldowns and intervals in `history`.
    ///   - timeUnit: the unit of `now` and of `history`'s times.
    ///   - history: the account's past liquidations (empty for a snapshot).
    /// - Throws: `ValidationError` when a position's market or mark is missing.
    /// - Complexity: O(p²·t) for p positions and t tiers, plus O(t·log L) per policy search.
    public static func plan(
        account: Account, markets: MarketCatalog, marks: [String: Price], policy: any LiquidationPolicy,
        insuranceFund: WideMoney, expectedPrices: [String: Price] = [:], books: [String: OrderBook] = [:],
        executor: LiquidationExecutor = LiquidationExecutor(), now: Int64 = 0, timeUnit: TimeUnit = .milliseconds,
        history: LiquidationHistory = LiquidationHistory()
    ) throws(ValidationError) -> [PlanStep] {
        var state = AccountState(account, history: history)
        var ledger = Ledger(insuranceFund: insuranceFund)
        var cascade = LiquidationCascade(
            markets: markets, marks: marks, expectedPrices: expectedPrices, policy: policy, now: now, books: books, executor: executor)
        cascade.timeUnit = timeUnit
        return try cascade.run(&state, ledger: &ledger).compactMap(Self.step(for:))
    }

    /// The first close the engine would carry out for `account` now, as figures only: the same
    /// scope, policy decision, book-consistent price, bankruptcy bound and first child order as
    /// the `partialClose` (or `fullTakeover`) step of ``plan(account:markets:marks:policy:insuranceFund:expectedPrices:books:executor:now:timeUnit:history:)``,
    /// without the steps' reasons and the events behind them. For a risk loop that sizes many
    /// closes per tick (a ``LiquidationQuoter`` keeps what does not change between them); the
    /// plan is for the audit.
    ///
    /// Parameters as for the plan. Only the first scope is quoted (cross: the account; isolated:
    /// the liquidatable position with the largest maintenance margin).
    /// - Complexity: O(p·t) for the account's margin, plus O(i × (t·log L + k)) for i pricing
    ///   rounds over a book walk of k levels.
    public static func quote(
        account: Account, markets: MarketCatalog, marks: [String: Price], policy: any LiquidationPolicy,
        expectedPrices: [String: Price] = [:], books: [String: OrderBook] = [:], executor: LiquidationExecutor = LiquidationExecutor(),
        now: Int64 = 0, history: LiquidationHistory = LiquidationHistory()
    ) throws(ValidationError) -> CloseQuote {
        var quoter = LiquidationQuoter(markets: markets, policy: policy, expectedPrices: expectedPrices, books: books, executor: executor)
        return try quoter.quote(account, marks: marks, now: now, history: history)
    }

    /// The contract's step for a cascade action (`nil` for the actions that are not steps).
    static func step(for action: CascadeAction) -> PlanStep? {
        switch action {
        case .triggered, .waiting, .resolved:
            return nil
        case .ordersCancelled(let event):
            return PlanStep(
                kind: .cancelOrders,
                reason: "cancel \(event.count) open order(s), releasing initial margin \(event.releasedInitialMargin), before anything is closed")
        case .partial(let event):
            return PlanStep(
                kind: .partialClose, market: event.market, quantity: event.quantity, limitPrice: event.limitPrice,
                expectedPrice: event.price, priceSource: event.priceSource, fee: event.fee,
                targetMarginRatio: event.targetMarginRatio, marginRatioAfter: event.marginRatioAfter, reason: event.reason)
        case .takeover(let event):
            return PlanStep(
                kind: .fullTakeover, market: event.market, quantity: event.size.magnitude, limitPrice: event.bankruptcyPrice,
                expectedPrice: event.expectedPrice, priceSource: event.priceSource, amount: event.liquidatorPnl, reason: event.reason)
        case .fundPaid(let event):
            return PlanStep(kind: .insuranceFund, market: event.market, amount: event.amount, reason: event.reason)
        case .deleverage(let order):
            return PlanStep(
                kind: .autoDeleverage, market: order.market, quantity: order.quantity, limitPrice: order.bankruptcyPrice,
                expectedPrice: order.bankruptcyPrice, reason: order.reason)
        }
    }
}
