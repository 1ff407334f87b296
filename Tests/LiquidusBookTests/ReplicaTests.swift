import LiquidusBook
import LiquidusCore
import LiquidusRandom
import LiquidusTestSupport
import Testing

/// Replicas are equal to their originals and share no storage with them.
@Suite struct ReplicaTests {
    /// The address of an array's storage.
    static func storage<Element>(_ array: [Element]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func marketReplicaIsEqualInStorageOfItsOwn() throws {
        let long = try Market(
            symbol: "A-VERY-LONG-PERPETUAL-SYMBOL", tickSize: BookFixtures.market.tickSize, lotSize: BookFixtures.market.lotSize,
            riskTiers: VenuePreset.liquidus.markets[0].riskTiers.tiers, liquidationFeeRate: BookFixtures.market.liquidationFeeRate,
            takerFeeRate: BookFixtures.market.takerFeeRate)
        for market in [long, VenuePreset.liquidus.markets[0]] {
            let replica = market.replica()
            #expect(replica == market)
            #expect(Self.storage(replica.riskTiers.tiers) != Self.storage(market.riskTiers.tiers))
            // A copy, by contrast, shares it.
            let copy = market
            #expect(Self.storage(copy.riskTiers.tiers) == Self.storage(market.riskTiers.tiers))
        }
        // A long symbol has storage of its own in the replica (a short one is stored inline).
        var replicated = long.replica().symbol, original = long.symbol
        let replicatedStorage = replicated.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        let originalStorage = original.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        #expect(replicated == original && replicatedStorage != nil && replicatedStorage != originalStorage)
        let catalog = MarketCatalog([long, BookFixtures.market])
        #expect(catalog.replica() == catalog)
    }

    @Test func bookReplicaIsEqualInStorageOfItsOwn() {
        var rng = SeededGenerator(seed: 11)
        let book = BookFixtures.randomBook(levels: 20, using: &rng)
        let replica = book.replica()
        #expect(replica == book)
        #expect(Self.storage(replica.bids) != Self.storage(book.bids))
        #expect(Self.storage(replica.asks) != Self.storage(book.asks))
        #expect(Self.storage(replica.market.riskTiers.tiers) != Self.storage(book.market.riskTiers.tiers))
        #expect([Int]().unshared().isEmpty && "".unshared().isEmpty)
    }
}
