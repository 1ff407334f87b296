import Foundation
import LiquidusBook
import LiquidusCore
@testable import LiquidusEngine
import Testing

/// Input sequences the engine fuzzer (`Fuzz/`) found to break a rule, replayed from the JSON
/// lines it prints: after each input the invariants hold, a refused input changes nothing, and
/// nothing traps.
@Suite struct FuzzRegressionTests {
    /// Applies each JSON input to an engine with `policy`, `executor` and `fund`, checking the
    /// invariants after each accepted one and the state hash after each refused one.
    @discardableResult
    static func replay(
        _ lines: [String], policy: any LiquidationPolicy, executor: LiquidationExecutor = LiquidationExecutor(), fund: Money
    ) throws -> (LiquidationEngine, [EngineEvent]) {
        var engine = LiquidationEngine(policy: policy, insuranceFund: fund, executor: executor)
        var events: [EngineEvent] = []
        for line in lines {
            let input = try JSONDecoder().decode(EngineInput.self, from: Data(line.utf8))
            let before = engine.stateHash
            do {
                events += try engine.apply(input)
                #expect(engine.checkInvariants() == [], "after \(line)")
            } catch {
                #expect(engine.stateHash == before, "the refused \(line) changed the state")
            }
        }
        return (engine, events)
    }

    /// A short whose bankruptcy price is below zero (its wallet −10¹⁰) is taken over at one tick
    /// (10⁻⁵) and auto-deleverages against a long of 0.1 bought at that tick, whose wallet was
    /// −10⁻⁸, backed by its profit at the mark of 10⁹: closing it at 10⁻⁵ realizes nothing, and
    /// left a wallet of −10⁻⁸ with no position. The fund now resets it, as after a takeover.
    @Test func aDeleveragedAccountLeftBelowZeroIsReset() throws {
        let (engine, events) = try Self.replay([
            #"{"market":{"liquidationFeeRate":"0.00005","lotSize":"0.1","minOrderSize":"0.1","riskTiers":[{"maintenanceAmount":"0","maintenanceMarginRate":"0.2","maxLeverage":"4","notionalCap":"2500000000"},{"maintenanceAmount":"250000000","maintenanceMarginRate":"0.3","maxLeverage":"3","notionalCap":null}],"symbol":"M0","takerFeeRate":"0.0002","tickSize":"0.00001"},"time":0,"type":"registerMarket"}"#,
            #"{"market":"M0","price":"1000000000","time":0,"type":"markPrice"}"#,
            #"{"id":"a0","marginMode":"cross","openOrders":[{"market":"M0","price":"0.00001","size":"999999999.9"}],"positions":[{"entryPrice":"0.00001","leverage":"1","market":"M0","size":"0.1"}],"time":0,"type":"setAccount","walletBalance":"-0.00000001"}"#,
            #"{"id":"a1","marginMode":"cross","openOrders":[],"positions":[{"entryPrice":"0.00001","market":"M0","size":"-9.9"}],"time":0,"type":"setAccount","walletBalance":"-10000000000"}"#,
        ], policy: StepDownTier(), executor: LiquidationExecutor(slippageBudgetBasisPoints: 256, childInterval: 0, maxChildren: 1), fund: Money(units: 1))
        #expect(engine.account("a0")?.walletBalance == .zero)
        #expect(events.contains { event in
            if case .insuranceFundPaid(let paid) = event.payload { paid.account == "a0" && paid.uncovered + paid.amount == Money(units: 1) } else { false }
        })
    }

    /// The book that trapped `check` and the service: two markets, a mark, the account, then the
    /// mark of M2USD at 178.5 puts it under water. The engine takes M1USD over at one tick (its
    /// bankruptcy price, 0.93, rounds down to zero below a tick of 1) and M2USD at its own, and
    /// the fund covers the deficit.
    @Test func theIssuesBookIsLiquidatedByTheMark() throws {
        let (engine, events) = try Self.replay([
            #"{"market":{"liquidationFeeRate":"0.01","lotSize":"0.01","minOrderSize":"0.01","riskTiers":[{"maintenanceAmount":"0","maintenanceMarginRate":"0.015","maxLeverage":"33","notionalCap":null}],"symbol":"M1USD","takerFeeRate":"0.0005","tickSize":"1"},"time":0,"type":"registerMarket"}"#,
            #"{"market":{"liquidationFeeRate":"0.01","lotSize":"0.001","minOrderSize":"0.001","riskTiers":[{"maintenanceAmount":"0","maintenanceMarginRate":"0.0065","maxLeverage":"76","notionalCap":"10000"},{"maintenanceAmount":"85","maintenanceMarginRate":"0.015","maxLeverage":"33","notionalCap":"20000"},{"maintenanceAmount":"285","maintenanceMarginRate":"0.025","maxLeverage":"20","notionalCap":null}],"symbol":"M2USD","takerFeeRate":"0.0005","tickSize":"0.1"},"time":0,"type":"registerMarket"}"#,
            #"{"market":"M1USD","price":"1","time":0,"type":"markPrice"}"#,
            #"{"market":"M2USD","price":"156","time":0,"type":"markPrice"}"#,
            #"{"id":"a1","marginMode":"cross","openOrders":[],"positions":[{"entryPrice":"1","market":"M1USD","size":"-500"},{"entryPrice":"156","market":"M2USD","size":"-3.333"}],"time":0,"type":"setAccount","walletBalance":"20.4"}"#,
            #"{"market":"M2USD","price":"178.5","time":1,"type":"markPrice"}"#,
        ], policy: RestoreMarginRatio(target: Rate(units: 80_000_000)), fund: 1000)
        let takeovers = events.compactMap { if case .positionTakenOver(let takeover) = $0.payload { takeover } else { nil } }
        #expect(takeovers.map(\.market) == ["M1USD", "M2USD"])
        #expect(takeovers.first?.bankruptcyPrice == 1)
        #expect(engine.account("a1")?.positions.isEmpty == true)
        #expect(engine.held.isEmpty)
    }
}
