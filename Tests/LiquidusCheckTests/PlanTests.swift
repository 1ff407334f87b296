import Foundation
import LiquidusBook
import LiquidusCheck
import LiquidusCore
import Testing

/// `check` fills `plan` with the engine's own planner; with order books, expected prices come
/// from depth walks that an independent walk reproduces.
@Suite struct PlanTests {
    /// frank of the shared vectors: wallet 1000, long 0.5 BTC at 30000, mark 28104 (equity 52 ≤
    /// maintenance 56.208), on a table with `fee` as liquidation fee, under `policy`.
    static func frank(fee: String, policy: String, books: String = "") -> String {
        """
        {"markets": [{"symbol": "BTCUSDT", "tickSize": "0.1", "lotSize": "0.001",
           "riskTiers": [{"notionalCap": "50000", "maintenanceMarginRate": "0.004", "maintenanceAmount": "0", "maxLeverage": "125"},
                         {"maintenanceMarginRate": "0.005", "maintenanceAmount": "50", "maxLeverage": "100"}],
           "liquidationFeeRate": "\(fee)", "takerFeeRate": "0.0005"}],
         "accounts": [{"id": "frank", "marginMode": "cross", "walletBalance": "1000",
           "positions": [{"market": "BTCUSDT", "size": "0.5", "entryPrice": "30000"}]}],
         "markPrices": {"BTCUSDT": "28104"}, "policy": \(policy)\(books)}
        """
    }

