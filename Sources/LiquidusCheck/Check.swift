public import Foundation
import LiquidusBook
public import LiquidusCore
import LiquidusEngine

/// `liquidus check`: what the engine makes of one snapshot of a book. Changes nothing.
public enum Check {
    /// Evaluates every account of `input` at its marks.
    /// - Complexity: O(Σ positions × tiers).
    public static func run(_ input: CheckInput) -> CheckReport {
        var books: [String: OrderBook] = [:]
        // CheckInput read every book against its market, so each converts (a book that would not
        // is left out rather than trapping).
        for (symbol, depth) in input.orderBooks {
            if let market = input.markets[symbol], let book = try? depth.orderBook(of: market) { books[symbol] = book }
        }
        let quantiles = DeleveragingIndicator.quantiles(of: input.accounts, markets: input.markets, marks: input.markPrices)
        return CheckReport(accounts: input.accounts.map { account in
            // CheckInput validated every account against its marks, so this cannot fail.
            let margin = try! account.margin(markets: input.markets, marks: input.markPrices)
            return AccountReport(
                id: account.id, margin: margin, plan: margin.liquidatable ? plan(for: account, in: input, books: books) : [],
                adlQuantiles: quantiles[account.id] ?? [:])
        })
    }

    /// Parses `data`, evaluates it and returns the report as JSON (pretty-printed, keys sorted,
    /// so the same input always gives the same bytes), or throws the input's first problem.
    public static func run(json data: Data) throws(ValidationError) -> Data {
        let report = run(try CheckInput(json: data))
        return encode(report)
    }

    /// The stable JSON form of an encodable value: ``JSONWriter/pretty`` (two-space indentation,
    /// sorted keys, no escaped slashes), the layout of every `check` report.
    public static func encode(_ value: some Encodable) -> Data {
        JSONWriter.pretty.encode(value)
    }
}
