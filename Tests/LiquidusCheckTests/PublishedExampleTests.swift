import Foundation
import LiquidusCore
import Testing

/// Published worked examples beyond `../shared/vectors` (sources and re-derivations in
/// `docs/venue-examples.md`).
@Suite struct PublishedExampleTests {
    /// Binance's old BTCUSDT brackets (the table of its FAQ examples; gist highfestiva/b71e76f5…,
    /// cum values by Binance's recurrence).
    static let oldBinanceBTC = """
        {"symbol": "BTCUSDT", "tickSize": "0.1", "lotSize": "0.001", "liquidationFeeRate": "0.0125", "takerFeeRate": "0.0004",
         "riskTiers": [
          {"notionalCap": "50000", "maintenanceMarginRate": "0.004", "maintenanceAmount": "0", "maxLeverage": "125"},
          {"notionalCap": "250000", "maintenanceMarginRate": "0.005", "maintenanceAmount": "50", "maxLeverage": "100"},
          {"notionalCap": "1000000", "maintenanceMarginRate": "0.01", "maintenanceAmount": "1300", "maxLeverage": "50"},
          {"notionalCap": "10000000", "maintenanceMarginRate": "0.025", "maintenanceAmount": "16300", "maxLeverage": "20"},
          {"notionalCap": "20000000", "maintenanceMarginRate": "0.05", "maintenanceAmount": "266300", "maxLeverage": "10"},
          {"maintenanceMarginRate": "0.1", "maintenanceAmount": "1266300", "maxLeverage": "5"}]}
        """
    /// The example's ETHUSDT bracket (MMR 10 %, cum 135,365); the old ETH table itself was not
    /// found, so this one tier stands in for the bracket that holds both its notionals.
    static let oldBinanceETH = """
        {"symbol": "ETHUSDT", "tickSize": "0.01", "lotSize": "0.001", "liquidationFeeRate": "0.0125", "takerFeeRate": "0.0004",
         "riskTiers": [{"maintenanceMarginRate": "0.1", "maintenanceAmount": "135365", "maxLeverage": "5"}]}
        """

    /// Binance FAQ "How to calculate liquidation price of USDⓈ-M contracts" (b3c689c1…), as
    /// reproduced by freqtrade's `test_liquidation_price_binance`: wallet 1,535,443.01; long
    /// 109.488 BTCUSDT at 32,481.98 (mark 31,967.27) and long 3,683.979 ETHUSDT at 1,456.84
    /// (mark 1,335.18). Published: cross LPs 26,316.89 (BTC) and 1,153.26 (ETH); the same
    /// positions isolated on the whole balance: 18,778.73 and 1,114.78.
    @Test func binanceCalculationExample() throws {
        let positions = """
            [{"market": "BTCUSDT", "size": "109.488", "entryPrice": "32481.98"%@},
             {"market": "ETHUSDT", "size": "3683.979", "entryPrice": "1456.84"%@}]
            """
        let cross = positions.replacingOccurrences(of: "%@", with: "")
        let isolated = positions.replacingOccurrences(of: "%@", with: ", \"isolatedMargin\": \"1535443.01\"")
        let harness = try CheckHarness("""
            {"markets": [\(Self.oldBinanceBTC), \(Self.oldBinanceETH)],
             "accounts": [
               {"id": "cross", "marginMode": "cross", "walletBalance": "1535443.01", "positions": \(cross)},
               {"id": "isolated", "marginMode": "isolated", "walletBalance": "0", "positions": \(isolated)}],
             "markPrices": {"BTCUSDT": "31967.27", "ETHUSDT": "1335.18"}}
            """)
        // BTC MM at mark: 3,500,032.45776 × 0.025 − 16,300 = 71,200.811444; ETH: 4,918,775.08122 × 0.1 − 135,365.
        #expect(harness.decimal(at: "accounts[0].positions[0].maintenanceMargin") == Rate(units: 7_120_081_144_400))
        #expect(harness.decimal(at: "accounts[0].positions[1].maintenanceMargin") == Rate(units: 35_651_250_812_200))
        func near(_ path: String, _ published: String, within tolerance: String) throws {
            let got = try #require(harness.decimal(at: path))
            #expect((got - Rate(published)!).magnitude <= Rate(tolerance)!, "\(path): \(got) vs published \(published)")
        }
        // Liquidus rounds toward solvency on the tick: 26316.893… → 26316.9, 1153.256… → 1153.26.
        try near("accounts[0].positions[0].liquidationPrice", "26316.89", within: "0.1")
        try near("accounts[0].positions[1].liquidationPrice", "1153.26", within: "0.01")
        try near("accounts[1].positions[0].liquidationPrice", "18778.73", within: "0.1")
        try near("accounts[1].positions[1].liquidationPrice", "1114.78", within: "0.01")
        #expect(harness.value(at: "accounts[0].positions[0].liquidationPrice") as? String == "26316.9")
    }

