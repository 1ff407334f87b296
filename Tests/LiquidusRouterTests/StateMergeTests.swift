import LiquidusCheck
@testable import LiquidusRouter
import Testing

/// `GET /v1/state` merged: counts and amounts summed exactly over the shards that answered.
@Suite struct StateMergeTests {
    static func state(accounts: Int, fund: String) -> ShardAnswer {
        .answered(status: 200, headers: [:], body: Array(#"{"accounts":\#(accounts),"insuranceFund":"\#(fund)","commandSequence":7}"#.utf8))
    }

    @Test func sumsWhatAddsUpAndKeepsEveryShardsAnswer() throws {
        let merged = StateMerge.merge([Self.state(accounts: 2, fund: "0.10000001"), Self.state(accounts: 3, fund: "99999999999.2"), .unreachable(reason: "down")])
        guard case .object(let fields) = merged, case .array(let shards)? = fields["shards"] else { throw RouterClient.Failure(message: "\(merged)") }
        #expect(fields["accounts"] == .number(5) && fields["insuranceFund"] == .string("99999999999.30000001"))
        #expect(fields["complete"] == .bool(false) && fields["answered"] == .number(2) && shards.count == 3)
        #expect(fields["commandSequence"] == nil, "sequences belong to one shard each")
    }

    /// 10³⁰ is 10³⁸ units of 10⁻⁸, and two of them pass Int128's 1.7 × 10³⁸: the sum is left out,
    /// not wrapped; two of 10²¹ add up.
    @Test func aSumThatWouldOverflowIsLeftOut() throws {
        let merged = [("1" + String(repeating: "0", count: 30), nil), ("1" + String(repeating: "0", count: 21), "2" + String(repeating: "0", count: 21))]
        for (fund, expected) in merged {
            guard case .object(let fields) = StateMerge.merge(Array(repeating: Self.state(accounts: 1, fund: fund), count: 2)) else { throw RouterClient.Failure(message: fund) }
            #expect(fields["insuranceFund"] == expected.map(JSONValue.string), "\(fund)")
            #expect(fields["accounts"] == .number(2))
        }
    }
}
