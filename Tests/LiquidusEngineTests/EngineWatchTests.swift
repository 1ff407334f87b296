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

    @Test func accountsPastTheNotionalLimitAreFoundWhereverTheirBandsWereArmed() throws {
        // A cross and an isolated long of 1,000,000 TEST with billions of margin are never near
        // maintenance, but at a mark above 10,000 their notional passes the limit of 1e10 and the
        // engine holds them. The monitors must report them there whatever marks they were armed
        // at (bands armed at 100 and at 5,000 reach far beyond 10,000 on margin alone), so that a
        // replay, a restored snapshot and the live engine hold the same accounts.
        var watched = LiquidationEngine(policy: Full(), insuranceFund: 1_000, markets: [Fixtures.test])
        var reference = watched
        reference.recheckEverything = true
        var inputs: [EngineInput] = [EngineInput(time: 0, .markPrice(market: "TEST", price: 100))]
        for (id, mode, margin) in [("c", MarginMode.cross, Money.zero), ("i", .isolated, Money(4_000_000_000))] {
            inputs += [
                EngineInput(time: 0, .openAccount(id: id, marginMode: mode)),
                EngineInput(time: 0, .deposit(account: id, amount: Money(5_000_000_000))),
                EngineInput(time: 0, .fill(account: id, market: "TEST", size: Quantity(1_000_000), price: 100, margin: margin)),
            ]
        }
        for (time, mark) in [(1, 5_000), (2, 9_999), (3, 10_001), (4, 10_002), (5, 9_000)] as [(Int64, Price)] {
            inputs.append(EngineInput(time: time, .markPrice(market: "TEST", price: mark)))
        }
        var heldAt: [Int64: [String]] = [:]
        for (index, input) in inputs.enumerated() {
            _ = watched.applyExpectingSameOutcome(input, as: &reference, at: index)
            heldAt[input.time] = watched.held.keys.sorted()
        }
        #expect(heldAt[2] == [])
        #expect(heldAt[3] == ["c", "i"])
        #expect(heldAt[5] == [])
        #expect(watched.checkInvariants().isEmpty)
    }
}
