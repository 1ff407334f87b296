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
}
