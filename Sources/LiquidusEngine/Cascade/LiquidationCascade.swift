import LiquidusBook
import LiquidusCore

/// The cascade of steps for one account, shared by the planner (on a copy) and the engine (on
/// its state), so a plan is exactly what the engine then does:
///
/// 1. cancel the account's open orders (releasing their initial margin) and re-check;
/// 2. per scope (cross: the account; isolated: each liquidatable position, largest maintenance
///    first): a takeover when equity ≤ 0 or below the policy's backstop floor, else the policy's
///    decision (or, while a ``PendingClose`` is under way, its next child); a partial close fills
///    at the expected price, never worse than the position's bankruptcy price, its fee to the
///    fund — against the market's book when it has one (see ``execute(_:lots:limit:target:reason:of:ledger:actions:)``);
///    if the scope is still under maintenance the policy's follow-up applies (takeover or wait);
/// 3. takeover: each position of the scope (largest maintenance first, ties by symbol) moves to
///    the liquidator at its bankruptcy price (cross: backed by its maintenance-weighted share of
///    the account's equity, see ``takeover(_:of:ledger:actions:reason:)``);
///    the liquidator unwinds at the expected price as many lots as the fund can carry the loss of
///    (all of them when there is a surplus, which the fund keeps);
/// 4. the fund pays those losses and any negative balance left, never going below zero;
/// 5. the lots it cannot carry are handed to ADL at the bankruptcy price.
struct LiquidationCascade {
    let markets: MarketCatalog
    /// The marks; a ``LiquidationQuoter`` sets them for each quote.
    var marks: [String: Price]
    let expectedPrices: [String: Price]
    let policy: any LiquidationPolicy
    /// The policy, when it hands back the projection of its close (a ``ProjectingPolicy``).
    let projectingPolicy: ProjectingPolicy?
    /// The time, in ``timeUnit``; a ``LiquidationQuoter`` sets it for each quote.
    var now: Int64
    /// The unit of ``now`` and of the histories' times.
    var timeUnit = TimeUnit.milliseconds
    /// The books closes execute against; fills take their depth out (a book written back keeps
    /// its market). Replaced whole by ``replaceBooks(_:)`` only.
    var books: [String: OrderBook]
    /// Whether every book's market is the catalog's market of the book's symbol, as the
    /// engine's always are (it drops a market's book when the market is listed again): then
    /// ``context(for:scope:closing:margin:focus:book:)`` takes the market from the book it looks
    /// up anyway, one hash lookup instead of two. Books given to a planner or a quoter are
    /// checked when they are set (one comparison per book); a mismatch only costs the lookup.
    /// The engine's are not checked: it keeps them so (``LiquidationEngine/checkInvariants()``).
    private(set) var booksCarryCatalogMarkets: Bool
    /// How a close is split into child orders against a book.
    var executor = LiquidationExecutor()
    /// The impact models, taught by every fill against a book.
    var impactModels: [String: AdaptiveImpact] = [:]
    /// The σ of each market, for the impact models' input.
    var volatility: [String: MarkVolatility] = [:]

    /// A cascade over these markets, marks and books; `booksCarryCatalogMarkets` is given by a
    /// caller that keeps it true (the engine) and otherwise checked.
    init(
        markets: MarketCatalog, marks: [String: Price], expectedPrices: [String: Price], policy: any LiquidationPolicy, now: Int64,
        books: [String: OrderBook] = [:], executor: LiquidationExecutor = LiquidationExecutor(),
        impactModels: [String: AdaptiveImpact] = [:], volatility: [String: MarkVolatility] = [:],
        booksCarryCatalogMarkets known: Bool? = nil
    ) {
        self.markets = markets
        self.marks = marks
        self.expectedPrices = expectedPrices
        self.policy = policy
        projectingPolicy = ProjectingPolicy(policy)
        self.now = now
        self.books = books
        booksCarryCatalogMarkets = known ?? Self.carryCatalogMarkets(books, markets)
        self.executor = executor
        self.impactModels = impactModels
        self.volatility = volatility
    }

    /// Replaces the books (a quoter's, when depth moves).
    mutating func replaceBooks(_ books: [String: OrderBook]) {
        self.books = books
        booksCarryCatalogMarkets = Self.carryCatalogMarkets(books, markets)
    }

    /// Whether each of `books` is of the market `markets` lists under its symbol.
    static func carryCatalogMarkets(_ books: [String: OrderBook], _ markets: MarketCatalog) -> Bool {
        books.allSatisfy { symbol, book in markets[symbol] == book.market }
    }

