import Foundation
import LiquidusCore
@testable import LiquidusEngine
import PropertyBased
import Testing

/// The snapshot document with its accounts written by ``AccountsJSONWriter``
/// (``LiquidationEngine/Snapshot/json(encodingTheRestWith:)``) is the encoder's, byte for byte.
@Suite struct SnapshotDocumentTests {
    /// `snapshot` written both ways with the tests' encoder (sorted keys, slashes escaped) and the
    /// store's (slashes not escaped).
    static func expectSameDocument(_ snapshot: LiquidationEngine.Snapshot, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for escapingSlashes in [true, false] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = escapingSlashes ? [.sortedKeys] : [.sortedKeys, .withoutEscapingSlashes]
            let whole = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
            let written = String(decoding: try snapshot.json { try Array(encoder.encode($0)) }, as: UTF8.self)
            #expect(written == whole, sourceLocation: sourceLocation)
        }
    }

    /// Random engines (imports with isolated margins, leverages and open orders; books with closes
    /// under way in the histories; market data), cut at a random input: the same bytes.
    @Test func writerMatchesTheEncoder() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max), Gen.int(in: 0...5), Gen.int(in: 0...2)) { seed, policyIndex, kind in
            let inputs =
                kind == 0
                ? SetAccountTests.path(seed: seed, steps: 220) : EnginePropertyTests.path(seed: seed, steps: 200, books: true, marketData: kind == 2)
            var engine = LiquidationEngine(
                policy: EnginePropertyTests.policies[policyIndex], insuranceFund: 1000, markets: [Fixtures.test],
                executor: EnginePropertyTests.tightExecutor)
            for input in inputs[..<(20 + seed % (inputs.count - 20))] { _ = try? engine.apply(input) }
            try Self.expectSameDocument(engine.snapshot())
        }
    }

    /// Some history: a close under way (its target ratio present or not) and a last partial
    /// close appear in the writer's document exactly as in the encoder's.
    @Test func closesUnderWayAreWritten() throws {
        var engine = LiquidationEngine(policy: Full(), insuranceFund: 1000, markets: [Fixtures.test])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)))
        let alice = Fixtures.cross("alice", wallet: 5000, [Position(market: "TEST", size: 20, entryPrice: 1000)])
        _ = try engine.apply(EngineInput(time: 0, .setAccount(alice)))
        for target in [Rate?.none, Fixtures.rate("0.8")] {
            engine.accounts["alice"]?.history = LiquidationHistory(
                lastPartialAt: 7, window: 3, closedNotionalInWindow: 125,
                pendingClose: PendingClose(
                    market: "TEST", plannedQuantity: 4, remaining: 3, childrenSent: 1, nextChildAt: 9, targetMarginRatio: target, reason: "breach"))
            try Self.expectSameDocument(engine.snapshot())
        }
    }

    /// Strings the encoder escapes (quotes, backslashes, slashes, control characters) are left
    /// to it: the writer declines, and the document is still the encoder's; other text (not
    /// ASCII included) the writer writes itself.
    @Test func stringsThatNeedEscapingAreLeftToTheEncoder() throws {
        for (id, writes) in [
            ("a\"b", false), ("a\\b", false), ("a/b", false), ("a\nb", false), ("a\u{1}b", false), ("ü-β-🙂", true), ("a b", true),
        ] {
            var engine = LiquidationEngine(policy: Full(), insuranceFund: 1000, markets: [Fixtures.test])
            _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)))
            let plain = Fixtures.cross("plain", wallet: 5000, [Position(market: "TEST", size: 2, entryPrice: 1000)])
            _ = try engine.apply(EngineInput(time: 0, .setAccount(plain)))
            engine.accounts[id] = AccountState(
                id: id, marginMode: .cross, walletBalance: 10, positions: [], openOrders: [], history: LiquidationHistory())
            #expect((AccountsJSONWriter.json(engine.accounts) != nil) == writes, "\(id)")
            try Self.expectSameDocument(engine.snapshot())
        }
    }
}
