import Foundation
import LiquidusCore

extension SimulationReport {
    /// A self-contained HTML page: inline CSS and SVG, no script and no external asset, so it
    /// opens anywhere. The tables show the summary's figures (money rounded to whole units).
    public var html: String {
        let policies = policyResults
        let colors = policies.indices.map { SVGChart.palette[$0 % SVGChart.palette.count] }
        let notesList = (scenario.notes + notes).map { "<li>\(SVGChart.escape($0))</li>" }.joined()
        var body = """
            <h1>Liquidus simulation: \(SVGChart.escape(scenario.name))</h1>
            \(scenarioParagraph)
            \(repeatedHTML)
            <h2>What each \(policies.count > 1 && policies[0].policyLabel == policies[0].label ? "policy" : "run") did</h2>
            <ul>\(findings.joined())</ul>
            \(Self.table(figureRows, columns: policies, colors: colors))
            <h2>Why positions were taken over whole</h2>
            <p class="meta">Takeovers by cause, count and notional at the bankruptcy price (see docs/simulation.md for the causes).</p>
            \(causesTable(policies, colors: colors))
            <h2>Execution against the books</h2>
            <p class="meta">Partial closes go to the engine's order books as child orders within a slippage budget; what the book cannot take escalates. Impact errors are out of sample: the market's adaptive model is asked before each child and taught after it; the static reference is the square-root law σ·√(q/D) against the visible depth.</p>
            \(Self.table(executionRows, columns: policies, colors: colors))

            """
        let mechanisms = deleveragingResults
        if mechanisms.count > 1 {
            body += """
                <h2>Auto-deleveraging mechanisms under \(SVGChart.escape(mechanisms[0].policyLabel))</h2>
                <p class="meta">Shortfall: what the insurance fund could not pay of the ADL quantity's loss at the mark. Profit taken: what the counterparties gave up against closing at the mark. Per ADL order, covered: the part of its shortfall that profit taken paid; overshoot: profit taken beyond its shortfall.</p>
                \(Self.table(deleveragingRows.map { ($0.0, $0.1) }, columns: mechanisms, colors: mechanisms.indices.map { SVGChart.palette[$0 % SVGChart.palette.count] }, header: { $0.deleveragingLabel }))

                """
        }
        for comparison in wickComparisons {
            body += wickSection(comparison)
        }
        body += sweepHTML
        body += "<h2>Charts</h2>\n"
        for asset in scenario.assets.indices { body += priceChart(asset: asset, results: policies, colors: colors) }
        body += lineChart("Insurance fund (end of each minute)", yLabel: "insurance fund", results: results, \.minuteFund)
        body += lineChart("Notional liquidated per minute", yLabel: "notional liquidated per minute", results: policies, width: 1.1, \.minuteLiquidated)
        body += lineChart("Notional auto-deleveraged per minute", yLabel: "ADL notional per minute", results: results, width: 1.1, \.minuteDeleveraged)
        body += retainedChart(policies, colors: colors)
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Liquidus simulation — \(SVGChart.escape(scenario.name))</title>
            <style>
            \(Self.style)
            </style></head><body>
            \(body)
            <h2>Scenario and model</h2>
            <ul>\(notesList)
            <li>Each second the simulated venue publishes every market's order book to the engine around the exogenous price, with the scenario's depth; the mark is the impact mid of that book. The engine's liquidation orders fill against its copy; what they take is read back into the book model, which moves the mark (further rounds in the same second, up to the round cap), and refills over the following seconds. See docs/simulation.md.</li>
            <li>Money figures are the engine's, exact to 10⁻⁸ in liquidus-summary.json; shown here rounded to whole units.</li></ul>
            </body></html>

            """
    }

    /// The page's style sheet.
    static let style = """
        body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px auto;max-width:1140px;color:#222;line-height:1.45}
        h1{font-size:22px;margin-bottom:4px} h2{font-size:17px;margin-top:28px}
        table{border-collapse:collapse;font-size:13px;margin-top:8px} th,td{border-bottom:1px solid #e2e2e2;padding:4px 10px;text-align:right}
        tbody th{text-align:left;font-weight:500} thead th{font-size:14px}
        .meta{font-size:13px;color:#444} svg{display:block;margin:14px 0;border:1px solid #eee} li{margin:3px 0;font-size:14px}
        """

    /// The scenario in one paragraph: the assets, the population, the fund, the markets and the books.
    var scenarioParagraph: String {
        let assets = scenario.assets.map { asset in
            let peak = asset.path.peakToTrough
            return "\(asset.name) \(Self.decimal(asset.path.prices[peak.peakSecond], 2)) → \(Self.decimal(asset.path.prices[peak.troughSecond], 2)) (\(Format.percent(peak.fraction)) at +\(Self.decimal(Double(peak.troughSecond) / 3600, 2)) h), lowest depth \(Format.percent(asset.depth.lowest))"
        }.joined(separator: "; ")
        let quantiles = notionalQuantiles
        return """
            <p class="meta">\(Format.count(scenario.seconds - 1)) seconds of 1-second marks\(scenario.startLabel.map { " from \($0)" } ?? "") · \(SVGChart.escape(assets))<br>
            \(SVGChart.escape(populationName)), open notional \(Format.money(openNotional)) (per account: median \(Format.money(quantiles.median)), 99th percentile \(Format.money(quantiles.p99)), largest \(Format.money(quantiles.largest))) · \(profileCounts.map { "\($0.count) \($0.profile.rawValue)" }.joined(separator: ", ")) · insurance fund \(Format.money(insuranceFund)) · seed \(seed)<br>
            Markets: \(SVGChart.escape(marketDescription))<br>
            Books: depth within 1 % = \(Format.percent(options.bookDepthRatio)) of each market's open notional (\(feeds.map { "\($0.market.symbol) \(Format.compact($0.book.depthWithinOnePercent))" }.joined(separator: ", "))), refill rate \(Self.decimal(options.refillRate, 4))/s (half-life \(Self.decimal(log(2) / options.refillRate, 1)) s).</p>
            """
    }

    /// One sentence per policy against full liquidation: trader equity, bad debt, the fund's low.
    var findings: [String] {
        guard let full = fullResult else { return [] }
        return policyResults.compactMap { result in
            guard result.label != full.label, let versus = equityVersusFull(result) else { return nil }
            let verb = versus.isNegative ? "less" : "more"
            return "<li><b>\(SVGChart.escape(result.label))</b> left traders \(Format.money(versus.magnitude)) \(verb) equity than full liquidation "
                + "(\(Format.money(result.traderEquityEnd)) vs \(Format.money(full.traderEquityEnd)); liquidated accounts kept \(Format.percent(result.retainedShare)) vs \(Format.percent(full.retainedShare)) of their equity at entry), "
                + "bad debt \(Format.money(result.badDebt)) vs \(Format.money(full.badDebt)), fund at its lowest \(Format.money(result.fundMin)) vs \(Format.money(full.fundMin)).</li>"
        }
    }

    /// The policy table's rows.
    var figureRows: [(String, (PolicyResult) -> String)] {
        var rows: [(String, (PolicyResult) -> String)] = [
            ("policy", { $0.policyDescription }),
            ("accounts liquidated", { Format.count($0.accountsLiquidated) }),
            ("… only partially", { Format.count($0.accountsPartiallyOnly) }),
            ("… taken over (of which after a partial close)", { "\(Format.count($0.accountsTakenOver)) (\(Format.count($0.accountsPartialThenTakenOver)))" }),
            ("partial closes / notional", { "\(Format.count($0.breakdown.partial.count)) / \(Format.money($0.breakdown.partial.notional))" }),
            ("takeovers / notional", { "\(Format.count($0.breakdown.takeover.count)) / \(Format.money($0.breakdown.takeover.notional))" }),
            ("trader equity at end (all accounts)", { Format.money($0.traderEquityEnd) }),
            ("… vs full liquidation", { self.equityVersusFull($0).map { Format.signedMoney($0) } ?? "–" }),
            ("liquidated accounts: equity at entry / end", { "\(Format.money($0.liquidatedEquityStart)) / \(Format.money($0.liquidatedEquityEnd))" }),
            ("… retained", { Format.percent($0.retainedShare) }),
            ("liquidation fees", { Format.money($0.liquidationFees) }),
            ("insurance fund: start / min / end", { "\(Format.money($0.fundStart)) / \(Format.money($0.fundMin)) / \(Format.money($0.fundEnd))" }),
            ("bad debt (losses beyond equity) / paid by the fund", { "\(Format.money($0.badDebt)) / \(Format.money($0.fundPaid))" }),
            ("ADL notional / accounts hit", { "\(Format.money($0.deleveraging.notional)) / \(Format.count($0.deleveraging.accountsHit))" }),
            ("slippage vs mark: average / worst (bps)", { "\(Self.decimal($0.averageSlippageBps, 2)) / \(Self.decimal($0.worstSlippageBps, 2))" }),
            ("cascade depth (induced rounds in one second)", { "\($0.cascadeDepth)" }),
            ("seconds with induced liquidations", { Format.count($0.cascadeSeconds) }),
        ]
        let symbols = policyResults.first?.symbols ?? []
        for (index, symbol) in symbols.enumerated() {
            rows.append(("\(symbol): mark low / largest gap below the path", { result in Self.markCell(result, index) }))
        }
        return rows
    }

    /// A market's lowest mark and largest gap below its path in `result`.
    static func markCell(_ result: PolicyResult, _ index: Int) -> String {
        guard index < result.markLow.count else { return "–" }
        return "\(result.markLow[index]) / \(Format.percent(result.markGapBelowPath[index]))"
    }

    /// The execution table's rows.
    var executionRows: [(String, (PolicyResult) -> String)] {
        [
            ("closes begun against a book", { Format.count($0.execution.closes) }),
            ("child orders (per close; most)", { "\(Format.count($0.execution.children)) (\(Self.decimal($0.execution.childrenPerClose, 2)); \($0.execution.mostChildren))" }),
            ("levels taken per child (most)", { "\(Self.decimal($0.execution.levelsPerChild, 2)) (\($0.execution.mostLevels))" }),
            ("slippage vs touch: average / worst (bps)", { "\(Self.decimal($0.execution.averageSlippageBps, 2)) / \(Self.decimal($0.execution.worstSlippageBps, 2))" }),
            ("realised impact, mean (bps)", { Self.decimal($0.execution.meanRealised, 2) }),
            ("adaptive model: mean absolute error (bps)", { Self.decimal($0.execution.adaptiveMeanError, 2) }),
            ("static square-root: mean absolute error (bps)", { Self.decimal($0.execution.staticMeanError, 2) }),
            ("children the adaptive model forecast better", { $0.execution.children > 0 ? Format.percent(Double($0.execution.adaptiveCloser) / Double($0.execution.children)) : "–" }),
        ]
    }

    /// Takeovers by cause, one column per run.
    func causesTable(_ columns: [PolicyResult], colors: [String]) -> String {
        let causes = TakeoverCause.allCases.filter { cause in columns.contains { $0.breakdown.causes[cause] != nil } }
        let rows: [(String, (PolicyResult) -> String)] = causes.map { cause in
            (cause.label, { result in
                guard let tally = result.breakdown.causes[cause] else { return "–" }
                return "\(Format.count(tally.count)) / \(Format.compact(tally.notional))"
            })
        }
        return Self.table(rows, columns: columns, colors: colors)
    }

    /// A partial policy against full, group by group.
    func wickSection(_ comparison: WickComparison) -> String {
        let start = scenario.startLabel.map { " (second 0 = \($0))" } ?? ""
        var rows = ""
        for entry in comparison.groups where entry.group.accounts > 0 {
            let group = entry.group
            rows += "<tr><th>\(SVGChart.escape(entry.name))</th><td>\(Format.count(group.accounts))</td><td>\(Format.count(group.better))</td><td>\(Format.signedMoney(group.equityDifference))</td>"
                + "<td>\(group.medianFirstLiquidation >= 0 ? "+" + Self.decimal(Double(group.medianFirstLiquidation) / 3600, 2) + " h" : "–")</td>"
                + "<td>\(group.medianRebound > 0 ? Format.percent(group.medianRebound - 1) : "–")</td></tr>\n"
        }
        return """
            <h2>Where \(SVGChart.escape(comparison.partialLabel)) differs from \(SVGChart.escape(comparison.fullLabel))</h2>
            <p class="meta">Accounts liquidated under either run, by what the partial policy did to them; equity difference at the end (partial − full). A partial close on a recovering wick leaves a position that rides the rebound (the headline asset's path from the median first liquidation to the end is shown); a move through the policy's buffer takes the rest over deeper\(start).</p>
            <table><thead><tr><th></th><th>accounts</th><th>better off</th><th>equity difference</th><th>median first liquidation</th><th>path from there to the end</th></tr></thead><tbody>
            \(rows)<tr><th>total</th><td></td><td></td><td>\(Format.signedMoney(comparison.total))</td><td></td><td></td></tr></tbody></table>

            """
    }

    /// Rows × columns as an HTML table.
    static func table(_ rows: [(String, (PolicyResult) -> String)], columns: [PolicyResult], colors: [String], header: (PolicyResult) -> String = { $0.label }) -> String {
        var table = "<table><thead><tr><th></th>" + columns.enumerated().map { "<th style=\"color:\(colors[$0.offset % colors.count])\">\(SVGChart.escape(header($0.element)))</th>" }.joined() + "</tr></thead><tbody>\n"
        for (name, value) in rows {
            table += "<tr><th>\(SVGChart.escape(name))</th>" + columns.map { "<td>\(SVGChart.escape(value($0)))</td>" }.joined() + "</tr>\n"
        }
        return table + "</tbody></table>\n"
    }

    /// The hour-axis label of a chart.
    static func hourLabel(_ hour: Double) -> String { String(format: "+%gh", (hour * 100).rounded() / 100) }

    /// An asset's exogenous path (per minute close) and each run's lowest mark per minute, with
    /// circles where the first run liquidated more than 2 % of its busiest minute.
    func priceChart(asset: Int, results columns: [PolicyResult], colors: [String]) -> String {
        let name = scenario.assets[asset].name
        var series = [SVGChart.Series(name: "exogenous \(name)", color: "#888", values: minuteClose(asset: asset), dashed: true, width: 2)]
        let market = feeds.firstIndex { $0.asset == asset }
        for (index, result) in columns.enumerated() {
            guard let market, market < result.minuteMarkLow.count else { continue }
            series.append(SVGChart.Series(name: "mark low · \(result.label)", color: colors[index], values: result.minuteMarkLow[market], width: 1.2))
        }
        var markers: [SVGChart.Marker] = []
        if let market, let first = columns.first, market < first.minuteMarkLow.count, let largest = first.minuteLiquidated.max(), largest > 0 {
            for (minute, notional) in first.minuteLiquidated.enumerated() where notional > largest * 0.02 {
                markers.append(SVGChart.Marker(
                    x: Double(minute), y: first.minuteMarkLow[market][minute], radius: 2 + 10 * (notional / largest).squareRoot(), color: "#d62728",
                    title: "minute \(minute): \(Format.compact(notional)) liquidated (\(first.label))"))
            }
        }
        return SVGChart.lines(
            title: "\(name): path and marks (circles: notional liquidated per minute under \(columns.first?.label ?? "–"), all markets, area ∝ notional)",
            xLabel: "time since the start of the path (hours)", yLabel: "price (\(name))",
            series: series, markers: markers, yFormat: { Format.compact($0) }, xTickLabel: Self.hourLabel) + "\n"
    }

    /// A per-minute series of every run in `columns`, from zero.
    func lineChart(_ title: String, yLabel: String, results columns: [PolicyResult], width: Double = 1.6, _ values: KeyPath<PolicyResult, [Double]>) -> String {
        SVGChart.lines(
            title: title, xLabel: "time since the start of the path (hours)", yLabel: yLabel,
            series: columns.enumerated().map { SVGChart.Series(name: $0.element.label, color: SVGChart.palette[$0.offset % SVGChart.palette.count], values: $0.element[keyPath: values], width: width) },
            yFormat: { Format.compact($0) }, yFloorZero: true, xTickLabel: Self.hourLabel) + "\n"
    }

    /// How much of their starting equity the liquidated accounts kept, in tenths.
    func retainedChart(_ columns: [PolicyResult], colors: [String]) -> String {
        let bins = (0..<10).map { String(format: "%d–%d %%", $0 * 10, $0 * 10 + 10) } + ["≥ 100 %"]
        return SVGChart.bars(
            title: "Equity retained by liquidated accounts (end equity ÷ equity at entry)", xLabel: "share of the account's starting equity left at the end",
            yLabel: "accounts", categories: bins,
            series: columns.enumerated().map { SVGChart.Series(name: $0.element.label, color: colors[$0.offset], values: $0.element.retainedHistogram.map(Double.init)) }) + "\n"
    }
}
