import Foundation
import LiquidusCore
import LiquidusEngine
import LiquidusRandom
import Testing

/// An insurance fund shared by several engines (shards): each starts a batch with the shared
/// balance (`insuranceFund(balance:)`), and the batch's change commits only while the shared
/// balance still covers its deepest draw — the protocol the PostgreSQL store runs in each shard's
/// commit transaction (`SharedFundChange`), played here by a keeper in memory.
@Suite struct SharedFundTests {
    static let market = VenuePreset.named("bybit")!.markets.first { $0.symbol == "BTCUSDT" }!

    static func engine(fund: Money) -> LiquidationEngine {
        LiquidationEngine(policy: RestoreMarginRatio(target: Rate(units: 80_000_000)), insuranceFund: fund, markets: [market])
    }

    /// A cross long of 0.5 BTC from 30,000 backed by 1,000: bankrupt at 28,000.
    static func long(_ id: String, time: Int64 = 0) -> EngineInput {
        EngineInput(time: time, .setAccount(id: id, marginMode: .cross, walletBalance: Money(1_000), positions: [
            Position(market: "BTCUSDT", size: Quantity(units: 50_000_000), entryPrice: Price(30_000)),
        ], openOrders: []))
    }

    static func mark(_ price: Int64, time: Int64) -> EngineInput { EngineInput(time: time, .markPrice(market: "BTCUSDT", price: Price(units: price * 100_000_000))) }

    @Test func theBalanceReplacesTheFundAndTheDifferenceIsATransfer() throws {
        var engine = Self.engine(fund: Money(1_000))
        _ = try engine.apply(Self.mark(30_000, time: 0))
        _ = try engine.apply(Self.long("alice"))
        let events = try engine.apply(EngineInput(time: 1, .insuranceFund(balance: Money(1_750))))
        #expect(engine.insuranceFund == WideMoney(Money(1_750)))
        #expect(engine.sharedFundTransfers == WideMoney(Money(750)))
        #expect(events.map(\.payload) == [.insuranceFundSynchronized(InsuranceFundSynchronized(before: WideMoney(Money(1_000)), after: WideMoney(Money(1_750))))])
        #expect(engine.checkInvariants().isEmpty)
        _ = try engine.apply(EngineInput(time: 2, .insuranceFund(balance: Money(200))))
        #expect(engine.sharedFundTransfers == WideMoney(Money(-800)))
        #expect(engine.checkInvariants().isEmpty)

        let before = engine.stateHash
        #expect(throws: ValidationError.self) { try engine.apply(EngineInput(time: 3, .insuranceFund(balance: Money(-1)))) }
        #expect(engine.stateHash == before, "a refused balance changes nothing")

        // The input's JSON form, and a snapshot that keeps the transfers and the hash.
        let input = EngineInput(time: 4, .insuranceFund(balance: Money(units: 1_250_000_000)))
        let json = String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
        #expect(json.contains("\"type\":\"insuranceFund\"") && json.contains("\"balance\":\"12.5\""))
        #expect(try JSONDecoder().decode(EngineInput.self, from: Data(json.utf8)) == input)
        let document = try JSONEncoder().encode(engine.snapshot())
        #expect(String(decoding: document, as: UTF8.self).contains("sharedFundTransfers"))
        let restored = try LiquidationEngine(restoring: try JSONDecoder().decode(LiquidationEngine.Snapshot.self, from: document), policy: engine.policy)
        #expect(restored.stateHash == engine.stateHash && restored.sharedFundTransfers == engine.sharedFundTransfers)
        // An engine whose fund is its own writes no transfers (its documents keep their bytes).
        let own = try JSONEncoder().encode(Self.engine(fund: Money(5)).snapshot())
        #expect(!String(decoding: own, as: UTF8.self).contains("sharedFundTransfers"))
    }

    /// A takeover's loss lowers the watermark by what the fund paid, even when fees later in the
    /// batch pay some of it back.
    @Test func theLowestFundRecordsTheDeepestDraw() throws {
        var engine = Self.engine(fund: Money(1_000))
        _ = try engine.apply(Self.mark(30_000, time: 0))
        _ = try engine.apply(Self.long("alice"))
        engine.resetLowestInsuranceFund()
        #expect(engine.lowestInsuranceFund == WideMoney(Money(1_000)))
        // A gap to 27,000: taken over at 28,000 and unwound at the mark, 0.5 × 1,000 = 500 lost.
        _ = try engine.apply(Self.mark(27_000, time: 1))
        #expect(engine.insuranceFund == WideMoney(Money(500)))
        #expect(engine.lowestInsuranceFund == WideMoney(Money(500)))
        _ = try engine.apply(EngineInput(time: 2, .insuranceFund(balance: Money(2_000))))
        #expect(engine.lowestInsuranceFund == WideMoney(Money(500)), "a higher balance does not raise the watermark")
        engine.resetLowestInsuranceFund()
        #expect(engine.lowestInsuranceFund == WideMoney(Money(2_000)))
    }

