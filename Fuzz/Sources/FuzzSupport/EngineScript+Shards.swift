import LiquidusCore
import LiquidusEngine

extension EngineScript {
    /// Another shard's ranking of `symbol`: up to four entries of random ranks and sizes (now and
    /// then out of queue order, off the grid or naming one of this engine's accounts: refused),
    /// an eligible quantity at or above their sum, a version that now and then repeats (refused).
    mutating func shardRanking(_ symbol: String) -> EngineInput.Action {
        guard let market = markets.first(where: { $0.symbol == symbol }) else { return .advanceTime }
        let price = engine.marks[symbol] ?? market.tickSize
        var entries: [ShardRanking.Entry] = []
        for index in 0..<generator.source.int(below: 5) {
            let account = generator.source.chance(10) ? generator.source.pick(Self.accounts) : "far\(index)"
            entries.append(ShardRanking.Entry(account: account, rank: generator.source.fraction(), quantity: generator.size(market, at: [price]).magnitude))
        }
        if generator.source.chance(80) { entries.sort { $0.rank != $1.rank ? $0.rank > $1.rank : $0.account < $1.account } }
        let listed = entries.reduce(Int128(0)) { $0 + Int128($1.quantity.units) }
        let extra = Int128(generator.source.int(below: 3)) * Int128(market.lotSize.units)
        let eligible = Quantity(units: Int64(Swift.min(listed + extra, Int128(Int64.max))))
        shardVersion += generator.source.chance(90) ? 1 : 0
        return .shardRanking(ShardRanking(
            shard: generator.source.int(below: 3), version: shardVersion, market: symbol, side: generator.source.chance(50) ? .long : .short,
            entries: entries, eligible: eligible))
    }

    /// An order forwarded by another shard for `symbol`: a random side and size, prices near the
    /// mark or anywhere, a sequence that now and then repeats (refused).
    mutating func forwardedOrder(_ symbol: String) -> EngineInput.Action {
        guard let market = markets.first(where: { $0.symbol == symbol }) else { return .advanceTime }
        shardVersion += generator.source.chance(90) ? 1 : 0
        let event = DeleveragingForwarded(
            shard: 0, liquidatedAccount: "far", market: symbol, side: generator.source.chance(50) ? .long : .short,
            quantity: generator.size(market, at: [engine.marks[symbol] ?? market.tickSize]).magnitude, bankruptcyPrice: nextMark(symbol),
            expectedPrice: nextMark(symbol), markPrice: engine.marks[symbol] ?? market.tickSize)
        return .forwardedDeleverage(ForwardedDeleverage(shard: 1 + generator.source.int(below: 2), sequence: shardVersion, event: event))
    }
}
