import Foundation
import LiquidusCore

extension SimulationReport {
    /// The comparison as plain-text tables: the policies (or venues), the ADL mechanisms, and
    /// where a partial policy differs from full.
    public var textTable: String {
        var out = Self.table(policyRows, columns: policyResults)
        let mechanisms = deleveragingResults
        if mechanisms.count > 1 {
            out += "\nADL mechanisms under \(mechanisms[0].policyLabel):\n" + Self.table(deleveragingRows, columns: mechanisms, header: { $0.deleveragingLabel })
        }
        for comparison in wickComparisons where comparison.keptThroughRebound.accounts + comparison.takenOverLater.accounts > 0 {
            out += "\n\(comparison.partialLabel) against \(comparison.fullLabel), account by account (end equity difference):\n"
            for entry in comparison.groups where entry.group.accounts > 0 {
                out += "  \(entry.name): \(Format.count(entry.group.accounts)) accounts, \(Format.signedMoney(entry.group.equityDifference))"
                    + " (\(Format.count(entry.group.better)) better off)\n"
            }
        }
        return out + repeatedText
    }

    /// The rows of the policy comparison.
    var policyRows: [(String, (PolicyResult) -> String)] {
        [
            ("accounts liquidated", { Format.count($0.accountsLiquidated) }),
            ("  partially only", { Format.count($0.accountsPartiallyOnly) }),
            ("  taken over (after a partial)", { "\(Format.count($0.accountsTakenOver)) (\(Format.count($0.accountsPartialThenTakenOver)))" }),
            ("notional partial / taken over", { "\(Format.compact($0.breakdown.partial.notional)) / \(Format.compact($0.breakdown.takeover.notional))" }),
            ("main takeover cause", { result in
                result.breakdown.sortedCauses.max { $0.tally.notional < $1.tally.notional }.map { $0.cause.label } ?? "–"
            }),
            ("trader equity at end", { Format.money($0.traderEquityEnd) }),
            ("  vs full", { self.equityVersusFull($0).map { Format.signedMoney($0) } ?? "–" }),
            ("liquidated accts keep", { Format.percent($0.retainedShare) }),
            ("liquidation fees", { Format.money($0.liquidationFees) }),
            ("insurance fund min / end", { "\(Format.compact($0.fundMin)) / \(Format.compact($0.fundEnd))" }),
            ("bad debt", { Format.money($0.badDebt) }),
            ("ADL notional / accounts", { "\(Format.compact($0.deleveraging.notional)) / \(Format.count($0.deleveraging.accountsHit))" }),
            ("children per close", { Self.decimal($0.execution.childrenPerClose, 2) }),
            ("impact error adaptive / static bps", { "\(Self.decimal($0.execution.adaptiveMeanError, 1)) / \(Self.decimal($0.execution.staticMeanError, 1))" }),
            ("slippage avg / worst bps", { "\(Self.decimal($0.averageSlippageBps, 1)) / \(Self.decimal($0.worstSlippageBps, 1))" }),
            ("cascade depth (rounds)", { "\($0.cascadeDepth)" }),
        ]
    }

    /// The rows of the ADL comparison.
    var deleveragingRows: [(String, (PolicyResult) -> String)] {
        [
            ("ADL orders / fills", { "\(Format.count($0.deleveraging.orders)) / \(Format.count($0.deleveraging.fills))" }),
            ("shortfall (fund could not pay)", { Format.money($0.deleveraging.shortfall) }),
            ("profit taken", { Format.money($0.deleveraging.taken) }),
            ("shortfall covered", { Format.percent($0.deleveraging.coveredShare) }),
            ("overshoot", { Format.money($0.deleveraging.overshoot) }),
            ("accounts hit", { Format.count($0.deleveraging.accountsHit) }),
            ("largest share of one profit", { Format.percent($0.deleveraging.largestShare) }),
            ("top 10 accounts' share", { Format.percent($0.deleveraging.topTenShare) }),
            ("notional closed", { Format.money($0.deleveraging.notional) }),
            ("insurance fund end", { Format.money($0.fundEnd) }),
            ("trader equity at end", { Format.money($0.traderEquityEnd) }),
        ]
    }

    /// Rows × columns as an aligned text table.
    static func table(_ rows: [(String, (PolicyResult) -> String)], columns: [PolicyResult], header: (PolicyResult) -> String = { $0.label }) -> String {
        aligned(headers: [""] + columns.map(header), rows: rows.map { name, value in [name] + columns.map(value) })
    }

    /// `headers` and `rows` as an aligned text table: the first column left-aligned, the others
    /// right-aligned, a rule under the headers.
    static func aligned(headers: [String], rows cells: [[String]]) -> String {
        var widths = headers.map(\.count)
        for row in cells { for (index, cell) in row.enumerated() { widths[index] = Swift.max(widths[index], cell.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var out = [line(headers), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        for row in cells { out.append(line(row)) }
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

    /// Compact money for axes and tight cells: `1.2M`, `350k`.
    static func compact(_ value: Money) -> String { compact(Double(value.units) / 1e8) }

    /// See ``compact(_:)-(Money)``.
    static func compact(_ value: Double) -> String {
        let magnitude = Swift.abs(value)
        let sign = value < 0 ? "-" : ""
        if magnitude >= 1e9 { return sign + String(format: "%.2fB", magnitude / 1e9) }
        if magnitude >= 1e6 { return sign + String(format: "%.2fM", magnitude / 1e6) }
        if magnitude >= 1e3 { return sign + String(format: "%.0fk", magnitude / 1e3) }
        return sign + String(format: "%.0f", magnitude)
    }

    /// `12.3 %`.
    static func percent(_ fraction: Double) -> String { String(format: "%.1f %%", fraction * 100) }
}
