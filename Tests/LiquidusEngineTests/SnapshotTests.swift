import Foundation
import LiquidusBook
import LiquidusCore
@testable import LiquidusEngine
import PropertyBased
import Testing

/// Snapshots: a restored engine is the engine — same state hash, and the same events and hashes
/// for every later input — and the document is canonical JSON that refuses bad state.
@Suite struct SnapshotTests {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// `engine` through its snapshot's JSON and back, checking the bytes survive unchanged.
    static func roundTrip(_ engine: LiquidationEngine) throws -> LiquidationEngine {
        let data = try encoder.encode(engine.snapshot())
        let decoded = try JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: data)
        #expect(try encoder.encode(decoded) == data, "decoding then encoding must give the same bytes")
        return try LiquidationEngine(restoring: decoded, policy: engine.policy)
    }

    /// Random engines (random paths with imports, every policy, cut at a random input): the
    /// restored engine has the original's state hash, and applying the rest of the path to both
    /// gives identical events, errors and hashes input by input.
    @Test func restoredEngineContinuesIdentically() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max), Gen.int(in: 0...5), Gen.int(in: 0...3000)) { seed, policyIndex, fund in
            let policy = EnginePropertyTests.policies[policyIndex]
            let inputs = SetAccountTests.path(seed: seed, steps: 220)
            let cut = 20 + (seed % (inputs.count - 20))
            var original = LiquidationEngine(policy: policy, insuranceFund: Money(fund), markets: [Fixtures.test])
            for input in inputs[..<cut] { _ = try? original.apply(input) }
            var restored = try Self.roundTrip(original)
            #expect(restored.stateHash == original.stateHash)
            #expect(restored.checkInvariants().isEmpty)
            for (offset, input) in inputs[cut...].enumerated() {
                _ = restored.applyExpectingSameOutcome(input, as: &original, at: cut + offset)
            }
        }
    }

    /// The same with order books, child orders under way and learning impact models: the books,
    /// the closes pending in the histories, the models and the volatility estimates are restored,
    /// so the rest of the path gives identical events (the models' estimates included).
    @Test func restoredEngineWithBooksContinuesIdentically() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max), Gen.int(in: 0...5), Gen.int(in: 0...3000)) { seed, policyIndex, fund in
            let policy = EnginePropertyTests.policies[policyIndex]
            let inputs = EnginePropertyTests.path(seed: seed, steps: 200, books: true)
            let cut = 20 + (seed % (inputs.count - 20))
            var original = LiquidationEngine(
                policy: policy, insuranceFund: Money(fund), markets: [Fixtures.test], executor: EnginePropertyTests.tightExecutor)
            for input in inputs[..<cut] { _ = try? original.apply(input) }
            var restored = try LiquidationEngine(
                restoring: JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: Self.encoder.encode(original.snapshot())), policy: policy,
                executor: EnginePropertyTests.tightExecutor)
            #expect(restored.stateHash == original.stateHash)
            #expect(restored.books == original.books && restored.impactModels == original.impactModels && restored.volatility == original.volatility)
            for (offset, input) in inputs[cut...].enumerated() {
                _ = restored.applyExpectingSameOutcome(input, as: &original, at: cut + offset)
            }
        }
    }

    /// A snapshot of a snapshot's engine is the same document (restoring loses nothing), and a
    /// pending account (an incremental close waiting for its interval) stays pending.
    @Test func pendingAccountsSurvive() throws {
        var engine = LiquidationEngine(policy: Incremental(chunk: Fixtures.rate("0.05"), interval: 5), insuranceFund: 1000, markets: [Fixtures.test])
        for input in [
            EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)),
            EngineInput(time: 0, .setAccount(Fixtures.cross("alice", wallet: 1600, [Position(market: "TEST", size: 20, entryPrice: 1000)]))),
            EngineInput(time: 1_000, .markPrice(market: "TEST", price: 985)),  // one chunk, still under: pending (EngineTests.incrementalWaitsForInterval)
        ] { _ = try engine.apply(input) }
        #expect(engine.watch.pending == ["alice"])
        var restored = try Self.roundTrip(engine)
        #expect(restored.watch.pending == ["alice"])
        #expect(try Self.encoder.encode(restored.snapshot()) == (try Self.encoder.encode(engine.snapshot())))
        // Nothing names alice at t = 6 s, yet her next chunk goes: she is pending.
        let next = try restored.apply(EngineInput(time: 6_000, .advanceTime))
        #expect(next.map(\.payload.type).contains("partialLiquidation"))
        #expect(next == (try engine.apply(EngineInput(time: 6_000, .advanceTime))))
    }

    /// The document of a small engine, byte for byte: TEST marked at 1,000, alice (cross, long 20
    /// @ 1,000 with 1,600) after a partial close of 4 at 990 (wallet 1,520.4, fund 1,039.6, see
    /// `EngineTests.partialRestoresTarget`), an expected price of 995; no book, no impact model
    /// yet, and the volatility estimate of one mark return, (990 − 1,000) ÷ 1,000 squared.
    @Test func goldenDocument() throws {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 1000, markets: [Fixtures.test])
        for input in [
            EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)),
            EngineInput(time: 0, .setAccount(Fixtures.cross("alice", wallet: 1600, [Position(market: "TEST", size: 20, entryPrice: 1000)]))),
            EngineInput(time: 1, .markPrice(market: "TEST", price: 990)),
            EngineInput(time: 2, .expectedPrice(market: "TEST", price: 995)),
        ] { _ = try engine.apply(input) }
        let text = String(decoding: try Self.encoder.encode(engine.snapshot()), as: UTF8.self)
        let expected = """
            {"accounts":[{"history":{"closedNotionalInWindow":"0","lastPartialAt":1,"window":0},"id":"alice","marginMode":"cross",\
            "openOrders":[],"positions":[{"entryPrice":"1000","market":"TEST","size":"16"}],"walletBalance":"1520.4"}],\
            "books":{},"expectedPrices":{"TEST":"995"},"externalNet":"2600","format":4,"held":[],"impactModels":{},\
            "ledger":{"counterpartyCash":"40","insuranceFund":"1039.6","liquidatorCash":"0"},\
            "liquidationHolds":[],"marketData":{},"markets":[{"liquidationFeeRate":"0.01","lotSize":"1","minOrderSize":"1","riskTiers":[\
            {"maintenanceAmount":"0","maintenanceMarginRate":"0.05","maxLeverage":"10","notionalCap":"10000"},\
            {"maintenanceAmount":"500","maintenanceMarginRate":"0.1","maxLeverage":"5","notionalCap":null}],\
            "symbol":"TEST","takerFeeRate":"0","tickSize":"1"}],\
            "marks":{"TEST":"990"},"pending":[],"policy":"restoreMarginRatio","sequence":3,"time":2,"timeUnit":"milliseconds",\
            "volatility":{"TEST":{"count":1,"lastMark":"990","variance":0.0001}}}
            """
        #expect(text == expected)
        // The store's path (the accounts written without the encoder) gives the same bytes.
        #expect(try engine.snapshot().json { try Array(Self.encoder.encode($0)) } == Array(expected.utf8))
        let decoded = try JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: Data(text.utf8))
        #expect(String(decoding: try Self.encoder.encode(decoded), as: UTF8.self) == text)
        #expect(decoded.stateHash == engine.stateHash)
        #expect(decoded.sequence == 3 && decoded.time == 2 && decoded.accountCount == 1 && decoded.timeUnit == .milliseconds)
        // A format-3 document (before the time unit was recorded) reads as seconds, the same
        // state otherwise; a format-2 document (before market data) still reads, with none; and
        // a format-1 document (before held accounts were recorded), holding none.
        let formatThree = text.replacingOccurrences(of: #""format":4,"#, with: #""format":3,"#)
            .replacingOccurrences(of: #","timeUnit":"milliseconds""#, with: "")
        let inSeconds = try JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: Data(formatThree.utf8))
        #expect(inSeconds.timeUnit == .seconds && inSeconds.stateHash == engine.stateHash)
        let formatTwo = formatThree.replacingOccurrences(of: #""format":3,"#, with: #""format":2,"#)
            .replacingOccurrences(of: #""liquidationHolds":[],"marketData":{},"#, with: "")
        #expect(try JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: Data(formatTwo.utf8)).stateHash == engine.stateHash)
        let formatOne = formatTwo.replacingOccurrences(of: #""format":2,"held":[],"#, with: #""format":1,"#)
        let old = try JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: Data(formatOne.utf8))
        #expect(old.stateHash == engine.stateHash)
    }

    /// A document that does not describe a valid engine is refused, naming where: another
    /// policy, a broken ledger, an account off its market's grid, a pending stranger, a mark of
    /// an unknown market; and a reader refuses unknown fields and other formats.
    @Test func invalidDocumentsAreRefused() throws {
        var engine = LiquidationEngine(policy: Full(), insuranceFund: 1000, markets: [Fixtures.test])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("alice", wallet: 5000, [Position(market: "TEST", size: 20, entryPrice: 1000)]))))
        let text = String(decoding: try Self.encoder.encode(engine.snapshot()), as: UTF8.self)
        func restore(_ text: String, policy: any LiquidationPolicy = Full()) throws -> LiquidationEngine {
            try LiquidationEngine(restoring: JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: Data(text.utf8)), policy: policy)
        }
        #expect(try restore(text).stateHash == engine.stateHash)
        let cases: [(String, String, any LiquidationPolicy)] = [
            (text, "policy", StepDownTier()),
            (text.replacingOccurrences(of: #""insuranceFund":"1000""#, with: #""insuranceFund":"1001""#), "", Full()),
            (text.replacingOccurrences(of: #""size":"20""#, with: #""size":"20.5""#), "accounts[0].positions[0].size", Full()),
            (text.replacingOccurrences(of: #""pending":[]"#, with: #""pending":["zed"]"#), "pending", Full()),
            (text.replacingOccurrences(of: #""held":[]"#, with: #""held":[{"account":"zed","code":"overflow","path":"","reason":"r","since":0}]"#), "held", Full()),
            (text.replacingOccurrences(of: #""marks":{"TEST":"1000"}"#, with: #""marks":{"NOPE":"1000","TEST":"1000"}"#), "marks.NOPE", Full()),
            (text.replacingOccurrences(of: #""marketData":{}"#, with: #""marketData":{"NOPE":{"indexTime":0}}"#), "marketData.NOPE", Full()),
            (text.replacingOccurrences(of: #""marketData":{}"#, with: #""marketData":{"TEST":{"index":"0","indexTime":0}}"#), "marketData.TEST.index", Full()),
            (
                text.replacingOccurrences(of: #""marketData":{}"#, with: #""marketData":{"TEST":{"basis":{"samples":["1"],"window":7},"indexTime":0}}"#),
                "marketData.TEST.basis", Full()
            ),
        ]
        for (document, path, policy) in cases {
            #expect(document != text || path == "policy")
            let error = #expect(throws: ValidationError.self) { _ = try restore(document, policy: policy) }
            #expect(error?.path == path, "\(error.map(String.init(describing:)) ?? "no error")")
        }
        for document in [
            text.replacingOccurrences(of: #""format":4"#, with: #""format":5"#), text.replacingOccurrences(of: #"{"accounts""#, with: #"{"extra":1,"accounts""#),
            text.replacingOccurrences(of: #""timeUnit":"milliseconds""#, with: #""timeUnit":"seconds""#),
            text.replacingOccurrences(of: #""format":4"#, with: #""format":3"#),  // a unit before format 4
        ] {
            #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: Data(document.utf8)) }
        }
    }
}
