import LiquidusCheck
import LiquidusCore

extension SimulationReport {
    /// The sweep's runs under the first ADL mechanism, with their values, in the sweep's order
    /// (a value whose run is missing is left out).
    var sweepRuns: [(value: Rate, result: PolicyResult)] {
        guard let sweep else { return [] }
        let runs = policyResults
        return zip(sweep.values, sweep.entries).compactMap { value, entry in
            runs.first { $0.label == entry }.map { (value, $0) }
        }
    }

    /// The headline metrics charted against the swept parameter: name and value of a run.
    static let sweepMetrics: [(name: String, value: @Sendable (PolicyResult) -> Double)] = [
        ("trader equity at the end", { Double($0.traderEquityEnd.units) / 1e8 }),
        ("accounts taken over", { Double($0.accountsTakenOver) }),
        ("accounts only partially liquidated", { Double($0.accountsPartiallyOnly) }),
        ("bad debt", { Double($0.badDebt.units) / 1e8 }),
        ("ADL notional", { Double($0.deleveraging.notional.units) / 1e8 }),
    ]

    /// The report's sweep section: one bar chart per headline metric against the parameter's value.
    var sweepHTML: String {
        guard let sweep else { return "" }
        let runs = sweepRuns
        let categories = runs.map { "\($0.value)" }
        var html = "<h2>Sweep of \(SVGChart.escape(sweep.policy)) \(SVGChart.escape(sweep.parameter))</h2>\n"
        for (index, metric) in Self.sweepMetrics.enumerated() {
            let series = SVGChart.Series(name: metric.name, color: SVGChart.palette[index % SVGChart.palette.count], values: runs.map { metric.value($0.result) })
            html += SVGChart.bars(title: "\(metric.name) against \(sweep.policy) \(sweep.parameter)", xLabel: sweep.parameter, yLabel: metric.name,
                                  categories: categories, series: [series], height: 280) + "\n"
        }
        return html
    }

    /// The summary's `sweep` object: the policy, the parameter and each value's run label.
    var sweepJSON: JSONWriter.Value? {
        guard let sweep else { return nil }
        return .object([
            ("policy", .string(sweep.policy)),
            ("parameter", .string(sweep.parameter)),
            ("values", .array(zip(sweep.values, sweep.entries).map { value, entry in
                .object([("value", .string(value.description)), ("run", .string(entry))])
            })),
        ])
    }
}
