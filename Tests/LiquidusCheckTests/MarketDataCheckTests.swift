import Foundation
import LiquidusCheck
import LiquidusCore
import Testing

/// `check` reads a market's mark method and price guard and the input's index prices; a mark
/// beyond the guard's band holds the market's liquidations (no plan), and says so.
@Suite struct MarketDataCheckTests {
    /// One market TEST (tick 1, lot 1, 5 %), guarded at 5 %, and alice long 1 @ 1,000 with a
    /// wallet of 100: at a mark of 900 her equity 0 is below maintenance 45 — liquidatable.
    static func document(mark: String, index: String?, guard guardrail: String = #"{"maxDeviation": "0.05", "maxIndexAgeSeconds": "30"}"#) -> String {
        """
        {"markets": [{"symbol": "TEST", "tickSize": "1", "lotSize": "1", "liquidationFeeRate": "0.01", "takerFeeRate": "0",
          "markMethod": "binance", "priceGuard": \(guardrail),
          "riskTiers": [{"maintenanceMarginRate": "0.05", "maintenanceAmount": "0", "maxLeverage": "10"}]}],
         "accounts": [{"id": "alice", "marginMode": "cross", "walletBalance": "100",
           "positions": [{"market": "TEST", "size": "1", "entryPrice": "1000"}]}],
         "markPrices": {"TEST": "\(mark)"}\(index.map { #", "indexPrices": {"TEST": "\#($0)"}"# } ?? "")}
        """
    }

    @Test func aMarkBeyondTheBandHoldsThePlan() throws {
        let held = try CheckHarness(Self.document(mark: "900", index: "1000"))
        #expect(held.value(at: "accounts[0].liquidatable") as? Bool == true)
        #expect((held.value(at: "accounts[0].plan") as? [Any])?.isEmpty == true)
        #expect(held.value(at: "accounts[0].heldByPriceGuard") as? [String] == ["TEST"])
        #expect(held.value(at: "liquidationHolds[0].reason") as? String == "markDeviation")
        #expect(held.value(at: "liquidationHolds[0].index") as? String == "1000")
        // The index follows the mark: a real move, planned as usual, and no hold is written.
        let real = try CheckHarness(Self.document(mark: "900", index: "900"))
        #expect((real.value(at: "accounts[0].plan") as? [Any])?.isEmpty == false)
        #expect(real.value(at: "liquidationHolds") == nil)
        #expect(real.value(at: "accounts[0].heldByPriceGuard") == nil)
        // Without an index the guard has nothing to compare with.
        #expect((try CheckHarness(Self.document(mark: "900", index: nil)).value(at: "accounts[0].plan") as? [Any])?.isEmpty == false)
    }

    @Test(arguments: [
        (document(mark: "900", index: "0"), "indexPrices.TEST"),
        (document(mark: "900", index: "1000").replacingOccurrences(of: #""indexPrices": {"TEST""#, with: #""indexPrices": {"NOPE""#), "indexPrices.NOPE"),
        (document(mark: "900", index: nil).replacingOccurrences(of: #""binance""#, with: #""okx""#), "markets[0].markMethod"),
        (document(mark: "900", index: nil, guard: #"{"maxDeviation": "0"}"#), "markets[0].priceGuard.maxDeviation"),
        (document(mark: "900", index: nil, guard: #"{"maxIndexAgeSeconds": "1.5"}"#), "markets[0].priceGuard.maxIndexAgeSeconds"),
        (document(mark: "900", index: nil, guard: "{}"), "markets[0].priceGuard.maxDeviation"),
        (document(mark: "900", index: nil, guard: #"{"band": "0.1"}"#), "markets[0].priceGuard.band"),
    ])
    func badMarketDataNamesItsPath(json: String, path: String) {
        do {
            _ = try CheckInput(json: Data(json.utf8))
            Issue.record("accepted: \(path)")
        } catch {
            #expect(error.path == path)
        }
    }
}
