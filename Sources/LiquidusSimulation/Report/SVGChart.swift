import Foundation

/// Small SVG charts for the report: line charts with labelled axes and legends, and grouped bars.
/// Pure string building; coordinates rounded to 0.1 px so the output is stable.
struct SVGChart {
    struct Series {
        var name: String
        var color: String
        var values: [Double]
        var dashed = false
        var width = 1.6
    }

    struct Marker {
        var x: Double
        var y: Double
        var radius: Double
        var color: String
        var title: String
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A chart's opening: the `<svg>` element, a white background and the title.
    static func frame(title: String, width: Double, height: Double, left: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(escape(title))\">\n"
            + "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#fff\"/>\n"
            + "<text x=\"\(f(left))\" y=\"22\" font-size=\"15\" font-weight=\"600\">\(escape(title))</text>\n"
    }

    /// The plot's x and y axis lines and their labels.
    static func axes(xLabel: String, yLabel: String, left: Double, top: Double, plotW: Double, plotH: Double, height: Double) -> String {
        "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
            + "<line x1=\"\(f(left))\" x2=\"\(f(left))\" y1=\"\(f(top))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
            + "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 8))\" font-size=\"12\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
            + "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
    }

    /// "Nice" tick values covering [low, high].
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low else { return [low] }
        let raw = (high - low) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var values: [Double] = []
        var value = ceil(low / step) * step
        while value <= high + step * 1e-9 {
            values.append(Swift.abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return values
    }

    /// A line chart of series sampled at x = 0, 1, 2, … (minutes), x axis labelled in hours.
    static func lines(
        title: String, xLabel: String, yLabel: String, series: [Series], markers: [Marker] = [], yFormat: (Double) -> String,
        yFloorZero: Bool = false, width: Double = 1100, height: Double = 360, xTickLabel: (Double) -> String
    ) -> String {
        let left = 84.0, right = 20.0, top = 40.0, bottom = 58.0
        let plotW = width - left - right, plotH = height - top - bottom
        let count = series.map(\.values.count).max() ?? 1
        let all = series.flatMap(\.values).filter(\.isFinite) + markers.map(\.y)
        var low = all.min() ?? 0, high = all.max() ?? 1
        if yFloorZero { low = Swift.min(0, low) }
        if high - low < 1e-9 { high = low + 1 }
        let pad = (high - low) * 0.05
        if !yFloorZero || low < 0 { low -= pad }
        high += pad
        let xMax = Double(Swift.max(count - 1, 1))
        func x(_ i: Double) -> Double { left + i / xMax * plotW }
        func y(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * plotH }
        var svg = frame(title: title, width: width, height: height, left: left)
        for tick in ticks(low, high) {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" font-size=\"11\" text-anchor=\"end\">\(escape(yFormat(tick)))</text>\n"
        }
        let hours = xMax / 60
        let hourStep = hours <= 2 ? 0.25 : (hours <= 6 ? 1 : (hours <= 30 ? 2 : 24))
        var hour = 0.0
        while hour <= hours + 1e-9 {
            let px = x(hour * 60)
            svg += "<line x1=\"\(f(px))\" x2=\"\(f(px))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333\"/>"
            svg += "<text x=\"\(f(px))\" y=\"\(f(top + plotH + 18))\" font-size=\"11\" text-anchor=\"middle\">\(escape(xTickLabel(hour)))</text>\n"
            hour += hourStep
        }
        svg += axes(xLabel: xLabel, yLabel: yLabel, left: left, top: top, plotW: plotW, plotH: plotH, height: height)
        for s in series {
            var points: [String] = []
            for (i, v) in s.values.enumerated() where v.isFinite { points.append(f(x(Double(i))) + "," + f(y(v))) }
            svg += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(f(s.width))\"\(s.dashed ? " stroke-dasharray=\"5 4\"" : "") points=\"\(points.joined(separator: " "))\"/>\n"
        }
        for m in markers {
            svg += "<circle cx=\"\(f(x(m.x)))\" cy=\"\(f(y(m.y)))\" r=\"\(f(m.radius))\" fill=\"\(m.color)\" fill-opacity=\"0.35\" stroke=\"\(m.color)\" stroke-width=\"0.6\"><title>\(escape(m.title))</title></circle>\n"
        }
        // Legend (top right, inside the plot).
        var lx = left + plotW - 10
        for s in series.reversed() {
            let w = Double(s.name.count) * 6.6 + 30
            lx -= w
            svg += "<line x1=\"\(f(lx))\" x2=\"\(f(lx + 18))\" y1=\"\(f(top + 10))\" y2=\"\(f(top + 10))\" stroke=\"\(s.color)\" stroke-width=\"3\"\(s.dashed ? " stroke-dasharray=\"5 4\"" : "")/>"
            svg += "<text x=\"\(f(lx + 22))\" y=\"\(f(top + 14))\" font-size=\"11\">\(escape(s.name))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Grouped bars: one group per category, one bar per series.
    static func bars(title: String, xLabel: String, yLabel: String, categories: [String], series: [Series], width: Double = 1100, height: Double = 340) -> String {
        let left = 84.0, right = 20.0, top = 40.0, bottom = 58.0
        let plotW = width - left - right, plotH = height - top - bottom
        let high = Swift.max(series.flatMap(\.values).max() ?? 1, 1) * 1.08
        func y(_ v: Double) -> Double { top + (1 - v / high) * plotH }
        var svg = frame(title: title, width: width, height: height, left: left)
        for tick in ticks(0, high) {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" font-size=\"11\" text-anchor=\"end\">\(escape(Format.count(Int(tick.rounded()))))</text>\n"
        }
        let groupW = plotW / Double(Swift.max(categories.count, 1))
        let barW = groupW * 0.8 / Double(Swift.max(series.count, 1))
        for (c, category) in categories.enumerated() {
            let gx = left + Double(c) * groupW + groupW * 0.1
            for (s, item) in series.enumerated() {
                let v = c < item.values.count ? item.values[c] : 0
                svg += "<rect x=\"\(f(gx + Double(s) * barW))\" y=\"\(f(y(v)))\" width=\"\(f(Swift.max(barW - 1, 1)))\" height=\"\(f(top + plotH - y(v)))\" fill=\"\(item.color)\"><title>\(escape(item.name)) \(escape(category)): \(Int(v))</title></rect>"
            }
            svg += "<text x=\"\(f(gx + groupW * 0.4))\" y=\"\(f(top + plotH + 18))\" font-size=\"11\" text-anchor=\"middle\">\(escape(category))</text>\n"
        }
        svg += axes(xLabel: xLabel, yLabel: yLabel, left: left, top: top, plotW: plotW, plotH: plotH, height: height)
        var lx = left + plotW - 10
        for s in series.reversed() {
            let w = Double(s.name.count) * 6.6 + 30
            lx -= w
            svg += "<rect x=\"\(f(lx))\" y=\"\(f(top + 4))\" width=\"14\" height=\"12\" fill=\"\(s.color)\"/>"
            svg += "<text x=\"\(f(lx + 20))\" y=\"\(f(top + 14))\" font-size=\"11\">\(escape(s.name))</text>\n"
        }
        svg += "</svg>"
        return svg
    }
}
