import LiquidusCore

/// One account's cascade with the auto-deleveraging it causes, worked out on copies of what it
/// changes — the account, the ledger, the books and impact models (in the cascade), and each
/// counterparty — so that the engine keeps all of it or none (see
/// ``LiquidationEngine/recheck(_:)``).
struct LiquidationTrial {
    /// The cascade, whose books and impact models the account's fills change.
    var cascade: LiquidationCascade
    /// The ledger.
    var ledger: Ledger
    /// The account.
    var state: AccountState
    /// The counterparties auto-deleveraging changed, as they are after it.
    var counterparties: [String: AccountState] = [:]
    /// The events, in order.
    var payloads: [EngineEvent.Payload] = []
    /// The counterparties in the order of their events (they are re-checked after).
    var deleveraged: [String] = []
    /// Whether the cascade did anything beyond looking (a trigger, a wait and a resolution alone
    /// change nothing and are not told).
    var acts = false
    /// The engine's auto-deleveraging index, moved in for the trial (rankings it builds from the
    /// engine's accounts stay valid whether the trial is kept or dropped) and handed back after.
    var deleveragingIndex = DeleveragingIndex(mechanism: .rankedQueue)
    /// The other shards' rankings as the engine keeps them, less what this trial forwarded to
    /// them (the engine keeps this copy with the trial).
    var shards = ShardDeleveraging()

    /// Runs the cascade on the account and carries out its auto-deleveraging against `engine`'s
    /// accounts; throws the first figure that cannot be formed.
    mutating func run(in engine: LiquidationEngine) throws(ValidationError) {
        let actions = try cascade.run(&state, ledger: &ledger)
        acts = actions.contains { action in
            switch action {
            case .triggered, .waiting, .resolved: false
            default: true
            }
        }
        guard acts else { return }
        for action in actions {
            switch action {
            case .triggered(let event): payloads.append(.liquidationTriggered(event))
            case .ordersCancelled(let event): payloads.append(.ordersCancelled(event))
            case .partial(let event): payloads.append(.partialLiquidation(event))
            case .takeover(let event): payloads.append(.positionTakenOver(event))
            case .fundPaid(let event): payloads.append(.insuranceFundPaid(event))
            case .resolved(let event): payloads.append(.liquidationResolved(event))
            case .waiting: break
            case .deleverage(let order):
                try deleverage(order, in: engine)
            }
        }
    }

    /// The account `id` as this trial has it: changed by an earlier order of the trial, else the
    /// engine's.
    func account(_ id: String, in engine: LiquidationEngine) -> AccountState? {
        counterparties[id] ?? engine.accounts[id]
    }
}
