public import LiquidusBook
public import LiquidusCore

extension LiquidationEngine {
    /// Every stored property that defines the engine's state, with its key in the snapshot
    /// document — **the one place** a new stored property is added to snapshots. ``Snapshot``
    /// writes and reads exactly these fields (in this order; a reader refuses any other key) and
    /// ``init(restoring:policy:)`` restores them.
    ///
    /// Not here, on purpose: the policy and the executor settings (configuration: they come from
    /// the genesis, and the policy's kind is recorded to refuse a mismatch), the breach monitors
    /// (derived: rebuilt from the accounts, marks and markets on restore), and the transient
    /// journal, open input groups and test switches.
    static var snapshotFields: [SnapshotField] {
        [
            SnapshotField("time", \.time),
            SnapshotField("sequence", \.sequence),
            SnapshotField("externalNet", \.externalNet),
            SnapshotField("ledger", \.ledger, record: LedgerRecord.init, value: \.ledger),
            SnapshotField(
                "markets", \.markets, record: { catalog in catalog.markets.sorted(by: { $0.key < $1.key }).map { MarketRecord($0.value) } },
                value: { records throws(ValidationError) in
                    var catalog = MarketCatalog()
                    for (index, record) in records.enumerated() {
                        do throws(ValidationError) { catalog.insert(try record.market()) } catch { throw error.prefixed(by: "markets[\(index)]") }
                        guard catalog.markets.count == index + 1 else {
                            throw ValidationError(.duplicate, at: "markets[\(index)].symbol", "\(record.symbol) appears twice")
                        }
                    }
                    return catalog
                }),
            .prices("marks", \.marks),
            .prices("expectedPrices", \.expectedPrices),
            SnapshotField(
                "accounts", \.accounts, record: { accounts in accounts.sorted(by: { $0.key < $1.key }).map { AccountRecord($0.value) } },
                value: { records in
                    var accounts: [String: AccountState] = [:]
                    accounts.reserveCapacity(records.count)
                    for (index, record) in records.enumerated() {
                        let state: AccountState
                        do throws(ValidationError) { state = try record.state() } catch { throw error.prefixed(by: "accounts[\(index)]") }
                        guard accounts.updateValue(state, forKey: state.id) == nil else {
                            throw ValidationError(.duplicate, at: "accounts[\(index)].id", "account \"\(state.id)\" appears twice")
                        }
                    }
                    return accounts
                }),
            // The accounts left at or below maintenance after their cascade (the only part of the
            // monitors that is state rather than index).
            SnapshotField("pending", \.watch.pending, record: { $0.sorted() }, value: { Set($0) }),
            // The held accounts with their reasons (format 2; a format-1 document has none).
            SnapshotField(
                "held", \.held, since: 2, record: { held in held.sorted(by: { $0.key < $1.key }).map(\.value) },
                value: { (records: [AccountHeld]) throws(ValidationError) in
                    var held: [String: AccountHeld] = [:]
                    for (index, record) in records.enumerated() where held.updateValue(record, forKey: record.account) != nil {
                        throw ValidationError(.duplicate, at: "held[\(index)].account", "account \"\(record.account)\" appears twice")
                    }
                    return held
                }),
            // Order books (money-relevant: closes fill against them), then the statistics.
            .books,
            SnapshotField(
                "impactModels", \.impactModels, record: { $0.mapValues(\.state) },
                value: { records throws(ValidationError) in
                    var models: [String: AdaptiveImpact] = [:]
                    for (symbol, record) in records.sorted(by: { $0.key < $1.key }) {
                        guard let model = AdaptiveImpact(restoring: record) else {
                            throw ValidationError(.outOfRange, at: "impactModels.\(symbol)", "is not an impact model's state")
                        }
                        models[symbol] = model
                    }
                    return models
                }),
            SnapshotField("volatility", \.volatility, record: { $0.mapValues(VolatilityRecord.init) }, value: { $0.mapValues(\.estimate) }),
            // Index, last and external prices with the averages of derived marks, and the markets
            // whose price guard holds their liquidations (format 3; older documents have none).
            SnapshotField(
                "marketData", \.marketData, since: 3, record: { $0.mapValues(MarketDataRecord.init) },
                value: { records throws(ValidationError) in
                    var data: [String: MarketData] = [:]
                    for (symbol, record) in records.sorted(by: { $0.key < $1.key }) { data[symbol] = try record.data(at: "marketData.\(symbol)") }
                    return data
                }),
            SnapshotField(
                "liquidationHolds", \.liquidationHolds, since: 3, record: { holds in holds.sorted(by: { $0.key < $1.key }).map(\.value) },
                value: { (records: [LiquidationsHeld]) throws(ValidationError) in
                    var holds: [String: LiquidationsHeld] = [:]
                    for (index, record) in records.enumerated() where holds.updateValue(record, forKey: record.market) != nil {
                        throw ValidationError(.duplicate, at: "liquidationHolds[\(index)].market", "market \(record.market) appears twice")
                    }
                    return holds
                }),
            // The other shards' rankings and the forwarded orders applied: written only when
            // there are any, so a single shard's document is as before (format 4 reads it).
            .shards,
        ]
    }