    /// Bybit "Liquidation Price (USDT Contract)": isolated long 1 BTC at 20,000, 50×, MMR 0.5 %.
    /// Bybit publishes 19,700 with maintenance at the *entry* price (100); Liquidus charges
    /// maintenance at the liquidation price: 400 + (p − 20000) = 0.005p → p = 19698.49… → 19698.5.
    /// The documented difference is 1.5 (docs/venues.md §2.5).
    @Test func bybitIsolatedLongDiffersByItsEntryPriceMaintenance() throws {
        let harness = try CheckHarness("""
            {"venue": "bybit", "accounts": [{"id": "b", "marginMode": "isolated", "walletBalance": "0",
              "positions": [{"market": "BTCUSDT", "size": "1", "entryPrice": "20000", "isolatedMargin": "400"}]}],
             "markPrices": {"BTCUSDT": "20000"}}
            """)
        #expect(harness.value(at: "accounts[0].positions[0].liquidationPrice") as? String == "19698.5")
        #expect(harness.value(at: "accounts[0].positions[0].bankruptcyPrice") as? String == "19600")
    }

    /// Hyperliquid: liquidation prices the exchange reported for real positions at zero PnL
    /// (freqtrade `test_hyperliquid_dry_run_liquidation_price`), max leverage 50 → rate 0.01.
    /// They agree with Liquidus to within 3.5 × 10⁻⁵ relative (tested at 4 × 10⁻⁵) (the exchange's collateral carries
    /// fees and funding that the test data does not show) plus one tick.
    @Test(arguments: [
        ("ETH", "0.015", "2458.5", "36.864593", "0.86915825"),
        ("BTC", "0.00039", "63287", "24.673292", "22.37166537"),
        ("ETH", "0.0199", "2459.5", "24.454895", "1243.0411908"),
        ("BTC", "0.00077", "62739", "24.137992", "31708.03843631"),
        ("ETH", "-0.019", "2642.8", "25.091876", "3924.18322043"),
        ("BTC", "-0.00069", "68595", "23.64871", "101849.99354283"),
        ("BTC", "-0.00099", "65536", "21.604172", "86493.46174617"),
        ("ETH", "0.0329", "2545.5", "20.909894", "1929.23322895"),
        ("BTC", "-0.00031", "67400", "20.887308", "133443.97317151"),
        ("ETH", "-0.0327", "2552", "20.833393", "3157.53150453"),
        ("BTC", "0.0015", "66930", "20.043862", "54108.51043771"),
        ("BTC", "0.00121", "67033", "20.251817", "50804.00091827"),
        ("ETH", "0.0237", "2521.9", "19.902091", "1699.14071943"),
        ("BTC", "-0.00145", "68139", "19.72573", "80933.61590987"),
        ("BTC", "-0.00105", "68240", "17.887922", "84431.79820839"),
        ("ETH", "-0.007", "2518.4", "17.62263", "4986.05799151"),
        ("ETH", "0.0347", "2533.2", "17.555195", "2047.7642302"),
        ("BTC", "0.00067", "67141", "14.979079", "45236.52992613"),
    ])
    func hyperliquidReportedPrices(coin: String, size: String, entry: String, collateral: String, published: String) throws {
        let harness = try CheckHarness("""
            {"markets": [{"symbol": "\(coin)", "tickSize": "0.00000001", "lotSize": "0.00001",
              "riskTiers": [{"maintenanceMarginRate": "0.01", "maintenanceAmount": "0", "maxLeverage": "50"}],
              "liquidationFeeRate": "0", "takerFeeRate": "0.00045"}],
             "accounts": [{"id": "h", "marginMode": "isolated", "walletBalance": "0",
               "positions": [{"market": "\(coin)", "size": "\(size)", "entryPrice": "\(entry)", "isolatedMargin": "\(collateral)"}]}],
             "markPrices": {"\(coin)": "\(entry)"}}
            """)
        let got = try #require(harness.decimal(at: "accounts[0].positions[0].liquidationPrice"))
        let expected = Rate(published)!
        let tolerance = expected.multiplied(by: Rate(units: 4_000), .up) + Rate(units: 1)  // 4e-5 relative + one tick
        #expect((got - expected).magnitude <= tolerance, "\(coin) \(size): \(got) vs published \(published)")
    }
}
