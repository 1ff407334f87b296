public import LiquidusBook
public import LiquidusCore

/// The deterministic liquidation engine: a state machine over ``EngineInput``s that emits
/// ``EngineEvent``s.
///
/// `apply(input)` validates the input (bad input throws a `ValidationError` naming the field and
/// changes nothing), applies it, then re-checks the accounts it may have put at or below
/// maintenance — for a mark tick, exactly those the breach monitors report (see `EngineWatch`),
/// so a tick costs what its breaches cost, not what the book holds; for any other input, the
/// account it changed; and every account still pending from an earlier input — in id order, and
/// runs the cascade of ``LiquidationPlanner`` on each that is at or below maintenance: cancel
/// orders → partial close at the expected price (the mark unless an ``EngineInput/Action/expectedPrice(market:price:)``
/// is set), fee to the insurance fund → takeover at the bankruptcy price → the fund pays the
/// shortfall (never going negative) → ADL of opposing profitable positions at the bankruptcy
/// price (see ``AutoDeleveraged`` for the ranking). Accounts touched by ADL are re-checked in turn.
///
/// **Execution against order books.** While a market has a book (an
/// ``EngineInput/Action/orderBook(market:bids:asks:)`` input, kept current by
/// ``EngineInput/Action/bookUpdate(market:updates:)``), a close there is priced by walking it —
/// the policy's quantity and the walk's price made consistent by iteration, the least consistent
/// pair (see ``LiquidationPlanner``) — and carried out by the ``executor``: its first child order
/// fills against the engine's copy of the book at once, at the walk's average price (rounded
/// against the trader), taking the depth it fills out of the book; what the slippage budget
/// leaves waits `childInterval` for the book to refill (a ``PendingClose``) and goes as later
/// children; what the executor cannot place within the bankruptcy price, or `maxChildren`
/// children could not take, escalates to a takeover at the bankruptcy price → fund → ADL. Each
/// fill teaches the market's `AdaptiveImpact` model (σ from ``MarkVolatility``);
/// the model's estimate and the realised impact are in the event (``BookExecution``). The model
/// is a statistic: it never sizes or prices a fill, so money stays exact and replayable.
///
/// No clock, no randomness, no I/O: the same inputs give the same events and the same
/// ``stateHash`` on any machine, so replaying the input log rebuilds the state exactly.
///
/// **Ledger (money is conserved exactly).** Cash lives in: account wallets, isolated margins, the
/// insurance fund, the outside market (`counterpartyCash`, which pays every realized PnL since
/// fills and unwinds are against it) and the liquidator (`unrecoveredLoss`, ≤ 0: losses neither
/// the fund nor ADL could cover). Every step moves money between these buckets, so their sum
/// always equals ``externalNet`` (the initial fund plus deposits minus withdrawals) plus
/// ``sharedFundTransfers`` (what other shards moved through a shared fund, zero otherwise); fees
/// are moved from collateral to the fund. ``checkInvariants()`` verifies it.
public struct LiquidationEngine: Sendable {
    /// The partial-liquidation policy.
    public private(set) var policy: any LiquidationPolicy
    /// The registered markets.
    public internal(set) var markets: MarketCatalog
    /// The latest mark price of each market.
    public internal(set) var marks: [String: Price] = [:]
    /// Each market's index, last and external prices and the averages its mark is derived with
    /// (markets that have had one of these inputs).
    public internal(set) var marketData: [String: MarketData] = [:]
    /// The markets whose price guard holds their liquidations, with the latest reason.
    public internal(set) var liquidationHolds: [String: LiquidationsHeld] = [:]
    /// The expected execution prices set by inputs (markets without one execute at the mark).
    public internal(set) var expectedPrices: [String: Price] = [:]
    /// The order books closes execute against, by market: set by `orderBook` inputs, changed by
    /// `bookUpdate` inputs and by the liquidation orders that fill against them.
    public internal(set) var books: [String: OrderBook] = [:]
    /// Each market's impact model, learnt from the engine's own liquidation fills.
    public internal(set) var impactModels: [String: AdaptiveImpact] = [:]
    /// Each market's volatility estimate from its mark ticks (the σ of the impact models).
    public internal(set) var volatility: [String: MarkVolatility] = [:]
    /// How closes are split into child orders against a book (configuration, like the policy).
    public internal(set) var executor: LiquidationExecutor
    /// How auto-deleveraging shares out what the liquidator cannot place (configuration, like
    /// the policy).
    public internal(set) var deleveraging: DeleveragingMechanism
    /// The time of the latest input, in ``timeUnit``.
    public internal(set) var time: Int64
    /// The unit of every time the engine takes and keeps (configuration, like the policy):
    /// milliseconds, or seconds for a log or snapshot that records no unit.
    public internal(set) var timeUnit: TimeUnit
    /// The sequence number of the latest event (0 before any).
    public internal(set) var sequence: UInt64 = 0
    /// Initial fund plus deposits minus withdrawals (and the collateral changes of `setAccount`
    /// imports, which are such flows): what the ledger must sum to. A sum over accounts, so wide.
    public internal(set) var externalNet: WideMoney
    /// The accounts held out of the cascade because their figures could not be formed at an
    /// input (see ``AccountHeld``), by id; each is re-tried by the inputs that touch it.
    public internal(set) var held: [String: AccountHeld] = [:]
    var accounts: [String: AccountState] = [:]
    var ledger: Ledger
    /// The breach monitors and the pending accounts.
    var watch: EngineWatch
    /// Auto-deleveraging's holders per market and side and its rankings (derived state).
    var deleveragingIndex: DeleveragingIndex
    /// The other shards' published rankings and the forwarded orders applied (state: see
    /// ``ShardRanking`` and ``ForwardedDeleverage``); empty for an engine of one shard.
    var shardDeleveraging = ShardDeleveraging()
    /// The state before the current input of every account it changed (`nil`: did not exist).
    var journal: [String: AccountState?] = [:]
    /// Set when an input changes the markets: the monitors are rebuilt when it commits.
    var watchIsStale = false
    /// The open input groups, innermost last (see `LiquidationEngine+InputGroups.swift`).
    var inputGroups: [InputGroupSavepoint] = []
    /// Tests only: re-check every account on every input, as a reference for the monitors.
    package var recheckEverything = false
    /// Tests and benchmarks only: rank auto-deleveraging's counterparties by a scan of every
    /// account for each order, as a reference for the rankings kept per market and side.
    package var deleveragingByFullScan = false