    @Test func restoreMarginRatioClosesTheMinimalQuantity() throws {
        // Close q at the mark with a 0.05 % fee: equity after = 52 − 14.052·q, maintenance after
        // = 112.416·(0.5 − q). Ratio ≤ 0.8 ⇔ 56.208 − 112.416q ≤ 41.6 − 11.2416q ⇔ q ≥ 0.14438…,
        // so 0.145 (0.144 falls short: 101.1744 × 0.144 = 14.569 < 14.608).
        let harness = try CheckHarness(Self.frank(fee: "0.0005", policy: #"{"kind": "restoreMarginRatio", "targetMarginRatio": "0.8"}"#))
        #expect(harness.value(at: "accounts[0].plan[0].step") as? String == "partialClose")
        #expect(harness.value(at: "accounts[0].plan[0].quantity") as? String == "0.145")
        #expect(harness.value(at: "accounts[0].plan[0].limitPrice") as? String == "28000")  // the bankruptcy price
        #expect(harness.value(at: "accounts[0].plan[0].expectedPrice") as? String == "28104")
        #expect(harness.value(at: "accounts[0].plan[0].priceSource") as? String == "mark")
        #expect(harness.value(at: "accounts[0].plan[0].targetMarginRatio") as? String == "0.8")
        // 0.145 × 28104 × 0.0005 = 2.03754; after: 39.90768 ÷ 49.96246 = 0.79874… ≤ 0.8.
        #expect(harness.value(at: "accounts[0].plan[0].fee") as? String == "2.03754")
        let after = try #require(harness.decimal(at: "accounts[0].plan[0].marginRatioAfter"))
        #expect(after <= Rate(units: 80_000_000) && after > Rate(units: 79_000_000))
        #expect((harness.value(at: "accounts[0].plan") as? [Any])?.count == 1)
    }

    @Test func aFeeLargerThanTheMaintenanceSavedMeansTakeover() throws {
        // With a 1.25 % fee each unit closed costs 351.3 in fee and frees 112.416 of maintenance:
        // no partial close can restore 0.8, so the engine takes the position over at bankruptcy.
        let harness = try CheckHarness(Self.frank(fee: "0.0125", policy: #"{"kind": "restoreMarginRatio", "targetMarginRatio": "0.8"}"#))
        #expect(harness.value(at: "accounts[0].plan[0].step") as? String == "fullTakeover")
        #expect(harness.value(at: "accounts[0].plan[0].quantity") as? String == "0.5")
        #expect(harness.value(at: "accounts[0].plan[0].limitPrice") as? String == "28000")
    }

    @Test func fixedFractionClosesItsShare() throws {
        // 20 % of 0.5 = 0.1 (the position's notional 14052 is above a 10000 full-close threshold).
        let harness = try CheckHarness(Self.frank(fee: "0.0005", policy: #"{"kind": "fixedFraction", "fraction": "0.2", "cooldownSeconds": "30", "fullBelowNotional": "10000"}"#))
        #expect(harness.value(at: "accounts[0].plan[0].step") as? String == "partialClose")
        #expect(harness.value(at: "accounts[0].plan[0].quantity") as? String == "0.1")
    }

    @Test func openOrdersAreCancelledFirst() throws {
        let json = Self.frank(fee: "0.0005", policy: #"{"kind": "full"}"#).replacingOccurrences(
            of: #""positions": [{"market": "BTCUSDT", "size": "0.5", "entryPrice": "30000"}]"#,
            with: #""positions": [{"market": "BTCUSDT", "size": "0.5", "entryPrice": "30000"}], "openOrders": [{"market": "BTCUSDT", "size": "0.1", "price": "27000"}]"#)
        let harness = try CheckHarness(json)
        #expect(harness.value(at: "accounts[0].plan[0].step") as? String == "cancelOrders")
        #expect(harness.value(at: "accounts[0].plan[1].step") as? String == "fullTakeover")
    }

    @Test func aHealthyAccountHasAnEmptyPlan() throws {
        let harness = try CheckHarness(Self.frank(fee: "0.0005", policy: #"{"kind": "full"}"#).replacingOccurrences(of: #""28104""#, with: #""29000""#))
        #expect((harness.value(at: "accounts[0].plan") as? [Any])?.isEmpty == true)
    }

    /// With a book the planned close and its expected price are consistent: walking the book for
    /// the planned quantity gives exactly the expected price, and the quantity is at least what
    /// the mark alone would ask (a sell into bids below the mark pays slippage).
    @Test func bookPricesAreConsistentWithTheirQuantities() throws {
        let books = #", "orderBooks": {"BTCUSDT": {"bids": [["28100", "0.05"], ["28090", "0.1"], ["28000", "0.2"], ["27900", "5"]], "asks": [["28110", "1"]]}}"#
        let policy = #"{"kind": "restoreMarginRatio", "targetMarginRatio": "0.8"}"#
        let harness = try CheckHarness(Self.frank(fee: "0.0005", policy: policy, books: books))
        #expect(harness.value(at: "accounts[0].plan[0].step") as? String == "partialClose")
        #expect(harness.value(at: "accounts[0].plan[0].priceSource") as? String == "book")
        let quantity = try #require((harness.value(at: "accounts[0].plan[0].quantity") as? String).flatMap { Quantity($0) })
        let expected = try #require((harness.value(at: "accounts[0].plan[0].expectedPrice") as? String).flatMap { Price($0) })
        // The independent walk: bids best first, take min(remaining, level) at each.
        var remaining = quantity.units, notional: Int128 = 0
        for (price, size) in [(28_100, "0.05"), (28_090, "0.1"), (28_000, "0.2"), (27_900, "5")] {
            let take = min(remaining, Quantity(size)!.units)
            notional += Int128(take) * Int128(Price(price).units)
            remaining -= take
        }
        #expect(remaining == 0)
        #expect(expected.units == Int64(notional / Int128(quantity.units)))  // rounded down for a sell
        #expect(quantity >= Quantity(units: 14_500_000), "at least the 0.145 the mark alone needs")
        let after = try #require(harness.decimal(at: "accounts[0].plan[0].marginRatioAfter"))
        #expect(after <= Rate(units: 80_000_000))
    }

    /// A close larger than the depth within the executor's 50 bp budget. One tier at 5 %: long 1
    /// @ 30,000 with 2,000 (bankruptcy 28,000), mark 29,400 (equity 1,400 ≤ maintenance 1,470).
    /// Within 50 bp of the touch (≥ ⌈29,253⌉) the bids hold 0.05 @ 29,400 and 0.05 @ 29,300; the
    /// restore-0.8 close (0.283) is larger, so the plan's step is the first child order — 0.1 at
    /// (0.05 × 29,400 + 0.05 × 29,300) ÷ 0.1 = 29,350 — and its reason says what follows: the
    /// account is then above maintenance (ratio 0.949) but short of the target, so the rest goes
    /// one second later.
    @Test func aCloseBeyondTheBudgetShowsTheFirstChild() throws {
        let json = """
            {"markets": [{"symbol": "ALT", "tickSize": "1", "lotSize": "0.001",
               "riskTiers": [{"maintenanceMarginRate": "0.05", "maintenanceAmount": "0", "maxLeverage": "10"}],
               "liquidationFeeRate": "0.0005", "takerFeeRate": "0.0005"}],
             "accounts": [{"id": "gina", "marginMode": "cross", "walletBalance": "2000",
               "positions": [{"market": "ALT", "size": "1", "entryPrice": "30000"}]}],
             "markPrices": {"ALT": "29400"}, "policy": {"kind": "restoreMarginRatio", "targetMarginRatio": "0.8"},
             "orderBooks": {"ALT": {"bids": [["29400", "0.05"], ["29300", "0.05"], ["29000", "5"]], "asks": [["29410", "1"]]}}}
            """
        let harness = try CheckHarness(json)
        #expect(harness.value(at: "accounts[0].plan[0].step") as? String == "partialClose")
        #expect(harness.value(at: "accounts[0].plan[0].quantity") as? String == "0.1")
        #expect(harness.value(at: "accounts[0].plan[0].expectedPrice") as? String == "29350")
        #expect(harness.value(at: "accounts[0].plan[0].limitPrice") as? String == "28000")
        let reason = try #require(harness.value(at: "accounts[0].plan[0].reason") as? String)
        #expect(reason.hasSuffix("child 1: 0.1 of 0.283 within the 50 bp slippage budget, the rest 0.183 at time 1000"), "\(reason)")
        #expect((harness.value(at: "accounts[0].plan") as? [Any])?.count == 1)
    }
}
