public import Foundation
public import LiquidusBook
public import LiquidusCore
public import LiquidusEngine

/// A run of the engine over inputs decoded from the fuzzer's bytes, checking after each one what
/// must always hold:
///
/// - an accepted input leaves ``LiquidationEngine/checkInvariants()`` empty (money conserved,
///   every account valid, fund ≥ 0, unrecovered loss ≤ 0);
/// - a refused input changes nothing (the ``LiquidationEngine/stateHash`` is the one before);
/// - a snapshot taken at any point restores to the same state hash;
/// - replaying the accepted inputs on a fresh engine gives the same events and state hash.
///
/// A broken rule stops the process with a message (a crash to libFuzzer), and so does any trap
/// inside the engine.
public struct EngineScript {
    var generator: BookGenerator
    var engine: LiquidationEngine
    let fresh: LiquidationEngine
    var time: Int64 = 0
    var markets: [Market] = []
    var accepted: [[EngineInput]] = []
    var events: [EngineEvent] = []
    static let accounts = ["a0", "a1", "a2", "a3", "a4", "a5"]

    /// A script over `bytes`: the policy, the executor and the fund come first.
    public init(_ bytes: [UInt8]) {
        generator = BookGenerator(ByteSource(bytes))
        let policy = generator.policy().makePolicy()
        let executor = LiquidationExecutor(
            slippageBudgetBasisPoints: Int64(generator.source.int(below: 10_000)), childInterval: Int64(generator.source.int(below: 5)),
            maxChildren: generator.source.int(below: 12) + 1)
        engine = LiquidationEngine(policy: policy, insuranceFund: generator.money(upTo: Money(units: Int64.max / 2)), executor: executor)
        fresh = engine
    }

    /// Runs every input the bytes describe (at most `limit`), then the replay check.
    public mutating func run(limit: Int = 200) {
        var count = 0
        while !generator.source.isExhausted, count < limit {
            count += 1
            switch generator.source.int(below: 20) {
            case 0: roundTripSnapshot()
            case 1: applyGroup()
            default: apply([nextInput()])
            }
        }
        replay()
    }

    /// Applies `inputs` (as a group when more than one) and checks the rules.
    mutating func apply(_ inputs: [EngineInput]) {
        let before = engine.stateHash
        do {
            let produced = inputs.count == 1 ? try engine.apply(inputs[0]) : try engine.apply(contentsOf: inputs)
            let broken = engine.checkInvariants()
            guard broken.isEmpty else { Self.fail("invariants broken after \(inputs): \(broken)") }
            accepted.append(inputs)
            events += produced
            for input in inputs { record(input) }
        } catch {
            guard engine.stateHash == before else { Self.fail("the refused \(inputs) (\(error)) changed the state") }
        }
    }

    mutating func applyGroup() {
        apply((0..<generator.source.int(below: 3) + 2).map { _ in nextInput() })
    }

    /// Keeps the script's view of the markets in step with what the engine accepted.
    mutating func record(_ input: EngineInput) {
        time = Swift.max(time, input.time)
        if case .registerMarket(let market) = input.action {
            markets.removeAll { $0.symbol == market.symbol }
            markets.append(market)
        }
    }

    mutating func roundTripSnapshot() {
        do {
            let data = try JSONEncoder().encode(engine.snapshot())
            let decoded = try JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: data)
            let restored = try LiquidationEngine(restoring: decoded, policy: engine.policy, executor: engine.executor)
            guard restored.stateHash == engine.stateHash else { Self.fail("a restored snapshot has another state hash") }
        } catch {
            Self.fail("the engine's own snapshot does not restore: \(error)")
        }
    }

    mutating func replay() {
        var again = fresh
        var replayed: [EngineEvent] = []
        for inputs in accepted {
            do { replayed += inputs.count == 1 ? try again.apply(inputs[0]) : try again.apply(contentsOf: inputs) } catch {
                Self.fail("replaying \(inputs) failed: \(error)")
            }
        }
        guard replayed == events, again.stateHash == engine.stateHash else { Self.fail("a replay diverged") }
    }

    static func fail(_ message: String) -> Never {
        fatalError("EngineScript: \(message)")
    }
}
