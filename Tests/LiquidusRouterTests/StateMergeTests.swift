import LiquidusCheck
@testable import LiquidusRouter
import Testing

/// `GET /v1/state` merged: counts and money buckets summed exactly over the shards that answered;
/// the fund, which shards may share, is not.
@Suite struct StateMergeTests {
    static func state(accounts: Int, wallets: String, fund: String = "5") -> ShardAnswer {
        let money = #"{"wallets":"\#(wallets)","insuranceFund":"\#(fund)","externalNet":"1"}"#
        return .answered(status: 200, headers: [:], body: Array(#"{"accounts":\#(accounts),"insuranceFund":"\#(fund)","commandSequence":7,"money":\#(money)}"#.utf8))
    }

    @Test func sumsWhatAddsUpAndKeepsEveryShardsAnswer() throws {
        let merged = StateMerge.merge([Self.state(accounts: 2, wallets: "0.10000001"), Self.state(accounts: 3, wallets: "99999999999.2"), .unreachable(reason: "down")])
        guard case .object(let fields) = merged, case .array(let shards)? = fields["shards"] else { throw RouterClient.Failure(message: "\(merged)") }
        #expect(fields["accounts"] == .number(5))
        #expect(merged.value(at: ["money", "wallets"]) == .string("99999999999.30000001") && merged.value(at: ["money", "externalNet"]) == .string("2"))
        #expect(fields["complete"] == .bool(false) && fields["answered"] == .number(2) && shards.count == 3)
        #expect(fields["commandSequence"] == nil, "sequences belong to one shard each")
        #expect(fields["insuranceFund"] == nil && merged.value(at: ["money", "insuranceFund"]) == nil, "the fund may be one shared fund")
        #expect(merged.value(at: ["money", "outsideMarket"]) == nil, "no shard gave it")
    }

    /// 10³⁰ is 10³⁸ units of 10⁻⁸, and two of them pass Int128's 1.7 × 10³⁸: the sum is left out,
    /// not wrapped; two of 10²¹ add up.
    @Test func aSumThatWouldOverflowIsLeftOut() {
        let cases = [("1" + String(repeating: "0", count: 30), nil), ("1" + String(repeating: "0", count: 21), "2" + String(repeating: "0", count: 21))]
        for (wallets, expected) in cases {
            let merged = StateMerge.merge(Array(repeating: Self.state(accounts: 1, wallets: wallets), count: 2))
            #expect(merged.value(at: ["money", "wallets"]) == expected.map(JSONValue.string), "\(wallets)")
            #expect(merged.value(at: ["accounts"]) == .number(2))
        }
    }

    /// A shard's state with every money bucket (in whole units) and, with `shared`, the shared
    /// fund's balance and initial balance.
    static func ledger(_ buckets: [String: Int], shared: (balance: Int, initial: Int)? = nil) -> ShardAnswer {
        let money = buckets.map { #""\#($0.key)":"\#($0.value)""# }.joined(separator: ",")
        let fund = shared.map { #","sharedFund":{"balance":"\#($0.balance)","initialBalance":"\#($0.initial)"}"# } ?? ""
        return .answered(status: 200, headers: [:], body: Array(#"{"accounts":1,"money":{\#(money)}\#(fund)}"#.utf8))
    }

    /// Two shards on one fund that started at 300 and now holds 250: shard 0's account (deposit
    /// 1,000) lost 550 to the outside market and the liquidator's unwind lost 50 of the fund to it
    /// too; shard 1 (deposit 2,000) saw the fund at 250 (transfers −50). Σ (wallets + margins +
    /// outside + unrecovered) + 250 = 3,300 = Σ (externalNet − initial fund) + 300. One unit moved breaks it; a fund per shard is checked
    /// with the funds summed.
    @Test func conservationAcrossShards() {
        let zero = ["isolatedMargins": 0, "unrecoveredLoss": 0]
        let a = Self.ledger(zero.merging(["wallets": 450, "outsideMarket": 600, "insuranceFund": 250, "externalNet": 1_300, "initialInsuranceFund": 300, "sharedFundTransfers": 0]) { $1 }, shared: (250, 300))
        let b = Self.ledger(zero.merging(["wallets": 2_000, "outsideMarket": 0, "insuranceFund": 250, "externalNet": 2_300, "initialInsuranceFund": 300, "sharedFundTransfers": -50]) { $1 }, shared: (250, 300))
        let check = StateMerge.merge([a, b]).value(at: ["conservation"])
        #expect(check?.value(at: ["fund"]) == .string("shared") && check?.value(at: ["held"]) == .string("3300") && check?.value(at: ["owed"]) == .string("3300"))
        #expect(check?.value(at: ["balanced"]) == .bool(true))
        let off = Self.ledger(zero.merging(["wallets": 2_001, "outsideMarket": 0, "insuranceFund": 250, "externalNet": 2_300, "initialInsuranceFund": 300, "sharedFundTransfers": -50]) { $1 }, shared: (250, 300))
        #expect(StateMerge.merge([a, off]).value(at: ["conservation", "balanced"]) == .bool(false))
        #expect(StateMerge.merge([a, b, .unreachable(reason: "down")]).value(at: ["conservation"]) == nil, "only with every shard")
        #expect(StateMerge.merge([a, Self.ledger(["wallets": 1])]).value(at: ["conservation"]) == nil, "not when a shard lacks a bucket")

        let c = Self.ledger(zero.merging(["wallets": 900, "outsideMarket": 50, "insuranceFund": 60, "externalNet": 1_010, "initialInsuranceFund": 10, "sharedFundTransfers": 0]) { $1 })
        let separate = StateMerge.merge([c, c]).value(at: ["conservation"])
        #expect(separate?.value(at: ["fund"]) == .string("separate") && separate?.value(at: ["balanced"]) == .bool(true))
    }
}
