import LiquidusCheck
import LiquidusCore

extension SimulationReport {
    /// How the interval is computed, as the reports state it.
    static let intervalDescription = "mean ± t(0.975, n−1) · s ÷ √n (95 % Student t interval on the seeds' values, s their sample standard deviation)"

    /// The runs of ``samples`` in the order of the cases, when the scenario ran over several seeds.
    var repeatedRuns: [RunSamples.Run] {
        guard let samples, samples.seeds.count > 1 else { return [] }
        return samples.runs
    }

    /// The mean and interval of `metric` for run `label` (nil without samples or values).
    func interval(_ label: String, _ metric: Int) -> MeanInterval? { samples?.interval(label, metric: metric) }

    /// `mean ± half-width` of a metric, as the tables write it (`–` where it is not defined).
    static func cell(_ interval: MeanInterval?, _ metric: HeadlineMetric) -> String {
        guard let interval else { return "–" }
        return "\(metric.cell(interval.mean)) ± \(metric.cell(interval.halfWidth))"
    }

    /// The text table of every headline metric per run over the seeds.
    var repeatedText: String {
        let runs = repeatedRuns
        guard let samples, !runs.isEmpty else { return "" }
        let headers = [""] + runs.map(\.label)
        let rows = HeadlineMetric.all.enumerated().map { index, metric in
            [metric.name] + runs.map { Self.cell(interval($0.label, index), metric) }
        }
        return "\nOver \(samples.seeds.count) seeds (\(Self.intervalDescription)):\n" + Self.aligned(headers: headers, rows: rows)
    }

    /// The summary's `repeated` object: the seeds, the interval's formula, and per run each
    /// metric's `n`, mean, standard deviation and interval.
    var repeatedJSON: JSONWriter.Value? {
        let runs = repeatedRuns
        guard let samples, !runs.isEmpty else { return nil }
        return .object([
            ("seeds", .array(samples.seeds.map { .string(String($0)) })),
            ("interval", .string(Self.intervalDescription)),
            ("runs", .array(runs.map { run in
                .object([
                    ("label", .string(run.label)),
                    ("metrics", .object(HeadlineMetric.all.enumerated().compactMap { index, metric in
                        interval(run.label, index).map { value in
                            (metric.key, .object([
                                ("n", .int(value.count)),
                                ("mean", .string(metric.decimal(value.mean))),
                                ("standardDeviation", .string(metric.decimal(value.standardDeviation))),
                                ("low", .string(metric.decimal(value.low))),
                                ("high", .string(metric.decimal(value.high))),
                            ]))
                        }
                    })),
                ])
            })),
        ])
    }

    /// The report's section over the seeds: the table of means and intervals, and one chart per
    /// headline metric with each run's mean and error bar.
    var repeatedHTML: String {
        let runs = repeatedRuns
        guard let samples, !runs.isEmpty else { return "" }
        let colors = runs.indices.map { SVGChart.palette[$0 % SVGChart.palette.count] }
        var html = "<h2>Over \(samples.seeds.count) seeds</h2>\n<p class=\"meta\">Each cell: \(SVGChart.escape(Self.intervalDescription)). "
            + "Seeds \(samples.seeds.map(String.init).joined(separator: ", ")); the sections below show the first seed's run in detail.</p>\n"
        html += "<table><thead><tr><th></th>" + runs.enumerated().map { "<th style=\"color:\(colors[$0.offset])\">\(SVGChart.escape($0.element.label))</th>" }.joined() + "</tr></thead><tbody>\n"
        for (index, metric) in HeadlineMetric.all.enumerated() {
            html += "<tr><th>\(SVGChart.escape(metric.name))</th>" + runs.map { "<td>\(SVGChart.escape(Self.cell(interval($0.label, index), metric)))</td>" }.joined() + "</tr>\n"
        }
        html += "</tbody></table>\n"
        for (index, metric) in HeadlineMetric.all.enumerated() {
            let points = runs.enumerated().compactMap { position, run in
                interval(run.label, index).map { (position, run.label, SVGChart.Interval(mean: $0.mean, low: $0.low, high: $0.high)) }
            }
            guard !points.isEmpty else { continue }
            html += SVGChart.intervals(
                title: "\(metric.name): mean and 95 % interval over \(samples.seeds.count) seeds", xLabel: "run", yLabel: metric.name,
                xs: points.map { Double($0.0) }, xLabels: points.map(\.1),
                series: points.map { (name: $0.1, color: colors[$0.0], points: [$0.2]) }.enumerated().map { offset, item in
                    (item.name, item.color, Array(repeating: SVGChart.Interval(mean: .nan, low: .nan, high: .nan), count: offset) + item.points)
                },
                connect: false, yFormat: { metric.unit == .fraction ? Format.percent($0) : Format.compact($0) }, height: 260) + "\n"
        }
        return html
    }

    /// `runs.csv`: one row per seed and run, the seed and every headline metric (empty where not
    /// defined), in the order of the seeds, then of the runs.
    var runsCSV: String? {
        guard let samples, samples.seeds.count > 1 else { return nil }
        var text = "seed_index,seed,run," + HeadlineMetric.all.map(\.key).joined(separator: ",") + "\n"
        for (index, seed) in samples.seeds.enumerated() {
            for run in samples.runs {
                let values = HeadlineMetric.all.enumerated().map { metric, definition in
                    run.values[metric][index].map { definition.single($0) } ?? ""
                }
                text += ([String(index + 1), String(seed), Self.csvField(run.label)] + values).joined(separator: ",") + "\n"
            }
        }
        return text
    }
}
