import LiquidusCore

/// Reads the `policy` object of the `check` contract.
///
/// `{"kind": "restoreMarginRatio", "targetMarginRatio": "0.8", "buffer": "0.05"}`,
/// `{"kind": "stepDownTier"}`,
/// `{"kind": "fixedFraction", "fraction": "0.2", "cooldownSeconds": "30", "fullBelowNotional": "100000"}`,
/// `{"kind": "incremental", "chunk": "0.1", "intervalSeconds": "5"}`,
/// `{"kind": "portionPerInterval", "portion": "0.1", "minNotional": "1000", "accountCapPerInterval": "100000", "intervalSeconds": "1"}`,
/// `{"kind": "full"}`.
enum PolicyInput {
    static func read(_ value: JSONValue, _ path: String) throws(ValidationError) -> PolicySpecification {
        guard case .object(let fields) = value, case .string(let kind)? = fields["kind"] else {
            if case .object = value {
                throw ValidationError(.missingField, at: "\(path).kind", "is required (one of: \(PolicySpecification.kinds.joined(separator: ", ")))")
            }
            throw ValidationError(.wrongType, at: path, "must be an object, not \(value.typeDescription)")
        }
        func fraction(_ object: JSONObjectReader, _ key: String, default fallback: Rate? = nil, allowZero: Bool = false) throws(ValidationError) -> Rate {
            let rate: Rate
            if let fallback { rate = try object.optional(key, JSONRead.decimal) ?? fallback } else { rate = try object.required(key, JSONRead.decimal) }
            guard allowZero ? !rate.isNegative : rate.isPositive, rate <= Rate.one else {
                throw ValidationError(.outOfRange, at: object.path(of: key), allowZero ? "must be in [0, 1]" : "must be in (0, 1]")
            }
            return rate
        }
        func seconds(_ object: JSONObjectReader, _ key: String, default fallback: Int64) throws(ValidationError) -> Int64 {
            guard let value: Rate = try object.optional(key, JSONRead.decimal) else { return fallback }
            guard !value.isNegative, value.isMultiple(of: Rate.one), value <= Rate(86_400 * 366) else {
                throw ValidationError(.outOfRange, at: object.path(of: key), "must be a whole number of seconds from 0 to 31622400")
            }
            return value.units / FixedPoint.scale
        }
        func money(_ object: JSONObjectReader, _ key: String, default fallback: Money) throws(ValidationError) -> Money {
            let amount = try object.optional(key, JSONRead.decimal) ?? fallback
            guard !amount.isNegative, amount <= Limits.maxMoney else {
                throw ValidationError(.outOfRange, at: object.path(of: key), "must be ≥ 0 and at most \(Limits.maxMoney)")
            }
            return amount
        }
        switch kind {
        case "restoreMarginRatio":
            let object = try JSONObjectReader(value, at: path, known: ["kind", "targetMarginRatio", "buffer"])
            let target = try fraction(object, "targetMarginRatio")
            let buffer = try fraction(object, "buffer", default: .zero, allowZero: true)
            guard buffer < target else {
                throw ValidationError(.inconsistent, at: object.path(of: "buffer"), "must be below targetMarginRatio")
            }
            return .restoreMarginRatio(target: target, buffer: buffer)
        case "stepDownTier":
            _ = try JSONObjectReader(value, at: path, known: ["kind"])
            return .stepDownTier
        case "fixedFraction":
            let object = try JSONObjectReader(value, at: path, known: ["kind", "fraction", "cooldownSeconds", "fullBelowNotional"])
            return .fixedFraction(
                fraction: try fraction(object, "fraction"), cooldownSeconds: try seconds(object, "cooldownSeconds", default: 0),
                fullBelowNotional: try money(object, "fullBelowNotional", default: .zero))
        case "incremental":
            let object = try JSONObjectReader(value, at: path, known: ["kind", "chunk", "intervalSeconds"])
            return .incremental(chunk: try fraction(object, "chunk"), intervalSeconds: try seconds(object, "intervalSeconds", default: 1))
        case "portionPerInterval":
            let object = try JSONObjectReader(value, at: path, known: ["kind", "portion", "minNotional", "accountCapPerInterval", "intervalSeconds"])
            return .portionPerInterval(
                portion: try fraction(object, "portion"), minNotional: try money(object, "minNotional", default: Money(1_000)),
                accountCapPerInterval: try money(object, "accountCapPerInterval", default: Money(100_000)),
                intervalSeconds: try seconds(object, "intervalSeconds", default: 1))
        case "full":
            _ = try JSONObjectReader(value, at: path, known: ["kind"])
            return .full
        default:
            throw ValidationError(.outOfRange, at: "\(path).kind", "unknown policy \"\(kind)\" (one of: \(PolicySpecification.kinds.joined(separator: ", ")))")
        }
    }
}
