import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiquidusServer
import Testing

/// The service takes index, last and external prices with the marks, and a market's mark
/// method and price guard with its definition, as `check` reads them.
@Suite struct MarketDataRequestTests {
    /// TEST (tick 1, lot 1, 5 %) guarded at 5 %; alice long 1 @ 1,000 with 100: liquidatable at
    /// 900 (equity 0 < maintenance 45).
    static let market = #"""
        {"markets": [{"symbol": "TEST", "tickSize": "1", "lotSize": "1", "liquidationFeeRate": "0.01", "takerFeeRate": "0",
          "markMethod": "binance", "priceGuard": {"maxDeviation": "0.05"},
          "riskTiers": [{"maintenanceMarginRate": "0.05", "maintenanceAmount": "0", "maxLeverage": "10"}]}], "time": "100"}
        """#

    @Test func aBadPrintIsHeldThroughTheService() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            #expect(try await client.call(.post, "/v1/markets", body: Self.market).status == .ok)
            // No book: Binance's mark is median(index, index, index) = the index.
            let first = try await client.call(.post, "/v1/marks", body: #"{"indexPrices": {"TEST": "1000"}, "lastPrices": {"TEST": "1000"}, "time": "100"}"#)
            #expect(first.status == .ok)
            let account = #"{"marginMode": "cross", "walletBalance": "100", "positions": [{"market": "TEST", "size": "1", "entryPrice": "1000"}], "time": "100"}"#
            #expect(try await client.call(.put, "/v1/accounts/alice", body: account).status == .ok)
            let print = try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"TEST": "900"}, "time": "101"}"#)
            let types = (try client.json(print)["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            #expect(types == ["liquidationsHeld"])
            let real = try await client.call(.post, "/v1/marks", body: #"{"indexPrices": {"TEST": "900"}, "time": "102"}"#)
            let after = (try client.json(real)["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            #expect(after.first == "liquidationsResumed" && after.contains("liquidationTriggered"))
        }
    }

    /// Hourly funding through the service: a given rate of 1 % settles at the hour; alice, long
    /// 1 at a mark of 1,000, pays 10 and the outside market receives it.
    @Test func fundingSettlesThroughTheService() async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            let funded = Self.market.replacingOccurrences(
                of: #""priceGuard": {"maxDeviation": "0.05"}"#,
                with: #""funding": {"intervalSeconds": "3600", "interestRate": "0.0001", "premiumClamp": "0.0005", "cap": "0.02"}"#)
            #expect(try await client.call(.post, "/v1/markets", body: funded).status == .ok)
            #expect(try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"TEST": "1000"}, "time": "100000"}"#).status == .ok)
            let account = #"{"marginMode": "cross", "walletBalance": "500", "positions": [{"market": "TEST", "size": "1", "entryPrice": "1000"}], "time": "100000"}"#
            #expect(try await client.call(.put, "/v1/accounts/alice", body: account).status == .ok)
            #expect(try await client.call(.post, "/v1/marks", body: #"{"fundingRates": {"TEST": "0.01"}, "time": "200000"}"#).status == .ok)
            let hour = try await client.call(.post, "/v1/marks", body: #"{"markPrices": {"TEST": "1000"}, "time": "3600000"}"#)
            let events = try client.json(hour)["events"] as? [[String: Any]] ?? []
            #expect(events.compactMap { $0["type"] as? String } == ["fundingPaid", "fundingSettled"])
            #expect((events.first?["event"] as? [String: Any])?["amount"] as? String == "-10")
            let bad = try await client.call(.post, "/v1/marks", body: #"{"premiumIndexes": {"TEST": "2"}}"#)
            #expect((try client.json(bad)["error"] as? [String: Any])?["path"] as? String == "premiumIndexes.TEST")
        }
    }

    @Test(arguments: [
        (#"{"indexPrices": {"NOPE": "1"}}"#, "indexPrices.NOPE"),
        (#"{"lastPrices": {"TEST": "0"}}"#, "lastPrices.TEST"),
        (#"{"externalPrices": {}}"#, "externalPrices"),
        (#"{"time": "100"}"#, "markPrices"),
        (#"{"indexPrice": {"TEST": "1"}}"#, "indexPrice"),
    ])
    func badPricesNameTheirPath(body: String, path: String) async throws {
        let app = try await buildApplication(configuration: Harness.configuration())
        try await app.test(.router) { client in
            #expect(try await client.call(.post, "/v1/markets", body: Self.market).status == .ok)
            let response = try await client.call(.post, "/v1/marks", body: body)
            #expect(response.status == .badRequest)
            #expect((try client.json(response)["error"] as? [String: Any])?["path"] as? String == path)
        }
    }
}
