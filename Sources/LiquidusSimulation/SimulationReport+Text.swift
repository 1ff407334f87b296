import Foundation
import LiquidusCore

extension SimulationReport {
    /// The comparison as a plain-text table: one column per policy, one row per figure.
    public var textTable: String {
        var rows: [(String, [String])] = []
        func row(_ name: String, _ value: (PolicyResult) -> String) { rows.append((name, results.map(value))) }
        row("accounts liquidated") { Format.count($0.accountsLiquidated) }
        row("  partially only") { Format.count($0.accountsPartiallyOnly) }
        row("  taken over (full)") { Format.count($0.accountsTakenOver) }
        row("partial steps / takeovers") { "\(Format.count($0.partialSteps)) / \(Format.count($0.takeovers))" }
        row("notional liquidated") { Format.money($0.liquidatedNotional) }
        row("trader equity at end") { Format.money($0.traderEquityEnd) }
        row("  vs full") { self.equityVersusFull($0).map { Format.signedMoney($0) } ?? "–" }
        row("liquidated accts keep") { Format.money($0.liquidatedEquityEnd) + " (" + Format.percent($0.retainedShare) + ")" }
        row("liquidation fees") { Format.money($0.liquidationFees) }
        row("insurance fund min") { Format.money($0.fundMin) }
        row("insurance fund end") { Format.money($0.fundEnd) }
        row("bad debt") { Format.money($0.badDebt) }
        row("ADL events / notional") { "\(Format.count($0.adlEvents)) / \(Format.money($0.adlNotional))" }
        row("slippage avg / worst bps") { String(format: "%.1f / %.1f", $0.averageSlippageBps, $0.worstSlippageBps) }
        row("cascade depth (rounds)") { "\($0.cascadeDepth)" }
        row("cascade seconds") { Format.count($0.cascadeSeconds) }
        row("mark below path (max)") { Format.percent($0.maxLiquidationDisplacement) }
        row("mark peak-to-trough") { Format.percent($0.markPeakToTrough) + " (path " + Format.percent(self.path.peakToTrough.fraction) + ")" }
        let headers = ["", ] + results.map(\.label)
        var widths = headers.map(\.count)
        for (name, values) in rows {
            widths[0] = Swift.max(widths[0], name.count)
            for (index, value) in values.enumerated() { widths[index + 1] = Swift.max(widths[index + 1], value.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var out = [line(headers), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        for (name, values) in rows { out.append(line([name] + values)) }
        return out.joined(separator: "\n") + "\n"
    }
}

/// Number formatting shared by the reports (deterministic: no locale).
enum Format {
    /// `1,234,567`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Whole money with thousands separators: `1,234,567`.
    static func money(_ value: Money) -> String {
        let whole = Int((Double(value.units) / 1e8).rounded())
        return count(whole)
    }

    /// `+1,234` / `-1,234`.
    static func signedMoney(_ value: Money) -> String {
        (value.isNegative ? "" : "+") + money(value)
    }

    /// Compact money for axes: `1.2M`, `350k`.
    static func compact(_ value: Double) -> String {
        let magnitude = Swift.abs(value)
        let sign = value < 0 ? "-" : ""
        if magnitude >= 1e9 { return sign + String(format: "%.1fB", magnitude / 1e9) }
        if magnitude >= 1e6 { return sign + String(format: "%.1fM", magnitude / 1e6) }
        if magnitude >= 1e3 { return sign + String(format: "%.0fk", magnitude / 1e3) }
        return sign + String(format: "%.0f", magnitude)
    }

    /// `12.3 %`.
    static func percent(_ fraction: Double) -> String { String(format: "%.1f %%", fraction * 100) }
}
