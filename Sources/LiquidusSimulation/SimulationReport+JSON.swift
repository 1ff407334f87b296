import Foundation
import LiquidusCheck
import LiquidusCore

/// A minimal JSON writer with keys in the order written (stable output, no floating-point
/// formatting surprises: every non-integer is written as a string the caller formatted).
struct JSONWriter {
    indirect enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case array([Value])
        case object([(String, Value)])
    }

    static func render(_ value: Value, indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch value {
        case .string(let text): return quote(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .int = $0 { true } else if case .string = $0 { true } else { false } }) {
                return "[" + items.map { render($0) }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { inner + render($0, indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { inner + quote($0.0) + ": " + render($0.1, indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "}"
        }
    }

    static func quote(_ text: String) -> String { JSONRead.quoted(text) }
}

extension SimulationReport {
    /// A fixed-precision decimal string of a model figure (`"12.35"`).
    static func decimal(_ value: Double, _ places: Int) -> String {
        let text = String(format: "%.\(places)f", value)
        return text == "-0." + String(repeating: "0", count: places) ? String(text.dropFirst()) : text
    }

    /// The JSON summary: the scenario, the parameters and each policy's figures, money as decimal
    /// strings exact to 10⁻⁸ (as in the `check` contract), ratios and bps as decimal strings of
    /// fixed precision, counts as integers. Keys in a fixed order; no wall-clock figure, so the
    /// same seed and options give byte-identical output.
    public var summaryJSON: String {
        typealias V = JSONWriter.Value
        func money(_ value: Money) -> V { .string(value.description) }
        let peak = path.peakToTrough
        var policies: [V] = []
        for result in results {
            var fields: [(String, V)] = [
                ("label", .string(result.label)),
                ("policy", .string(result.policyDescription)),
                ("market", .string(result.symbol)),
                ("accountsLiquidated", .int(result.accountsLiquidated)),
                ("accountsPartiallyLiquidatedOnly", .int(result.accountsPartiallyOnly)),
                ("accountsTakenOver", .int(result.accountsTakenOver)),
                ("partialSteps", .int(result.partialSteps)),
                ("takeovers", .int(result.takeovers)),
                ("notionalLiquidated", money(result.liquidatedNotional)),
                ("notionalLiquidatedPartially", money(result.partialNotional)),
                ("traderEquityStart", money(result.traderEquityStart)),
                ("traderEquityEnd", money(result.traderEquityEnd)),
            ]
            if let versus = equityVersusFull(result) { fields.append(("traderEquityVersusFull", money(versus))) }
            fields += [
                ("liquidatedAccountsEquityStart", money(result.liquidatedEquityStart)),
                ("liquidatedAccountsEquityEnd", money(result.liquidatedEquityEnd)),
                ("liquidatedAccountsEquityRetained", .string(Self.decimal(result.retainedShare, 6))),
                ("liquidationFees", money(result.liquidationFees)),
                ("insuranceFundStart", money(result.fundStart)),
                ("insuranceFundMin", money(result.fundMin)),
                ("insuranceFundEnd", money(result.fundEnd)),
                ("insuranceFundPaid", money(result.fundPaid)),
                ("badDebt", money(result.badDebt)),
                ("unrecoveredLoss", money(result.unrecoveredLoss)),
                ("adlEvents", .int(result.adlEvents)),
                ("adlNotional", money(result.adlNotional)),
                ("accountsDeleveraged", .int(result.accountsDeleveraged)),
                ("slippageAverageBps", .string(Self.decimal(result.averageSlippageBps, 2))),
                ("slippageWorstBps", .string(Self.decimal(result.worstSlippageBps, 2))),
                ("cascadeDepth", .int(result.cascadeDepth)),
                ("cascadeSeconds", .int(result.cascadeSeconds)),
                ("inducedLiquidationSteps", .int(result.inducedSteps)),
                ("roundCapHits", .int(result.roundCapHits)),
                ("markMaxBelowPath", .string(Self.decimal(result.maxLiquidationDisplacement, 6))),
                ("markPeakToTrough", .string(Self.decimal(result.markPeakToTrough, 6))),
                ("markLow", .string(result.markLow.description)),
                ("engineInputs", .int(result.inputs)),
                ("engineEvents", .int(result.events)),
                ("stateHash", .string(String(result.stateHash, radix: 16))),
                ("equityRetainedHistogram", .array(result.retainedHistogram.map { .int($0) })),
            ]
            policies.append(.object(fields))
        }
        let root: V = .object([
            ("format", .string("liquidus-simulate-summary-v1")),
            ("scenario", .object([
                ("path", .string(path.name)),
                ("seconds", .int(path.seconds - 1)),
                ("start", .string(Self.decimal(path.prices[0], 2))),
                ("end", .string(Self.decimal(path.prices[path.seconds - 1], 2))),
                ("low", .string(Self.decimal(path.prices.min() ?? 0, 2))),
                ("peakToTrough", .string(Self.decimal(peak.fraction, 6))),
                ("peakSecond", .int(peak.peakSecond)),
                ("troughSecond", .int(peak.troughSecond)),
                ("volume", .string(Self.decimal(path.volumes.reduce(0, +), 2))),
                ("notes", .array(path.notes.map { .string($0) })),
            ])),
            ("population", .object([
                ("source", .string(populationName)),
                ("accounts", .int(accounts)),
                ("openNotional", money(openNotional)),
                ("seed", .string(String(seed))),
            ])),
            ("markets", .string(marketDescription)),
            ("insuranceFund", money(insuranceFund)),
            ("book", .object([
                ("depthWithinOnePercent", .string(Self.decimal(book.depthWithinOnePercent, 2))),
                ("refillRatePerSecond", .string(Self.decimal(book.refillRate, 6))),
                ("halfSpread", .string(Self.decimal(book.halfSpread, 6))),
                ("levelStep", .string(Self.decimal(book.step, 6))),
                ("levels", .int(book.levels)),
                ("impactQuantityFraction", .string(Self.decimal(book.impactQuantityFraction, 6))),
            ])),
            ("policies", .array(policies)),
        ])
        return JSONWriter.render(root) + "\n"
    }
}
