import LiquidusCheck
import LiquidusCore

extension SimulationReport {
    /// The sweep's runs under the first ADL mechanism, with their values, in the sweep's order
    /// (a value whose run is missing is left out).
    var sweepRuns: [(value: Rate, result: PolicyResult)] {
        guard let sweep else { return [] }
        let runs = policyResults
        return zip(sweep.values, sweep.labels).compactMap { value, entry in
            runs.first { $0.label == entry }.map { (value, $0) }
        }
    }

    /// The headline metrics charted against the swept parameter (``HeadlineMetric/sweepKeys``).
    static var sweepMetrics: [(index: Int, metric: HeadlineMetric)] {
        HeadlineMetric.sweepKeys.compactMap { key in RunSamples.metricIndex(key).map { ($0, HeadlineMetric.all[$0]) } }
    }

    /// The report's sweep section: one chart per headline metric against the parameter's value
    /// (none for a metric no run defines, as the difference to full without a full run),
    /// a line through the values on a fitted axis; over several seeds the means with their 95 %
    /// intervals as error bars.
    var sweepHTML: String {
        guard let sweep else { return "" }
        let runs = sweepRuns
        let seeds = samples?.seeds.count ?? 1
        var html = "<h2>Sweep of \(SVGChart.escape(sweep.policy)) \(SVGChart.escape(sweep.parameter))</h2>\n"
        if seeds > 1 { html += "<p class=\"meta\">Means over \(seeds) seeds with their 95 % intervals (\(SVGChart.escape(Self.intervalDescription))).</p>\n" }
        for (position, entry) in Self.sweepMetrics.enumerated() {
            let points = runs.map { run in
                if seeds > 1, let value = interval(run.result.label, entry.index) {
                    return SVGChart.Interval(mean: value.mean, low: value.low, high: value.high)
                }
                let value = entry.metric.value(self, run.result) ?? .nan
                return SVGChart.Interval(mean: value, low: value, high: value)
            }
            let metric = entry.metric
            guard points.contains(where: { $0.mean.isFinite }) else { continue }
            html += SVGChart.intervals(
                title: "\(metric.name) against \(sweep.policy) \(sweep.parameter)", xLabel: sweep.parameter, yLabel: metric.name,
                xs: runs.map { Double($0.value.units) / 1e8 }, xLabels: runs.map { "\($0.value)" },
                series: [(metric.name, SVGChart.palette[position % SVGChart.palette.count], points)], connect: true,
                yFormat: { metric.unit == .fraction ? Format.percent($0) : Format.compact($0) }, height: 280) + "\n"
        }
        return html
    }

    /// The summary's `sweep` object: the policy, the parameter and each value's run label.
    var sweepJSON: JSONWriter.Value? {
        guard let sweep else { return nil }
        return .object([
            ("policy", .string(sweep.policy)),
            ("parameter", .string(sweep.parameter)),
            ("fixed", .array(sweep.fixed.map { .string($0) })),
            ("values", .array(zip(sweep.values, sweep.labels).map { value, entry in
                .object([("value", .string(value.description)), ("run", .string(entry))])
            })),
        ])
    }
}
