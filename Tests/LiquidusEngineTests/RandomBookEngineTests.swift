import Foundation
import LiquidusBook
import LiquidusCore
@testable import LiquidusEngine
import LiquidusTestSupport
import LiquidusRandom
import Testing

/// The engine on random valid books with extreme values (see ``RandomBook``): set up, then
/// marks walked and jumped to the edges of the limits, books replaced; after every input the
/// invariants hold, nothing traps, an account that cannot be evaluated is held rather than
/// stopping the input, and a replay gives the same events and state hash.
@Suite struct RandomBookEngineTests {
    static let policies: [any LiquidationPolicy] = [
        RestoreMarginRatio(target: Rate(units: 80_000_000), buffer: Rate(units: 5_000_000)), StepDownTier(),
        FixedFraction(fraction: Rate(units: 20_000_000), cooldown: 30, fullBelow: 20_000), Incremental(chunk: Rate(units: 10_000_000), interval: 5),
        PortionPerInterval(portion: Rate(units: 10_000_000), minNotional: 1000, accountCapPerInterval: 30_000, interval: 2), Full(),
    ]

    /// The inputs of a run over `book`: its markets, marks, accounts and books, then `steps`
    /// mark moves — mostly ±10 %, now and then to 10⁻⁸ or 10⁹ — and time.
    static func inputs(_ book: RandomBook, steps: Int, using random: inout SeededGenerator) -> [EngineInput] {
        var inputs: [EngineInput] = book.markets.map { EngineInput(time: 0, .registerMarket($0)) }
        inputs += book.marks.sorted(by: { $0.key < $1.key }).map { EngineInput(time: 0, .markPrice(market: $0.key, price: $0.value)) }
        inputs += book.accounts.map { EngineInput(time: 0, .setAccount($0)) }
        for (symbol, depth) in book.books.sorted(by: { $0.key < $1.key }) {
            inputs.append(EngineInput(time: 0, .orderBook(
                market: symbol, bids: depth.bids.map { OrderBook.Level(price: $0.0, quantity: $0.1) },
                asks: depth.asks.map { OrderBook.Level(price: $0.0, quantity: $0.1) })))
        }
        var marks = book.marks
        var time: Int64 = 0
        for _ in 0..<steps {
            time += Int64.random(in: 0...3, using: &random)
            guard let symbol = marks.keys.sorted().randomElement(using: &random), let last = marks[symbol] else { continue }
            let next: Int64 = switch Int.random(in: 0..<20, using: &random) {
            case 0: 1
            case 1: Limits.maxPrice.units
            default: Swift.max(1, Swift.min(Limits.maxPrice.units, last.units + last.units / 100 * Int64.random(in: -10...10, using: &random)))
            }
            marks[symbol] = Price(units: next)
            inputs.append(EngineInput(time: time, .markPrice(market: symbol, price: Price(units: next))))
        }
        return inputs
    }

    /// 400 random books × 40 moves, each policy in turn: a few seconds.
    @Test func randomValidBooksNeverStopTheEngine() throws {
        var random = SeededGenerator(seed: 2_026)
        var held = 0, liquidations = 0
        for round in 0..<400 {
            let book = RandomBook(using: &random)
            let inputs = Self.inputs(book, steps: 40, using: &random)
            let policy = Self.policies[round % Self.policies.count]
            let fund = book.fund ?? .zero
            var engine = LiquidationEngine(policy: policy, insuranceFund: fund)
            var events: [EngineEvent] = []
            for input in inputs {
                let before = engine.stateHash
                do {
                    events += try engine.apply(input)
                    #expect(engine.checkInvariants() == [], "round \(round) after \(input)")
                } catch {
                    // Only a book's own set-up may be refused (an account beyond the limits at
                    // the engine's marks); a mark within the limits is always applied.
                    if case .markPrice = input.action { Issue.record("round \(round): the mark \(input) was refused: \(error)") }
                    #expect(engine.stateHash == before)
                }
            }
            var again = LiquidationEngine(policy: policy, insuranceFund: fund)
            var replayed: [EngineEvent] = []
            for input in inputs { replayed += (try? again.apply(input)) ?? [] }
            #expect(replayed == events)
            #expect(again.stateHash == engine.stateHash)
            held += events.count { if case .accountHeld = $0.payload { true } else { false } }
            liquidations += events.count { if case .liquidationTriggered = $0.payload { true } else { false } }
        }
        // The books reach the cascade, and the limits' edges reach the holds.
        #expect(liquidations > 100)
        #expect(held > 0)
    }
}
