public import Foundation
import LiquidusBook
public import LiquidusCore
import LiquidusEngine

/// `liquidus check`: what the engine makes of one snapshot of a book. Changes nothing.
public enum Check {
    /// Evaluates every account of `input` at its marks.
    ///
    /// ``CheckInput`` validated every account against its marks, so each margin can be formed;
    /// a plan whose figures cannot (closing a large position at a book price far beyond the
    /// entry, say) is refused like a reading error, with code `overflow` and the account's path.
    /// - Complexity: O(Σ positions × tiers).
    public static func run(_ input: CheckInput) throws(ValidationError) -> CheckReport {
        var books: [String: OrderBook] = [:]
        for (symbol, depth) in input.orderBooks {
            let market = try input.markets.market(symbol, at: "orderBooks.\(symbol)")
            do { books[symbol] = try depth.orderBook(of: market) } catch { throw error.prefixed(by: "orderBooks.\(symbol)") }
        }
        let holds = liquidationHolds(input)
        let quantiles = DeleveragingIndicator.quantiles(of: input.accounts, markets: input.markets, marks: input.markPrices)
        var reports: [AccountReport] = []
        reports.reserveCapacity(input.accounts.count)
        for (index, account) in input.accounts.enumerated() {
            do {
                let margin = try account.margin(markets: input.markets, marks: input.markPrices)
                let heldBy = account.positions.map(\.market).filter { symbol in holds.contains { $0.market == symbol } }
                let acts = margin.liquidatable && heldBy.isEmpty
                var report = AccountReport(
                    id: account.id, margin: margin, plan: acts ? try plan(for: account, in: input, books: books) : [],
                    adlQuantiles: quantiles[account.id] ?? [:])
                report.heldByPriceGuard = heldBy
                reports.append(report)
            } catch {
                throw error.prefixed(by: "accounts[\(index)]")
            }
        }
        return CheckReport(accounts: reports, liquidationHolds: holds)
    }

    /// The markets whose price guard would hold liquidations: a mark beyond the guard's band from
    /// the input's index price (`check` has no clock, so an index's age is not judged), by symbol.
    /// - Complexity: O(m) for m markets with an index.
    static func liquidationHolds(_ input: CheckInput) -> [LiquidationHoldReport] {
        input.indexPrices.sorted(by: { $0.key < $1.key }).compactMap { symbol, index in
            guard let guardrail = input.markets[symbol]?.priceGuard, let mark = input.markPrices[symbol],
                  let breach = guardrail.breach(mark: mark, index: index, indexTime: 0, now: 0, unit: .milliseconds) else { return nil }
            return LiquidationHoldReport(market: symbol, reason: breach.rawValue, mark: mark, index: index, maxDeviation: guardrail.maxDeviation)
        }
    }

    /// Parses `data`, evaluates it and returns the report as JSON (pretty-printed, keys sorted,
    /// so the same input always gives the same bytes), or throws the input's first problem.
    public static func run(json data: Data) throws(ValidationError) -> Data {
        encode(try run(try CheckInput(json: data)))
    }

    /// The stable JSON form of an encodable value: ``JSONWriter/pretty`` (two-space indentation,
    /// sorted keys, no escaped slashes), the layout of every `check` report.
    public static func encode(_ value: some Encodable) -> Data {
        JSONWriter.pretty.encode(value)
    }
}
