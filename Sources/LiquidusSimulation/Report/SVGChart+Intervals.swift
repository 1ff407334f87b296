import Foundation

extension SVGChart {
    /// A mean with its interval, drawn as a dot with a whisker from `low` to `high`.
    struct Interval {
        var mean: Double
        var low: Double
        var high: Double
    }

    /// Means with 95 % intervals at positions `xs` (ascending; labelled `xLabels`), one series
    /// per colour; with `connect`, each series' means are joined by a line (a parameter sweep)
    /// and a legend names the series, else they stand alone (categories named by `xLabels`). The y axis is fitted to the intervals (not from
    /// zero), padded 8 %.
    static func intervals(
        title: String, xLabel: String, yLabel: String, xs: [Double], xLabels: [String], series: [(name: String, color: String, points: [Interval])],
        connect: Bool, yFormat: (Double) -> String, width: Double = 1100, height: Double = 300
    ) -> String {
        let left = 92.0, right = 20.0, top = 40.0, bottom = 58.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap { $0.points.flatMap { [$0.low, $0.high, $0.mean] } }.filter(\.isFinite)
        var low = all.min() ?? 0, high = all.max() ?? 1
        if high - low < 1e-9 * Swift.max(1, Swift.abs(high)) {
            low -= Swift.max(1, Swift.abs(low) * 0.05)
            high += Swift.max(1, Swift.abs(high) * 0.05)
        }
        let pad = (high - low) * 0.08
        low -= pad
        high += pad
        let xLow = xs.first ?? 0, xHigh = xs.last ?? 1
        let inset = plotW / Double(Swift.max(xs.count, 1)) / 2
        func x(_ value: Double) -> Double {
            xHigh > xLow ? left + inset + (value - xLow) / (xHigh - xLow) * (plotW - 2 * inset) : left + plotW / 2
        }
        func y(_ value: Double) -> Double { top + (1 - (value - low) / (high - low)) * plotH }
        var svg = frame(title: title, width: width, height: height, left: left)
        for tick in ticks(low, high) {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" font-size=\"11\" text-anchor=\"end\">\(escape(yFormat(tick)))</text>\n"
        }
        for (value, label) in zip(xs, xLabels) {
            svg += "<line x1=\"\(f(x(value)))\" x2=\"\(f(x(value)))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333\"/>"
            svg += "<text x=\"\(f(x(value)))\" y=\"\(f(top + plotH + 18))\" font-size=\"11\" text-anchor=\"middle\">\(escape(label))</text>\n"
        }
        svg += axes(xLabel: xLabel, yLabel: yLabel, left: left, top: top, plotW: plotW, plotH: plotH, height: height)
        for item in series {
            let points = zip(xs, item.points).filter { $0.1.mean.isFinite }
            if connect, points.count > 1 {
                let line = points.map { f(x($0.0)) + "," + f(y($0.1.mean)) }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"1.6\" points=\"\(line)\"/>\n"
            }
            for (value, point) in points {
                let px = x(value)
                svg += "<line x1=\"\(f(px))\" x2=\"\(f(px))\" y1=\"\(f(y(point.low)))\" y2=\"\(f(y(point.high)))\" stroke=\"\(item.color)\" stroke-width=\"1.4\"/>"
                for end in [point.low, point.high] {
                    svg += "<line x1=\"\(f(px - 5))\" x2=\"\(f(px + 5))\" y1=\"\(f(y(end)))\" y2=\"\(f(y(end)))\" stroke=\"\(item.color)\" stroke-width=\"1.4\"/>"
                }
                svg += "<circle cx=\"\(f(px))\" cy=\"\(f(y(point.mean)))\" r=\"3.5\" fill=\"\(item.color)\"><title>\(escape(item.name)): \(escape(yFormat(point.mean))) (\(escape(yFormat(point.low))) to \(escape(yFormat(point.high))))</title></circle>\n"
            }
        }
        if connect, series.count > 1 {
            var lx = left + plotW - 10
            for item in series.reversed() {
                lx -= Double(item.name.count) * 6.6 + 30
                svg += "<line x1=\"\(f(lx))\" x2=\"\(f(lx + 18))\" y1=\"\(f(top + 10))\" y2=\"\(f(top + 10))\" stroke=\"\(item.color)\" stroke-width=\"3\"/>"
                svg += "<text x=\"\(f(lx + 22))\" y=\"\(f(top + 14))\" font-size=\"11\">\(escape(item.name))</text>\n"
            }
        }
        svg += "</svg>"
        return svg
    }
}
