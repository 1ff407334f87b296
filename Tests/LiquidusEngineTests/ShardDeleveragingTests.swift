import Foundation
import LiquidusCore
@testable import LiquidusEngine
import LiquidusRandom
import PropertyBased
import Testing

/// Auto-deleveraging across shards: the rankings the shards publish, the lots a takeover's shard
/// forwards to the others' candidates, the orders they apply exactly once — against one engine
/// holding every account, and money conserved in every shard.
@Suite struct ShardDeleveragingTests {
    /// Accounts `a0, a1, …` are on shard `i mod 3`; any other id on shard 0.
    static func shard(of id: String) -> Int { Int(id.dropFirst()).map { $0 % 3 } ?? 0 }

    static func fills(_ events: [EngineEvent]) -> [AutoDeleveraged] {
        events.compactMap { if case .autoDeleveraged(let adl) = $0.payload { adl } else { nil } }
    }

    static func forwarded(_ events: [EngineEvent]) -> [DeleveragingForwarded] {
        events.compactMap { if case .deleveragingForwarded(let event) = $0.payload { event } else { nil } }
    }

    /// Alice's long forwarded to shard 2: `quantity` at the bankruptcy price 920, unwound at 900.
    static func order(quantity: Quantity) -> DeleveragingForwarded {
        DeleveragingForwarded(
            shard: 2, liquidatedAccount: "alice", market: "TEST", side: .long, quantity: quantity, bankruptcyPrice: 920, expectedPrice: 900,
            markPrice: 900)
    }

    /// Expects `input` refused by `engine` with `code` at `path`.
    static func expectRefused(_ input: EngineInput, by engine: inout LiquidationEngine, at path: String, _ code: ValidationError.Code) {
        do {
            _ = try engine.apply(input)
            Issue.record("accepted \(input)")
        } catch {
            #expect(error.path == path && error.code == code, "\(error)")
        }
    }

    /// The inputs opening cross accounts `(id, deposit, size @ 1,000)` in TEST at mark 1,000.
    static func opening(_ accounts: [(String, Money, Quantity)]) -> [EngineInput] {
        accounts.flatMap { id, deposit, size in
            [
                EngineInput(time: 0, .openAccount(id: id, marginMode: .cross)), EngineInput(time: 0, .deposit(account: id, amount: deposit)),
                EngineInput(time: 0, .fill(account: id, market: "TEST", size: size, price: 1000, margin: 0)),
            ]
        }
    }

    /// One engine holding `accounts`, and three shards holding them split by ``shard(of:)``;
    /// each at mark 1,000, the fund `fund` in the single engine and in shard 0 (the liquidated
    /// account's).
    static func venue(fund: Money, _ accounts: [(String, Money, Quantity)]) throws -> (LiquidationEngine, ShardedEngines) {
        let genesis = LiquidationEngine(policy: Full(), markets: [Fixtures.test])
        var single = LiquidationEngine(policy: Full(), insuranceFund: fund, markets: [Fixtures.test])
        var shards = ShardedEngines([LiquidationEngine(policy: Full(), insuranceFund: fund, markets: [Fixtures.test]), genesis, genesis], shard: shard(of:))
        let mark = EngineInput(time: 0, .markPrice(market: "TEST", price: 1000))
        for input in [mark] + opening(accounts) {
            _ = try single.apply(input)
            try shards.apply(input)
        }
        return (single, shards)
    }

