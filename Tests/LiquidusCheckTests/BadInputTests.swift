import Foundation
import LiquidusCheck
import LiquidusCore
import Testing

/// What a new user gets wrong, and the message each mistake earns: one error, naming the JSON
/// path, and nothing computed.
@Suite struct BadInputTests {
    /// A valid document with one spot to break: `%POSITION%` is the position object's fields.
    static func document(position: String = #""market": "BTCUSDT", "size": "0.5", "entryPrice": "30000""#,
                         mark: String = #""29000""#, market: String = #""BTCUSDT""#, extra: String = "") -> String {
        """
        {"markets": [{"symbol": \(market), "tickSize": "0.1", "lotSize": "0.001",
           "riskTiers": [{"notionalCap": "50000", "maintenanceMarginRate": "0.004", "maintenanceAmount": "0", "maxLeverage": "125"},
                         {"maintenanceMarginRate": "0.005", "maintenanceAmount": "50", "maxLeverage": "100"}],
           "liquidationFeeRate": "0.0125", "takerFeeRate": "0.0005"}],
         "accounts": [{"id": "alice", "marginMode": "cross", "walletBalance": "1000", "positions": [{\(position)}]}],
         "markPrices": {"BTCUSDT": \(mark)}\(extra)}
        """
    }

    @Test func theUnbrokenDocumentIsAccepted() {
        #expect(checkError(Self.document()) == nil)
    }

    @Test(arguments: [
        // (what the user wrote, expected path, expected code, a phrase the message must contain)
        (document(position: #""market": "BTCUSDT", "size": "0.5", "entryPirce": "30000""#),
         "accounts[0].positions[0].entryPirce", ValidationError.Code.unknownField, #"did you mean "entryPrice"?"#),
        (document(position: #""market": "BTCUSDT", "size": "abc", "entryPrice": "30000""#),
         "accounts[0].positions[0].size", .invalidNumber, "plain decimal string"),
        (document(position: #""market": "BTCUSDT", "size": 0.5, "entryPrice": "30000""#),
         "accounts[0].positions[0].size", .wrongType, "not a bare JSON number"),
        (document(position: #""market": "BTCUSDT", "size": "1e3", "entryPrice": "30000""#),
         "accounts[0].positions[0].size", .invalidNumber, "not exponent notation"),
        (document(position: #""market": "BTCUSDT", "size": "0.5", "entryPrice": "NaN""#),
         "accounts[0].positions[0].entryPrice", .invalidNumber, "NaN and infinity"),
        (document(position: #""market": "BTCUSDT", "size": "0.5", "entryPrice": "-30000""#),
         "accounts[0].positions[0].entryPrice", .outOfRange, "must be > 0"),
        (document(mark: #""-1""#), "markPrices.BTCUSDT", .outOfRange, "must be > 0"),
        (document(position: #""market": "BTCUSDT", "size": "0.0005", "entryPrice": "30000""#),
         "accounts[0].positions[0].size", .notOnGrid, "multiple of the lot size 0.001"),
        (document(position: #""market": "BTCUSDT", "size": "1000000000000000000000000000000", "entryPrice": "30000""#),
         "accounts[0].positions[0].size", .invalidNumber, "out of range"),
        (document(position: #""market": "BTCUSDT", "size": "1000000", "entryPrice": "1000000000""#),
         "accounts[0].positions[0].size", .outOfRange, "notional above the limit"),
        (document(position: #""market": "ETHUSDT", "size": "1", "entryPrice": "2000""#),
         "accounts[0].positions[0].market", .unknownReference, #"unknown market "ETHUSDT" (known: BTCUSDT)"#),
        (document(position: #""market": "BTCUSDT", "size": "0.5""#),
         "accounts[0].positions[0].entryPrice", .missingField, "is required"),
        (document(position: #""market": "BTCUSDT", "size": "0.5", "entryPrice": "30000.123456789""#),
         "accounts[0].positions[0].entryPrice", .invalidNumber, "more than 8 decimal places"),
        (document(position: #""market": "BTCUSDT", "size": "0", "entryPrice": "30000""#),
         "accounts[0].positions[0].size", .outOfRange, "must not be zero"),
        (document(position: #""market": "BTCUSDT", "size": "0.5", "entryPrice": "30000", "isolatedMargin": "10""#),
         "accounts[0].positions[0].isolatedMargin", .inconsistent, "only allowed in an isolated account"),
        (document(market: "7"), "markets[0].symbol", .wrongType, "must be a string"),
        (document(extra: #", "venue": "kraken""#), "venue", .unknownReference, "presets: binance"),
        (document(extra: #", "policy": {"kind": "restore"}"#), "policy.kind", .outOfRange, "unknown policy"),
        (document(extra: #", "policy": {"kind": "fixedFraction", "fraction": "1.5"}"#), "policy.fraction", .outOfRange, "(0, 1]"),
        (document(extra: #", "orderBooks": {"BTCUSDT": {"bids": [["29000", "1"]], "asks": [["28990", "1"]]}}"#),
         "orderBooks.BTCUSDT.bids[0][0]", .inconsistent, "crossed or locked"),
        (document(extra: #", "orderBooks": {"BTCUSDT": {"bids": [["29000.05", "1"]]}}"#),
         "orderBooks.BTCUSDT.bids[0][0]", .notOnGrid, "tick size 0.1"),
        (document(extra: #", "insuranceFund": "-5""#), "insuranceFund", .outOfRange, "≥ 0"),
        ("", "", .malformedDocument, "empty"),
        ("  \n", "", .malformedDocument, "empty"),
        ("{\"accounts\": [", "", .malformedDocument, "not valid JSON"),
        ("[]", "", .wrongType, "must be an object"),
    ])
    func eachMistakeHasItsOwnMessage(json: String, path: String, code: ValidationError.Code, phrase: String) throws {
        let error = try #require(checkError(json), "accepted: \(json)")
        #expect(error.path == path)
        #expect(error.code == code)
        #expect(error.message.contains(phrase), "message was: \(error)")
        #expect(!error.description.contains("\n"), "one line")
    }

    @Test func tierTableErrorsNameTheTier() throws {
        let broken = Self.document().replacingOccurrences(of: #""maintenanceAmount": "50""#, with: #""maintenanceAmount": "52""#)
        let error = try #require(checkError(broken))
        #expect(error.path == "markets[0].riskTiers[1].maintenanceAmount")
        #expect(error.message.contains("continuity needs 50"))
    }

    @Test func duplicateAccountIdsAreRejected() throws {
        let doubled = Self.document().replacingOccurrences(
            of: #""markPrices""#,
            with: #""markPrices""#).replacingOccurrences(
            of: "\"positions\": [{\"market\": \"BTCUSDT\", \"size\": \"0.5\", \"entryPrice\": \"30000\"}]}]",
            with: "\"positions\": []}, {\"id\": \"alice\", \"marginMode\": \"cross\", \"walletBalance\": \"1\"}]")
        let error = try #require(checkError(doubled))
        #expect(error.path == "accounts[1].id")
        #expect(error.code == .duplicate)
    }
}
