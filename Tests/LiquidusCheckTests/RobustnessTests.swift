import Foundation
import LiquidusCheck
import LiquidusCore
import LiquidusTestSupport
import LiquidusRandom
import Testing

/// `check` on books that used to trap, and on random valid books with extreme values: it
/// answers or refuses with a code and a path, and never traps.
@Suite struct RobustnessTests {
    /// The smallest book that trapped in `Money.pnl` from the takeover: a short of 500 at 1 on a
    /// tick of 1, whose bankruptcy price (0.928…) rounds down to 0 below one tick. Its transfer
    /// price is now one tick — the nearest valid price — so the takeover realizes
    /// −500 × (1 − 1) = 0 and the fund covers the account's deficit.
    @Test func aBankruptcyPriceBelowOneTickIsTakenOverAtOneTick() throws {
        let harness = try CheckHarness("""
            {"markets": [{"symbol": "M1USD", "tickSize": "1", "lotSize": "0.01", "riskTiers": [{"maintenanceMarginRate": "0.015", "maintenanceAmount": "0", "maxLeverage": "33"}], "liquidationFeeRate": "0.01", "takerFeeRate": "0.0005"}, \
            {"symbol": "M2USD", "tickSize": "0.1", "lotSize": "0.001", "riskTiers": [{"maintenanceMarginRate": "0.0065", "maintenanceAmount": "0", "maxLeverage": "76", "notionalCap": "10000"}, {"maintenanceMarginRate": "0.015", "maintenanceAmount": "85", "maxLeverage": "33", "notionalCap": "20000"}, {"maintenanceMarginRate": "0.025", "maintenanceAmount": "285", "maxLeverage": "20"}], "liquidationFeeRate": "0.01", "takerFeeRate": "0.0005"}], \
            "accounts": [{"id": "a1", "marginMode": "cross", "walletBalance": "20.4", "positions": [{"market": "M1USD", "size": "-500", "entryPrice": "1"}, {"market": "M2USD", "size": "-3.333", "entryPrice": "156"}]}], \
            "markPrices": {"M1USD": "1", "M2USD": "178.5"}}
            """)
        #expect(harness.value(at: "accounts[0].plan[0].step") as? String == "fullTakeover")
        #expect(harness.value(at: "accounts[0].plan[0].market") as? String == "M1USD")
        #expect(harness.value(at: "accounts[0].plan[0].limitPrice") as? String == "1")
        #expect(harness.value(at: "accounts[0].plan[0].amount") as? String == "0")
    }

    /// A plan whose figures do not fit is refused with `overflow` at the account, not trapped:
    /// a long of 10⁹ contracts bought at 10⁻⁸ (notional 10), marked at 10⁻⁸, whose book bids
    /// 10⁹ — closing it there would realize about 10¹⁸.
    @Test func aPlanBeyondTheRangeIsRefused() throws {
        let document = """
            {"markets": [{"symbol": "X", "tickSize": "0.00000001", "lotSize": "1", "riskTiers": [{"maintenanceMarginRate": "0.5", "maintenanceAmount": "0", "maxLeverage": "1"}], "liquidationFeeRate": "0", "takerFeeRate": "0"}], \
            "accounts": [{"id": "a", "marginMode": "cross", "walletBalance": "-10", "positions": [{"market": "X", "size": "1000000000", "entryPrice": "0.00000001"}]}], \
            "markPrices": {"X": "0.00000001"}, "orderBooks": {"X": {"bids": [["1000000000", "1"]]}}}
            """
        let error = #expect(throws: ValidationError.self) { _ = try Check.run(json: Data(document.utf8)) }
        #expect(error?.code == .overflow)
        #expect(error?.path.hasPrefix("accounts[0]") == true)
    }

    /// Random valid books — one to four markets, cross and isolated, prices near the tick and
    /// near 10⁹, sizes and notionals near the limits, tiny wallets, up to eight tiers, books now
    /// and then — are all read, and each is answered or refused only for a figure that does not
    /// fit (`overflow`). 400 seeded books, well under a second.
    @Test func randomValidBooksAreAnswered() throws {
        var random = SeededGenerator(seed: 15)
        var refused: [String: Int] = [:]
        for _ in 0..<400 {
            let book = RandomBook(using: &random)
            do {
                _ = try Check.run(json: Data(book.checkDocument.utf8))
            } catch {
                refused[error.code.rawValue, default: 0] += 1
                #expect(error.code == .overflow, "\(error): \(book.checkDocument)")
            }
        }
        #expect(refused.values.reduce(0, +) < 40, "\(refused)")
    }
}
