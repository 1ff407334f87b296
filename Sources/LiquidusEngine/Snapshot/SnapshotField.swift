import LiquidusBook
import LiquidusCore

/// One stored property of the engine in the snapshot document: its key, how its value is written
/// (as a `Record`: decimal strings, arrays in a canonical order) and how it is read back into a
/// fresh engine. ``LiquidationEngine/snapshotFields`` lists them all.
struct SnapshotField {
    let key: SnapshotKey
    /// The first document format that has the field (an older document is read without it).
    var since = 1
    let write: (LiquidationEngine, inout KeyedEncodingContainer<SnapshotKey>) throws -> Void
    let read: (KeyedDecodingContainer<SnapshotKey>, inout LiquidationEngine) throws -> Void

    /// The property at `property`, written as `record(value)` and read back as `value(record)`.
    init<Value, Record: Codable>(
        _ name: String, _ property: WritableKeyPath<LiquidationEngine, Value>, since: Int = 1, record: @escaping (Value) -> Record,
        value: @escaping (Record) throws -> Value
    ) {
        let key = SnapshotKey(name)
        self.key = key
        self.since = since
        write = { engine, container in try container.encode(record(engine[keyPath: property]), forKey: key) }
        read = { container, engine in engine[keyPath: property] = try value(container.decode(Record.self, forKey: key)) }
    }

    /// A property whose value is its own record (an integer).
    init<Value: Codable>(_ name: String, _ property: WritableKeyPath<LiquidationEngine, Value>) {
        self.init(name, property, record: { $0 }, value: { $0 })
    }

    /// A fixed-point property, written as a decimal string.
    static func decimal<Value: FixedPointDecimal>(_ name: String, _ property: WritableKeyPath<LiquidationEngine, Value>) -> SnapshotField {
        SnapshotField(name, property, record: { DecimalCoded(wrappedValue: $0) }, value: \.wrappedValue)
    }

    /// A table of prices by market symbol, written as an object of decimal strings.
    static func prices(_ name: String, _ property: WritableKeyPath<LiquidationEngine, [String: Price]>) -> SnapshotField {
        SnapshotField(name, property, record: { $0.mapValues { DecimalCoded(wrappedValue: $0) } }, value: { $0.mapValues(\.wrappedValue) })
    }
}

extension SnapshotField {
    /// The engine's order books: `{"SYMBOL": {"bids": [[price, quantity], …], "asks": […]}}`,
    /// levels best first. Read after the markets, each book re-validated against its market
    /// (grids, order, not crossed) with the document path of a bad level.
    static var books: SnapshotField {
        let key = SnapshotKey("books")
        return SnapshotField(
            key: key,
            write: { engine, container in try container.encode(engine.books.mapValues(BookRecord.init), forKey: key) },
            read: { container, engine in
                let records = try container.decode([String: BookRecord].self, forKey: key)
                var books: [String: OrderBook] = [:]
                for (symbol, record) in records.sorted(by: { $0.key < $1.key }) {
                    do throws(ValidationError) {
                        let market = try engine.markets.market(symbol, at: "books.\(symbol)")
                        do throws(ValidationError) { books[symbol] = try record.book(of: market) } catch {
                            throw error.prefixed(by: "books.\(symbol)")
                        }
                    } catch {
                        throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.description)
                    }
                }
                engine.books = books
            })
    }

    /// The engine's ``ShardDeleveraging`` as `shards`: `{"rankings": [ShardRanking, …] (by
    /// market, side, shard), "applied": [{"shard": 1, "sequence": 812}, …]}`, absent when empty.
    /// Read after the markets, each ranking re-validated against its market.
    static var shards: SnapshotField {
        let key = SnapshotKey("shards")
        return SnapshotField(
            key: key,
            write: { engine, container in
                if !engine.shardDeleveraging.isEmpty { try container.encode(engine.shardDeleveraging.record, forKey: key) }
            },
            read: { container, engine in
                guard let record = try container.decodeIfPresent(ShardDeleveraging.Record.self, forKey: key) else { return }
                do throws(ValidationError) { engine.shardDeleveraging = try ShardDeleveraging(record, markets: engine.markets) } catch {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.prefixed(by: "shards").description)
                }
            })
    }

    init(
        key: SnapshotKey, write: @escaping (LiquidationEngine, inout KeyedEncodingContainer<SnapshotKey>) throws -> Void,
        read: @escaping (KeyedDecodingContainer<SnapshotKey>, inout LiquidationEngine) throws -> Void
    ) {
        self.key = key
        self.write = write
        self.read = read
    }
}
