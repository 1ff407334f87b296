// Replicas: equal values that share no storage with the original.
//
// Swift values share their arrays' and long strings' storage until one is mutated, and every
// copy of such a value changes that storage's reference count. When several threads read the
// same market data — planning closes for many accounts at once — those counts are written by
// every core, and the cache line holding them moves from core to core on each copy: in the W3
// benchmark two workers sharing one catalog and book planned no faster than one. Each worker
// planning against its own replica scales with the cores (see README, "Benchmarks").

extension Market {
    /// An equal market whose symbol and tier table share no storage with this one's, for a
    /// thread that reads it while others read the original (see the discussion above).
    public func replica() -> Market {
        Market(replicating: self)
    }
}

extension MarketCatalog {
    /// An equal catalog whose markets are ``Market/replica()``s, in storage of its own.
    public func replica() -> MarketCatalog {
        MarketCatalog(markets.values.map { $0.replica() })
    }
}

extension Array {
    /// An equal array in storage of its own (a plain copy shares the original's until one of them
    /// is mutated).
    package func unshared() -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }
}

extension String {
    /// An equal string in storage of its own (a string of up to 15 UTF-8 bytes is stored inline
    /// and has none).
    package func unshared() -> String {
        String(unsafeUninitializedCapacity: utf8.count) { buffer in buffer.initialize(fromContentsOf: utf8) }
    }
}
