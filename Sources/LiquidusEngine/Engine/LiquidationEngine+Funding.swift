import LiquidusCore

extension LiquidationEngine {
    /// Settles funding in every market whose interval boundary the engine's time has passed
    /// since it was last settled (or first seen), and returns the events; the accounts that paid
    /// join `candidates` (a payment may push one under maintenance).
    ///
    /// A market settles when it has funding rules, a rate — the interval's given rate, else one
    /// from its premium samples (``LiquidusCore/FundingRules/rate(averagePremium:)``) — and a
    /// price to value positions at (the mark, or the index — the mark while no index is known). Several boundaries passed at once settle once (at the rate and
    /// price known now). The interval's samples and given rate are then cleared.
    /// - Complexity: O(d) for d markets with data, plus O(a·p) for each market that settles.
    mutating func settleFunding(into candidates: inout Set<String>) -> [EngineEvent.Payload] {
        var payloads: [EngineEvent.Payload] = []
        for symbol in marketData.keys.sorted() {
            guard let rules = markets[symbol]?.funding, var data = marketData[symbol] else { continue }
            let period = timeUnit.period(of: time, seconds: rules.interval)
            guard let last = data.fundingPeriod, period > last else {
                if data.fundingPeriod == nil {
                    data.fundingPeriod = period
                    marketData[symbol] = data
                }
                continue
            }
            let average = data.premium.average
            let rate = data.fundingRate.map(rules.capped) ?? average.map { rules.rate(averagePremium: $0) }
            let source = data.fundingRate != nil ? "given" : "premium"
            let price = rules.price == .index ? data.index ?? marks[symbol] : marks[symbol]  // no index yet: the mark
            data.fundingPeriod = period
            data.premium = PremiumSamples()
            data.fundingRate = nil
            if let rate { data.lastFundingRate = rate }
            marketData[symbol] = data
            guard let rate, let price else { continue }
            payloads += settle(symbol, rate: rate, price: price, source: source,
                               averagePremium: average, into: &candidates)
        }
        return payloads
    }

    /// One market's settlement at `rate` and `price` (see ``FundingSettled`` for where the money goes).
    private mutating func settle(
        _ symbol: String, rate: Rate, price: Price, source: String, averagePremium: Rate?, into candidates: inout Set<String>
    ) -> [EngineEvent.Payload] {
        var payloads: [EngineEvent.Payload] = []
        var paid = WideMoney.zero, received = WideMoney.zero
        var skipped: [String] = []
        var netWhole: Int128 = 0, netFraction: Int128 = 0  // Σ owed (> 0: paid), money units and 10⁻¹⁶ of them
        for id in accounts.keys.sorted() {
            guard var state = accounts[id], let index = state.index(of: symbol), !rate.isZero else { continue }
            let size = state.positions[index].size
            let owed = Self.fundingOwed(size: size, price: price, rate: rate)  // > 0: the account pays
            let pays = owed.whole > 0 || owed.fraction > 0
            guard owed.whole != 0 || owed.fraction != 0 else { continue }
            guard let amount = Int64(exactly: owed.rounded), amount <= Limits.maxMoney.units else {
                skipped.append(id)
                continue
            }
            var moved = Money(units: pays ? -amount : amount)
            if moved.isNegative, state.marginMode == .isolated {
                moved = Money(units: -Swift.min(amount, (state.positions[index].isolatedMargin ?? .zero).units))  // at most all of it
            }
            do { try state.credit(moved, at: index) } catch {
                skipped.append(id)
                continue
            }
            store(state, for: id)
            netWhole += owed.whole
            netFraction += owed.fraction
            if moved.isNegative {
                paid -= moved
                candidates.insert(id)
            } else {
                received += moved
            }
            payloads.append(.fundingPaid(FundingPaid(account: id, market: symbol, size: size, price: price, rate: rate, amount: moved)))
        }
        guard !payloads.isEmpty || !skipped.isEmpty else { return [] }
        // The outside market holds the other side: it receives the accounts' exact net, rounded down.
        let outside = WideMoney(units: netWhole + WideDivision.divide(netFraction, by: Self.fundingScale, .down))
        ledger.counterpartyCash += outside
        var fund = paid - received - outside
        var unrecovered = WideMoney.zero
        if fund.units < 0, -fund > ledger.insuranceFund {
            unrecovered = fund + ledger.insuranceFund  // < 0: what the fund cannot pay
            fund = -ledger.insuranceFund
        }
        ledger.insuranceFund += fund
        ledger.liquidatorCash += unrecovered
        payloads.append(.fundingSettled(FundingSettled(
            market: symbol, rate: rate, source: source, averagePremium: averagePremium, price: price, paid: paid, received: received,
            outsideMarket: outside, insuranceFund: fund, unrecovered: unrecovered, skipped: skipped)))
        return payloads
    }

    /// 10¹⁶: size × price × rate in units of 10⁻⁸ is a number of money units × 10¹⁶.
    static let fundingScale: Int128 = 10_000_000_000_000_000

    /// What a position owes at a settlement, `size × price × rate` money (> 0: it pays), as whole
    /// money units plus a fraction in 10⁻¹⁶ of a unit (both signed alike, |fraction| < 2·10¹⁶),
    /// and `rounded`: its magnitude in money units, rounded up when it pays and down when it
    /// receives. With S, P, R the units: S·P = w·10⁸ + f, w·R = a·10⁸ + b, and
    /// S·P·R ÷ 10¹⁶ = a + (b·10⁸ + f·R) ÷ 10¹⁶ — every product within 128 bits (S·P < 10³⁴).
    static func fundingOwed(size: Quantity, price: Price, rate: Rate) -> (whole: Int128, fraction: Int128, rounded: Int128) {
        let sign: Int128 = (size.units < 0) == (rate.units < 0) ? 1 : -1
        let magnitude = Int128(rate.units.magnitude)
        let (w, f) = (Int128(size.units.magnitude) * Int128(price.units)).quotientAndRemainder(dividingBy: 100_000_000)
        let (a, b) = (w * magnitude).quotientAndRemainder(dividingBy: 100_000_000)
        let tail = b * 100_000_000 + f * magnitude
        let (carry, fraction) = tail.quotientAndRemainder(dividingBy: fundingScale)
        let rounded = a + carry + (fraction > 0 && sign > 0 ? 1 : 0)
        return (sign * (a + carry), sign * fraction, rounded)
    }
}
