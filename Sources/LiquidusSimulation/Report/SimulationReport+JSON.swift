import Foundation
import LiquidusCheck
import LiquidusCore

extension SimulationReport {
    /// A fixed-precision decimal string of a model figure (`"12.35"`).
    static func decimal(_ value: Double, _ places: Int) -> String {
        let text = String(format: "%.\(places)f", value)
        return text == "-0." + String(repeating: "0", count: places) ? String(text.dropFirst()) : text
    }

    /// The JSON summary: the scenario, the parameters and each run's figures, money as decimal
    /// strings exact to 10⁻⁸ (as in the `check` contract), ratios and bps as decimal strings of
    /// fixed precision, counts as integers. Keys in a fixed order; no wall-clock figure, so the
    /// same seed and options give byte-identical output.
    public var summaryJSON: String {
        var fields: [(String, JSONWriter.Value)] = [
            ("format", .string("liquidus-simulate-summary-v2")),
            ("scenario", scenarioJSON),
            ("population", populationJSON),
            ("markets", .string(marketDescription)),
            ("insuranceFund", Self.json(insuranceFund)),
            ("book", bookJSON),
            ("runs", .array(results.map(runJSON))),
        ]
        if let sweep = sweepJSON { fields.append(("sweep", sweep)) }
        if let repeated = repeatedJSON { fields.append(("repeated", repeated)) }
        let wicks = wickComparisons
        if !wicks.isEmpty { fields.append(("partialVersusFull", .array(wicks.map(Self.wickJSON)))) }
        return JSONWriter.pretty.string(.object(fields)) + "\n"
    }

    /// An amount as the contract writes it: a decimal string exact to 10⁻⁸.
    static func json(_ value: Money) -> JSONWriter.Value { .string(value.description) }

    /// The scenario: its length, notes, and per asset its start, end, low and depth.
    var scenarioJSON: JSONWriter.Value {
        .object([
            ("name", .string(scenario.name)),
            ("start", .string(scenario.startLabel ?? "")),
            ("seconds", .int(scenario.seconds - 1)),
            ("assets", .array(scenario.assets.map { asset in
                let path = asset.path
                let peak = path.peakToTrough
                return .object([
                    ("asset", .string(asset.name)),
                    ("start", .string(Self.decimal(path.prices[0], 4))),
                    ("end", .string(Self.decimal(path.prices[path.seconds - 1], 4))),
                    ("low", .string(Self.decimal(path.prices.min() ?? 0, 4))),
                    ("peakToTrough", .string(Self.decimal(peak.fraction, 6))),
                    ("peakSecond", .int(peak.peakSecond)),
                    ("troughSecond", .int(peak.troughSecond)),
                    ("lowestDepth", .string(Self.decimal(asset.depth.lowest, 6))),
                ])
            })),
            ("notes", .array(scenario.notes.map { .string($0) })),
        ])
    }

    /// The population: source, size, profiles, notional quantiles.
    var populationJSON: JSONWriter.Value {
        let quantiles = notionalQuantiles
        return .object([
            ("source", .string(populationName)),
            ("accounts", .int(accounts)),
            ("openNotional", Self.json(openNotional)),
            ("notionalMedian", Self.json(quantiles.median)),
            ("notionalP99", Self.json(quantiles.p99)),
            ("notionalLargest", Self.json(quantiles.largest)),
            ("profiles", .object(profileCounts.map { ($0.profile.rawValue, .int($0.count)) })),
            ("seed", .string(String(seed))),
        ])
    }

    /// The book model's parameters and each market's depth.
    var bookJSON: JSONWriter.Value {
        .object([
            ("depthRatio", .string(Self.decimal(options.bookDepthRatio, 6))),
            ("refillRatePerSecond", .string(Self.decimal(options.refillRate, 6))),
            ("markets", .array(feeds.map { feed in
                .object([
                    ("market", .string(feed.market.symbol)),
                    ("derived", .bool(feed.derived)),
                    ("startMark", .string(feed.startMark.description)),
                    ("depthWithinOnePercent", .string(Self.decimal(feed.book.depthWithinOnePercent, 2))),
                ])
            })),
        ])
    }