    /// The engine's state as a restorable document (see ``Snapshot``).
    ///
    /// The snapshot shares storage with the engine (copy on write): taking one is O(1), and the
    /// engine's next change to its accounts copies them once while the snapshot is alive (so
    /// encode it, then let it go). The breach monitors are not shared: they are rebuilt on
    /// restore.
    /// - Complexity: O(1).
    public func snapshot() -> Snapshot {
        precondition(inputGroups.isEmpty, "a snapshot is taken between inputs, not inside an input group")
        var state = self
        state.watch = Self.detachedWatch
        state.watch.pending = watch.pending
        state.deleveragingIndex = DeleveragingIndex(mechanism: deleveraging)
        state.journal = [:]
        return Snapshot(policyKind: policy.kind, state: state)
    }

    /// Restores an engine from `snapshot` under `policy` (the genesis's: the policy is
    /// configuration, not state), rebuilding the breach monitors.
    ///
    /// Validates before accepting: the policy's kind is the snapshot's; every mark and expected
    /// price names a market and is a valid price; every account is a valid core account against
    /// the markets (`check`'s rules, its collateral held to an engine account's bounds) with a
    /// mark for each position's market; every pending and held account exists; and
    /// ``checkInvariants()`` holds — the ledger sums to ``externalNet`` exactly, the fund is ≥ 0.
    /// Accounts are not evaluated at the marks: one may be held, or become so at its next input,
    /// exactly as in the engine the snapshot was taken from. Throws the first problem with the
    /// document path it is at (`accounts[3].positions[0].size`).
    /// - Complexity: O(a·p·(t + log n)) for a accounts of p positions.
    ///
    /// `executor` and `deleveraging` are configuration too: the genesis's (the defaults unless it
    /// says otherwise). The snapshot records the mechanism it was taken under (a document without
    /// one was taken under the ranked queue) and is refused under another.
    public init(
        restoring snapshot: Snapshot, policy: any LiquidationPolicy, executor: LiquidationExecutor = LiquidationExecutor(),
        deleveraging: DeleveragingMechanism = .rankedQueue
    ) throws(ValidationError) {
        guard policy.kind == snapshot.policyKind else {
            throw ValidationError(
                .inconsistent, at: "policy", "the snapshot was taken under the \(snapshot.policyKind) policy, not \(policy.kind)")
        }
        guard deleveraging == snapshot.deleveraging else {
            throw ValidationError(
                .inconsistent, at: "deleveraging",
                "the snapshot was taken under the \(snapshot.deleveraging.rawValue) auto-deleveraging mechanism, not \(deleveraging.rawValue)")
        }
        var engine = snapshot.state.with(policy: policy)
        engine.executor = executor
        engine.deleveraging = deleveraging
        try engine.validateRestoredState()
        let pending = engine.watch.pending
        engine.watch = EngineWatch(rebuildingFor: engine.accounts, markets: engine.markets, marks: engine.marks)
        engine.watch.pending = pending
        engine.deleveragingIndex = DeleveragingIndex(mechanism: deleveraging, accounts: engine.accounts, marks: engine.marks)
        self = engine
    }