    /// Shard 0's alice (long 20 @ 1,000 with 1,600) is taken over at 920 when the mark falls to
    /// 900; the fund is empty, so all 20 lots go to ADL. The shorts' profit at 900 is 1,000 each;
    /// carol (shard 2, 1,000 of collateral) ranks first — `1,000 ÷ 1,000 × 450 ÷ 2,000 = 0.225` —
    /// and bob (shard 0, 3,000) second, `1,000 ÷ 3,000 × 450 ÷ 4,000 = 0.0375`. Shard 0 closes
    /// bob's 10 at 920 and forwards carol's 10 to shard 2 at 920, which closes carol there:
    /// realized `10 × (1,000 − 920) = 800` each (a haircut of 200 against the mark), as one
    /// engine closes them. The liquidator takes alice's lots at 920 and closes them at 920: no
    /// fund moves anywhere (alice's 1,600 covered her loss to 920).
    @Test func takeoverForwardsTheLotsThatFallToAnotherShard() throws {
        var (single, shards) = try Self.venue(fund: 0, [("alice", 1600, 20), ("a3", 3000, -10), ("a2", 1000, -10)])
        let crash = EngineInput(time: 1, .markPrice(market: "TEST", price: 900))
        let expected = Self.fills(try single.apply(crash))
        #expect(expected.map(\.counterparty) == ["a2", "a3"])

        try shards.apply(crash, to: 1)
        try shards.apply(crash, to: 2)
        try shards.publish("TEST", at: 1)
        let events = try shards.apply(crash, to: 0)
        #expect(Self.fills(events).map(\.counterparty) == ["a3"])
        let forwarded = Self.forwarded(events)
        #expect(forwarded == [DeleveragingForwarded(
            shard: 2, liquidatedAccount: "alice", market: "TEST", side: .long, quantity: 10, bankruptcyPrice: 920, expectedPrice: 900,
            markPrice: 900)])
        #expect(try shards.deliver(at: 1) == 1)
        let closed = Self.fills(shards.events[2])
        #expect(closed.map(\.counterparty) == ["a2"] && closed.first?.price == 920 && closed.first?.realizedPnl == 800)
        #expect(closed.first?.rank == expected.first?.rank)
        for id in ["alice", "a2", "a3"] { #expect(shards.engines[Self.shard(of: id)].account(id) == single.account(id), "\(id)") }
        #expect(closed.first?.haircut == 200)
        #expect(shards.engines.map(\.insuranceFund) == [0, 0, 0] && single.insuranceFund == 0)
        #expect(shards.engines.map(\.counterpartyCash).reduce(WideMoney.zero, +) == single.counterpartyCash)
        #expect(shards.brokenInvariants.isEmpty)
        // The lots forwarded are taken off the ranking kept: carol's entry is gone.
        #expect(shards.engines[0].shardRankings.first { $0.shard == 2 && $0.side == .short }?.entries.isEmpty != false)
    }

    /// Equal ranks go by account id across shards, as in one engine: three identical shorts of 8
    /// lots — a2 on shard 2, a3 on shard 0 (alice's), a4 on shard 1 — take alice's 20 lots as
    /// 8, 8 and 4 in id order.
    @Test func tiesGoByAccountAcrossShards() throws {
        var (single, shards) = try Self.venue(fund: 0, [("alice", 1600, 20), ("a2", 2000, -8), ("a3", 2000, -8), ("a4", 2000, -8)])
        let crash = EngineInput(time: 1, .markPrice(market: "TEST", price: 900))
        let expected = Self.fills(try single.apply(crash))
        #expect(expected.map(\.counterparty) == ["a2", "a3", "a4"] && expected.map(\.quantity) == [8, 8, 4])
        try shards.apply(crash, order: [1, 2])
        try shards.publish("TEST", at: 1)
        let events = try shards.apply(crash, to: 0)
        #expect(Self.forwarded(events).map(\.shard) == [1, 2] && Self.forwarded(events).map(\.quantity) == [4, 8])
        try shards.deliver(at: 1)
        #expect(shards.fills.map(\.counterparty) == ["a3", "a4", "a2"] && shards.fills.map(\.quantity) == [8, 4, 8])
        #expect(shards.brokenInvariants.isEmpty)
    }

    /// One engine against the same accounts on three shards, over random books: a liquidated
    /// account on shard 0 whose takeover the fund cannot carry, opposing positions of random
    /// sizes and collateral (ties among copies) on every shard. With the others' rankings
    /// published after they took the crash's mark, the fills — counterparty, quantity, price,
    /// realized PnL, haircut, rank (all but the audit `shortfall`, which a target reckons on the
    /// part forwarded to it and its own fund) — are the single engine's, in its queue order once sorted by rank then
    /// id; every account ends as in the single engine; the shards' funds, unrecovered losses and
    /// outside cash add up to the single engine's; every shard conserves money after every input.
    @Test func shardsDeleverageAsOneEngine() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SeededGenerator(seed: UInt64(seed))
            let lots = Int.random(in: 5...40, using: &random)
            var accounts: [(String, Money, Quantity)] = [("x", Money(lots * Int.random(in: 10...90, using: &random)), Quantity(lots))]
            for index in 0..<Int.random(in: 4...40, using: &random) {
                if index > 0, Int.random(in: 0..<4, using: &random) == 0, let (_, deposit, size) = accounts.last {
                    accounts.append(("a\(index)", deposit, size))  // a copy: the same rank, ties by id
                    continue
                }
                let size = Int.random(in: 1...12, using: &random) * (Int.random(in: 0..<3, using: &random) == 0 ? 1 : -1)
                accounts.append(("a\(index)", Money(abs(size) * Int.random(in: 200...3_000, using: &random)), Quantity(size)))
            }
            let fund = Money(Int.random(in: 0...(lots * 10), using: &random))
            var (single, shards) = try Self.venue(fund: fund, accounts)
            let crash = EngineInput(time: 1, .markPrice(market: "TEST", price: 900))
            let expected = Self.fills(try single.apply(crash))
            try shards.apply(crash, order: [1, 2])
            try shards.publish("TEST", at: 1)
            try shards.apply(crash, to: 0)
            try shards.deliver(at: 1)
            #expect(shards.brokenInvariants.isEmpty)

            func withoutShortfall(_ fills: [AutoDeleveraged]) -> [AutoDeleveraged] {
                fills.filter { $0.counterparty != nil }.map { fill in
                    var fill = fill
                    fill.shortfall = nil
                    return fill
                }
            }
            let matched = withoutShortfall(expected)
            #expect(matched == matched.sorted { $0.rank != $1.rank ? $0.rank > $1.rank : $0.counterparty! < $1.counterparty! })
            let byRank = withoutShortfall(shards.fills).sorted { $0.rank != $1.rank ? $0.rank > $1.rank : $0.counterparty! < $1.counterparty! }
            #expect(byRank == matched, "seed \(seed)")
            let unmatched = { (fills: [AutoDeleveraged]) in fills.filter { $0.counterparty == nil }.map(\.quantity) }
            #expect(unmatched(shards.events.flatMap(Self.fills)) == unmatched(expected))
            for (id, _, _) in accounts { #expect(shards.engines[Self.shard(of: id)].account(id) == single.account(id), "\(id), seed \(seed)") }
            #expect(shards.engines.reduce(WideMoney.zero) { $0 + $1.insuranceFund } == single.insuranceFund)
            #expect(shards.engines.reduce(WideMoney.zero) { $0 + $1.unrecoveredLoss } == single.unrecoveredLoss)
            #expect(shards.engines.reduce(WideMoney.zero) { $0 + $1.counterpartyCash } == single.counterpartyCash)
            #expect(shards.engines.reduce(WideMoney.zero) { $0 + $1.externalNet } == single.externalNet)
        }
    }

    /// Rankings cut to their first 2 entries: the lots beyond every listed entry go to the
    /// shards' unlisted quantity (shards ascending) rather than to the market, so as much is
    /// deleveraged as by one engine — who takes them may differ (documented), money is conserved
    /// in every shard and the totals still add up.
    @Test func shortRankingsStillPlaceEveryLot() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SeededGenerator(seed: UInt64(seed))
            let lots = Int.random(in: 20...60, using: &random)
            var accounts: [(String, Money, Quantity)] = [("x", Money(lots * 20), Quantity(lots))]
            for index in 0..<Int.random(in: 9...30, using: &random) {
                let size = Int.random(in: 1...6, using: &random)
                accounts.append(("a\(index)", Money(size * Int.random(in: 200...3_000, using: &random)), Quantity(-size)))
            }
            var (single, shards) = try Self.venue(fund: 0, accounts)
            let crash = EngineInput(time: 1, .markPrice(market: "TEST", price: 900))
            let expected = Self.fills(try single.apply(crash))
            try shards.apply(crash, order: [1, 2])
            try shards.publish("TEST", limit: 2, at: 1)
            try shards.apply(crash, to: 0)
            try shards.deliver(at: 1)
            #expect(shards.brokenInvariants.isEmpty)
            let placed = { (fills: [AutoDeleveraged]) in fills.filter { $0.counterparty != nil }.reduce(Quantity.zero) { $0 + $1.quantity } }
            #expect(placed(shards.fills) == placed(expected), "seed \(seed)")
            #expect(shards.engines.reduce(WideMoney.zero) { $0 + $1.insuranceFund + $1.unrecoveredLoss } == single.insuranceFund + single.unrecoveredLoss)
        }
    }

    /// A stale ranking: shard 2's carol closes 6 of her 10 lots after publishing, so the 10
    /// forwarded to her find 4; shard 2 has no other short, and unwinds the other 6 at the
    /// order's expected price 900 — a loss of 6 × 20 = 120 its empty fund cannot pay
    /// (unrecovered), where one engine would have closed them against bob. Money is conserved in
    /// both shards.
    @Test func staleRankingUnwindsWhatTheTargetCannotTake() throws {
        var (_, shards) = try Self.venue(fund: 0, [("alice", 1600, 20), ("a3", 3000, -10), ("a2", 1000, -10)])
        let crash = EngineInput(time: 1, .markPrice(market: "TEST", price: 900))
        try shards.apply(crash, order: [1, 2])
        try shards.publish("TEST", at: 1)
        try shards.apply(EngineInput(time: 1, .fill(account: "a2", market: "TEST", size: 6, price: 900, margin: 0)))
        try shards.apply(crash, to: 0)
        try shards.deliver(at: 1)
        let closed = Self.fills(shards.events[2])
        #expect(closed.map(\.counterparty) == ["a2", nil])
        #expect(closed.map(\.quantity) == [4, 6])
        #expect(closed.last?.price == 900 && closed.last?.unrecoveredLoss == 120)
        #expect(shards.engines[2].unrecoveredLoss == -120)
        #expect(shards.brokenInvariants.isEmpty)
    }

    /// A ranking applies once per version: after shard 0 forwarded carol's 10 lots against it,
    /// the same ranking read again is refused (`duplicate`) — it would hand back the lots already
    /// taken off it — and a later version replaces it.
    @Test func rankingsApplyOncePerVersion() throws {
        var (_, shards) = try Self.venue(fund: 0, [("alice", 1600, 20), ("a3", 3000, -10), ("a2", 1000, -10)])
        let crash = EngineInput(time: 1, .markPrice(market: "TEST", price: 900))
        try shards.apply(crash, order: [1, 2])
        let published = shards.engines[2].ranking(of: "TEST", side: .short, shard: 2, version: 5, limit: 10)
        let carol = try #require(published)
        try shards.apply(EngineInput(time: 1, .shardRanking(carol)), to: 0)
        try shards.apply(crash, to: 0)
        #expect(shards.engines[0].shardRankings.first { $0.shard == 2 }?.eligible == 0)
        Self.expectRefused(EngineInput(time: 1, .shardRanking(carol)), by: &shards.engines[0], at: "ranking.version", .duplicate)
        var later = carol
        later.version = 6
        try shards.apply(EngineInput(time: 1, .shardRanking(later)), to: 0)
        #expect(shards.engines[0].shardRankings.first { $0.shard == 2 }?.eligible == 10)
        // A market listed again empties the rankings of its market but keeps their versions.
        try shards.apply(EngineInput(time: 1, .registerMarket(Fixtures.test)), to: 0)
        let emptied = shards.engines[0].shardRankings.first { $0.shard == 2 }
        #expect(emptied?.version == 6 && emptied?.eligible == 0 && emptied?.entries.isEmpty == true)
        Self.expectRefused(EngineInput(time: 1, .shardRanking(later)), by: &shards.engines[0], at: "ranking.version", .duplicate)
        #expect(shards.brokenInvariants.isEmpty)
    }

    /// A forwarded order applies once: the same order again, or an older one of its shard, is
    /// refused (`duplicate`) and changes nothing; a later one applies.
    @Test func forwardedOrdersApplyExactlyOnce() throws {
        var (_, shards) = try Self.venue(fund: 0, [("a2", 1000, -10), ("a5", 1000, -10)])
        try shards.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 900)))
        let order = ForwardedDeleverage(shard: 0, sequence: 7, event: Self.order(quantity: 3))
        let first = Self.fills(try shards.apply(EngineInput(time: 1, .forwardedDeleverage(order)), to: 2))
        #expect(first.map(\.counterparty) == ["a2"] && first.map(\.quantity) == [3])
        #expect(shards.engines[2].appliedForwardedOrders == [0: 7])
        let hash = shards.engines[2].stateHash
        for sequence: UInt64 in [7, 3] {
            var again = order
            again.sequence = sequence
            #expect(throws: ValidationError(.duplicate, at: "order.sequence", "shard 0's orders up to 7 are applied already")) {
                try shards.apply(EngineInput(time: 1, .forwardedDeleverage(again)), to: 2)
            }
            #expect(shards.engines[2].stateHash == hash)
        }
        var later = order
        later.sequence = 9
        #expect(Self.fills(try shards.apply(EngineInput(time: 1, .forwardedDeleverage(later)), to: 2)).map(\.quantity) == [3])
        // Another shard's sequence is its own.
        later.shard = 1
        later.sequence = 1
        _ = try shards.apply(EngineInput(time: 1, .forwardedDeleverage(later)), to: 2)
        #expect(shards.engines[2].appliedForwardedOrders == [0: 9, 1: 1])
        #expect(shards.brokenInvariants.isEmpty)
    }

    /// A forwarded order is deleveraged against this shard's queue only: the rankings it holds
    /// of other shards are not used for it (no order travels on).
    @Test func forwardedOrdersAreNotForwardedAgain() throws {
        var (_, shards) = try Self.venue(fund: 0, [("a1", 1000, -2), ("a2", 1000, -10)])
        try shards.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 900)))
        try shards.publish("TEST", at: 1)
        let order = ForwardedDeleverage(shard: 0, sequence: 1, event: Self.order(quantity: 5))
        let events = try shards.apply(EngineInput(time: 1, .forwardedDeleverage(order)), to: 1)
        #expect(Self.forwarded(events).isEmpty)
        #expect(Self.fills(events).map(\.counterparty) == ["a1", nil])
        #expect(Self.fills(events).map(\.quantity) == [2, 3])
        #expect(shards.brokenInvariants.isEmpty)
    }

    /// The pro-rata mechanisms stay shard-local: a takeover's shard deleverages its own accounts
    /// whatever the others publish.
    @Test func proRataIsShardLocal() throws {
        var engine = LiquidationEngine(policy: Full(), markets: [Fixtures.test], deleveraging: .proRata)
        for input in [EngineInput(time: 0, .markPrice(market: "TEST", price: 1000))] + Self.opening([("alice", 1600, 20), ("bob", 3000, -20)]) {
            _ = try engine.apply(input)
        }
        let ranking = ShardRanking(shard: 1, version: 1, market: "TEST", side: .short, entries: [.init(account: "a1", rank: 100, quantity: 20)], eligible: 20)
        _ = try engine.apply(EngineInput(time: 1, .shardRanking(ranking)))
        let events = try engine.apply(EngineInput(time: 1, .markPrice(market: "TEST", price: 900)))
        #expect(Self.forwarded(events).isEmpty)
        #expect(Self.fills(events).map(\.counterparty) == ["bob"])
        #expect(engine.checkInvariants().isEmpty)
    }

    /// Bad rankings and orders are refused with the path of the field, changing nothing.
    @Test func badInputsAreRefusedWithTheirPath() throws {
        let (_, shards) = try Self.venue(fund: 0, [("a1", 1000, -2)])
        var engine = shards.engines[1]
        let hash = engine.stateHash
        let entry = ShardRanking.Entry(account: "a2", rank: 1, quantity: 1)
        let rankings: [(ShardRanking, String, ValidationError.Code)] = [
            (ShardRanking(shard: -1, version: 1, market: "TEST", side: .short, entries: [], eligible: 1), "ranking.shard", .outOfRange),
            (ShardRanking(shard: 0, version: 1, market: "NOPE", side: .short, entries: [], eligible: 1), "ranking.market", .unknownReference),
            (ShardRanking(shard: 0, version: 1, market: "TEST", side: .short, entries: [entry, entry], eligible: 2), "ranking.entries[1]", .inconsistent),
            (ShardRanking(shard: 0, version: 1, market: "TEST", side: .short, entries: [.init(account: "a2", rank: 1, quantity: 0)], eligible: 0), "ranking.entries[0].quantity", .outOfRange),
            (ShardRanking(shard: 0, version: 1, market: "TEST", side: .short, entries: [.init(account: "a2", rank: -1, quantity: 1)], eligible: 1), "ranking.entries[0].rank", .outOfRange),
            (ShardRanking(shard: 0, version: 1, market: "TEST", side: .short, entries: [.init(account: "", rank: 1, quantity: 1)], eligible: 1), "ranking.entries[0].account", .missingField),
            (ShardRanking(shard: 0, version: 1, market: "TEST", side: .short, entries: [entry], eligible: 0), "ranking.eligible", .inconsistent),
            (ShardRanking(shard: 0, version: 1, market: "TEST", side: .short, entries: [.init(account: "a2", rank: 1, quantity: Quantity("0.5")!)], eligible: 1), "ranking.entries[0].quantity", .notOnGrid),
            (ShardRanking(shard: 0, version: 1, market: "TEST", side: .short, entries: [.init(account: "a1", rank: 1, quantity: 1)], eligible: 1), "ranking.entries[0].account", .inconsistent),
        ]
        for (ranking, path, code) in rankings { Self.expectRefused(EngineInput(time: 1, .shardRanking(ranking)), by: &engine, at: path, code) }
        let good = ForwardedDeleverage(shard: 0, sequence: 1, event: Self.order(quantity: 1))
        var orders: [(ForwardedDeleverage, String, ValidationError.Code)] = []
        var order = good
        order.shard = ShardRanking.maxShards
        orders.append((order, "order.shard", .outOfRange))
        order = good
        order.event.market = "NOPE"
        orders.append((order, "order.event.market", .unknownReference))
        order = good
        order.event.quantity = 0
        orders.append((order, "order.event.quantity", .outOfRange))
        order = good
        order.event.bankruptcyPrice = 0
        orders.append((order, "order.event.bankruptcyPrice", .outOfRange))
        order = good
        order.event.liquidatedAccount = "a1"
        orders.append((order, "order.event.liquidatedAccount", .inconsistent))
        for (order, path, code) in orders { Self.expectRefused(EngineInput(time: 1, .forwardedDeleverage(order)), by: &engine, at: path, code) }
        #expect(engine.stateHash == hash)
    }

    /// The inputs and the event in the log's JSON and back; the rankings and applied orders in
    /// the state hash and the snapshot — which leaves them out while there are none, so an
    /// engine of one shard writes and hashes as before.
    @Test func rankingsAndOrdersAreLoggedHashedAndSnapshotted() throws {
        var (_, shards) = try Self.venue(fund: 0, [("alice", 1600, 20), ("a3", 3000, -10), ("a2", 1000, -10)])
        let crash = EngineInput(time: 1, .markPrice(market: "TEST", price: 900))
        try shards.apply(crash, order: [1, 2])
        let before = try SnapshotTests.encoder.encode(shards.engines[0].snapshot())
        #expect(!String(decoding: before, as: UTF8.self).contains("\"shards\""))
        let hash = shards.engines[0].stateHash
        try shards.publish("TEST", at: 1)
        #expect(shards.engines[0].stateHash != hash)
        let events = try shards.apply(crash, to: 0)
        try shards.deliver(at: 1)

        let inputs = [
            EngineInput(time: 1, .shardRanking(shards.engines[2].ranking(of: "TEST", side: .short, shard: 2, version: 99, limit: 5)!)),
            EngineInput(time: 1, .forwardedDeleverage(ForwardedDeleverage.orders(in: events, from: 0, to: 2)[0])),
        ]
        for input in inputs {
            let data = try SnapshotTests.encoder.encode(input)
            #expect(try JSONDecoder().decode(EngineInput.self, from: data) == input, "\(String(decoding: data, as: UTF8.self))")
        }
        let forwarded = try #require(events.first { $0.payload.type == "deleveragingForwarded" })
        let eventJSON = try SnapshotTests.encoder.encode(forwarded)
        #expect(try JSONDecoder().decode(EngineEvent.self, from: eventJSON) == forwarded)
        #expect(String(decoding: eventJSON, as: UTF8.self).contains(#""side":"long""#))

        for index in [0, 2] {
            let restored = try SnapshotTests.roundTrip(shards.engines[index])
            #expect(restored.stateHash == shards.engines[index].stateHash)
            #expect(restored.shardRankings == shards.engines[index].shardRankings)
            #expect(restored.appliedForwardedOrders == shards.engines[index].appliedForwardedOrders)
        }
        #expect(shards.engines[2].appliedForwardedOrders == [0: forwarded.sequence])
    }

    /// Random paths (fills, marks and crashes, books, deposits, orders under every policy) with
    /// other shards' rankings and forwarded orders of random figures mixed in: money is conserved
    /// after every input; the rankings kept per market and side give the same events and state
    /// hash as a scan of every account for each order; a snapshot taken at the end restores the
    /// same state, rankings and applied orders. The paths must forward and receive lots.
    @Test func randomPathsWithOtherShardsKeepTheInvariants() throws {
        var (forwarded, received) = (0, 0)
        for seed in 0..<6 {
            let counts = try Self.randomPathWithOtherShards(seed: seed)
            forwarded += counts.forwarded
            received += counts.received
        }
        #expect(forwarded >= 10 && received >= 300, "forwarded \(forwarded), received \(received)")
    }

    /// One path of ``randomPathsWithOtherShardsKeepTheInvariants()``; returns the forwarding
    /// events and the forwarded orders applied.
    static func randomPathWithOtherShards(seed: Int) throws -> (forwarded: Int, received: Int) {
        var random = SeededGenerator(seed: UInt64(90_210 + seed))
        var inputs: [EngineInput] = []
        var sequence: [Int: UInt64] = [1: 0, 2: 0]
        var marks: [String: Int64] = ["TEST": 1000, "BTCLOW": 300_000]
        for input in EnginePropertyTests.path(seed: 7_700 + seed, steps: 700, books: true) {
            inputs.append(input)
            if case .markPrice(let symbol, let price) = input.action { marks[symbol] = price.units / (symbol == "TEST" ? Fixtures.test : Fixtures.btcLowFee).tickSize.units }
            guard input.time > 0, Int.random(in: 0..<6, using: &random) == 0 else { continue }
            let market = Bool.random(using: &random) ? Fixtures.test : Fixtures.btcLowFee
            let lot = market.lotSize.units, tick = market.tickSize.units
            let lots: ClosedRange<Int64> = market.symbol == "TEST" ? 1...12 : 100...2000
            let shard = Int.random(in: 1...2, using: &random)
            if Bool.random(using: &random) {
                var rank = Int64.random(in: 1...400_000_000, using: &random)
                var entries: [ShardRanking.Entry] = []
                for index in 0..<Int.random(in: 0...5, using: &random) {
                    entries.append(.init(account: "s\(shard)-\(index)", rank: Rate(units: rank), quantity: Quantity(units: Int64.random(in: lots, using: &random) * lot)))
                    rank -= Int64.random(in: 1...rank, using: &random) / 2
                }
                let listed = entries.reduce(Int64(0)) { $0 + $1.quantity.units }
                let eligible = Quantity(units: listed + Int64.random(in: 0...2, using: &random) * lots.upperBound * lot)
                let side: Side = Bool.random(using: &random) ? .long : .short
                inputs.append(EngineInput(time: input.time, .shardRanking(ShardRanking(shard: shard, version: UInt64(inputs.count), market: market.symbol, side: side, entries: entries, eligible: eligible))))
            } else {
                sequence[shard, default: 0] += UInt64.random(in: 1...3, using: &random)
                let mark = marks[market.symbol]!
                let event = DeleveragingForwarded(
                    shard: 0, liquidatedAccount: "far", market: market.symbol, side: Bool.random(using: &random) ? .long : .short,
                    quantity: Quantity(units: Int64.random(in: lots, using: &random) * lot),
                    bankruptcyPrice: Price(units: (mark + Int64.random(in: -(mark / 10)...(mark / 10), using: &random)) * tick),
                    expectedPrice: Price(units: (mark + Int64.random(in: -(mark / 20)...(mark / 20), using: &random)) * tick), markPrice: Price(units: mark * tick))
                inputs.append(EngineInput(time: input.time, .forwardedDeleverage(ForwardedDeleverage(shard: shard, sequence: sequence[shard]!, event: event))))
            }
        }
        var kept = LiquidationEngine(policy: EnginePropertyTests.policies[seed % EnginePropertyTests.policies.count], markets: [Fixtures.test])
        var scan = kept
        scan.deleveragingByFullScan = true
        var (forwarded, received) = (0, 0)
        for (index, input) in inputs.enumerated() {
            let events = kept.applyExpectingSameOutcome(input, as: &scan, at: index)
            forwarded += Self.forwarded(events).count
            if case .forwardedDeleverage = input.action, !events.isEmpty { received += 1 }
            let broken = kept.checkInvariants()
            #expect(broken.isEmpty, "input \(index): \(broken)")
            if !broken.isEmpty { return (forwarded, received) }
        }
        let restored = try SnapshotTests.roundTrip(kept)
        #expect(restored.stateHash == kept.stateHash)
        #expect(restored.shardRankings == kept.shardRankings && restored.appliedForwardedOrders == kept.appliedForwardedOrders)
        return (forwarded, received)
    }
}
