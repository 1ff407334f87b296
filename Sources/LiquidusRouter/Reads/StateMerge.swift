public import LiquidusCheck
import LiquidusCore

/// `GET /v1/state` over every shard: the figures that add up summed over the shards that
/// answered, and every shard's own answer beside them, so that nothing is hidden.
///
/// `{"shardCount": K, "answered": n, "complete": n == K, "accounts": Σ, "money": {"wallets": "Σ",
/// …}, "conservation": {…} (``conservation(of:)``, when every shard answered), "shards": [{"shard": 0, "status": 200, "state": {…}}, {"shard": 1, "status": null,
/// "reason": "…"}, …]}`. Sums: the integer fields of ``summedIntegers`` and the decimal fields of
/// ``summedDecimals`` (exact, as `WideMoney`), each given only when every shard that answered has
/// it, and left out when it would overflow. Not summed: the insurance fund (`insuranceFund`,
/// `money.insuranceFund`) — shards on PostgreSQL may share one fund, which each then reports as
/// it last read it, and the router cannot tell — and the sequences, state hashes, times and
/// market counts, which belong to one shard each; they are in `shards`.
public enum StateMerge {
    /// Fields (paths in the state) that are counts of things split over the shards.
    public static let summedIntegers: [[String]] = [["accounts"]]
    /// Fields (paths in the state) that are amounts split over the shards: the money buckets of
    /// the conservation identity that each shard holds alone.
    public static let summedDecimals: [[String]] = [
        "wallets", "isolatedMargins", "outsideMarket", "unrecoveredLoss", "externalNet", "sharedFundTransfers", "initialInsuranceFund",
    ].map { ["money", $0] }

    /// The merged document of the shards' answers, by index.
    public static func merge(_ answers: [ShardAnswer]) -> JSONValue {
        var states: [JSONValue] = []
        var entries: [JSONValue] = []
        for (shard, answer) in answers.enumerated() {
            var entry: [String: JSONValue] = ["shard": .number(Double(shard))]
            switch answer {
            case .answered(let status, _, let body):
                entry["status"] = .number(Double(status))
                let document = BroadcastReport.json(body) ?? .string(String(decoding: body, as: UTF8.self))
                entry[status == 200 ? "state" : "body"] = document
                if status == 200 { states.append(document) }
            case .unreachable(let reason):
                entry["status"] = .null
                entry["reason"] = .string(reason)
            }
            entries.append(.object(entry))
        }
        var fields: [String: JSONValue] = [
            "shardCount": .number(Double(answers.count)), "answered": .number(Double(states.count)),
            "complete": .bool(states.count == answers.count), "shards": .array(entries),
        ]
        var sums = JSONValue.object(fields)
        for path in summedIntegers { if let sum = integerSum(path, of: states) { sums.set(.number(Double(sum)), at: path) } }
        for path in summedDecimals { if let sum = decimalSum(path, of: states) { sums.set(.string(sum.description), at: path) } }
        if states.count == answers.count, let check = conservation(of: states) { sums.set(check, at: ["conservation"]) }
        return sums
    }

    /// Money conserved across the shards, from every shard's buckets: with one shared fund (every
    /// shard reports `sharedFund`), `held = Σ (wallets + isolatedMargins + outsideMarket +
    /// unrecoveredLoss) + the fund's balance` against `owed = Σ (externalNet −
    /// initialInsuranceFund) + the fund's initial balance`; with a fund per shard (none reports
    /// one), `held = Σ (… + insuranceFund)` against `owed = Σ (externalNet +
    /// sharedFundTransfers)`. `{"fund": "shared" | "separate", "held", "owed", "balanced"}`;
    /// `nil` when a figure is missing or the shards disagree on the kind of fund. Exact when no
    /// shard commits while the router reads them (the reads are not one transaction).
    static func conservation(of states: [JSONValue]) -> JSONValue? {
        /// Adds `amounts` to `sum`; false when a step overflows (the check is then left out).
        func add(_ amounts: [Int128], to sum: inout Int128) -> Bool {
            for value in amounts {
                let (next, overflow) = sum.addingReportingOverflow(value)
                guard !overflow else { return false }
                sum = next
            }
            return true
        }
        func amount(_ state: JSONValue, _ path: [String]) -> Int128? {
            guard case .string(let text)? = state.value(at: path), let value = try? WideMoney(parsing: text) else { return nil }
            return value.units
        }
        let shared = states.map { $0.value(at: ["sharedFund"]) != nil }
        guard shared.allSatisfy({ $0 }) || !shared.contains(true), let first = states.first else { return nil }
        var held: Int128 = 0, owed: Int128 = 0
        for state in states {
            var buckets: [Int128] = []
            for field in ["wallets", "isolatedMargins", "outsideMarket", "unrecoveredLoss", "externalNet", "initialInsuranceFund", "insuranceFund", "sharedFundTransfers"] {
                guard let value = amount(state, ["money", field]) else { return nil }
                buckets.append(value)
            }
            let heldHere = [buckets[0], buckets[1], buckets[2], buckets[3], shared[0] ? 0 : buckets[6]]
            let owedHere = shared[0] ? [buckets[4], -buckets[5]] : [buckets[4], buckets[7]]
            guard add(heldHere, to: &held), add(owedHere, to: &owed) else { return nil }
        }
        if shared[0] {
            guard let balance = amount(first, ["sharedFund", "balance"]), let initial = amount(first, ["sharedFund", "initialBalance"]),
                  add([balance], to: &held), add([initial], to: &owed) else { return nil }
        }
        return .object([
            "fund": .string(shared[0] ? "shared" : "separate"), "held": .string(WideMoney(units: held).description),
            "owed": .string(WideMoney(units: owed).description), "balanced": .bool(held == owed),
        ])
    }

    /// The sum of the integer field at `path` over `states`; `nil` when one lacks it or it overflows.
    static func integerSum(_ path: [String], of states: [JSONValue]) -> Int64? {
        guard !states.isEmpty else { return nil }
        var sum: Int64 = 0
        for state in states {
            guard case .number(let value)? = state.value(at: path), let integer = Int64(exactly: value) else { return nil }
            let (next, overflow) = sum.addingReportingOverflow(integer)
            guard !overflow else { return nil }
            sum = next
        }
        return sum
    }

    /// The exact sum of the decimal field at `path` over `states`; `nil` when one lacks it, it is
    /// not a decimal, or the sum overflows.
    static func decimalSum(_ path: [String], of states: [JSONValue]) -> WideMoney? {
        guard !states.isEmpty else { return nil }
        var sum: Int128 = 0
        for state in states {
            guard case .string(let text)? = state.value(at: path), let amount = try? WideMoney(parsing: text) else { return nil }
            let (next, overflow) = sum.addingReportingOverflow(amount.units)
            guard !overflow else { return nil }
            sum = next
        }
        return WideMoney(units: sum)
    }
}

extension JSONValue {
    /// The value at `path` (object keys), or `nil`.
    func value(at path: [String]) -> JSONValue? {
        guard let key = path.first else { return self }
        guard case .object(let fields) = self else { return nil }
        return fields[key]?.value(at: Array(path.dropFirst()))
    }

    /// Sets the value at `path`, making the objects on the way.
    mutating func set(_ value: JSONValue, at path: [String]) {
        guard let key = path.first else {
            self = value
            return
        }
        var fields: [String: JSONValue] = [:]
        if case .object(let existing) = self { fields = existing }
        var child = fields[key] ?? .object([:])
        child.set(value, at: Array(path.dropFirst()))
        fields[key] = child
        self = .object(fields)
    }
}
