public import LiquidusCore

extension PolicyChoice {
    /// One parameter a policy takes on the command line: its name, what it accepts and its default.
    public struct Parameter: Sendable, Hashable {
        /// What a parameter's value may be.
        public enum Range: Sendable, Hashable {
            /// A fraction in (0, 1].
            case fraction
            /// A fraction in [0, 1).
            case buffer
            /// A whole number of seconds from 0 to 31,622,400 (366 days), as the `check` contract.
            case seconds
            /// An amount from 0 to ``Limits/maxMoney``.
            case money
        }

        /// The name after the policy's `:` (`target`).
        public var name: String
        /// What it accepts.
        public var range: Range
        /// The value when not given, exact (seconds as whole units).
        public var defaultValue: Rate

        /// The value `text` gives this parameter, parsed exactly (never rounded), or an error
        /// naming the parameter.
        func value(_ text: Substring) throws(ValidationError) -> Rate {
            let value: Rate
            do { value = try Rate(parsing: text) } catch {
                throw ValidationError(.invalidNumber, at: name, "\"\(text)\" is not a plain decimal (\(error))")
            }
            switch range {
            case .fraction:
                guard value.isPositive, value <= Rate.one else { throw ValidationError(.outOfRange, at: name, "must be in (0, 1], not \(text)") }
            case .buffer:
                guard !value.isNegative, value < Rate.one else { throw ValidationError(.outOfRange, at: name, "must be in [0, 1), not \(text)") }
            case .seconds:
                guard !value.isNegative, value.isMultiple(of: Rate.one), value <= Rate(86_400 * 366) else {
                    throw ValidationError(.outOfRange, at: name, "must be a whole number of seconds from 0 to 31622400, not \(text)")
                }
            case .money:
                guard !value.isNegative, value.units <= Limits.maxMoney.units else {
                    throw ValidationError(.outOfRange, at: name, "must be ≥ 0 and at most \(Limits.maxMoney), not \(text)")
                }
            }
            return value
        }
    }

    /// The parameters of each policy of ``names``, in the order labels list them; the defaults
    /// are those of ``named(_:)``.
    public static let parameters: [String: [Parameter]] = [
        "restore": [Parameter(name: "target", range: .fraction, defaultValue: Rate(units: 80_000_000)),
                    Parameter(name: "buffer", range: .buffer, defaultValue: .zero)],
        "step-down": [],
        "fixed-fraction": [Parameter(name: "fraction", range: .fraction, defaultValue: Rate(units: 20_000_000)),
                           Parameter(name: "cooldown", range: .seconds, defaultValue: Rate(30)),
                           Parameter(name: "full-below", range: .money, defaultValue: Rate(1_000))],
        "incremental": [Parameter(name: "chunk", range: .fraction, defaultValue: Rate(units: 10_000_000)),
                        Parameter(name: "interval", range: .seconds, defaultValue: Rate(1))],
        "portion": [Parameter(name: "portion", range: .fraction, defaultValue: Rate(units: 10_000_000)),
                    Parameter(name: "min-notional", range: .money, defaultValue: Rate(1_000)),
                    Parameter(name: "account-cap", range: .money, defaultValue: Rate(100_000)),
                    Parameter(name: "interval", range: .seconds, defaultValue: Rate(1))],
        "full": [],
    ]

