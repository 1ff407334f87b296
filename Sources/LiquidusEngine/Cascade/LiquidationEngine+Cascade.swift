import LiquidusCore

extension LiquidationEngine {
    /// Re-checks `candidates` (ids ascending) and runs the cascade on each that is at or below
    /// maintenance; accounts deleveraged meanwhile are re-checked after. An account still at or
    /// below maintenance afterwards (waiting for an interval, or not yet restored) stays pending.
    /// An account that is liquidatable but waiting (an interval not elapsed) emits nothing.
    ///
    /// **Fault isolation.** Each account's cascade — with the auto-deleveraging it causes — is a
    /// transaction: it runs on copies and is kept whole, or, when a figure of it cannot be formed
    /// (see ``AccountHeld``), dropped whole: the account is then held, exactly as it was, and the
    /// other candidates go on. So no account stops the others, and the outcome does not depend on
    /// anything but the inputs (the same inputs hold the same accounts).
    ///
    /// Every candidate is re-checked: the loop ends because an account is queued again only as
    /// an auto-deleveraging counterparty, and each auto-deleveraging closes at least one lot of a
    /// position, which nothing in the loop opens.
    /// - Complexity: O(k·p·t) for k candidates of p positions and t tiers, plus the ranking of
    ///   auto-deleveraging counterparties (O(a·p·t) for a accounts) when the fund runs out.
    mutating func recheck(_ candidates: Set<String>) -> [EngineEvent.Payload] {
        var cascade = LiquidationCascade(
            markets: markets, marks: marks, expectedPrices: expectedPrices, policy: policy, now: time, books: books, executor: executor,
            impactModels: impactModels, volatility: volatility, booksCarryCatalogMarkets: true)
        cascade.timeUnit = timeUnit
        defer {
            books = cascade.books
            impactModels = cascade.impactModels
        }
        var queue = candidates.sorted()
        var waiting = candidates  // queued and not yet re-checked
        var payloads: [EngineEvent.Payload] = []
        var cursor = 0
        while cursor < queue.count {
            let id = queue[cursor]
            cursor += 1
            waiting.remove(id)
            for counterparty in recheckAccount(id, cascade: &cascade, into: &payloads) where waiting.insert(counterparty).inserted {
                queue.append(counterparty)
            }
        }
        return payloads
    }

    /// Re-checks account `id` (see ``recheck(_:)``), appending its events to `payloads`, and
    /// returns the counterparties its auto-deleveraging touched.
    private mutating func recheckAccount(_ id: String, cascade: inout LiquidationCascade, into payloads: inout [EngineEvent.Payload]) -> [String] {
        guard let state = accounts[id], !state.positions.isEmpty, state.positions.allSatisfy({ marks[$0.market] != nil }) else {
            watch.pending.remove(id)
            if let state = accounts[id], state.positions.isEmpty { release(id, into: &payloads) }
            if var idle = accounts[id], idle.history.pendingClose != nil {
                idle.history.pendingClose = nil
                store(idle, for: id)
            }
            return []
        }
        // A market whose price guard holds: no liquidation step; the account stays as it is (and
        // pending if it was) until the market resumes and re-checks it.
        if isHeldByGuard(state) { return [] }
        var trial = LiquidationTrial(cascade: cascade, ledger: ledger, state: state)
        trial.shards = shardDeleveraging
        swap(&trial.deleveragingIndex, &deleveragingIndex)  // moved, not copied
        let outcome = Result { () throws(ValidationError) in try trial.run(in: self) }
        swap(&trial.deleveragingIndex, &deleveragingIndex)
        if case .failure(let error) = outcome {
            hold(id, error.prefixed(by: "accounts[\"\(id)\"]"), into: &payloads)
            return []
        }
        release(id, into: &payloads)
        defer { updatePending(id) }
        guard trial.acts else {
            // Nothing done and nothing to tell, but a close under way may have stopped.
            if trial.state.history != state.history { store(trial.state, for: id) }
            return []
        }
        store(trial.state, for: id)
        ledger = trial.ledger
        shardDeleveraging = trial.shards
        cascade = trial.cascade
        for counterparty in trial.counterparties.keys.sorted() { store(trial.counterparties[counterparty], for: counterparty) }
        payloads += trial.payloads
        return trial.deleveraged
    }

    /// Pending: still at or below maintenance, or a close under way (its next child).
    private mutating func updatePending(_ id: String) {
        if let after = accounts[id], !after.positions.isEmpty,
           after.history.pendingClose != nil || (try? after.margin(markets, marks).liquidatable) == true {
            watch.pending.insert(id)
        } else {
            watch.pending.remove(id)
        }
    }

    /// Holds account `id`, which `error` stopped: out of the pending set, recorded with the reason
    /// (told by an ``AccountHeld`` when it is new or the reason changed).
    private mutating func hold(_ id: String, _ error: ValidationError, into payloads: inout [EngineEvent.Payload]) {
        watch.pending.remove(id)
        let hold = AccountHeld(account: id, since: held[id]?.since ?? time, error: error)
        if let current = held[id], current.sameFailure(as: hold) { return }
        held[id] = hold
        payloads.append(.accountHeld(hold))
    }

    /// Ends the hold of account `id`, if any, with an ``AccountReleased``.
    private mutating func release(_ id: String, into payloads: inout [EngineEvent.Payload]) {
        guard let hold = held.removeValue(forKey: id) else { return }
        payloads.append(.accountReleased(AccountReleased(account: id, heldSince: hold.since)))
    }

    /// The held accounts an input that names `symbol` touches: those with a position there.
    /// - Complexity: O(h·p) for h held accounts of p positions.
    func heldAccounts(holding symbol: String) -> Set<String> {
        Set(held.keys.filter { id in accounts[id]?.positions.contains { $0.market == symbol } == true })
    }
}
