import Foundation
import LiquidusCore

extension SimulationReport {
    /// A self-contained HTML page: inline CSS and SVG, no script and no external asset, so it
    /// opens anywhere. The table shows the summary's figures (money rounded to whole units).
    public var html: String {
        let colors = results.indices.map { SVGChart.palette[$0 % SVGChart.palette.count] }
        let notesList = (path.notes + notes).map { "<li>\(SVGChart.escape($0))</li>" }.joined()
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Liquidus simulation — \(SVGChart.escape(path.name))</title>
            <style>
            \(Self.style)
            </style></head><body>
            <h1>Liquidus simulation: \(SVGChart.escape(path.name))</h1>
            \(scenarioParagraph)
            <h2>What each policy did</h2>
            <ul>\(findings.joined())</ul>
            \(figuresTable(colors: colors))
            <h2>Charts</h2>
            \(priceChart(colors: colors))
            \(lineChart("Insurance fund (end of each minute)", yLabel: "insurance fund (settlement currency)", colors: colors, \.minuteFund))
            \(lineChart("Notional liquidated per minute", yLabel: "notional liquidated per minute", colors: colors, width: 1.1, \.minuteLiquidated))
            \(retainedChart(colors: colors))
            <h2>Scenario and model</h2>
            <ul>\(notesList)
            <li>Each second the engine gets the mark = exogenous price × (1 + book displacement) and an expected price from walking the simulated book; the liquidation flow in its events eats the book's depth, which moves the next round's mark (up to \(results.first.map { _ in "the round cap" } ?? "") per second). Cascade depth = the most rounds in one second whose liquidations were caused only by earlier liquidations' flow. See docs/simulation.md.</li>
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

    /// The scenario in one paragraph: the path, the population, the fund, the markets and the book.
    var scenarioParagraph: String {
        let peak = path.peakToTrough
        return """
            <p class="meta">\(Format.count(path.seconds - 1)) seconds of 1-second marks · path peak to trough \(Format.percent(peak.fraction)) (from \(Self.decimal(path.prices[peak.peakSecond], 2)) at +\(Self.decimal(Double(peak.peakSecond) / 3600, 2)) h to \(Self.decimal(path.prices[peak.troughSecond], 2)) at +\(Self.decimal(Double(peak.troughSecond) / 3600, 2)) h) ·
            \(SVGChart.escape(populationName)), open notional \(Format.money(openNotional)) · insurance fund \(Format.money(insuranceFund)) · seed \(seed)<br>
            Markets: \(SVGChart.escape(marketDescription))<br>
            Book: \(Format.compact(book.depthWithinOnePercent)) within 1 % per side, refill rate \(Self.decimal(book.refillRate, 4))/s (half-life \(Self.decimal(log(2) / book.refillRate, 1)) s), \(book.levels) levels of \(Self.decimal(book.step * 10_000, 1)) bps, half-spread \(Self.decimal(book.halfSpread * 10_000, 1)) bps.</p>
            """
    }

    /// One sentence per policy against full liquidation: trader equity, bad debt, the fund's low.
    var findings: [String] {
        guard let full = fullResult else { return [] }
        return results.compactMap { result in
            guard result.label != full.label, let versus = equityVersusFull(result) else { return nil }
            let verb = versus.isNegative ? "less" : "more"
            return "<li><b>\(SVGChart.escape(result.label))</b> left traders \(Format.money(versus.magnitude)) \(verb) equity than full liquidation "
                + "(\(Format.money(result.traderEquityEnd)) vs \(Format.money(full.traderEquityEnd)); liquidated accounts kept \(Format.percent(result.retainedShare)) vs \(Format.percent(full.retainedShare)) of their equity at entry), "
                + "bad debt \(Format.money(result.badDebt)) vs \(Format.money(full.badDebt)), fund at its lowest \(Format.money(result.fundMin)) vs \(Format.money(full.fundMin)).</li>"
        }
    }

    /// The figures of every policy, one column each.
    func figuresTable(colors: [String]) -> String {
        var table = "<table><thead><tr><th></th>" + results.enumerated().map { "<th style=\"color:\(colors[$0.offset])\">\(SVGChart.escape($0.element.label))</th>" }.joined() + "</tr></thead><tbody>\n"
        for (name, value) in figureRows {
            table += "<tr><th>\(SVGChart.escape(name))</th>" + results.map { "<td>\(SVGChart.escape(value($0)))</td>" }.joined() + "</tr>\n"
        }
        return table + "</tbody></table>"
    }

    /// The table's rows: a name and how to show a policy's figure.
    var figureRows: [(String, (PolicyResult) -> String)] {
        [
            ("policy", { $0.policyDescription }),
            ("accounts liquidated", { Format.count($0.accountsLiquidated) }),
            ("… partially only", { Format.count($0.accountsPartiallyOnly) }),
            ("… taken over (fully)", { Format.count($0.accountsTakenOver) }),
            ("partial steps", { Format.count($0.partialSteps) }),
            ("takeovers", { Format.count($0.takeovers) }),
            ("notional liquidated", { Format.money($0.liquidatedNotional) }),
            ("trader equity at end (all accounts)", { Format.money($0.traderEquityEnd) }),
            ("… vs full liquidation", { self.equityVersusFull($0).map { Format.signedMoney($0) } ?? "–" }),
            ("liquidated accounts: equity at entry", { Format.money($0.liquidatedEquityStart) }),
            ("liquidated accounts: equity at end", { Format.money($0.liquidatedEquityEnd) }),
            ("… retained", { Format.percent($0.retainedShare) }),
            ("liquidation fees", { Format.money($0.liquidationFees) }),
            ("insurance fund: start / min / end", { "\(Format.money($0.fundStart)) / \(Format.money($0.fundMin)) / \(Format.money($0.fundEnd))" }),
            ("bad debt (losses beyond equity)", { Format.money($0.badDebt) }),
            ("… paid by the fund", { Format.money($0.fundPaid) }),
            ("ADL events", { Format.count($0.adlEvents) }),
            ("ADL notional", { Format.money($0.adlNotional) }),
            ("slippage vs mark: average (bps)", { Self.decimal($0.averageSlippageBps, 2) }),
            ("slippage vs mark: worst (bps)", { Self.decimal($0.worstSlippageBps, 2) }),
            ("cascade depth (induced rounds in one second)", { "\($0.cascadeDepth)" }),
            ("seconds with induced liquidations", { Format.count($0.cascadeSeconds) }),
            ("liquidation steps in induced rounds", { Format.count($0.inducedSteps) }),
            ("mark's largest gap below the path", { Format.percent($0.maxLiquidationDisplacement) }),
            ("mark peak to trough (path: \(Format.percent(path.peakToTrough.fraction)))", { Format.percent($0.markPeakToTrough) }),
            ("lowest mark", { $0.markLow.description }),
        ]
    }

    /// The hour-axis label of a chart.
    static func hourLabel(_ hour: Double) -> String { String(format: "+%gh", (hour * 100).rounded() / 100) }

    /// The exogenous path (per minute close) and each policy's lowest mark per minute, with circles
    /// where the first policy liquidated more than 2 % of its busiest minute.
    func priceChart(colors: [String]) -> String {
        var series = [SVGChart.Series(name: "exogenous path", color: "#888", values: minuteClose, dashed: true, width: 2)]
        for (index, result) in results.enumerated() {
            series.append(SVGChart.Series(name: "mark low · \(result.label)", color: colors[index], values: result.minuteMarkLow, width: 1.2))
        }
        var markers: [SVGChart.Marker] = []
        if let first = results.first, let largest = first.minuteLiquidated.max(), largest > 0 {
            for (minute, notional) in first.minuteLiquidated.enumerated() where notional > largest * 0.02 {
                markers.append(SVGChart.Marker(
                    x: Double(minute), y: first.minuteMarkLow[minute], radius: 2 + 10 * (notional / largest).squareRoot(), color: "#d62728",
                    title: "minute \(minute): \(Format.compact(notional)) liquidated (\(first.label))"))
            }
        }
        return SVGChart.lines(
            title: "Price path and liquidations (circles: notional liquidated per minute under \(results.first?.label ?? "–"), area ∝ notional)",
            xLabel: "time since the start of the path (hours)", yLabel: "price (\(results.first?.symbol ?? ""))",
            series: series, markers: markers, yFormat: { Format.compact($0) }, xTickLabel: Self.hourLabel)
    }

    /// A per-minute series of every policy, from zero.
    func lineChart(_ title: String, yLabel: String, colors: [String], width: Double = 1.6, _ values: KeyPath<PolicyResult, [Double]>) -> String {
        SVGChart.lines(
            title: title, xLabel: "time since the start of the path (hours)", yLabel: yLabel,
            series: results.enumerated().map { SVGChart.Series(name: $0.element.label, color: colors[$0.offset], values: $0.element[keyPath: values], width: width) },
            yFormat: { Format.compact($0) }, yFloorZero: true, xTickLabel: Self.hourLabel)
    }

    /// How much of their starting equity the liquidated accounts kept, in tenths.
    func retainedChart(colors: [String]) -> String {
        let bins = (0..<10).map { String(format: "%d–%d %%", $0 * 10, $0 * 10 + 10) } + ["≥ 100 %"]
        return SVGChart.bars(
            title: "Equity retained by liquidated accounts (end equity ÷ equity at entry)", xLabel: "share of the account's starting equity left at the end",
            yLabel: "accounts", categories: bins,
            series: results.enumerated().map { SVGChart.Series(name: $0.element.label, color: colors[$0.offset], values: $0.element.retainedHistogram.map(Double.init)) })
    }
}