    /// Creates an engine with `policy`, an insurance fund of `insuranceFund` (≥ 0), and `markets`.
    /// Closes against a book follow `executor` (its `childInterval` in seconds); auto-deleveraging
    /// follows `deleveraging` (the ranked queue unless told otherwise). Times — `startTime`, every
    /// input's — are in `timeUnit`.
    public init(
        policy: any LiquidationPolicy, insuranceFund: Money = .zero, markets: [Market] = [], startTime: Int64 = 0,
        executor: LiquidationExecutor = LiquidationExecutor(), deleveraging: DeleveragingMechanism = .rankedQueue,
        timeUnit: TimeUnit = .milliseconds
    ) {
        self.timeUnit = timeUnit
        precondition(!insuranceFund.isNegative, "the insurance fund starts at zero or more")
        self.policy = policy
        self.executor = executor
        self.deleveraging = deleveraging
        self.deleveragingIndex = DeleveragingIndex(mechanism: deleveraging)
        self.markets = MarketCatalog(markets)
        self.time = startTime
        self.externalNet = WideMoney(insuranceFund)
        self.ledger = Ledger(insuranceFund: WideMoney(insuranceFund))
        self.watch = EngineWatch(markets: self.markets, marks: [:])
    }

    /// The insurance fund, ≥ 0.
    public var insuranceFund: WideMoney { ledger.insuranceFund }
    /// The outside market's cash: `−Σ` realized PnL paid out to accounts and the liquidator.
    public var counterpartyCash: WideMoney { ledger.counterpartyCash }
    /// Losses neither the fund nor ADL covered (≤ 0).
    public var unrecoveredLoss: WideMoney { ledger.liquidatorCash }
    /// What other shards paid into the shared insurance fund less what they drew, as seen at
    /// each ``EngineInput/Action/insuranceFund(balance:)`` (zero when the fund is the engine's own).
    public var sharedFundTransfers: WideMoney { ledger.sharedFundTransfers }
    /// The lowest the fund has been since ``resetLowestInsuranceFund()``: a host that commits the
    /// fund's change to a shared fund needs the batch's deepest draw, `fund at the start − lowest`,
    /// to be covered by the shared balance when it commits. Bookkeeping, not state (not in the
    /// hash or the snapshot; an undone input group may leave it lower, which only over-states).
    public var lowestInsuranceFund: WideMoney { ledger.lowestInsuranceFund }

