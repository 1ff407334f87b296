import LiquidusCore
@testable import LiquidusEngine
import Testing

/// Input groups: several inputs applied all or nothing, in place (nothing copied per account).
@Suite struct InputGroupTests {
    /// Applies `inputs` one by one, skipping refused ones; returns the events.
    static func applyEach(_ inputs: some Sequence<EngineInput>, to engine: inout LiquidationEngine) -> [EngineEvent] {
        var events: [EngineEvent] = []
        for input in inputs { if let applied = try? engine.apply(input) { events += applied } }
        return events
    }

    /// The valid inputs of a random path: what a group of them should do.
    static func validInputs(_ inputs: [EngineInput], policy: any LiquidationPolicy) -> [EngineInput] {
        var engine = LiquidationEngine(policy: policy, insuranceFund: 2_000, markets: [Fixtures.test])
        return inputs.filter { (try? engine.apply($0)) != nil }
    }

    /// Random paths cut into groups of 1–12 inputs; every fourth group gets a refused input
    /// appended (a time that goes back). Applied in groups, the engine matches one that applied
    /// only the groups that succeeded, input by input — events, state hash, and the events of
    /// everything after (the monitors are brought back exactly).
    @Test(arguments: 0..<12)
    func refusedGroupsChangeNothing(seed: Int) throws {
        let policy = EnginePropertyTests.policies[seed % EnginePropertyTests.policies.count]
        let inputs = Self.validInputs(SetAccountTests.path(seed: 900 + seed, steps: 400), policy: policy)
        var grouped = LiquidationEngine(policy: policy, insuranceFund: 2_000, markets: [Fixtures.test])
        var reference = grouped
        var (start, round, refused) = (0, 0, 0)
        while start < inputs.count {
            let end = min(inputs.count, start + 1 + (seed * 7 + round * 5) % 12)
            var group = Array(inputs[start..<end])
            let poisoned = round % 4 == 3
            if poisoned { group.append(EngineInput(time: group[0].time - 1, .advanceTime)) }
            let before = grouped.stateHash
            do {
                let events = try grouped.apply(contentsOf: group)
                #expect(!poisoned)
                #expect(events == Self.applyEach(group, to: &reference), "group \(round)")
            } catch {
                #expect(poisoned)
                #expect(error.path == "[\(group.count - 1)].time")
                #expect(grouped.stateHash == before, "a refused group changed the state")
                refused += 1
                // The reference never sees a refused group; its inputs come back in the next one.
                round += 1
                continue
            }
            #expect(grouped.stateHash == reference.stateHash, "group \(round)")
            #expect(grouped.checkInvariants().isEmpty)
            start = end
            round += 1
        }
        #expect(refused > 0)
        #expect(grouped.stateHash == reference.stateHash)
    }

    /// Nested groups: an inner group rolled back leaves the outer one's inputs; the outer one
    /// rolled back leaves nothing; committed, the engine is as if the inputs had been applied
    /// one by one.
    @Test func nestedGroups() throws {
        let inputs = Self.validInputs(SetAccountTests.path(seed: 42, steps: 120), policy: Full())
        let (first, second) = (Array(inputs[..<60]), Array(inputs[60...]))
        var engine = LiquidationEngine(policy: Full(), insuranceFund: 2_000, markets: [Fixtures.test])
        var onlyFirst = engine
        _ = Self.applyEach(first, to: &onlyFirst)
        var everything = onlyFirst
        _ = Self.applyEach(second, to: &everything)
        let empty = engine.stateHash

        engine.openInputGroup()
        _ = Self.applyEach(first, to: &engine)
        engine.openInputGroup()
        _ = Self.applyEach(second, to: &engine)
        #expect(engine.stateHash == everything.stateHash)
        engine.rollBackInputGroup()
        #expect(engine.stateHash == onlyFirst.stateHash)
        engine.rollBackInputGroup()
        #expect(engine.stateHash == empty)
        #expect(engine.inputGroups.isEmpty)

        engine.openInputGroup()
        _ = Self.applyEach(first, to: &engine)
        engine.openInputGroup()
        _ = Self.applyEach(second, to: &engine)
        engine.commitInputGroup()
        engine.commitInputGroup()
        #expect(engine.stateHash == everything.stateHash)
        // And the monitors agree: the same path continues identically.
        let more = EnginePropertyTests.path(seed: 43, steps: 200).filter { $0.time > 0 }.map { EngineInput(time: $0.time + engine.time, $0.action) }
        #expect(Self.applyEach(more, to: &engine) == Self.applyEach(more, to: &everything))
        #expect(engine.stateHash == everything.stateHash)
    }

    /// A group that registers a market and is then rolled back rebuilds the monitors on the old
    /// markets: a later breach is still found.
    @Test func rolledBackMarketChange() throws {
        var engine = LiquidationEngine(policy: Full(), insuranceFund: 1_000, markets: [Fixtures.test])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 100)))
        _ = try engine.apply(EngineInput(time: 0, .setAccount(Fixtures.cross("a", wallet: 100, [Position(market: "TEST", size: 10, entryPrice: 100)]))))
        let hash = engine.stateHash
        #expect(throws: ValidationError.self) {
            _ = try engine.apply(contentsOf: [
                EngineInput(time: 1, .registerMarket(Fixtures.btcLowFee)),
                EngineInput(time: 1, .markPrice(market: "BTCLOW", price: 30_000)),
                EngineInput(time: 1, .markPrice(market: "TEST", price: 99)),
                EngineInput(time: 1, .deposit(account: "nobody", amount: 1)),
            ])
        }
        #expect(engine.stateHash == hash)
        #expect(engine.markets.symbols == ["TEST"])
        // Long 10 @ 100 with 100: at 94 equity 40 ≤ maintenance 47 (EngineWatchTests).
        let events = try engine.apply(EngineInput(time: 2, .markPrice(market: "TEST", price: 94)))
        #expect(events.contains { if case .positionTakenOver = $0.payload { true } else { false } })
    }
}
