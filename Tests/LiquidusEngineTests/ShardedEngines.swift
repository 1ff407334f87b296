import LiquidusCore
@testable import LiquidusEngine

/// Engines of the same venue, its accounts split over them as shards are (`shard(of:)`), driven
/// as the servers drive them: market-wide inputs to every shard, an account's to its own, the
/// rankings published from every shard to the others, and the deleverage orders a shard forwards
/// delivered to their targets in the forwarding log's order.
struct ShardedEngines {
    var engines: [LiquidationEngine]
    /// The shard of each account.
    let shard: (String) -> Int
    /// Every event of each shard, in its log's order.
    var events: [[EngineEvent]]
    /// How many of each shard's events have been read for orders to deliver.
    var delivered: [Int]
    /// The version of the last rankings published.
    var version: UInt64 = 0

    /// The shards `engines`, accounts placed by `shard`.
    init(_ engines: [LiquidationEngine], shard: @escaping (String) -> Int) {
        self.engines = engines
        self.shard = shard
        events = Array(repeating: [], count: engines.count)
        delivered = Array(repeating: 0, count: engines.count)
    }

    /// Applies `input` to shard `index` (checking its invariants) and keeps its events.
    @discardableResult
    mutating func apply(_ input: EngineInput, to index: Int) throws(ValidationError) -> [EngineEvent] {
        let produced = try engines[index].apply(input)
        events[index] += produced
        return produced
    }

    /// Applies `input` where it belongs: an account's input to the account's shard, any other to
    /// every shard (in `order`, all of them by default).
    mutating func apply(_ input: EngineInput, order: [Int]? = nil) throws(ValidationError) {
        if let account = input.action.account {
            try apply(input, to: shard(account))
        } else {
            for index in order ?? Array(engines.indices) { try apply(input, to: index) }
        }
    }

    /// Publishes every shard's ranking of both sides of `market` (its first `limit` entries) to
    /// every other shard, at `time`.
    mutating func publish(_ market: String, limit: Int = ShardRanking.maxEntries, at time: Int64) throws(ValidationError) {
        version += 1
        for source in engines.indices {
            for side in Side.allCases {
                guard let ranking = engines[source].ranking(of: market, side: side, shard: source, version: version, limit: limit) else { continue }
                for target in engines.indices where target != source {
                    try apply(EngineInput(time: time, .shardRanking(ranking)), to: target)
                }
            }
        }
    }

    /// Delivers every order forwarded since the last delivery to its target, in each forwarding
    /// log's order (shards ascending); returns how many.
    @discardableResult
    mutating func deliver(at time: Int64) throws(ValidationError) -> Int {
        var count = 0
        for source in engines.indices {
            let fresh = events[source][delivered[source]...]
            delivered[source] = events[source].count
            for target in engines.indices where target != source {
                for order in ForwardedDeleverage.orders(in: fresh, from: source, to: target) {
                    try apply(EngineInput(time: time, .forwardedDeleverage(order)), to: target)
                    count += 1
                }
            }
        }
        return count
    }

    /// The broken invariants of every shard, prefixed with its index.
    var brokenInvariants: [String] {
        engines.indices.flatMap { index in engines[index].checkInvariants().map { "shard \(index): \($0)" } }
    }

    /// Every shard's auto-deleveraging fills (with a counterparty), across shards.
    var fills: [AutoDeleveraged] {
        events.flatMap { $0.compactMap { if case .autoDeleveraged(let adl) = $0.payload, adl.counterparty != nil { adl } else { nil } } }
    }
}

extension EngineInput.Action {
    /// The account an account's input names.
    var account: String? {
        switch self {
        case .openAccount(let id, _), .setAccount(let id, _, _, _, _): id
        case .deposit(let id, _), .withdraw(let id, _), .fill(let id, _, _, _, _), .placeOrder(let id, _), .cancelOrder(let id, _): id
        default: nil
        }
    }
}