    /// The checks of ``init(restoring:policy:)``.
    func validateRestoredState() throws(ValidationError) {
        for (name, prices) in [("marks", marks), ("expectedPrices", expectedPrices)] {
            for (symbol, price) in prices.sorted(by: { $0.key < $1.key }) {
                _ = try markets.market(symbol, at: "\(name).\(symbol)")
                try Self.checkPrice(price, at: "\(name).\(symbol)")
            }
        }
        for (index, (_, state)) in accounts.sorted(by: { $0.key < $1.key }).enumerated() {
            do throws(ValidationError) {
                _ = try state.validated(markets)
                for (position, held) in state.positions.enumerated() where marks[held.market] == nil {
                    throw ValidationError(.missingField, at: "positions[\(position)].market", "has no mark price for \(held.market)")
                }
            } catch {
                throw error.prefixed(by: "accounts[\(index)]")
            }
        }
        if let stranger = watch.pending.sorted().first(where: { accounts[$0] == nil }) {
            throw ValidationError(.unknownReference, at: "pending", "unknown account \"\(stranger)\"")
        }
        if let stranger = held.keys.sorted().first(where: { accounts[$0] == nil }) {
            throw ValidationError(.unknownReference, at: "held", "unknown account \"\(stranger)\"")
        }
        // Books were validated against their markets when read; the statistics must name markets.
        let dataSymbols = Array(marketData.keys), holdSymbols = Array(liquidationHolds.keys)
        for (name, symbols) in [
            ("impactModels", Array(impactModels.keys)), ("volatility", Array(volatility.keys)), ("marketData", dataSymbols),
            ("liquidationHolds", holdSymbols),
        ] {
            for symbol in symbols.sorted() { _ = try markets.market(symbol, at: "\(name).\(symbol)") }
        }
        let broken = checkInvariants()
        guard broken.isEmpty else {
            throw ValidationError(.inconsistent, at: "", "the snapshot breaks the engine's invariants: " + broken.joined(separator: "; "))
        }
    }

    /// A restorable document of the engine's state: every field of `snapshotFields` plus the
    /// document's `format` and the `policy` kind it was taken under.
    ///
    /// JSON, in the conventions of the input log: money, prices, sizes and rates are decimal
    /// strings; times and sequence numbers are integers; markets, accounts (by id) and pending
    /// ids are arrays in ascending order; prices by market are objects. Encoded with sorted keys
    /// (`JSONEncoder.OutputFormatting.sortedKeys`), the same state always gives the same bytes,
    /// and decoding then re-encoding gives them back unchanged. Decoding reads the fields without
    /// judging them (a market is re-validated, an unknown key is an error); ``LiquidationEngine/init(restoring:policy:executor:)``
    /// validates the whole.
    public struct Snapshot: Codable, Sendable {
        /// The document format this build writes: 4, which records the engine's time unit
        /// (`timeUnit`, written when it is milliseconds; a document without it is in seconds) to
        /// format 3, which added the market data (`marketData`) and the markets held by their
        /// price guard (`liquidationHolds`) to format 2, which added the held accounts (`held`)
        /// to format 1. All are read (an older document has none of the later fields, and its
        /// times are seconds).
        public static let format = 4
        /// The formats this build reads.
        public static let readableFormats = 1...4
        /// The ``LiquidationPolicy/kind`` of the policy the engine ran under.
        public let policyKind: String
        /// The state (its policy a placeholder when decoded; its monitors empty).
        let state: LiquidationEngine

