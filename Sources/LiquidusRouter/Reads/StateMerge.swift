public import LiquidusCheck
import LiquidusCore

/// `GET /v1/state` over every shard: the figures that add up summed over the shards that
/// answered, and every shard's own answer beside them, so that nothing is hidden.
///
/// `{"shardCount": K, "answered": n, "complete": n == K, "accounts": Σ, "insuranceFund": "Σ",
/// "shards": [{"shard": 0, "status": 200, "state": {…}}, {"shard": 1, "status": null,
/// "reason": "…"}, …]}`. Sums: the integer fields of ``summedIntegers`` and the decimal fields of
/// ``summedDecimals`` (exact, as `WideMoney`); a sum that would overflow is left out. Sequences,
/// hashes, times and the market count belong to one shard each and are only in `shards`.
public enum StateMerge {
    /// Fields that are counts of things split over the shards.
    public static let summedIntegers = ["accounts"]
    /// Fields that are amounts split over the shards.
    public static let summedDecimals = ["insuranceFund"]

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
        for name in summedIntegers { if let sum = integerSum(name, of: states) { fields[name] = .number(Double(sum)) } }
        for name in summedDecimals { if let sum = decimalSum(name, of: states) { fields[name] = .string(sum.description) } }
        return .object(fields)
    }

    /// The sum of the integer field `name` over `states`; `nil` when one lacks it or it overflows.
    static func integerSum(_ name: String, of states: [JSONValue]) -> Int64? {
        var sum: Int64 = 0
        for state in states {
            guard case .object(let fields) = state, case .number(let value)? = fields[name], let integer = Int64(exactly: value) else { return nil }
            let (next, overflow) = sum.addingReportingOverflow(integer)
            guard !overflow else { return nil }
            sum = next
        }
        return sum
    }

    /// The exact sum of the decimal field `name` over `states`; `nil` when one lacks it, it is not
    /// a decimal, or the sum overflows.
    static func decimalSum(_ name: String, of states: [JSONValue]) -> WideMoney? {
        var sum: Int128 = 0
        for state in states {
            guard case .object(let fields) = state, case .string(let text)? = fields[name], let amount = try? WideMoney(parsing: text) else { return nil }
            let (next, overflow) = sum.addingReportingOverflow(amount.units)
            guard !overflow else { return nil }
            sum = next
        }
        return WideMoney(units: sum)
    }
}
