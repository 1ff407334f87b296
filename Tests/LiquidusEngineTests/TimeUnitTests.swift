import Foundation
import LiquidusCore
@testable import LiquidusEngine
import Testing

/// Engine time is milliseconds; durations in configuration are seconds in either unit, and a
/// seconds engine (a log written before milliseconds) behaves as it always did.
@Suite struct TimeUnitTests {
    @Test func conversionsSaturateAndRoundDown() {
        #expect(TimeUnit.milliseconds.ticks(inSeconds: 30) == 30_000 && TimeUnit.seconds.ticks(inSeconds: 30) == 30)
        #expect(TimeUnit.milliseconds.ticks(inSeconds: Int64.max / 10) == .max)
        #expect(TimeUnit.milliseconds.time(.max - 5, plusSeconds: 1) == .max)
        #expect(TimeUnit.milliseconds.second(of: 1_999) == 1 && TimeUnit.milliseconds.second(of: -1) == -1)
        #expect(TimeUnit.milliseconds.period(of: 28_799_999, seconds: 28_800) == 0 && TimeUnit.milliseconds.period(of: 28_800_000, seconds: 28_800) == 1)
        #expect(TimeUnit.milliseconds.period(of: -1, seconds: 60) == -1)
    }

    /// An incremental close every 5 s: after the first chunk at 1 s, the next waits until 6 s —
    /// 6,000 in milliseconds, 6 in seconds — and the two engines give the same events otherwise.
    @Test(arguments: TimeUnit.allCases)
    func intervalsAreSecondsInEitherUnit(unit: TimeUnit) throws {
        var engine = LiquidationEngine(
            policy: Incremental(chunk: Fixtures.rate("0.05"), interval: 5), insuranceFund: 1000, markets: [Fixtures.test], timeUnit: unit)
        let at = { (seconds: Int64, milliseconds: Int64) in unit.ticks(inSeconds: seconds) + (unit == .milliseconds ? milliseconds : 0) }
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("alice", wallet: 1600, [Position(market: "TEST", size: 20, entryPrice: 1000)]))))
        let first = try engine.apply(EngineInput(time: at(1, 0), .markPrice(market: "TEST", price: 985)))
        #expect(first.contains { $0.payload.type == "partialLiquidation" })
        #expect(try engine.apply(EngineInput(time: at(5, 999), .advanceTime)).allSatisfy { $0.payload.type != "partialLiquidation" })
        #expect(try engine.apply(EngineInput(time: at(6, 0), .advanceTime)).contains { $0.payload.type == "partialLiquidation" })
        #expect(engine.history(of: "alice")?.lastPartialAt == at(6, 0))
    }

    /// A snapshot keeps its unit: a seconds engine restores as one, and so does a milliseconds one.
    @Test(arguments: TimeUnit.allCases)
    func snapshotsKeepTheUnit(unit: TimeUnit) throws {
        var engine = LiquidationEngine(policy: Full(), markets: [Fixtures.test], timeUnit: unit)
        _ = try engine.apply(EngineInput(time: 7, .markPrice(market: "TEST", price: 1000)))
        let document = try JSONEncoder().encode(engine.snapshot())
        let restored = try LiquidationEngine(restoring: JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: document), policy: Full())
        #expect(restored.timeUnit == unit && restored.stateHash == engine.stateHash)
    }
}