        init(policyKind: String, state: LiquidationEngine) {
            self.policyKind = policyKind
            self.state = state
        }

        /// The auto-deleveraging mechanism the engine ran under (written as `deleveraging` when it
        /// is not the ranked queue, so a queue engine's document is as before).
        public var deleveraging: DeleveragingMechanism { state.deleveraging }

        /// The engine's event sequence number when the snapshot was taken.
        public var sequence: UInt64 { state.sequence }
        /// The engine's time when the snapshot was taken.
        public var time: Int64 { state.time }
        /// The unit of its times (seconds for a document that records none).
        public var timeUnit: TimeUnit { state.timeUnit }
        /// How many accounts it holds.
        public var accountCount: Int { state.accounts.count }
        /// The ``LiquidationEngine/stateHash`` of the state it holds (the restored engine's).
        /// - Complexity: O(size of the state · log).
        public var stateHash: UInt64 { state.stateHash }
        /// The money in each bucket of the state it holds.
        /// - Complexity: O(a·p) for a accounts of p positions.
        public var moneyTotals: MoneyTotals { state.moneyTotals }

        /// Reads a document; a format other than ``format``, an unknown key, a missing field or
        /// an invalid market is an error.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: SnapshotKey.self)
            let format = try container.decode(Int.self, forKey: SnapshotKey("format"))
            guard Self.readableFormats.contains(format) else {
                throw DecodingError.dataCorruptedError(
                    forKey: SnapshotKey("format"), in: container,
                    debugDescription: "format \(format) is not one this build reads (\(Self.readableFormats.lowerBound)–\(Self.readableFormats.upperBound))")
            }
            policyKind = try container.decode(String.self, forKey: SnapshotKey("policy"))
            let mechanism = try container.decodeIfPresent(DeleveragingMechanism.self, forKey: SnapshotKey("deleveraging")) ?? .rankedQueue
            let fields = LiquidationEngine.snapshotFields
            let unit = try container.decodeIfPresent(String.self, forKey: SnapshotKey("timeUnit")).map { name in
                guard let unit = TimeUnit(rawValue: name), unit == .milliseconds, format >= 4 else {
                    throw DecodingError.dataCorruptedError(
                        forKey: SnapshotKey("timeUnit"), in: container, debugDescription: "must be \"milliseconds\" (absent: seconds), from format 4")
                }
                return unit
            }
            let known = Set(fields.map(\.key) + ["format", "policy", "deleveraging", "timeUnit"].map { SnapshotKey($0) })
            if let unknown = container.allKeys.first(where: { !known.contains($0) }) {
                throw DecodingError.dataCorruptedError(forKey: unknown, in: container, debugDescription: "unknown snapshot field")
            }
            var state = LiquidationEngine(policy: PolicyFromGenesis(kind: policyKind), deleveraging: mechanism, timeUnit: unit ?? .seconds)
            for field in fields where format >= field.since { try field.read(container, &state) }
            self.state = state
        }

        /// Writes the document.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: SnapshotKey.self)
            try container.encode(Self.format, forKey: SnapshotKey("format"))
            try container.encode(policyKind, forKey: SnapshotKey("policy"))
            if state.deleveraging != .rankedQueue { try container.encode(state.deleveraging, forKey: SnapshotKey("deleveraging")) }
            if state.timeUnit == .milliseconds { try container.encode(state.timeUnit.rawValue, forKey: SnapshotKey("timeUnit")) }
            for field in LiquidationEngine.snapshotFields { try field.write(state, &container) }
        }
    }
}

/// The policy of a decoded snapshot until it is restored with the genesis's policy; never asked
/// to decide (a snapshot's state is not run).
private struct PolicyFromGenesis: LiquidationPolicy {
    let kind: String
    var followUp: PolicyFollowUp { .takeover }
    func decide(_ context: LiquidationContext) -> PolicyDecision {
        preconditionFailure("a decoded snapshot is restored with the genesis's policy before it runs")
    }
}