    /// Parses `name[:parameter=value]…` (`restore:target=0.5:buffer=0.1`): a policy of ``names``
    /// and any of its ``parameters`` by name, each at most once, values plain decimals parsed
    /// exactly. The label is the name followed by the parameters given, in the policy's order,
    /// each value in its shortest decimal form (`restore:target=0.5`); with none it is the name,
    /// and the policy is ``named(_:)``'s.
    ///
    /// Errors name the parameter (its path is the parameter's name; empty for the policy's name):
    /// an unknown policy or parameter, a parameter given twice or without `=value`, a value that
    /// is not a plain decimal or is out of its range, a `restore` buffer not below its target.
    public static func parse(_ text: String) throws(ValidationError) -> PolicyChoice {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard let known = parameters[name] else {
            throw ValidationError(.unknownReference, at: "", "unknown policy \"\(name)\" (known: \(names.joined(separator: ", ")))")
        }
        var given: [String: Rate] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(pair[0])
            guard let parameter = known.first(where: { $0.name == key }) else {
                let list = known.isEmpty ? "it takes none" : "its parameters: " + known.map(\.name).joined(separator: ", ")
                throw ValidationError(.unknownField, at: key, "is not a parameter of \(name) (\(list))")
            }
            guard pair.count == 2, !pair[1].isEmpty else { throw ValidationError(.missingField, at: key, "needs a value: \(key)=VALUE") }
            guard given[key] == nil else { throw ValidationError(.duplicate, at: key, "is given twice") }
            given[key] = try parameter.value(pair[1])
        }
        let values = Dictionary(uniqueKeysWithValues: known.map { ($0.name, given[$0.name] ?? $0.defaultValue) })
        let label = ([name] + known.compactMap { parameter in given[parameter.name].map { "\(parameter.name)=\($0)" } }).joined(separator: ":")
        let (specification, description) = try policy(name, values)
        return PolicyChoice(label: label, specification: specification, description: description)
    }

    /// The specification and description of policy `name` with every parameter's value.
    static func policy(_ name: String, _ values: [String: Rate]) throws(ValidationError) -> (PolicySpecification, String) {
        func value(_ key: String) -> Rate { values[key] ?? .zero }
        func seconds(_ key: String) -> Int64 { value(key).units / FixedPoint.scale }
        func money(_ key: String) -> Money { Money(units: value(key).units) }
        func percent(_ key: String) -> String { "\(Rate(units: value(key).units * 100)) %" }
        func every(_ key: String) -> String { seconds(key) == 1 ? "per second" : "every \(seconds(key)) s" }
        switch name {
        case "restore":
            let target = value("target"), buffer = value("buffer")
            guard buffer < target else { throw ValidationError(.inconsistent, at: "buffer", "must be below target (\(target)), not \(buffer)") }
            let less = buffer.isZero ? "" : ", less a buffer of \(buffer)"
            return (.restoreMarginRatio(target: target, buffer: buffer),
                    "restoreMarginRatio: close the least lots that bring maintenance ÷ equity to \(target)\(less)")
        case "step-down":
            return (.stepDownTier, "stepDownTier: reduce to the next lower risk tier's cap (lowest tier: takeover)")
        case "fixed-fraction":
            return (.fixedFraction(fraction: value("fraction"), cooldownSeconds: seconds("cooldown"), fullBelowNotional: money("full-below")),
                    "fixedFraction: \(percent("fraction")) per step, \(seconds("cooldown")) s cooldown (then full), 2/3 backstop, "
                        + "whole at ≤ \(grouped(money("full-below"))) notional")
        case "incremental":
            return (.incremental(chunk: value("chunk"), intervalSeconds: seconds("interval")),
                    "incremental: \(percent("chunk")) \(every("interval")) while under maintenance")
        case "portion":
            return (.portionPerInterval(portion: value("portion"), minNotional: money("min-notional"),
                                        accountCapPerInterval: money("account-cap"), intervalSeconds: seconds("interval")),
                    "portionPerInterval: \(percent("portion")) \(every("interval")), at least \(grouped(money("min-notional"))), "
                        + "at most \(grouped(money("account-cap"))) per account")
        default:
            return (.full, "full: take the whole position over at the bankruptcy price")
        }
    }

    /// An amount with thousands separators in its whole part (`100,000`, `1,234.5`).
    static func grouped(_ amount: Money) -> String {
        let text = amount.description
        let whole = text.prefix { $0 != "." }
        var digits = ""
        for (offset, digit) in whole.enumerated() {
            if offset > 0, (whole.count - offset) % 3 == 0 { digits.append(",") }
            digits.append(digit)
        }
        return digits + text.dropFirst(whole.count)
    }
}
