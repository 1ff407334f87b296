import LiquidusCore
@testable import LiquidusSimulation
import Testing

/// The `--csv` files read back: their rows add up to the summary's figures, exactly.
@Suite struct CSVTests {
    /// The rows of a CSV file without quoted fields, keyed by its header.
    struct Table {
        var header: [String]
        var rows: [[String: String]]

        init(_ text: String) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.last == "", "the file ends with a line break")
            lines.removeLast()
            header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) ?? []
            let names = header
            rows = lines.dropFirst().map { line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                #expect(fields.count == names.count, "\(line)")
                return Dictionary(uniqueKeysWithValues: zip(names, fields))
            }
        }

        func rows(of run: String) -> [[String: String]] { rows.filter { $0["run"] == run } }
    }

    static func money(_ rows: [[String: String]], _ column: String) throws -> Money {
        try rows.reduce(Money.zero) { sum, row in sum + (try #require(Money(row[column] ?? ""), "\(column): \(row[column] ?? "")")) }
    }

    /// 200 accounts through five minutes of the cascade under restore and full (and restore under
    /// pro-rata): each file has a row per run and account, second or market; the accounts' end
    /// equity, the liquidations, ADL notional and the fund add up to each run's figures; the
    /// lowest mark is the summary's; the same seed gives the same bytes.
    @Test func filesAddUpToTheSummary() async throws {
        let scenario = SimulationTests.slice(SimulationTests.cascade, from: 120, seconds: 300)
        let plan = SimulationPlan(scenario: scenario, accounts: 200, seed: 5, policies: ["restore", "full"], deleveraging: ["queue", "pro-rata"])
        let report = try await plan.run(plan.prepare()).report
        let files = report.csvFiles
        #expect(files.map(\.name) == ["accounts.csv", "series.csv", "marks.csv", "path.csv"])
        let again = try await plan.run(plan.prepare()).report.csvFiles
        #expect(files == again)

        let accounts = Table(files[0].text)
        let series = Table(files[1].text)
        let marks = Table(files[2].text)
        let path = Table(files[3].text)
        #expect(accounts.header.first == "run" && accounts.header.contains("end_equity"))
        #expect(accounts.rows.count == 3 * 200)
        #expect(series.rows.count == 3 * scenario.seconds)
        #expect(marks.rows.count == 3 * scenario.seconds * 3)
        #expect(path.rows.count == scenario.seconds * 3)
        #expect(report.results.map(\.label) == ["restore", "full", "restore · pro-rata"])
        var anyADL = false
        for result in report.results {
            let rows = accounts.rows(of: result.label)
            #expect(rows.map { $0["account"] } == report.population.members.map(\.id))
            #expect(try Self.money(rows, "end_equity") == result.traderEquityEnd)
            #expect(try Self.money(rows, "start_equity") == result.traderEquityStart)
            #expect(rows.filter { $0["liquidated"] == "1" }.count == result.accountsLiquidated)
            #expect(rows.filter { $0["taken_over"] == "1" }.count == result.accountsTakenOver)
            #expect(rows.filter { $0["first_liquidation_second"] != "" }.count >= result.accountsLiquidated)

            let seconds = series.rows(of: result.label)
            #expect(seconds.map { $0["second"] } == (0..<scenario.seconds).map { String($0) })
            #expect(try Self.money(seconds, "notional_closed_partially") == result.breakdown.partial.notional)
            #expect(try Self.money(seconds, "notional_taken_over") == result.breakdown.takeover.notional)
            #expect(seconds.reduce(0) { $0 + Int($1["takeovers"] ?? "")! } == result.breakdown.takeover.count)
            #expect(try Self.money(seconds, "adl_notional") == result.deleveraging.notional)
            #expect(seconds.last?["insurance_fund"] == result.fundEnd.description)
            #expect(seconds.first?["insurance_fund"] == result.fundStart.description)
            anyADL = anyADL || result.deleveraging.notional.isPositive

            let runMarks = marks.rows(of: result.label)
            for (index, symbol) in result.symbols.enumerated() {
                let lowest = runMarks.filter { $0["market"] == symbol }.compactMap { Price($0["mark"] ?? "") }.min()
                #expect(lowest == result.markLow[index], "\(symbol)")
            }
        }
        #expect(anyADL, "the cascade reaches auto-deleveraging, so the ADL column is checked against something")
        #expect(report.results[0].breakdown.partial.count > 0, "restore closes in part, so that column is too")
    }

    /// A field with a comma, a quote or a line break is quoted, its quotes doubled.
    @Test func quotesFields() {
        #expect(SimulationReport.csvField("restore · pro-rata") == "restore · pro-rata")
        #expect(SimulationReport.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(SimulationReport.csvField("line\r\nbreak") == "\"line\r\nbreak\"")
    }
}