    /// Starts ``lowestInsuranceFund`` again from the fund now.
    public mutating func resetLowestInsuranceFund() { ledger.lowestInsuranceFund = ledger.insuranceFund }
    /// The account ids, ascending.
    public var accountIDs: [String] { accounts.keys.sorted() }

    /// The account `id` as a validated core value, if it exists.
    public func account(_ id: String) -> Account? { try? accounts[id]?.validated(markets) }
    /// The liquidation history (cooldowns, interval caps) of account `id`.
    public func history(of id: String) -> LiquidationHistory? { accounts[id]?.history }

    /// This engine — the same markets, marks, accounts, histories, fund and ledger — under
    /// another partial-liquidation policy: to compare policies on one book, set the book up once
    /// and fork it. The copy shares storage until either side changes (copy on write).
    public func with(policy: any LiquidationPolicy) -> LiquidationEngine {
        var copy = self
        copy.policy = policy
        return copy
    }

    /// This engine under another auto-deleveraging mechanism (the same state; see
    /// ``with(policy:)``). Its index of holders is rebuilt for the mechanism.
    /// - Complexity: O(a·p) for a accounts of p positions.
    public func with(deleveraging mechanism: DeleveragingMechanism) -> LiquidationEngine {
        var copy = self
        copy.deleveraging = mechanism
        copy.deleveragingIndex = DeleveragingIndex(mechanism: mechanism, accounts: accounts, marks: marks)
        return copy
    }

    /// The plan the engine would carry out for account `id` now (see ``LiquidationPlanner``).
    public func plan(for id: String) throws(ValidationError) -> [PlanStep] {
        guard let state = accounts[id] else { throw ValidationError(.unknownReference, at: "account", "unknown account \"\(id)\"") }
        return try LiquidationPlanner.plan(
            account: state.validated(markets), markets: markets, marks: marks, policy: policy, insuranceFund: insuranceFund,
            expectedPrices: expectedPrices, books: books, executor: executor, now: time, timeUnit: timeUnit, history: state.history)
    }

    /// The figures of the first close the engine would carry out for account `id` now (see
    /// ``LiquidationPlanner/quote(account:markets:marks:policy:expectedPrices:books:executor:now:history:)``).
    public func quote(for id: String) throws(ValidationError) -> CloseQuote {
        guard let state = accounts[id] else { throw ValidationError(.unknownReference, at: "account", "unknown account \"\(id)\"") }
        guard state.positions.allSatisfy({ marks[$0.market] != nil }), !state.positions.isEmpty else { return CloseQuote(action: .none) }
        var cascade = LiquidationCascade(
            markets: markets, marks: marks, expectedPrices: expectedPrices, policy: policy, now: time, books: books, executor: executor,
            booksCarryCatalogMarkets: true)
        cascade.timeUnit = timeUnit
        return try cascade.quote(state)
    }