    /// One run's figures: what it liquidated (partially, taken over, why), what traders and the
    /// fund kept, execution, ADL, the market's response, and the engine's counts and state hash.
    func runJSON(_ result: PolicyResult) -> JSONWriter.Value {
        let money = Self.json
        var fields: [(String, JSONWriter.Value)] = [
            ("label", .string(result.label)),
            ("policy", .string(result.policyDescription)),
            ("adl", .string(result.deleveragingLabel)),
            ("markets", .array(result.symbols.map { .string($0) })),
            ("accountsLiquidated", .int(result.accountsLiquidated)),
            ("accountsPartiallyLiquidatedOnly", .int(result.accountsPartiallyOnly)),
            ("accountsTakenOver", .int(result.accountsTakenOver)),
            ("accountsPartiallyThenTakenOver", .int(result.accountsPartialThenTakenOver)),
            ("partialCloses", .int(result.breakdown.partial.count)),
            ("notionalClosedPartially", money(result.breakdown.partial.notional)),
            ("takeovers", .int(result.breakdown.takeover.count)),
            ("notionalTakenOver", money(result.breakdown.takeover.notional)),
            ("takeoverCauses", .array(result.breakdown.sortedCauses.map { entry in
                .object([("cause", .string(entry.cause.rawValue)), ("takeovers", .int(entry.tally.count)), ("notional", money(entry.tally.notional))])
            })),
            ("byMarket", .array(result.symbols.map { symbol in
                .object([
                    ("market", .string(symbol)),
                    ("notionalClosedPartially", money(result.breakdown.partialByMarket[symbol]?.notional ?? .zero)),
                    ("notionalTakenOver", money(result.breakdown.takeoverByMarket[symbol]?.notional ?? .zero)),
                ])
            })),
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
            ("adl", Self.deleveragingJSON(result.deleveraging)),
            ("accountsDeleveraged", .int(result.accountsDeleveraged)),
            ("execution", Self.executionJSON(result.execution)),
            ("slippageAverageBps", .string(Self.decimal(result.averageSlippageBps, 2))),
            ("slippageWorstBps", .string(Self.decimal(result.worstSlippageBps, 2))),
            ("cascadeDepth", .int(result.cascadeDepth)),
            ("cascadeSeconds", .int(result.cascadeSeconds)),
            ("inducedLiquidationSteps", .int(result.inducedSteps)),
            ("roundCapHits", .int(result.roundCapHits)),
            ("marks", .array(result.symbols.indices.map { index in
                .object([
                    ("market", .string(result.symbols[index])),
                    ("low", .string(result.markLow[index].description)),
                    ("peakToTrough", .string(Self.decimal(result.markPeakToTrough[index], 6))),
                    ("maxBelowPath", .string(Self.decimal(result.markGapBelowPath[index], 6))),
                ])
            })),
            ("engineInputs", .int(result.inputs)),
            ("engineEvents", .int(result.events)),
            ("stateHash", .string(String(result.stateHash, radix: 16))),
            ("equityRetainedHistogram", .array(result.retainedHistogram.map { .int($0) })),
        ]
        return .object(fields)
    }

    /// ADL figures (see ``DeleveragingStats``).
    static func deleveragingJSON(_ stats: DeleveragingStats) -> JSONWriter.Value {
        .object([
            ("orders", .int(stats.orders)),
            ("fills", .int(stats.fills)),
            ("accountsHit", .int(stats.accountsHit)),
            ("notionalClosed", json(stats.notional)),
            ("shortfall", json(stats.shortfall)),
            ("profitTaken", json(stats.taken)),
            ("shortfallCovered", json(stats.covered)),
            ("overshoot", json(stats.overshoot)),
            ("uncovered", json(stats.uncovered)),
            ("largestShareOfProfit", .string(decimal(stats.largestShare, 6))),
            ("averageShareOfProfit", .string(decimal(stats.averageShare, 6))),
            ("largestAccountHaircut", json(stats.largestAccountHaircut)),
            ("topTenAccountsShare", .string(decimal(stats.topTenShare, 6))),
        ])
    }

    /// Execution figures (see ``ExecutionStats``).
    static func executionJSON(_ stats: ExecutionStats) -> JSONWriter.Value {
        .object([
            ("closes", .int(stats.closes)),
            ("childOrders", .int(stats.children)),
            ("childrenPerClose", .string(decimal(stats.childrenPerClose, 4))),
            ("mostChildren", .int(stats.mostChildren)),
            ("levelsPerChild", .string(decimal(stats.levelsPerChild, 4))),
            ("mostLevels", .int(stats.mostLevels)),
            ("slippageVersusTouchAverageBps", .string(decimal(stats.averageSlippageBps, 2))),
            ("slippageVersusTouchWorstBps", .string(decimal(stats.worstSlippageBps, 2))),
            ("realisedImpactMeanBps", .string(decimal(stats.meanRealised, 3))),
            ("adaptiveModelMeanErrorBps", .string(decimal(stats.adaptiveMeanError, 3))),
            ("staticSquareRootMeanErrorBps", .string(decimal(stats.staticMeanError, 3))),
            ("adaptiveCloserShare", .string(decimal(stats.children > 0 ? Double(stats.adaptiveCloser) / Double(stats.children) : 0, 6))),
        ])
    }

    /// A partial policy against full, by group (see ``WickComparison``).
    static func wickJSON(_ comparison: WickComparison) -> JSONWriter.Value {
        .object([
            ("partial", .string(comparison.partialLabel)),
            ("full", .string(comparison.fullLabel)),
            ("equityDifference", json(comparison.total)),
            ("groups", .array(comparison.groups.map { entry in
                .object([
                    ("group", .string(entry.name)),
                    ("accounts", .int(entry.group.accounts)),
                    ("betterUnderPartial", .int(entry.group.better)),
                    ("equityDifference", json(entry.group.equityDifference)),
                    ("medianFirstLiquidationSecond", .int(entry.group.medianFirstLiquidation)),
                    ("medianReboundAfterFirstLiquidation", .string(decimal(entry.group.medianRebound, 6))),
                ])
            })),
        ])
    }
}
