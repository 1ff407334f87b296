public import LiquidusCore

/// One policy parameter over a range of values, each value a run: `restore.target=0.3...0.9/0.1`
/// is `restore:target=0.3`, `restore:target=0.4`, …, `restore:target=0.9`.
public struct PolicySweep: Sendable, Hashable {
    /// The policy (one of ``PolicyChoice/names``).
    public var policy: String
    /// The parameter swept (one of the policy's ``PolicyChoice/parameters``).
    public var parameter: String
    /// The values, ascending, exact: `from`, `from + step`, … up to `to` (included when on the grid).
    public var values: [Rate]
    /// The policy's other parameters, fixed for every value (`["buffer=0.05"]`: see
    /// ``fixing(from:)``); the rest take their defaults.
    public var fixed: [String] = []

    /// The most values a sweep may have.
    public static let maxValues = 50

    /// Parses `policy.parameter=from...to/step`; every value is checked as the parameter's own
    /// (``PolicyChoice/parse(_:)``), so an out-of-range end is refused with the parameter's message.
    /// Errors have the path `--sweep` (or `--sweep.parameter` for a value the parameter refuses).
    /// - Complexity: O(values).
    public init(parsing text: String) throws(ValidationError) {
        let form = "must read policy.parameter=from...to/step (restore.target=0.3...0.9/0.1)"
        let sides = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let names = sides[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard sides.count == 2, names.count == 2 else { throw ValidationError(.invalidNumber, at: "--sweep", "\"\(text)\" \(form)") }
        let range = sides[1].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let ends = range[0].split(separator: "...", omittingEmptySubsequences: false)
        guard range.count == 2, ends.count == 2 else { throw ValidationError(.invalidNumber, at: "--sweep", "\"\(text)\" \(form)") }
        func number(_ text: some StringProtocol, _ what: String) throws(ValidationError) -> Rate {
            do { return try Rate(parsing: text) } catch {
                throw ValidationError(.invalidNumber, at: "--sweep", "\(what) \"\(text)\" is not a plain decimal (\(error))")
            }
        }
        let from = try number(ends[0], "from"), to = try number(ends[1], "to"), step = try number(range[1], "step")
        guard step.isPositive else { throw ValidationError(.outOfRange, at: "--sweep", "step must be > 0, not \(step)") }
        guard from <= to else { throw ValidationError(.inconsistent, at: "--sweep", "from (\(from)) must not be above to (\(to))") }
        let count = (Int128(to.units) - Int128(from.units)) / Int128(step.units) + 1
        guard count <= Int128(Self.maxValues) else {
            throw ValidationError(.outOfRange, at: "--sweep", "gives \(count) values; at most \(Self.maxValues)")
        }
        policy = String(names[0])
        parameter = String(names[1])
        values = (0..<Int64(count)).map { Rate(units: from.units + $0 * step.units) }
        _ = try choices()
    }

    /// The `--policies` entries of the sweep, one per value (`restore:target=0.3`, with the fixed
    /// parameters: `restore:target=0.3:buffer=0.05`).
    public var entries: [String] { values.map { ["\(policy):\(parameter)=\($0)"] + fixed }.map { $0.joined(separator: ":") } }

    /// The run label of each value (the policy's label, parameters in its order: `restore:target=0.3:buffer=0.05`).
    public var labels: [String] { (try? choices().map(\.label)) ?? entries }

    /// Takes the sweep's fixed parameters from `policies` (`--policies` entries) and returns the
    /// other entries: an entry naming the swept policy (`restore:buffer=0.05`) is not a run of its
    /// own but sets the sweep's other parameters. At most one entry may name it, and it may not
    /// set the swept parameter; every value is checked again with them (a `restore` buffer must
    /// stay below each target). Errors have the path `--policies[i]` or `--sweep.parameter`.
    /// - Complexity: O(policies + values).
    public mutating func fixing(from policies: [String]) throws(ValidationError) -> [String] {
        var others: [String] = []
        var base: Int?
        for (index, entry) in policies.enumerated() {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts[0] == policy else {
                others.append(entry)
                continue
            }
            if let base {
                throw ValidationError(.duplicate, at: "--policies[\(index)]", "sets \(policy)'s parameters for the sweep, as --policies[\(base)] does already")
            }
            base = index
            do { _ = try PolicyChoice.parse(entry) } catch { throw error.prefixed(by: "--policies[\(index)]") }
            let given = parts.dropFirst().map(String.init)
            if given.contains(where: { $0.split(separator: "=", maxSplits: 1).first.map(String.init) == parameter }) {
                throw ValidationError(.inconsistent, at: "--policies[\(index)].\(parameter)", "is the swept parameter: --sweep sets it")
            }
            fixed = given
        }
        _ = try choices()
        return others
    }

    /// The policies of the sweep, each value checked as its parameter's.
    public func choices() throws(ValidationError) -> [PolicyChoice] {
        var choices: [PolicyChoice] = []
        for entry in entries {
            do { choices.append(try PolicyChoice.parse(entry)) } catch { throw error.prefixed(by: "--sweep") }
        }
        return choices
    }
}
