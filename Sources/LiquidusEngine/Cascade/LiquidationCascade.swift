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
    /// The time in seconds; a ``LiquidationQuoter`` sets it for each quote.
    var now: Int64
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
            let released = try account.validated(markets).orderMargin(markets: markets)
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
    func expected(_ market: String, closing quantity: Quantity, of side: Side, limit: Price?) -> (price: Price, source: String) {
        expected(market, closing: quantity, of: side, limit: limit, against: books[market])
    }

    /// ``expected(_:closing:of:limit:)`` with the market's book already looked up.
    func expected(_ market: String, closing quantity: Quantity, of side: Side, limit: Price?, against book: OrderBook?) -> (price: Price, source: String) {
        if let price = book?.closePrice(closing: quantity, of: side, limit: limit) { return (price, "book") }
        if let price = expectedPrices[market] { return (price, "book") }
        return (marks[market]!, "mark")
    }

    /// Steps 2–5 for one scope (`nil`: the cross account).
    private mutating func settle(
        _ scope: String?, of account: inout AccountState, ledger: inout Ledger, actions: inout [CascadeAction]
    ) throws(ValidationError) -> LiquidationResolved.Outcome {
        guard var context = try context(for: account, scope: scope) else { return .restored }
        let equity = context.equity
        let maintenance = context.maintenanceMargin
        let liquidatable = equity <= maintenance
        if liquidatable,
           !equity.isPositive || Int128(equity.units) * FixedPoint.wideScale < Int128(policy.backstopFloor.units) * Int128(maintenance.units) {
            let floor = policy.backstopFloor.isZero ? "0" : "\(policy.backstopFloor) × maintenance \(maintenance)"
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                         reason: "\(policy.kind): equity \(equity) is below the floor \(floor); taken over at the bankruptcy price")
            return .takenOver
        }
        if let pending = account.history.pendingClose, scope == nil || scope == pending.market,
           let focused = try self.context(for: account, scope: scope, focus: pending.market) {
            return try continueClose(pending, scope, context: focused, of: &account, ledger: &ledger, actions: &actions)
        }
        guard liquidatable else { return .restored }
        let (decision, projected) = decide(&context)
        let figures = context.position
        let market = context.market
        let price = context.expectedPrice
        let source = context.priceSource
        let isCross = scope == nil
        switch decision {
        case .wait(let reason):
            actions.append(.waiting(reason.description))
            return .pending
        case .takeover(let reason):
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions, reason: reason.description)
            return .takenOver
        case .partial(let lots, let target, let reason):
            let projection = projected ?? context.project(closing: lots)
            let side = figures.position.side
            guard let limit = figures.bankruptcyPrice else {
                try takeover(scope, of: &account, ledger: &ledger, actions: &actions, reason: "\(reason); but the position has no bankruptcy price to bound the close")
                return .takenOver
            }
            guard price.isNoWorse(than: limit, closing: side) else {
                try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                             reason: "\(reason); but the expected price \(price) is worse than the bankruptcy price \(limit)")
                return .takenOver
            }
            guard projection.equityAfter.isPositive, !projection.backingAfter.isNegative || isCross else {
                try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                             reason: "\(reason); but the fee \(projection.fee) would exhaust the equity")
                return .takenOver
            }
            if books[market.symbol] != nil {
                let close = PendingClose(
                    market: market.symbol, plannedQuantity: projection.quantity, remaining: projection.quantity, childrenSent: 0,
                    nextChildAt: now, targetMarginRatio: target, reason: reason.description)
                return try execute(close, scope, context: context, of: &account, ledger: &ledger, actions: &actions)
            }
            let index = account.index(of: market.symbol)!
            account.credit(projection.realizedPnl - projection.fee, at: index)
            account.positions[index].size = projection.remainingSize
            ledger.counterpartyCash -= projection.realizedPnl
            ledger.insuranceFund += projection.fee
            policy.record(closing: projection.quantity, in: context, history: &account.history)
            actions.append(.partial(PartialLiquidation(
                account: account.id, market: market.symbol, side: side.rawValue, quantity: projection.quantity, price: price,
                priceSource: source, limitPrice: limit, realizedPnl: projection.realizedPnl, fee: projection.fee,
                sizeAfter: projection.remainingSize, backingAfter: projection.backingAfter, equityAfter: projection.equityAfter,
                maintenanceMarginAfter: projection.maintenanceAfter, targetMarginRatio: target,
                marginRatioAfter: projection.marginRatioAfter, fundAfter: ledger.insuranceFund, reason: reason.description)))
            guard projection.liquidatableAfter else { return .restored }
            return try followUp(scope, of: &account, ledger: &ledger, actions: &actions)
        }
    }

    /// The policy's decision for `context`, with the expected price of its close made consistent
    /// with the quantity when the market has a book (`context` is left priced at it).
    ///
    /// The quantity depends on the price and the price (a depth walk) on the quantity. From the
    /// touch — a price no walk beats — the policy re-decides at the walk of each decided quantity:
    /// a worse price never asks for less and a larger close never walks to a better price, so the
    /// quantities only grow and stop at the least consistent pair (an independent walk of the
    /// quantity gives the price). A round whose walk gives the price already decided at ends the
    /// iteration: the same price gives the same decision.
    ///
    /// A ``ProjectingPolicy`` starts lower and cheaper: instead of deciding at the touch, the walk
    /// starts from its ``ProjectingPolicy/fewestLots(_:)`` at the touch — fewer lots are decided at
    /// no walk's price, so the quantities still only grow to the same least consistent pair — and
    /// its decision comes with the projection of its close at the context's final price (the
    /// decision is always the one made at that price).
    /// - Complexity: O(i × (policy + walk)) for i ≤ 64 rounds, each adding lots.
    func decide(_ context: inout LiquidationContext) -> (decision: PolicyDecision, projection: CloseProjection?) {
        let decided = decide(&context, against: books[context.market.symbol])
        return (decided.decision, decided.projection)
    }

    /// ``decide(_:)`` against `book`, the market's book already looked up. Inlined into its two
    /// callers, where the policy's calls read the caller's own context. `fill` is the book's fill
    /// of a partial close's whole quantity at the context's price, when the book fills it all
    /// (its average, which is that price, and its worst price).
    @inline(__always)
    func decide(
        _ context: inout LiquidationContext, against book: OrderBook?
    ) -> (decision: PolicyDecision, projection: CloseProjection?, fill: (averagePrice: Price, worstPrice: Price)?) {
        if let policy = projectingPolicy {
            let (close, fill) = consistent(&context, against: book, from: book.flatMap { _ in policy.fewestLots(context) }) { context in
                policy.leastClose(context)
            } lots: { $0?.lots }
            return (policy.decision(closing: close?.lots), close?.projection, fill)
        }
        let (decision, fill) = consistent(&context, against: book, from: nil) { context in
            policy.decide(context)
        } lots: { decision in
            if case .partial(let lots, _, _) = decision { lots } else { nil }
        }
        return (decision, nil, fill)
    }

    /// The iteration of ``decide(_:)``: `decide` gives the policy's outcome at the context's
    /// price and `lots` the lots it closes (`nil`: none, which ends the iteration). Without
    /// `floor`, the first round decides at the context's price (the touch); with it, the first
    /// round walks `floor` lots and decides at that price. Without a book, one decision. `fill`
    /// is the book's whole fill of the outcome's lots at the final price, when it has one.
    @inline(__always)
    private func consistent<Outcome>(
        _ context: inout LiquidationContext, against book: OrderBook?, from floor: Int64?,
        decide: (LiquidationContext) -> Outcome, lots: (Outcome) -> Int64?
    ) -> (outcome: Outcome, fill: (averagePrice: Price, worstPrice: Price)?) {
        guard let book else { return (decide(context), nil) }
        // The outcome decided at the context's price, `nil` before the first decision.
        var outcome: Outcome?
        var closing: Int64
        if let floor {
            closing = floor
        } else {
            let first = decide(context)
            guard let lots = lots(first) else { return (first, nil) }
            (outcome, closing) = (first, lots)
        }
        let side = context.position.position.side, limit = context.position.bankruptcyPrice
        var rounds = 0
        while true {
            let quantity = context.market.quantity(lots: closing)
            let estimate = book.closeEstimate(closing: quantity, of: side, limit: limit)
            let (price, source) = estimate.map { ($0.price, "book") } ?? expected(context.market.symbol, closing: quantity, of: side, limit: limit)
            let fill = estimate.flatMap { estimate in estimate.fullFillWorst.map { (averagePrice: estimate.price, worstPrice: $0) } }
            // The same price gives the same decision: the pair is already consistent.
            if let outcome, price == context.expectedPrice, source == context.priceSource { return (outcome, fill) }
            context.reprice(at: price, source: source)
            context.searchFloor = closing
            let next = decide(context)
            rounds += 1
            guard let more = lots(next), more != closing, rounds < 64 else { return (next, lots(next) == closing ? fill : nil) }
            (outcome, closing) = (next, more)
        }
    }

    /// The policy's follow-up for a scope still under maintenance after its partial close.
    mutating func followUp(
        _ scope: String?, of account: inout AccountState, ledger: inout Ledger, actions: inout [CascadeAction]
    ) throws(ValidationError) -> LiquidationResolved.Outcome {
        switch policy.followUp {
        case .takeover:
            try takeover(scope, of: &account, ledger: &ledger, actions: &actions,
                         reason: "\(policy.kind): still under maintenance after the partial close; any further liquidation is full")
            return .takenOver
        case .waitForNextInterval:
            actions.append(.waiting("\(policy.kind): still under maintenance; the next step waits for the next interval"))
            return .pending
        }
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
        return context(for: account, reducing: figures, equity: equity, maintenanceMargin: maintenance, isCross: scope == nil,
                       closing: quantity, book: &book)
    }

    /// The context of reducing the position of `figures` in a scope with this equity and
    /// maintenance margin (cross: the account's; isolated: the position's), priced as
    /// ``context(for:scope:closing:margin:focus:)`` says; sets `book` to its market's book.
    @inline(__always)
    func context(
        for account: AccountState, reducing figures: PositionMargin, equity: Money, maintenanceMargin: Money, isCross: Bool,
        closing quantity: Quantity?, book: inout OrderBook?
    ) -> LiquidationContext {
        book = books[figures.position.market]
        let market = if booksCarryCatalogMarkets, let book { book.market } else { markets[figures.position.market]! }
        let (price, source) = expected(
            market.symbol, closing: quantity ?? market.lotSize, of: figures.position.side, limit: figures.bankruptcyPrice, against: book)
        let collateral = isCross ? account.walletBalance : figures.position.isolatedMargin ?? .zero
        return LiquidationContext(
            accountID: account.id, marginMode: account.marginMode, market: market, position: figures, equity: equity,
            maintenanceMargin: maintenanceMargin, expectedPrice: price, priceSource: source, now: now, history: account.history,
            backingBase: isCross ? equity - figures.unrealizedPnl : collateral, collateral: collateral,
            othersMaintenance: isCross ? maintenanceMargin - figures.maintenanceMargin : .zero)
    }

    /// Step 3–5: take the scope's positions over at their bankruptcy prices.
    ///
    /// The transfer price of a position is the bankruptcy price of the position backed by its
    /// share of the collateral (``LiquidusCore/LiquidationPriceSolver/bankruptcyPrice(size:entryPrice:backing:tickSize:)``,
    /// on the tick toward solvency). Isolated: the position's margin. Cross: the account's equity
    /// `E` is shared among the positions in proportion to their maintenance margin, `shareᵢ =
    /// ⌊E × MMᵢ ÷ ΣMM⌋`, and position `i` is backed by `Cᵢ = shareᵢ − uPnLᵢ` (the last takes the
    /// rounding remainder so that `ΣCᵢ` is exactly the wallet). So every position absorbs its part
    /// of the deficit (or surplus), its transfer price lies on the same side of the mark as its
    /// share, a single position's price is exactly its bankruptcy price, and the wallet ends
    /// ≥ 0: each realized PnL `⌊qᵢ·(bᵢ − eᵢ)⌋ ≥ −Cᵢ` because `bᵢ` is rounded toward solvency.
    mutating func takeover(
        _ scope: String?, of account: inout AccountState, ledger: inout Ledger, actions: inout [CascadeAction], reason: String
    ) throws(ValidationError) {
        account.history.pendingClose = nil
        let margin = try account.margin(markets, marks)
        let figures = Self.byMaintenance(margin.positions).filter { scope == nil || $0.position.market == scope }
        var backings: [Money] = []
        if scope == nil {
            let useNotional = margin.maintenanceMargin.isZero
            let weights = figures.map { Int128((useNotional ? $0.notional : $0.maintenanceMargin).units) }
            let totalWeight = Swift.max(1, weights.reduce(0, +))
            var allocated = Money.zero
            for (index, own) in figures.enumerated() {
                let backing: Money
                if index == figures.count - 1 {
                    backing = account.walletBalance - allocated
                } else {
                    let share = Money(units: Int64(WideDivision.divide(Int128(margin.equity.units) * weights[index], by: totalWeight, .down)))
                    backing = share - own.unrealizedPnl
                }
                allocated += backing
                backings.append(backing)
            }
        } else {
            backings = figures.map { $0.position.isolatedMargin ?? .zero }
        }
        for (own, backing) in zip(figures, backings) {
            let symbol = own.position.market
            let market = markets[symbol]!
            let held = own.position
            let side = held.side
            let price = LiquidationPriceSolver.bankruptcyPrice(size: held.size, entryPrice: held.entryPrice, backing: backing, tickSize: market.tickSize)
                ?? Self.clampedBankruptcyPrice(held, backing: backing, market: market)
            let index = account.index(of: symbol)!
            let realized = Money.pnl(of: held.size, from: held.entryPrice, to: price, .down)
            account.credit(realized, at: index)
            ledger.counterpartyCash -= realized
            if account.marginMode == .isolated, account.backing(at: index).isNegative {
                // An isolated loss never reaches the wallet: the fund resets the margin to zero.
                let deficit = -account.backing(at: index)
                account.credit(deficit, at: index)
                cover(deficit, of: account.id, market: symbol, ledger: &ledger, actions: &actions,
                      reason: "reset of the negative isolated margin \(-deficit) left after the takeover")
            }
            var backingAfter = account.backing(at: index)
            account.removePosition(at: index)
            if account.marginMode == .cross { backingAfter = account.walletBalance }

            // The liquidator holds the position at `price` and unwinds what it can.
            let total = market.lots(in: held.size)
            let unwound = try liquidatorUnwind(held, from: price, in: market, fund: ledger.insuranceFund)
            let (closed, pnl, expectedPrice, source) = (unwound.closed, unwound.pnl, unwound.price, unwound.source)
            if closed > 0, var book = books[symbol] {
                // The liquidator's unwind takes its lots out of the book, within its reach.
                let order = OrderSide(closing: side)
                try book.fill(side: order, quantity: market.quantity(lots: closed), limit: Self.unwindBound(for: side, book: book, executor: executor))
                books[symbol] = book
            }
            // The rest's loss at the mark, which auto-deleveraging must cover.
            let mark = marks[symbol] ?? expectedPrice
            let restLots = total - closed
            let restQuantity = market.quantity(lots: restLots)
            let wholeLoss = pnl + Swift.min(.zero, Money.pnl(of: side == .long ? restQuantity : -restQuantity, from: price, to: mark, .down))
            ledger.insuranceFund += pnl
            ledger.counterpartyCash -= pnl
            let rest = market.quantity(lots: total - closed)
            actions.append(.takeover(PositionTakenOver(
                account: account.id, market: symbol, size: held.size, entryPrice: held.entryPrice, bankruptcyPrice: price,
                realizedPnl: realized, expectedPrice: expectedPrice, priceSource: source, closedInMarket: market.quantity(lots: closed),
                liquidatorPnl: pnl, toDeleverage: rest, backingAfter: backingAfter, fundAfter: ledger.insuranceFund, reason: reason)))
            // Why lots go to auto-deleveraging: the book's depth within reach, or the fund.
            let why = total > unwound.placeable
                ? "the book cannot take \(market.quantity(lots: total - unwound.placeable)) \(symbol) within the liquidator's reach"
                : "the insurance fund (\(ledger.insuranceFund) left) cannot cover the loss on \(rest) \(symbol)"
            if pnl.isNegative || rest.isPositive {
                actions.append(.fundPaid(InsuranceFundPaid(
                    account: account.id, market: symbol, amount: -Swift.min(pnl, .zero), uncovered: pnl - wholeLoss,
                    fundAfter: ledger.insuranceFund,
                    reason: "the liquidator's loss unwinding \(market.quantity(lots: closed)) \(symbol) from the bankruptcy price \(price) at \(expectedPrice)"
                        + (rest.isPositive ? "; \(why)" : ""))))
            }
            if rest.isPositive {
                actions.append(.deleverage(DeleverageOrder(
                    account: account.id, market: symbol, side: side, quantity: rest, bankruptcyPrice: price,
                    expectedPrice: mark, priceSource: "mark",
                    reason: "\(why); opposing profitable positions take it over (bankruptcy price \(price))")))
            }
        }
        // Step 4 for a negative balance: reset to zero by the fund, the rest unrecovered.
        if account.walletBalance.isNegative {
            let deficit = -account.walletBalance
            account.walletBalance = .zero
            cover(deficit, of: account.id, market: nil, ledger: &ledger, actions: &actions,
                  reason: "reset of the negative balance \(-deficit) left after the takeover")
        }
    }

    /// The fund pays `deficit` (already credited to the account) as far as it can; the rest is
    /// recorded as unrecovered loss.
    private func cover(_ deficit: Money, of account: String, market: String?, ledger: inout Ledger, actions: inout [CascadeAction], reason: String) {
        let paid = Swift.min(deficit, ledger.insuranceFund)
        ledger.insuranceFund -= paid
        ledger.liquidatorCash -= deficit - paid
        actions.append(.fundPaid(InsuranceFundPaid(
            account: account, market: market, amount: paid, uncovered: deficit - paid, fundAfter: ledger.insuranceFund, reason: reason)))
    }

    /// A transfer price when the bankruptcy price `e − C ÷ q` is not a positive price within the
    /// limits: the nearest one (one tick when it is ≤ 0, else the largest price on the grid).
    static func clampedBankruptcyPrice(_ held: Position, backing: Money, market: Market) -> Price {
        let q = Int128(held.size.units)
        let exact = WideDivision.divide(q * Int128(held.entryPrice.units) - Int128(backing.units) * FixedPoint.wideScale, by: q, .down)
        return exact <= 0 ? market.tickSize : Limits.maxPrice.rounded(toMultipleOf: market.tickSize, .down)
    }
}