    /// Applies `input` and returns the events it caused, numbered after ``sequence``.
    ///
    /// Throws (and changes nothing) when the input is invalid: a time before ``time`` or beyond
    /// ±``LiquidusCore/Limits/maxTime``, an unknown account or market, a number out of range or off
    /// its grid, a withdrawal beyond free margin. An account the input cannot be applied to
    /// *as a consequence* — its figures at a new mark do not fit, say — does not make the input
    /// fail: it is held (``AccountHeld``) and the input applies to every other account.
    /// - Complexity: O(a·p²·t) for a accounts of p positions and t tiers.
    public mutating func apply(_ input: EngineInput) throws(ValidationError) -> [EngineEvent] {
        guard input.time >= time else {
            throw ValidationError(.outOfRange, at: "time", "must not go back (\(input.time) < \(time))")
        }
        guard (-Limits.maxTime...Limits.maxTime).contains(input.time) else {
            throw ValidationError(.outOfRange, at: "time", "must be within ±\(Limits.maxTime) (\(timeUnit.rawValue))")
        }
        // Changes are made in place; the few that an input makes are journaled so that a failing
        // input is rolled back exactly (copying the engine would copy every account).
        let saved = (markets, marks, expectedPrices, time, ledger, externalNet, watch.pending, held)
        let savedMarketData = (marketData, liquidationHolds)
        let savedExecution = (books, impactModels, volatility, shardDeleveraging)
        journal.removeAll(keepingCapacity: true)
        do {
            time = input.time
            // Funding due at a boundary the input's time passed settles first, at the prices of
            // the boundary (the input's own prices apply after it).
            var fundingCandidates = Set<String>()
            let fundingPayloads = marketData.isEmpty ? [] : settleFunding(into: &fundingCandidates)
            let fundBefore = ledger.insuranceFund
            var actionPayloads: [EngineEvent.Payload] = []
            var candidates = try perform(input.action, into: &actionPayloads)
            if case .insuranceFund = input.action {
                actionPayloads.append(.insuranceFundSynchronized(InsuranceFundSynchronized(before: fundBefore, after: ledger.insuranceFund)))
            }
            candidates.formUnion(fundingCandidates)
            if recheckEverything { candidates.formUnion(accounts.keys) }
            candidates.formUnion(watch.pending)
            if !held.isEmpty, let symbol = input.action.market { candidates.formUnion(heldAccounts(holding: symbol)) }
            let guardPayloads = marketData.isEmpty ? [] : updateGuards(resuming: &candidates)
            let payloads = fundingPayloads + actionPayloads + guardPayloads + recheck(candidates)
            let events = payloads.enumerated().map { offset, payload in
                EngineEvent(sequence: sequence + UInt64(offset) + 1, time: input.time, payload: payload)
            }
            sequence += UInt64(events.count)
            if watchIsStale {
                deleveragingIndex.dropRankings()
                let pending = watch.pending
                watch = EngineWatch(rebuildingFor: accounts, markets: markets, marks: marks)
                watch.pending = pending
                watchIsStale = false
            } else {
                for id in journal.keys.sorted() { watch.update(id, accounts[id]) }
            }
            return events
        } catch {
            for (id, old) in journal {
                deleveragingIndex.update(id, from: accounts[id], to: old, markets: saved.0, marks: saved.1)
                accounts[id] = old
            }
            journal.removeAll(keepingCapacity: true)
            if let symbol = input.action.market, let previous = saved.1[symbol], marks[symbol] != previous {
                _ = watch.markMoved(symbol, to: previous)  // bands armed at the refused mark stay valid
            }
            (markets, marks, expectedPrices, time, ledger, externalNet, watch.pending, held) = saved
            (books, impactModels, volatility, shardDeleveraging) = savedExecution
            (marketData, liquidationHolds) = savedMarketData
            watchIsStale = false
            throw error
        }
    }

    /// Replaces account `id`'s state, journaling the old one for a rollback.
    mutating func store(_ state: AccountState?, for id: String) {
        if journal.index(forKey: id) == nil { journal[id] = .some(accounts[id]) }
        if !inputGroups.isEmpty { recordInInnermostGroup(id) }
        deleveragingIndex.update(id, from: accounts[id], to: state, markets: markets, marks: marks)
        accounts[id] = state
    }
}
