import Foundation
import LiquidusCore
import LiquidusTestSupport
import Testing

/// Sums over accounts: exact, written as decimal strings, and large enough for a venue.
@Suite struct WideMoneyTests {
    /// Ten million accounts holding 10¹² between them (10⁵ each): 10²⁰ units of 10⁻⁸, beyond
    /// `Int64`, summed exactly.
    @Test func tenMillionAccountsOfDeposits() {
        var total = WideMoney.zero
        let each = Money(100_000)
        for _ in 0..<10_000_000 { total += each }
        #expect(total == WideMoney(units: 100_000_000_000_000_000_000))
        #expect(total.description == "1000000000000")
        #expect(total.money == nil)
        #expect(total.clampedToMoney == .max)
    }

    @Test(arguments: ["0", "-0.00000001", "92233720368.54775808", "-1234567890123456789012.12345678", "1701411834604692317316873037158.84105727"])
    func decimalTextRoundTrips(text: String) throws {
        let amount = try WideMoney(parsing: text)
        #expect(amount.description == text)
        let json = try JSONEncoder().encode(amount)
        #expect(String(decoding: json, as: UTF8.self) == "\"\(text)\"")
        #expect(try JSONDecoder().decode(WideMoney.self, from: json) == amount)
    }

    @Test func beyondTheRangeIsRefused() throws {
        #expect(throws: DecimalParseError(.outOfWideRange)) { try WideMoney(parsing: "1701411834604692317316873037158.84105728") }
        #expect(throws: DecimalParseError(.tooManyDecimalPlaces)) { try WideMoney(parsing: "1.000000001") }
        // A sum that would leave the range is refused, naming the path.
        let nearTop = WideMoney(units: .max - 5)
        let error = #expect(throws: ValidationError.self) { _ = try nearTop.adding(Money(units: 6), checkedAt: "amount") }
        #expect(error?.code == .outOfRange && error?.path == "amount")
        #expect(try nearTop.adding(Money(units: 5), checkedAt: "amount") == .max)
    }
}

/// The checked forms of the fixed-point operations: exact where the result fits, an `overflow`
/// error with the path where it does not (never a trap).
@Suite struct CheckedArithmeticTests {
    @Test func sumsAndDifferences() throws {
        #expect(try Money(units: .max - 1).adding(Money(units: 1), checkedAt: "x") == .max)
        let error = #expect(throws: ValidationError.self) { _ = try Money.max.adding(Money(units: 1), checkedAt: "walletBalance") }
        #expect(error?.code == .overflow && error?.path == "walletBalance")
        // The least value stays excluded, so a magnitude always exists.
        #expect(throws: ValidationError.self) { _ = try (-Money.max).subtracting(Money(units: 1), checkedAt: "x") }
        #expect(throws: ValidationError.self) { _ = try Money(exactly: Int128(Int64.min), checkedAt: "x") }
    }

    /// 10⁹ contracts from 10⁻⁸ to 10⁹: a PnL of about 10¹⁸, beyond Money.
    @Test func aPnLBeyondTheRange() throws {
        let error = #expect(throws: ValidationError.self) {
            _ = try Money.pnl(of: Limits.maxSize, from: Price(units: 1), to: Limits.maxPrice, .down, checkedAt: "positions[0].size")
        }
        #expect(error?.code == .overflow && error?.path == "positions[0].size")
        // The same size over one unit of price: 10 exactly.
        #expect(try Money.pnl(of: Limits.maxSize, from: Price(units: 1), to: Price(units: 2), .down, checkedAt: "") == 10)
    }

    /// Margin ratios saturate instead of overflowing: a requirement of 10¹⁰ against an equity of
    /// one unit is a ratio of 10²⁶, shown as the largest rate.
    @Test func ratiosSaturate() {
        #expect(Limits.maxMoney.ratio(to: Money(units: 1), .up) == .max)
        #expect(Money(2).ratio(to: Money(4), .up) == Rate(units: 50_000_000))
    }

    /// An account's collateral from an input is held to the limit as a whole: wallet plus
    /// isolated margins at most 10¹⁰.
    @Test func anInputsCollateralIsBounded() throws {
        let market = Fixtures.btc
        let positions = [Position(market: market.symbol, size: Fixtures.quantity("0.001"), entryPrice: 30_000, isolatedMargin: Money(6_000_000_000))]
        let error = #expect(throws: ValidationError.self) {
            _ = try Account(id: "a", marginMode: .isolated, walletBalance: Money(5_000_000_000), positions: positions, markets: Fixtures.catalog)
        }
        #expect(error?.path == "positions[0].isolatedMargin")
        _ = try Account(id: "a", marginMode: .isolated, walletBalance: Money(4_000_000_000), positions: positions, markets: Fixtures.catalog)
    }
}