    /// Runs the cascade on `account`, moving money between it and `ledger` (and depth out of the
    /// books it fills against). Returns nothing when the account is above maintenance and has no
    /// close under way (a ``PendingClose`` goes on until its target is reached, see
    /// ``execute(_:_:context:of:ledger:actions:)``).
    mutating func run(_ account: inout AccountState, ledger: inout Ledger) throws(ValidationError) -> [CascadeAction] {
        let margin = try account.margin(markets, marks)
        let continuing = account.history.pendingClose.flatMap { close in account.index(of: close.market).map { _ in close } }
        guard margin.liquidatable || continuing != nil else { return [] }
        var actions: [CascadeAction] = []
        var scopes: [String?]
        switch account.marginMode {
        case .cross:
            scopes = [nil]
            if margin.liquidatable {
                actions.append(.triggered(LiquidationTriggered(
                    account: account.id, market: nil, equity: margin.equity, maintenanceMargin: margin.maintenanceMargin,
                    marginRatio: margin.marginRatio, policy: policy.kind)))
            }
        case .isolated:
            let liquidatable = Self.byMaintenance(margin.positions.filter(\.liquidatable))
            scopes = liquidatable.map(\.position.market)
            for figures in liquidatable {
                actions.append(.triggered(LiquidationTriggered(
                    account: account.id, market: figures.position.market, equity: figures.equity ?? .zero,
                    maintenanceMargin: figures.maintenanceMargin, marginRatio: figures.marginRatio, policy: policy.kind)))
            }
            if let continuing, !scopes.contains(continuing.market) { scopes.append(continuing.market) }
        }
        if margin.liquidatable, !account.openOrders.isEmpty {
            let released = try Account.orderMargin(of: account.openOrders, positions: account.positions, markets: markets)
            actions.append(.ordersCancelled(OrdersCancelled(account: account.id, count: account.openOrders.count, releasedInitialMargin: released)))
            account.openOrders = []
        }
        var outcome = LiquidationResolved.Outcome.restored
        for scope in scopes {
            switch try settle(scope, of: &account, ledger: &ledger, actions: &actions) {
            case .takenOver: outcome = .takenOver
            case .pending where outcome != .takenOver: outcome = .pending
            default: break
            }
        }
        let after = try account.margin(markets, marks)
        actions.append(.resolved(LiquidationResolved(
            account: account.id, outcome: outcome, equity: after.equity, maintenanceMargin: after.maintenanceMargin,
            marginRatio: after.positions.isEmpty ? nil : after.marginRatio, walletBalance: account.walletBalance,
            fundAfter: ledger.insuranceFund)))
        return actions
    }

    /// Positions ordered by maintenance margin, largest first, ties by symbol.
    static func byMaintenance(_ figures: [PositionMargin]) -> [PositionMargin] {
        figures.sorted(by: comesFirst)
    }

    /// The first position of ``byMaintenance(_:)`` among those `isIncluded` accepts, without
    /// sorting.
    static func largestByMaintenance(_ figures: [PositionMargin], where isIncluded: (PositionMargin) -> Bool = { _ in true }) -> PositionMargin? {
        var best: PositionMargin?
        for figure in figures where isIncluded(figure) {
            if let current = best, !comesFirst(figure, current) { continue }
            best = figure
        }
        return best
    }

    /// The order of ``byMaintenance(_:)``: larger maintenance margin first, then by symbol.
    static func comesFirst(_ a: PositionMargin, _ b: PositionMargin) -> Bool {
        a.maintenanceMargin != b.maintenanceMargin ? a.maintenanceMargin > b.maintenanceMargin : a.position.market < b.position.market
    }

    /// The expected price of closing `quantity` of a `side` position in `market`, and where it
    /// comes from: the market's book (its depth walk, the unfilled part at `limit`; see
    /// ``LiquidusBook/OrderBook/closePrice(closing:of:limit:)``), else an expected price set by
    /// an input, else the mark.
    func expected(_ market: String, closing quantity: Quantity, of side: Side, limit: Price?) throws(ValidationError) -> (price: Price, source: String) {
        try expected(market, closing: quantity, of: side, limit: limit, against: books[market])
    }

    /// ``expected(_:closing:of:limit:)`` with the market's book already looked up. Throws only
    /// for a market without a mark, which the cascade is never run on.
    func expected(
        _ market: String, closing quantity: Quantity, of side: Side, limit: Price?, against book: OrderBook?
    ) throws(ValidationError) -> (price: Price, source: String) {
        if let price = book?.closePrice(closing: quantity, of: side, limit: limit) { return (price, "book") }
        if let price = expectedPrices[market] { return (price, "book") }
        guard let mark = marks[market] else { throw AccountState.inconsistent("no mark for \(market)") }
        return (mark, "mark")
    }

