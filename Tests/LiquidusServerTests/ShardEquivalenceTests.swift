import LiquidusCore
import LiquidusEngine
import LiquidusRandom
import LiquidusServer
import Testing

/// The same inputs through one engine and through three shards' engines, the accounts split by
/// the shard map and every shard taking every mark: each account ends in the same state, with
/// the same liquidation events, and the fund's takings add up — as long as nothing couples
/// accounts across shards (here: execution at the mark, a fund that never runs dry, so no ADL).
@Suite struct ShardEquivalenceTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func threeShardsLiquidateAsOneEngine(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let market = try #require(VenuePreset.named("bybit")?.markets.first { $0.symbol == "BTCUSDT" })
        let fund = Money(1_000_000_000)
        let make = { LiquidationEngine(policy: RestoreMarginRatio(target: Rate(units: 80_000_000)), insuranceFund: fund, markets: [market]) }
        let map = try #require(ShardMap(count: 3))
        var one = make()
        var shards = [make(), make(), make()]
        func everywhere(_ input: EngineInput) throws {
            _ = try one.apply(input)
            for index in shards.indices { _ = try shards[index].apply(input) }
        }
        var events: [String: [String]] = [:], shardEvents: [String: [String]] = [:]
        try everywhere(EngineInput(time: 0, .markPrice(market: "BTCUSDT", price: Price(30_000))))
        let ids = (0..<240).map { "trader-\($0)" }
        for id in ids {
            let size = Quantity(units: Int64.random(in: 10...2_000, using: &random) * 100_000 * (Bool.random(using: &random) ? 1 : -1))
            let entry = Price(units: Int64.random(in: 28_500...31_500, using: &random) * 100_000_000)
            let collateral = Money.notional(of: size, at: entry, .up).divided(by: Rate(units: Int64.random(in: 5...40, using: &random) * 100_000_000), .up)
            let isolated = Bool.random(using: &random)
            let input = EngineInput(time: 0, .setAccount(
                id: id, marginMode: isolated ? .isolated : .cross, walletBalance: isolated ? .zero : collateral,
                positions: [Position(market: "BTCUSDT", size: size, entryPrice: entry, isolatedMargin: isolated ? collateral : nil)], openOrders: []))
            _ = try one.apply(input)
            _ = try shards[map.shard(of: id)].apply(input)
        }
        var mark: Int64 = 30_000
        for second in 1...400 {
            mark = max(1_000, mark + Int64.random(in: -300...290, using: &random))
            let input = EngineInput(time: Int64(second) * 1_000, .markPrice(market: "BTCUSDT", price: Price(units: mark * 100_000_000)))
            for event in try one.apply(input) { if let (account, type) = Self.about(event) { events[account, default: []].append(type) } }
            for index in shards.indices {
                for event in try shards[index].apply(input) { if let (account, type) = Self.about(event) { shardEvents[account, default: []].append(type) } }
            }
        }
        #expect(events.values.contains { $0.contains("positionTakenOver") } && events.values.contains { $0.contains("partialLiquidation") })
        for id in ids {
            let shard = shards[map.shard(of: id)]
            #expect(one.account(id) == shard.account(id), "\(id)")
            #expect(one.history(of: id) == shard.history(of: id), "\(id)")
            #expect(events[id] == shardEvents[id], "\(id)")
        }
        let takings = shards.reduce(WideMoney.zero) { $0 + $1.insuranceFund - WideMoney(fund) }
        #expect(one.insuranceFund - WideMoney(fund) == takings)
        #expect(events.values.allSatisfy { !$0.contains("autoDeleveraged") })
    }

    /// The account an event is about and its type, for the account's own liquidation events.
    static func about(_ event: EngineEvent) -> (String, String)? {
        switch event.payload {
        case .liquidationTriggered(let e): (e.account, event.payload.type)
        case .partialLiquidation(let e): (e.account, event.payload.type)
        case .positionTakenOver(let e): (e.account, event.payload.type)
        case .liquidationResolved(let e): (e.account, event.payload.type)
        case .autoDeleveraged(let e): (e.liquidatedAccount, event.payload.type)
        default: nil
        }
    }
}
