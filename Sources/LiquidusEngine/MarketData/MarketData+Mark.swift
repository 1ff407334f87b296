import LiquidusBook
import LiquidusCore

extension MarketData {
    /// Records index `price` at `time` (in `unit`) with `book` as it stands, takes the averages'
    /// samples, and returns the mark `method` derives (`nil` for ``LiquidusCore/MarkMethod/given``).
    ///
    /// - Binance, Bybit: `median(P1, P2, last)` with `P1 = index × (1 + r × τ ÷ interval)` — r
    ///   the current interval's given rate, else the last settled one (none, or no funding rules:
    ///   the term is 0), τ the time to the next boundary; the term rounded toward zero —,
    ///   `P2 = index + MA(mid − index)` (no sample yet: `P2 = index`), and `last` the last price
    ///   (none yet: `P2` in its place).
    /// - Hyperliquid: the median of the components that exist — `oracle + EMA150(mid − oracle)`
    ///   (`oracle` alone before any book), `median(best bid, best ask, last)` (a book with both
    ///   sides; its mid in place of a missing last trade), the external perps' mid — and, when
    ///   exactly two exist, the 30-second EMA of the book component. The median of two is their
    ///   mean, rounded down.
    /// The mid is `(best bid + best ask) ÷ 2` rounded down. Exact in 128 bits; the caller checks
    /// the result is a price.
    /// - Complexity: O(window) for the moving average.
    mutating func record(
        index price: Price, at time: Int64, unit: TimeUnit, book: OrderBook?, method: MarkMethod, funding: FundingRules?
    ) -> Int128? {
        index = price
        indexTime = time
        let indexUnits = Int128(price.units)
        let quotes = book.flatMap(Self.quotes)
        switch method {
        case .given:
            return nil
        case .binance, .bybit:
            if let quotes { basis?.record(Int64(quotes.mid - indexUnits), atSecond: unit.second(of: time)) }
            let second = indexUnits + Int128(basis?.value ?? 0)
            return Self.median([indexUnits + fundingBasis(index: indexUnits, at: time, unit: unit, funding), second, lastPrice.map { Int128($0.units) } ?? second])
        case .hyperliquid:
            var components = [indexUnits + Int128(basisEMA?.value ?? 0)]
            if let quotes {
                basisEMA?.record(Int64(quotes.mid - indexUnits), at: time, unit: unit)
                components[0] = indexUnits + Int128(basisEMA?.value ?? 0)
                let bookMedian = Self.median([quotes.bid, quotes.ask, lastPrice.map { Int128($0.units) } ?? quotes.mid])
                bookEMA?.record(Int64(bookMedian), at: time, unit: unit)
                components.append(bookMedian)
            }
            if let externalPrice { components.append(Int128(externalPrice.units)) }
            if components.count == 2, let fallback = bookEMA?.value { components.append(Int128(fallback)) }
            return Self.median(components)
        }
    }

    /// Price 1's funding term `index × r × τ ÷ interval` (see
    /// ``record(index:at:unit:book:method:funding:)``), in price units, τ and the interval in
    /// `unit`: |index × r × τ| < 10¹⁷ · 10⁸ · 3.2·10¹⁰, within 128 bits.
    func fundingBasis(index: Int128, at time: Int64, unit: TimeUnit, _ funding: FundingRules?) -> Int128 {
        guard let funding, let rate = fundingRate ?? lastFundingRate, let period = fundingPeriod else { return 0 }
        let interval = Int128(unit.ticks(inSeconds: funding.interval))
        let untilFunding = Swift.min(Swift.max((Int128(period) + 1) * interval - Int128(time), 0), interval)
        return index * Int128(rate.units) * untilFunding / (Int128(Rate.one.units) * interval)
    }

    /// The best bid, best ask and their mid (rounded down), when both sides have a level.
    static func quotes(_ book: OrderBook) -> (bid: Int128, ask: Int128, mid: Int128)? {
        guard let bid = book.bids.first?.price.units, let ask = book.asks.first?.price.units else { return nil }
        return (Int128(bid), Int128(ask), (Int128(bid) + Int128(ask)) >> 1)
    }

    /// The median of `values` (1 to 3 of them); of two, their mean rounded down.
    static func median(_ values: [Int128]) -> Int128 {
        let sorted = values.sorted()
        if sorted.count == 2 { return (sorted[0] + sorted[1]) >> 1 }
        return sorted[sorted.count / 2]
    }
}
