import Foundation
import LiquidusBook
import LiquidusCore
import LiquidusEngine

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
    var refused = 0
    /// The last version or sequence given to another shard's ranking or forwarded order.
    var shardVersion: UInt64 = 0
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

    /// Runs every input the bytes describe (at most `limit`), then the replay check. The first
    /// inputs set a book up — one to three markets with marks, two to five accounts, now and
    /// then depth — so that even a short input reaches liquidations.
    public mutating func run(limit: Int = 200) {
        setUp()
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

    /// What the run did, for a look at how deep a corpus reaches (`LIQUIDUS_FUZZ_STATS=1`):
    /// the inputs accepted and refused and the events by type, one line.
    public var summary: String {
        var types: [String: Int] = [:]
        for event in events {
            types[event.payload.type, default: 0] += 1
            if case .accountHeld(let hold) = event.payload { types["held:\(hold.code)", default: 0] += 1 }
        }
        let counts = types.keys.sorted().map { "\($0)=\(types[$0]!)" }.joined(separator: " ")
        return "accepted=\(accepted.count) refused=\(refused) held=\(engine.held.count) \(counts)"
    }

    /// Markets with marks, accounts and books, each applied as an input of its own.
    mutating func setUp() {
        for index in 0..<generator.source.int(below: 3) + 1 {
            guard let market = generator.market("M\(index)").map({ withMarketData($0) }) else { continue }
            apply([EngineInput(time: 0, .registerMarket(market))])
            apply([EngineInput(time: 0, .markPrice(market: market.symbol, price: generator.price(market, onGrid: false)))])
        }
        for id in Self.accounts.prefix(generator.source.int(below: 4) + 2) {
            apply([EngineInput(time: 0, setAccount(id))])
        }
        for market in markets where generator.source.chance(30) {
            apply([EngineInput(time: 0, orderBook(market.symbol))])
        }
    }

    /// Applies `inputs` (as a group when more than one) and checks the rules.
    mutating func apply(_ inputs: [EngineInput]) {
        let before = engine.stateHash
        do {
            let produced = inputs.count == 1 ? try engine.apply(inputs[0]) : try engine.apply(contentsOf: inputs)
            let broken = engine.checkInvariants()
            guard broken.isEmpty else { fail("invariants broken after the last input: \(broken)", then: inputs) }
            accepted.append(inputs)
            events += produced
            for input in inputs { record(input) }
            if Self.bisects { replay() }
        } catch {
            guard engine.stateHash == before else { fail("the refused last input (\(error)) changed the state", then: inputs) }
            refused += 1
            if Self.bisects { trace("refused \(inputs.map { "\($0.time) \($0.action)" }): \(error)") }
        }
    }

    /// Whether every accepted input is followed by a full replay (`LIQUIDUS_FUZZ_BISECT=1`), so
    /// that a diverging replay stops at the first input after which it diverges.
    static let bisects = ProcessInfo.processInfo.environment["LIQUIDUS_FUZZ_BISECT"] != nil

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
            guard restored.stateHash == engine.stateHash else { fail("a restored snapshot has another state hash") }
        } catch {
            fail("the engine's own snapshot does not restore: \(error)")
        }
    }

    mutating func replay() {
        var again = fresh
        var replayed: [EngineEvent] = []
        for inputs in accepted {
            do { replayed += inputs.count == 1 ? try again.apply(inputs[0]) : try again.apply(contentsOf: inputs) } catch {
                fail("replaying \(inputs) failed: \(error)")
            }
        }
        guard replayed == events, again.stateHash == engine.stateHash else {
            if Self.bisects { explainDivergence(of: again, events: replayed) }
            fail("a replay diverged")
        }
    }

    /// Explains a diverging replay on standard error: the first event that differs, the
    /// snapshot lines that differ and the accounts each engine holds.
    func explainDivergence(of replay: LiquidationEngine, events replayed: [EngineEvent]) {
        let first = zip(events, replayed).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? Swift.min(events.count, replayed.count)
        let describe = { (events: [EngineEvent]) in events.dropFirst(first).first.map { "\($0.payload)" } ?? "none" }
        trace("first differing event #\(first): live \(describe(events)) | replay \(describe(replayed))")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let lines = { (engine: LiquidationEngine) in
            String(decoding: (try? encoder.encode(engine.snapshot())) ?? Data(), as: UTF8.self).split(separator: "\n")
        }
        for (index, pair) in zip(lines(engine), lines(replay)).enumerated() where pair.0 != pair.1 {
            trace("snapshot line \(index): live \(pair.0) | replay \(pair.1)")
        }
        trace("held: live \(engine.held.keys.sorted()), replay \(replay.held.keys.sorted())")
    }

    func trace(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    /// Stops the process (a crash to libFuzzer) after printing `message`, the engine's settings
    /// and the inputs accepted so far as JSON lines: what a regression test needs to replay it.
    func fail(_ message: String, then inputs: [EngineInput] = []) -> Never {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var log = "policy: \(engine.policy.kind) \(engine.policy), executor: \(engine.executor), fund: \(fresh.insuranceFund)\n"
        for input in accepted.joined() + inputs {
            log += String(decoding: (try? encoder.encode(input)) ?? Data(), as: UTF8.self) + "\n"
        }
        FileHandle.standardError.write(Data(log.utf8))
        fatalError("EngineScript: \(message)")
    }
}
