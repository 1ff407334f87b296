public import LiquidusCore

/// What an open input group returns to when it is rolled back: the engine's state when the group
/// opened, except the per-account structures, which are journaled instead.
///
/// `base` is a copy of the engine with its accounts, breach monitors, ADL index, journal and
/// groups emptied:
/// every other stored property (markets, marks, ledger, time, sequence, and whatever is added
/// later) is kept by the copy itself, so a new stored property is rolled back without being named
/// here. Emptying the big structures in the copy keeps them uniquely referenced by the live
/// engine, so applying inputs inside a group never copies them (copy on write would copy every
/// account).
struct InputGroupSavepoint: Sendable {
    /// The engine when the group opened, without accounts and monitors.
    var base: LiquidationEngine
    /// The pending accounts when the group opened (the monitors are not in `base`).
    var pending: Set<String>
    /// The state, when the group opened, of every account an input of the group changed
    /// (`nil`: it did not exist).
    var touched: [String: AccountState?] = [:]
}

extension LiquidationEngine {
    /// Applies `inputs` in order, all or nothing, and returns their events.
    ///
    /// When an input throws, the inputs before it are undone as well and the engine is exactly as
    /// it was before the call; the error's path is prefixed with the failing input's index
    /// (`[2].price`). Undoing restores only what the group changed: the accounts it touched
    /// (journaled by ``apply(_:)`` as it goes) and the engine's other fields (kept aside when the
    /// group opened) — nothing is copied per account.
    /// - Complexity: the inputs' own cost, plus O(k·p·(t + log n)) to undo k touched accounts.
    public mutating func apply(contentsOf inputs: some Sequence<EngineInput>) throws(ValidationError) -> [EngineEvent] {
        openInputGroup()
        var events: [EngineEvent] = []
        for (index, input) in inputs.enumerated() {
            do { events += try apply(input) } catch {
                rollBackInputGroup()
                throw error.prefixed(by: "[\(index)]")
            }
        }
        commitInputGroup()
        return events
    }

    /// Opens an input group: until the matching ``commitInputGroup()`` or
    /// ``rollBackInputGroup()``, the inputs applied can be undone together. Groups nest (a
    /// request's inputs inside a commit batch); each must be closed, innermost first.
    /// - Complexity: O(1) (the copy shares storage, minus the per-account structures).
    package mutating func openInputGroup() {
        var base = self
        base.accounts = [:]
        base.watch = Self.detachedWatch
        base.deleveragingIndex = DeleveragingIndex(mechanism: deleveraging)
        base.journal = [:]
        base.inputGroups = []
        inputGroups.append(InputGroupSavepoint(base: base, pending: watch.pending))
    }

    /// Keeps what the innermost group applied; an enclosing group can still undo it.
    package mutating func commitInputGroup() {
        precondition(!inputGroups.isEmpty, "no input group is open")
        let closed = inputGroups.removeLast()
        guard !inputGroups.isEmpty else { return }
        let outer = inputGroups.count - 1
        for (id, old) in closed.touched where inputGroups[outer].touched.index(forKey: id) == nil {
            inputGroups[outer].touched[id] = .some(old)
        }
    }

    /// Undoes everything applied since the innermost group opened: the accounts it touched are
    /// put back, the other fields are those of the savepoint, and the breach monitors are
    /// brought back to match (marks moved back, touched accounts re-indexed; rebuilt when the
    /// group changed the markets).
    /// - Complexity: O(k·p·(t + log n)) for k touched accounts; O(a·p·(t + log n)) when the
    ///   markets changed.
    package mutating func rollBackInputGroup() {
        precondition(!inputGroups.isEmpty, "no input group is open")
        let savepoint = inputGroups.removeLast()
        for (id, old) in savepoint.touched {
            deleveragingIndex.update(id, from: accounts[id], to: old, markets: markets, marks: marks)
            accounts[id] = old
        }
        let (movedMarks, changedMarkets) = (marks, markets)
        var restored = savepoint.base
        swap(&restored.accounts, &accounts)
        swap(&restored.watch, &watch)
        swap(&restored.deleveragingIndex, &deleveragingIndex)
        swap(&restored.inputGroups, &inputGroups)
        self = restored
        if markets != changedMarkets {
            deleveragingIndex.dropRankings()
            watch = EngineWatch(rebuildingFor: accounts, markets: markets, marks: marks)
        } else {
            // Bands armed at the undone marks stay valid (they were armed with exact slack), so
            // moving the marks back and re-indexing the restored accounts is enough.
            for symbol in movedMarks.keys.sorted() {
                if let previous = marks[symbol], previous != movedMarks[symbol] { _ = watch.markMoved(symbol, to: previous) }
            }
            for id in savepoint.touched.keys.sorted() { watch.update(id, accounts[id]) }
        }
        watch.pending = savepoint.pending
    }

    /// Records account `id`'s state in the innermost open group before its first change there.
    mutating func recordInInnermostGroup(_ id: String) {
        let innermost = inputGroups.count - 1
        if inputGroups[innermost].touched.index(forKey: id) == nil { inputGroups[innermost].touched[id] = .some(accounts[id]) }
    }

    /// An empty watch for copies that must not share the live monitors' storage.
    static let detachedWatch = EngineWatch(markets: MarketCatalog(), marks: [:])
}