    /// What the policy sees for `scope` (`nil`: the cross account, whose position with the largest
    /// maintenance margin is the one to reduce), with the expected price of closing `quantity`
    /// (one lot — the touch, with a book — when `nil`); `nil` when the scope has no position.
    /// `margin`, when given, is the account's margin at the marks (saving its re-evaluation).
    /// A cross scope reduces the position in `focus` instead, when given (a close under way).
    func context(
        for account: AccountState, scope: String?, closing quantity: Quantity? = nil, margin known: AccountMargin? = nil,
        focus: String? = nil
    ) throws(ValidationError) -> LiquidationContext? {
        var book: OrderBook?
        return try context(for: account, scope: scope, closing: quantity, margin: known, focus: focus, book: &book)
    }

    /// ``context(for:scope:closing:margin:focus:)``, setting `book` to the book of its market,
    /// looked up once for both (the quote goes on to decide and size the first child against
    /// it). The book is an `inout` rather than part of the result so that the context, some 470
    /// bytes, is built in the caller's storage instead of being copied out of a tuple.
    func context(
        for account: AccountState, scope: String?, closing quantity: Quantity? = nil, margin known: AccountMargin? = nil,
        focus: String? = nil, book: inout OrderBook?
    ) throws(ValidationError) -> LiquidationContext? {
        // Every context carries the same figures, whoever evaluated the margin: what a
        // liquidation decides on (see ``LiquidationContext/position``).
        let margin: AccountMargin
        if let known { margin = known } else { margin = try account.margin(markets, marks, detail: .liquidation) }
        let figures: PositionMargin
        let equity: Money
        let maintenance: Money
        if let scope {
            guard let own = margin.positions.first(where: { $0.position.market == scope }) else { return nil }
            figures = own
            equity = own.equity ?? .zero
            maintenance = own.maintenanceMargin
        } else {
            let chosen = focus.flatMap { symbol in margin.positions.first { $0.position.market == symbol } }
            guard let largest = chosen ?? Self.largestByMaintenance(margin.positions) else { return nil }
            figures = largest
            equity = margin.equity
            maintenance = margin.maintenanceMargin
        }
        return try context(for: account, reducing: figures, equity: equity, maintenanceMargin: maintenance, isCross: scope == nil,
                           closing: quantity, book: &book)
    }

    /// The context of reducing the position of `figures` in a scope with this equity and
    /// maintenance margin (cross: the account's; isolated: the position's), priced as
    /// ``context(for:scope:closing:margin:focus:)`` says; sets `book` to its market's book.
    /// Throws (`overflow`) when closing the position at that price would give figures beyond the
    /// range of ``LiquidusCore/Money`` (see ``LiquidationContext/checkFigures(closingAt:)``).
    @inline(__always)
    func context(
        for account: AccountState, reducing figures: PositionMargin, equity: Money, maintenanceMargin: Money, isCross: Bool,
        closing quantity: Quantity?, book: inout OrderBook?
    ) throws(ValidationError) -> LiquidationContext {
        book = books[figures.position.market]
        let market: Market
        if booksCarryCatalogMarkets, let book {
            market = book.market
        } else {
            guard let listed = markets[figures.position.market] else { throw AccountState.inconsistent("no market \(figures.position.market)") }
            market = listed
        }
        let (price, source) = try expected(
            market.symbol, closing: quantity ?? market.lotSize, of: figures.position.side, limit: figures.bankruptcyPrice, against: book)
        let collateral = isCross ? account.walletBalance : figures.position.isolatedMargin ?? .zero
        // Cross: the wallet and the other positions' PnL (the equity, which fits, less this PnL,
        // within the limits: the difference fits too unless the equity is near the edge).
        let backingBase = isCross ? try equity.subtracting(figures.unrealizedPnl, checkedAt: "walletBalance") : collateral
        try LiquidationContext.checkFigures(of: figures.position, closingAt: price, backingBase: backingBase, collateral: collateral)
        // Built in the caller's storage (returned directly, not from a local: some 470 bytes).
        return LiquidationContext(
            accountID: account.id, marginMode: account.marginMode, market: market, position: figures, equity: equity,
            maintenanceMargin: maintenanceMargin, expectedPrice: price, priceSource: source, now: now, timeUnit: timeUnit, history: account.history,
            backingBase: backingBase, collateral: collateral,
            othersMaintenance: isCross ? maintenanceMargin - figures.maintenanceMargin : .zero)
    }
}
