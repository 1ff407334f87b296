import LiquidusCore

extension SimulationReport {
    /// A CSV file of the report: its name in the `--csv` directory and its text.
    public struct CSVFile: Sendable, Hashable {
        /// The file's name (`accounts.csv`).
        public var name: String
        /// Its text: a header row, then one row per record, `\n` line ends.
        public var text: String
    }

    /// The CSV files (see `docs/simulation.md` for their columns): `accounts.csv` (each account's
    /// outcome in each run), `series.csv` (each run's fund, liquidations and ADL per second),
    /// `marks.csv` (each run's mark per market per second) and `path.csv` (the scenario's
    /// exogenous price and depth factor per asset per second). Money and marks as the summary
    /// writes them (decimal strings exact to 10⁻⁸), counts as integers, rows in the order of the
    /// runs, then of the population or the seconds; no wall-clock figure, so the same seed and
    /// options give byte-identical files.
    /// - Complexity: O(runs × (accounts + seconds × markets)).
    /// Over several seeds (``samples``), also `runs.csv`: every seed's headline metrics; the
    /// other files are the first seed's.
    public var csvFiles: [CSVFile] {
        [CSVFile(name: "accounts.csv", text: accountsCSV), CSVFile(name: "series.csv", text: seriesCSV),
         CSVFile(name: "marks.csv", text: marksCSV), CSVFile(name: "path.csv", text: pathCSV)]
            + (runsCSV.map { [CSVFile(name: "runs.csv", text: $0)] } ?? [])
    }

    /// One row per run and account: outcome flags as 0/1, the first liquidation's second empty
    /// when there was none.
    var accountsCSV: String {
        var text = "run,account,profile,margin_mode,open_second,start_equity,end_equity,first_liquidation_second,liquidated,partially_closed,taken_over,deleveraged\n"
        for result in results {
            let run = Self.csvField(result.label)
            let members = populations.indices.contains(result.setupIndex) ? populations[result.setupIndex].members : []
            let outcomes = result.accounts
            for (index, member) in members.enumerated() where index < outcomes.flags.count {
                let first = outcomes.firstLiquidation[index]
                func flag(_ bit: UInt8) -> String { outcomes.has(index, bit) ? "1" : "0" }
                let liquidated = outcomes.flags[index] & (AccountOutcomes.Flags.liquidated | AccountOutcomes.Flags.partial | AccountOutcomes.Flags.takenOver) != 0
                text += [
                    run, Self.csvField(member.id), member.profile?.rawValue ?? "", member.marginMode.rawValue, String(member.openAt),
                    outcomes.startEquity[index].description, outcomes.endEquity[index].description, first < 0 ? "" : String(first),
                    liquidated ? "1" : "0", flag(AccountOutcomes.Flags.partial), flag(AccountOutcomes.Flags.takenOver),
                    flag(AccountOutcomes.Flags.deleveraged),
                ].joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// One row per run and second: the fund at the end of the second, the liquidations and ADL
    /// fills in it.
    var seriesCSV: String {
        perSecondCSV(columns: "insurance_fund,partial_closes,notional_closed_partially,takeovers,notional_taken_over,adl_fills,adl_notional") { result, t in
            let series = result.seconds
            return [[
                series.fund[t].description, String(series.partialCloses[t]), series.notionalClosedPartially[t].description,
                String(series.takeovers[t]), series.notionalTakenOver[t].description, String(series.deleveragingFills[t]),
                series.deleveragedNotional[t].description,
            ]]
        }
    }

    /// One row per run, second and market: the mark at the end of the second.
    var marksCSV: String {
        perSecondCSV(columns: "market,mark") { result, t in
            zip(result.symbols, result.seconds.marks).map { symbol, marks in [Self.csvField(symbol), marks[t].description] }
        }
    }

    /// `run,second,` then `columns`, and for every run and second the rows `rows` gives (their
    /// fields after the run and the second).
    /// - Complexity: O(runs × seconds) calls of `rows`.
    func perSecondCSV(columns: String, _ rows: (PolicyResult, Int) -> [[String]]) -> String {
        var text = "run,second," + columns + "\n"
        for result in results {
            let prefix = Self.csvField(result.label) + ","
            for t in 0..<result.seconds.count {
                for row in rows(result, t) { text += prefix + String(t) + "," + row.joined(separator: ",") + "\n" }
            }
        }
        return text
    }

    /// One row per second and asset: the exogenous (spot-like) price, 4 decimals as in the
    /// summary's scenario, and the depth factor of its books, 6 decimals.
    var pathCSV: String {
        var text = "second,asset,price,depth_factor\n"
        for t in 0..<scenario.seconds {
            for asset in scenario.assets {
                text += String(t) + "," + Self.csvField(asset.name) + "," + Self.decimal(asset.path.prices[t], 4) + ","
                    + Self.decimal(asset.depth.factor(at: t), 6) + "\n"
            }
        }
        return text
    }

    /// `value` as a CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a
    /// quote or a line break.
    static func csvField(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        var quoted = "\""
        for character in value {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }
}
