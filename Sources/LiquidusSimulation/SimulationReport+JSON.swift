import Foundation
import LiquidusCheck
import LiquidusCore

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
        let root: JSONWriter.Value = .object([
            ("format", .string("liquidus-simulate-summary-v1")),
            ("scenario", scenarioJSON),
            ("population", .object([
                ("source", .string(populationName)),
                ("accounts", .int(accounts)),
                ("openNotional", Self.json(openNotional)),
                ("seed", .string(String(seed))),
            ])),
            ("markets", .string(marketDescription)),
            ("insuranceFund", Self.json(insuranceFund)),
            ("book", bookJSON),
            ("policies", .array(results.map(policyJSON))),
        ])
        return JSONWriter.pretty.string(root) + "\n"
    }

    /// An amount as the contract writes it: a decimal string exact to 10⁻⁸.
    static func json(_ value: Money) -> JSONWriter.Value { .string(value.description) }

    /// The path: its length, start, end, low, peak to trough and notes.
    var scenarioJSON: JSONWriter.Value {
        let peak = path.peakToTrough
        return .object([
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
        ])
    }

    /// The simulated book's parameters.
    var bookJSON: JSONWriter.Value {
        .object([
            ("depthWithinOnePercent", .string(Self.decimal(book.depthWithinOnePercent, 2))),
            ("refillRatePerSecond", .string(Self.decimal(book.refillRate, 6))),
            ("halfSpread", .string(Self.decimal(book.halfSpread, 6))),
            ("levelStep", .string(Self.decimal(book.step, 6))),
            ("levels", .int(book.levels)),
            ("impactQuantityFraction", .string(Self.decimal(book.impactQuantityFraction, 6))),
        ])
    }

    /// One policy's figures: what it liquidated, what traders and the fund kept, the market's
    /// response, and the engine's count and state hash.
    func policyJSON(_ result: PolicyResult) -> JSONWriter.Value {
        typealias V = JSONWriter.Value
        let money = Self.json
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
        return .object(fields)
    }
}
