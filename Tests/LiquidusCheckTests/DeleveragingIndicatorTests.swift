import Foundation
import LiquidusCheck
import LiquidusCore
import LiquidusEngine
import Testing

/// `check`'s ADL indicator: each position's fifth of the queue of its market and side.
@Suite struct DeleveragingIndicatorTests {
    /// Five shorts and one long on BTCUSDT marked at 20,000 (maintenance 0.4 %), cross accounts.
    /// Rank = uPnL ÷ wallet × MM ÷ (wallet + uPnL):
    /// - s1: 0.1 from 22,000, wallet 1,000: 200 ÷ 1000 × 8 ÷ 1200 = 0.00133333;
    /// - s2: 0.1 from 21,000, wallet 500: 100 ÷ 500 × 8 ÷ 600 = 0.00266666;
    /// - s3: 0.05 from 20,500, wallet 100: 25 ÷ 100 × 4 ÷ 125 = 0.008;
    /// - s4: 1 from 20,100, wallet 2,000: 100 ÷ 2000 × 80 ÷ 2100 = 0.00190476;
    /// - s5: 0.2 from 19,000: a loss, not in the queue.
    /// Queue: s3, s2, s4, s1 — with n = 5 positions on the side, `5 − ⌊5j ÷ 5⌋` gives 5, 4, 3, 2;
    /// s5 shows 1, and so does the only long (a loss).
    static let document = """
        {"markets": [{"symbol": "BTCUSDT", "tickSize": "0.1", "lotSize": "0.001",
           "riskTiers": [{"notionalCap": "50000", "maintenanceMarginRate": "0.004", "maintenanceAmount": "0", "maxLeverage": "125"},
                         {"maintenanceMarginRate": "0.005", "maintenanceAmount": "50", "maxLeverage": "100"}],
           "liquidationFeeRate": "0.0125", "takerFeeRate": "0.0005"}],
         "accounts": [
           {"id": "s1", "marginMode": "cross", "walletBalance": "1000", "positions": [{"market": "BTCUSDT", "size": "-0.1", "entryPrice": "22000"}]},
           {"id": "s2", "marginMode": "cross", "walletBalance": "500", "positions": [{"market": "BTCUSDT", "size": "-0.1", "entryPrice": "21000"}]},
           {"id": "s3", "marginMode": "cross", "walletBalance": "100", "positions": [{"market": "BTCUSDT", "size": "-0.05", "entryPrice": "20500"}]},
           {"id": "s4", "marginMode": "cross", "walletBalance": "2000", "positions": [{"market": "BTCUSDT", "size": "-1", "entryPrice": "20100"}]},
           {"id": "s5", "marginMode": "cross", "walletBalance": "1000", "positions": [{"market": "BTCUSDT", "size": "-0.2", "entryPrice": "19000"}]},
           {"id": "l1", "marginMode": "cross", "walletBalance": "5000", "positions": [{"market": "BTCUSDT", "size": "0.3", "entryPrice": "21000"}]}],
         "markPrices": {"BTCUSDT": "20000"}}
        """

    @Test func quantilesOfTheQueue() throws {
        let harness = try CheckHarness(Self.document)
        for (index, quantile) in [2, 4, 5, 3, 1, 1].enumerated() {
            #expect(harness.value(at: "accounts[\(index)].positions[0].adlQuantile") as? Int == quantile, "accounts[\(index)]")
        }
        #expect(DeleveragingIndicator.rank(pnl: Money(25), collateral: Money(100), maintenance: Money(4)) == Rate(units: 800_000))
    }

    /// The fifths: the first of five is 5, one of a thousand is 5, the last of a thousand is 1.
    @Test func quantileBoundaries() {
        #expect(DeleveragingIndicator.quantile(ahead: 0, of: 5) == 5)
        #expect(DeleveragingIndicator.quantile(ahead: 4, of: 5) == 1)
        #expect(DeleveragingIndicator.quantile(ahead: 199, of: 1000) == 5)
        #expect(DeleveragingIndicator.quantile(ahead: 200, of: 1000) == 4)
        #expect(DeleveragingIndicator.quantile(ahead: 999, of: 1000) == 1)
    }
}