    /// Three shards on one small shared fund over random crashes: every shard reads the balance,
    /// applies its share of the marks, and commits in a random order; a batch whose draw the
    /// balance no longer covers is undone and applied again against the balance then. Money is
    /// conserved in every shard after every input and across the shards at the end —
    /// `Σ (wallets + isolated margins + outside market + unrecovered) + fund = Σ (externalNet −
    /// initial fund) + initial fund` — the shared fund never goes below zero, and some batches are
    /// refused and re-applied along the way.
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func threeShardsShareOneFund(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let initial = Money(2_000)
        var shards = (0..<3).map { _ in Self.engine(fund: initial) }
        var keeper = WideMoney(initial)
        var refused = 0
        for index in shards.indices { _ = try shards[index].apply(Self.mark(30_000, time: 0)) }
        for number in 0..<150 {
            let size = Int64.random(in: 1...40, using: &random) * 10_000_000 * (Bool.random(using: &random) ? 1 : -1)
            let leverage = Int64.random(in: 5...50, using: &random)
            let entry = Price(units: Int64.random(in: 29_000...31_000, using: &random) * 100_000_000)
            let collateral = Money.notional(of: Quantity(units: size), at: entry, .up).divided(by: Rate(units: leverage * 100_000_000), .up)
            // One shard at a time: its batch reads the balance and commits at once (never refused).
            let index = number % 3
            shards[index].openInputGroup()
            if shards[index].insuranceFund != keeper { _ = try shards[index].apply(EngineInput(time: 0, .insuranceFund(balance: keeper.money!))) }
            let start = shards[index].insuranceFund
            _ = try shards[index].apply(EngineInput(time: 0, .setAccount(
                id: "t\(number)", marginMode: .cross, walletBalance: collateral,
                positions: [Position(market: "BTCUSDT", size: Quantity(units: size), entryPrice: entry)], openOrders: [])))
            keeper += shards[index].insuranceFund - start
            shards[index].commitInputGroup()
        }
        var mark: Int64 = 30_000
        for second in 1...120 {
            mark = max(5_000, mark + Int64.random(in: -900...700, using: &random))
            let input = Self.mark(mark, time: Int64(second))
            // Every shard applies the mark against the balance it read; they commit in turn.
            var starts: [WideMoney] = []
            for index in shards.indices {
                shards[index].openInputGroup()
                if shards[index].insuranceFund != keeper { _ = try shards[index].apply(EngineInput(time: Int64(second), .insuranceFund(balance: keeper.money!))) }
                starts.append(shards[index].insuranceFund)
                shards[index].resetLowestInsuranceFund()
                _ = try shards[index].apply(input)
            }
            for index in Array(shards.indices).shuffled(using: &random) {
                var start = starts[index]
                while true {
                    let drawdown = start - Swift.min(shards[index].lowestInsuranceFund, start)
                    if keeper >= drawdown {
                        keeper += shards[index].insuranceFund - start
                        shards[index].commitInputGroup()
                        break
                    }
                    refused += 1
                    shards[index].rollBackInputGroup()
                    shards[index].openInputGroup()
                    _ = try shards[index].apply(EngineInput(time: Int64(second), .insuranceFund(balance: keeper.money!)))
                    start = shards[index].insuranceFund
                    shards[index].resetLowestInsuranceFund()
                    _ = try shards[index].apply(input)
                }
                #expect(!keeper.isNegative)
                #expect(shards[index].checkInvariants().isEmpty, "\(shards[index].checkInvariants())")
            }
        }
        var held = WideMoney.zero, owed = WideMoney.zero
        for shard in shards {
            let money = shard.moneyTotals
            held += money.wallets + money.isolatedMargins + money.outsideMarket + money.unrecoveredLoss
            owed += money.externalNet - WideMoney(initial)
        }
        let activity = shards.reduce(WideMoney.zero) { $0 + $1.insuranceFund - WideMoney(initial) - $1.sharedFundTransfers }
        #expect(keeper == WideMoney(initial) + activity, "the shared fund holds every shard's committed takings and draws")
        #expect(held + keeper == owed + WideMoney(initial))
        #expect(refused > 0, "the shards' draws met on the fund at least once")
        #expect(shards.contains { $0.unrecoveredLoss.isNegative || !$0.sharedFundTransfers.isZero })
    }
}
