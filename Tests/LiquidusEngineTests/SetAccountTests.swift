import Foundation
import LiquidusCore
@testable import LiquidusEngine
import LiquidusRandom
import Testing

/// `setAccount`: importing an account as the exchange's ledger has it.
@Suite struct SetAccountTests {
    /// The TEST market marked at 1,000 and a fund of 1,000.
    func engine(_ policy: any LiquidationPolicy = RestoreMarginRatio(target: Fixtures.rate("0.8"))) throws -> LiquidationEngine {
        var engine = LiquidationEngine(policy: policy, insuranceFund: 1000, markets: [Fixtures.test])
        _ = try engine.apply(EngineInput(time: 0, .markPrice(market: "TEST", price: 1000)))
        return engine
    }

    /// A new account with what fills could not give it: an entry off the tick (1,000.5 on tick 1)
    /// and a chosen leverage. Its collateral, 5,000, is external flow: externalNet 1,000 + 5,000.
    @Test func importsANewAccount() throws {
        var engine = try engine()
        let position = Position(market: "TEST", size: 10, entryPrice: Fixtures.price("1000.5"), leverage: 5)
        let order = OpenOrder(market: "TEST", size: -2, price: 1100)
        let events = try engine.apply(EngineInput(time: 1, .setAccount(id: "carol", marginMode: .cross, walletBalance: 5000, positions: [position], openOrders: [order])))
        #expect(events.isEmpty)
        let account = try #require(engine.account("carol"))
        #expect(account.positions == [position])
        #expect(account.openOrders == [order])
        #expect(account.walletBalance == 5000)
        #expect(engine.externalNet == 6000)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Changing an existing account books the difference in collateral as flow, keeps the
    /// liquidation history, and touches no other ledger bucket.
    ///
    /// alice: wallet 1,600, long 20 @ 1,000. Mark 990 → a partial close of 4 (see
    /// `EngineTests.partialRestoresTarget`): wallet 1,520.4, fund 1,039.6, lastPartialAt 1.
    /// Then the exchange says: isolated, wallet 200, long 16 @ 1,000 with margin 1,500 →
    /// collateral 1,700, flow 1,700 − 1,520.4 = 179.6: externalNet 2,600 + 179.6 = 2,779.6.
    @Test func changesAnAccountAndKeepsItsHistory() throws {
        var engine = try engine()
        for input in [
            EngineInput(time: 0, .openAccount(id: "alice", marginMode: .cross)),
            EngineInput(time: 0, .deposit(account: "alice", amount: 1600)),
            EngineInput(time: 0, .fill(account: "alice", market: "TEST", size: 20, price: 1000, margin: 0)),
        ] { _ = try engine.apply(input) }
        _ = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 990)))
        #expect(engine.history(of: "alice")?.lastPartialAt == 1)
        #expect(engine.account("alice")?.walletBalance == Fixtures.money("1520.4"))
        let (fund, counterparty) = (engine.insuranceFund, engine.counterpartyCash)
        let imported = Position(market: "TEST", size: 16, entryPrice: 1000, isolatedMargin: 1500)
        #expect(try engine.apply(EngineInput(time: 2, .setAccount(id: "alice", marginMode: .isolated, walletBalance: 200, positions: [imported], openOrders: []))).isEmpty)
        #expect(engine.account("alice")?.positions == [imported])
        #expect(engine.account("alice")?.marginMode == .isolated)
        #expect(engine.externalNet == WideMoney(Fixtures.money("2779.6")))
        #expect(engine.insuranceFund == fund)
        #expect(engine.counterpartyCash == counterparty)
        #expect(engine.history(of: "alice")?.lastPartialAt == 1)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// An account imported at or below maintenance is liquidated by the same input: cross, wallet
    /// 100, long 20 @ 1,000 at the mark 1,000: equity 100 ≤ maintenance 20,000 × 10 % − 500 = 1,500.
    @Test func importedAccountIsRechecked() throws {
        var engine = try engine(Full())
        let events = try engine.apply(EngineInput(time: 1, .setAccount(Fixtures.cross("dave", wallet: 100, [Position(market: "TEST", size: 20, entryPrice: 1000)]))))
        #expect(events.map(\.payload.type).first == "liquidationTriggered")
        #expect(events.contains { if case .positionTakenOver = $0.payload { true } else { false } })
        #expect(engine.account("dave")?.positions.isEmpty == true)
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Refused with `check`'s codes and paths (relative to the account), changing nothing.
    @Test(arguments: [
        (Position(market: "TEST", size: Fixtures.size("0.5"), entryPrice: 1000), Money(100), "positions[0].size", "notOnGrid"),
        (Position(market: "NOPE", size: 1, entryPrice: 1000), Money(100), "positions[0].market", "unknownReference"),
        (Position(market: "TEST", size: 1, entryPrice: 1000, isolatedMargin: 10), Money(100), "positions[0].isolatedMargin", "inconsistent"),
        (Position(market: "TEST", size: 1, entryPrice: 1000, leverage: 11), Money(100), "positions[0].leverage", "outOfRange"),
        (Position(market: "TEST", size: 1, entryPrice: 0), Money(100), "positions[0].entryPrice", "outOfRange"),
    ])
    func refusesWhatCheckRefuses(position: Position, wallet: Money, path: String, code: String) throws {
        var engine = try engine()
        let hash = engine.stateHash
        let input = EngineInput(time: 1, .setAccount(id: "erin", marginMode: .cross, walletBalance: wallet, positions: [position], openOrders: []))
        let error = #expect(throws: ValidationError.self) { _ = try engine.apply(input) }
        #expect(error?.path == path)
        #expect(error?.code.rawValue == code)
        #expect(engine.stateHash == hash)
    }

    /// The engine's own rules on top of `check`'s: a mark for every position's market, a wallet
    /// ≥ 0 without positions.
    @Test func refusesWhatTheEngineCannotHold() throws {
        var engine = LiquidationEngine(policy: Full(), insuranceFund: 0, markets: [Fixtures.test])
        let hash = engine.stateHash
        let unmarked = EngineInput(time: 0, .setAccount(Fixtures.cross("f", wallet: 10, [Position(market: "TEST", size: 1, entryPrice: 1000)])))
        #expect(throws: ValidationError.self) { _ = try engine.apply(unmarked) }
        let negative = EngineInput(time: 0, .setAccount(id: "f", marginMode: .cross, walletBalance: -1, positions: [], openOrders: []))
        #expect((#expect(throws: ValidationError.self) { _ = try engine.apply(negative) })?.path == "walletBalance")
        #expect(engine.stateHash == hash)
    }

    /// The input's JSON form round-trips, with `check`'s field names.
    @Test func codableForm() throws {
        let input = EngineInput(time: 7, .setAccount(Fixtures.isolated("gus", wallet: 12, [
            Position(market: "TEST", size: -3, entryPrice: Fixtures.price("999.25"), isolatedMargin: 300, leverage: 4),
        ])))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(input), as: UTF8.self)
        #expect(text == #"{"id":"gus","marginMode":"isolated","openOrders":[],"positions":[{"entryPrice":"999.25","isolatedMargin":"300","leverage":"4","market":"TEST","size":"-3"}],"time":7,"type":"setAccount","walletBalance":"12"}"#)
        #expect(try JSONDecoder().decode(EngineInput.self, from: Data(text.utf8)) == input)
    }

    /// Random paths with imports (new accounts, changed ones, mode switches, invalid ones): the
    /// invariants hold after every input, and the monitors still see every breach (the same
    /// events as re-checking every account).
    @Test(arguments: 0..<6)
    func importsKeepInvariantsAndMonitors(seed: Int) throws {
        let policy = EnginePropertyTests.policies[seed % EnginePropertyTests.policies.count]
        var watched = LiquidationEngine(policy: policy, insuranceFund: 2_000, markets: [Fixtures.test])
        var reference = watched
        reference.recheckEverything = true
        var (imports, liquidations) = (0, 0)
        for (index, input) in Self.path(seed: 300 + seed, steps: 500).enumerated() {
            let before = watched.stateHash
            liquidations += watched.applyExpectingSameOutcome(input, as: &reference, at: index).count
            if case .setAccount = input.action, watched.stateHash != before { imports += 1 }
            let broken = watched.checkInvariants()
            #expect(broken.isEmpty, "\(broken) after \(input)")
        }
        #expect(imports > 20 && liquidations > 0, "imports \(imports), liquidation events \(liquidations)")
    }

    /// ``EnginePropertyTests/path(seed:steps:)`` with `setAccount` inputs mixed in (about one
    /// input in six, from a second seeded stream so the base path is unchanged): accounts new and
    /// old, cross and isolated (switching modes), entries off the tick, chosen leverages, open
    /// orders, and some invalid ones (off the lot grid).
    static func path(seed: Int, steps: Int) -> [EngineInput] {
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ 0x5e7a_cc07)
        var inputs: [EngineInput] = []
        let markets = [Fixtures.test, Fixtures.btcLowFee]
        var marks: [String: Price] = [:]
        for input in EnginePropertyTests.path(seed: seed, steps: steps) {
            inputs.append(input)
            if case .markPrice(let market, let price) = input.action { marks[market] = price }
            guard marks.count == markets.count, Int.random(in: 0..<6, using: &random) == 0 else { continue }
            let id = ["a0", "a1", "a2", "a3", "i4", "i5", "n6", "n7"].randomElement(using: &random)!
            let mode: MarginMode = Int.random(in: 0..<5, using: &random) == 0 ? (id.hasPrefix("i") ? .cross : .isolated) : (id.hasPrefix("i") ? .isolated : .cross)
            var positions: [Position] = []
            for market in markets where Bool.random(using: &random) {
                let mark = marks[market.symbol]!
                let lots = Int64.random(in: 1...(market.symbol == "TEST" ? 25 : 2500), using: &random)
                let lot = Int.random(in: 0..<25, using: &random) == 0 ? market.lotSize.units / 2 : market.lotSize.units  // sometimes off the grid
                let size = Quantity(units: (Bool.random(using: &random) ? 1 : -1) * lots * lot)
                let entry = Price(units: mark.units + Int64.random(in: -(mark.units / 20)...(mark.units / 20), using: &random))  // off the tick
                let notional = Money.notional(of: size, at: mark, .up)
                let margin = mode == .isolated ? notional.multiplied(by: Rate(units: Int64.random(in: 8_000_000...30_000_000, using: &random)), .down) : nil
                let leverage = Bool.random(using: &random) ? Rate(Int.random(in: 1...5, using: &random)) : nil
                positions.append(Position(market: market.symbol, size: size, entryPrice: entry, isolatedMargin: margin, leverage: leverage))
            }
            let orders = Bool.random(using: &random) ? [OpenOrder(market: "TEST", size: 2, price: Price(Int(marks["TEST"]!.units / 100_000_000 * 9 / 10)))] : []
            let wallet = Money(Int.random(in: 0...20_000, using: &random))
            inputs.append(EngineInput(time: input.time, .setAccount(id: id, marginMode: mode, walletBalance: wallet, positions: positions, openOrders: orders)))
        }
        return inputs
    }
}
