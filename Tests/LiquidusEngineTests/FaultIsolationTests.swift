import Foundation
import LiquidusCore
@testable import LiquidusEngine
import Testing

/// One account whose figures cannot be formed at an input does not stop the others: it is held
/// (an `accountHeld` event, left as it was), the input applies to every other account, and the
/// account is released when an input that touches it lets it be evaluated again.
@Suite struct FaultIsolationTests {
    /// The ``Fixtures/test`` market at 1,000 with two cross accounts: alice, short 5 @ 1,000 with
    /// a wallet of 300 (above maintenance 5 × 1,000 × 5 % = 250) — at 1,010 her equity
    /// 300 − 50 = 250 is at or below maintenance 5 × 1,010 × 5 % = 252.5, so she is liquidated;
    /// and huge, short 9,950,000 @ 1,000 (notional 9.95 × 10⁹, a wallet of 10⁹ just above its
    /// maintenance 9.95 × 10⁸ − 500, so the tick reaches it) — at 1,010 its notional
    /// 1.00495 × 10¹⁰ exceeds the limit, so it cannot be evaluated.
    static func engine() throws -> LiquidationEngine {
        var engine = LiquidationEngine(policy: RestoreMarginRatio(target: Fixtures.rate("0.8")), insuranceFund: 1000, markets: [Fixtures.test])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("alice", wallet: 300, [Position(market: "TEST", size: -5, entryPrice: 1000)]))))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("huge", wallet: 1_000_000_000, [Position(market: "TEST", size: -9_950_000, entryPrice: 1000)]))))
        return engine
    }

    @Test func aFailingAccountIsHeldAndTheTickAppliesToTheOthers() throws {
        var engine = try Self.engine()
        let hugeBefore = engine.account("huge")
        let events = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 1010)))
        #expect(engine.marks["TEST"] == 1010)
        // alice (before huge in id order) is liquidated by the same tick.
        #expect(events.contains { if case .partialLiquidation(let close) = $0.payload { close.account == "alice" } else { false } })
        let holds = events.compactMap { if case .accountHeld(let hold) = $0.payload { hold } else { nil } }
        #expect(holds.map(\.account) == ["huge"])
        #expect(holds.first?.code == "outOfRange")
        #expect(holds.first?.path == #"accounts["huge"].positions[0].size"#)
        #expect(engine.held["huge"] == holds.first)
        #expect(engine.account("huge") == hugeBefore)
        #expect(engine.checkInvariants().isEmpty)
        // The next tick that touches it, and still fails, says nothing new.
        let again = try engine.apply(EngineInput(time: 2, .markPrice(market: "TEST", price: 1011)))
        #expect(!again.contains { if case .accountHeld = $0.payload { true } else { false } })
        #expect(engine.held["huge"]?.since == 1)
        // Back within the limits (9,950,000 × 1,005 < 10¹⁰): released, and evaluated as usual.
        let back = try engine.apply(EngineInput(time: 3, .markPrice(market: "TEST", price: 1005)))
        #expect(back.contains { $0.payload == .accountReleased(AccountReleased(account: "huge", heldSince: 1)) })
        #expect(engine.held.isEmpty)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Holding is state: replaying the same inputs gives the same events and hash, and a
    /// snapshot keeps the held accounts with their reasons.
    @Test func holdsReplayAndSurviveSnapshots() throws {
        var engine = try Self.engine()
        let replayed = engine
        let tick = EngineInput(time: 1, .markPrice(market: "TEST", price: 1010))
        let events = try engine.apply(tick)
        var again = replayed
        #expect(try again.apply(tick) == events)
        #expect(again.stateHash == engine.stateHash)
        var unheld = engine
        unheld.held = [:]
        #expect(unheld.stateHash != engine.stateHash)
        let data = try JSONEncoder().encode(engine.snapshot())
        let restored = try LiquidationEngine(restoring: JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: data), policy: engine.policy)
        #expect(restored.held == engine.held)
        #expect(restored.stateHash == engine.stateHash)
    }

    /// A refused input leaves the held set as it was (it is rolled back with the rest).
    @Test func aRefusedInputKeepsTheHeldSet() throws {
        var engine = try Self.engine()
        _ = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 1010)))
        let before = engine.stateHash
        #expect(throws: ValidationError.self) {
            _ = try engine.apply(contentsOf: [
                EngineInput(time: 2, .markPrice(market: "TEST", price: 1005)), EngineInput(time: 2, .markPrice(market: "NOPE", price: 1)),
            ])
        }
        #expect(engine.held["huge"] != nil)
        #expect(engine.stateHash == before)
    }
}
