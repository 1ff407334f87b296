import Foundation
import LiquidusCore
@testable import LiquidusEngine
import Testing

/// The breach monitors only decide which accounts the engine looks at; they must never change
/// what it decides. Random paths run twice — with the monitors, and re-checking every account on
/// every input — must give the same events, input by input, and the same state hash.
@Suite struct EngineWatchTests {
    @Test(arguments: 0..<16)
    func monitorsChangeCostNotDecisions(seed: Int) throws {
        let policy = EnginePropertyTests.policies[seed % EnginePropertyTests.policies.count]
        let inputs = EnginePropertyTests.path(seed: 7_000 + seed, steps: 900)
        var watched = LiquidationEngine(policy: policy, insuranceFund: Money(seed % 3 == 0 ? 0 : 2_000), markets: [Fixtures.test])
        var reference = watched
        reference.recheckEverything = true
        var liquidations = 0
        for (index, input) in inputs.enumerated() {
            liquidations += watched.applyExpectingSameOutcome(input, as: &reference, at: index).count
        }
        #expect(watched.checkInvariants().isEmpty)
        #expect(liquidations > 0, "the path must liquidate something for the comparison to mean anything")
    }

    @Test func aRefusedMarkLeavesTheMonitorsConsistent() throws {
        // Long 10 TEST at 100 with 100 in the wallet: at 94, equity 100 − 60 = 40 ≤ maintenance
        // 940 × 5 % = 47. A mark the engine refuses changes nothing; the next valid one still
        // finds the breach through the monitors.
        var engine = LiquidationEngine(policy: Full(), insuranceFund: 1_000, markets: [Fixtures.test])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 100)))
        _ = try engine.apply(EngineInput(time: 0, .openAccount(id: "a", marginMode: .cross)))
        _ = try engine.apply(EngineInput(time: 0, .deposit(account: "a", amount: 100)))
        _ = try engine.apply(EngineInput(time: 0, .fill(account: "a", market: "TEST", size: 10, price: 100, margin: .zero)))
        let hash = engine.stateHash
        #expect(throws: ValidationError.self) { try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: Price(units: -1)))) }
        #expect(engine.stateHash == hash)
        #expect(try engine.apply(EngineInput(time: 2, .markPrice(market: "TEST", price: 95))).isEmpty)  // equity 50 > 47.5
        let events = try engine.apply(EngineInput(time: 3, .markPrice(market: "TEST", price: 94)))
        #expect(events.contains { if case .positionTakenOver = $0.payload { true } else { false } })
    }
}
