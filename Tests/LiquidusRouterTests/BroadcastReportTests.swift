import LiquidusCheck
@testable import LiquidusRouter
import Testing

/// The status of a market-wide write's answer, from what each shard made of it.
@Suite struct BroadcastReportTests {
    static let ok = BroadcastReport.Outcome.answered(status: 200, body: Array(#"{"commands":1}"#.utf8))
    static let bad = BroadcastReport.Outcome.answered(status: 400, body: Array(#"{"error":{"code":"invalidNumber","path":"markPrices.BTCUSDT","message":"m"}}"#.utf8))
    static let queued = BroadcastReport.Outcome.queued(reason: "down", depth: 1)
    static let lost = BroadcastReport.Outcome.notDelivered(reason: "down")

    @Test(arguments: [
        ([ok, ok, ok], 200), ([ok, queued, ok], 202), ([ok, bad, ok], 502), ([bad, bad, bad], 400), ([bad, lost, bad], 400),
        ([lost, lost], 503), ([BroadcastReport.Outcome.answered(status: 401, body: []), .answered(status: 400, body: [])], 503),
    ])
    func status(outcomes: [BroadcastReport.Outcome], expected: Int) {
        #expect(BroadcastReport(idempotencyKey: "k", outcomes: outcomes).status == expected)
    }

    /// Which answers leave a shard's outbox: 2xx and 4xx, but a 408 or 429 is tried again like a
    /// 5xx or no answer.
    @Test func finalAnswers() {
        func answer(_ status: Int) -> ShardAnswer { .answered(status: status, headers: [:], body: []) }
        #expect([200, 400, 404, 409, 422].allSatisfy { answer($0).isFinal })
        #expect(![408, 429, 500, 503].contains { answer($0).isFinal } && !ShardAnswer.unreachable(reason: "").isFinal)
    }

    /// A refusal by every shard carries their error on top, so a client reads it as from one server.
    @Test func aCommonRefusalCarriesTheShardsError() throws {
        let body = BroadcastReport(idempotencyKey: "k", outcomes: [Self.bad, Self.bad]).body
        guard case .object(let fields) = body, case .object(let error)? = fields["error"] else { throw RouterClient.Failure(message: "\(body)") }
        #expect(error["code"] == .string("invalidNumber") && error["path"] == .string("markPrices.BTCUSDT"))
        guard case .array(let shards)? = fields["shards"], case .object(let first)? = shards.first else { throw RouterClient.Failure(message: "\(body)") }
        #expect(first["outcome"] == .string("refused") && first["status"] == .number(400))
    }
}
