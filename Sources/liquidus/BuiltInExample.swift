/// The snapshot `liquidus check` evaluates when no file is given: the worked example of the
/// `check` contract (alice, cross, and bob, isolated, on BTCUSDT), with a Binance-style table.
enum BuiltInExample {
    static let snapshot = """
        {
          "markets": [
            {
              "symbol": "BTCUSDT",
              "tickSize": "0.1",
              "lotSize": "0.001",
              "riskTiers": [
                {"notionalCap": "50000",  "maintenanceMarginRate": "0.004", "maintenanceAmount": "0",  "maxLeverage": "125"},
                {"notionalCap": "250000", "maintenanceMarginRate": "0.005", "maintenanceAmount": "50", "maxLeverage": "100"}
              ],
              "liquidationFeeRate": "0.0125",
              "takerFeeRate": "0.0005"
            }
          ],
          "accounts": [
            {
              "id": "alice",
              "marginMode": "cross",
              "walletBalance": "1000",
              "positions": [
                {"market": "BTCUSDT", "size": "0.5", "entryPrice": "30000"}
              ]
            },
            {
              "id": "bob",
              "marginMode": "isolated",
              "walletBalance": "0",
              "positions": [
                {"market": "BTCUSDT", "size": "-1", "entryPrice": "30000", "isolatedMargin": "600"}
              ]
            }
          ],
          "markPrices": {"BTCUSDT": "29000"},
          "orderBooks": {
            "BTCUSDT": {"bids": [["28990", "2.5"], ["28980", "4"]], "asks": [["29010", "1.5"]]}
          },
          "insuranceFund": "1000000"
        }

        """
}
