import LiquidusBook
import LiquidusCore

/// A key of the snapshot document (the field table names them).
struct SnapshotKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One stored property of the engine in the snapshot document: its key, how its value is written
/// (as a `Record`: decimal strings, arrays in a canonical order) and how it is read back into a
/// fresh engine. ``LiquidationEngine/snapshotFields`` lists them all.
struct SnapshotField {
    let key: SnapshotKey
    let write: (LiquidationEngine, inout KeyedEncodingContainer<SnapshotKey>) throws -> Void
    let read: (KeyedDecodingContainer<SnapshotKey>, inout LiquidationEngine) throws -> Void

    /// The property at `property`, written as `record(value)` and read back as `value(record)`.
    init<Value, Record: Codable>(
        _ name: String, _ property: WritableKeyPath<LiquidationEngine, Value>, record: @escaping (Value) -> Record,
        value: @escaping (Record) throws -> Value
    ) {
        let key = SnapshotKey(name)
        self.key = key
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

/// The ledger's buckets outside the accounts.
struct LedgerRecord: Codable {
    var insuranceFund: DecimalCoded<Money>
    var counterpartyCash: DecimalCoded<Money>
    var liquidatorCash: DecimalCoded<Money>

    init(_ ledger: Ledger) {
        insuranceFund = DecimalCoded(wrappedValue: ledger.insuranceFund)
        counterpartyCash = DecimalCoded(wrappedValue: ledger.counterpartyCash)
        liquidatorCash = DecimalCoded(wrappedValue: ledger.liquidatorCash)
    }

    var ledger: Ledger {
        Ledger(insuranceFund: insuranceFund.wrappedValue, counterpartyCash: counterpartyCash.wrappedValue, liquidatorCash: liquidatorCash.wrappedValue)
    }
}

/// An account as the engine holds it, with its liquidation history; read without validation
/// (``LiquidationEngine/init(restoring:policy:)`` validates it against the markets).
struct AccountRecord: Codable {
    var id: String
    var marginMode: String
    var walletBalance: DecimalCoded<Money>
    var positions: [PositionRecord]
    var openOrders: [OrderRecord]
    var history: HistoryRecord

    init(_ state: AccountState) {
        id = state.id
        marginMode = state.marginMode.rawValue
        walletBalance = DecimalCoded(wrappedValue: state.walletBalance)
        positions = state.positions.map(PositionRecord.init)
        openOrders = state.openOrders.map(OrderRecord.init)
        history = HistoryRecord(state.history)
    }

    func state() throws(ValidationError) -> AccountState {
        guard let mode = MarginMode(rawValue: marginMode) else {
            throw ValidationError(.wrongType, at: "marginMode", "must be cross or isolated")
        }
        return AccountState(
            id: id, marginMode: mode, walletBalance: walletBalance.wrappedValue, positions: positions.map(\.position),
            openOrders: openOrders.map(\.order), history: history.history)
    }
}

/// A ``LiquidationHistory``: `lastPartialAt` and `pendingClose` left out when absent.
struct HistoryRecord: Codable {
    struct Close: Codable {
        var market: String
        var plannedQuantity: DecimalCoded<Quantity>
        var remaining: DecimalCoded<Quantity>
        var childrenSent: Int
        var nextChildAt: Int64
        var targetMarginRatio: DecimalCoded<Rate>?
        var reason: String
    }

    var lastPartialAt: Int64?
    var window: Int64
    var closedNotionalInWindow: DecimalCoded<Money>
    var pendingClose: Close?

    init(_ history: LiquidationHistory) {
        lastPartialAt = history.lastPartialAt
        window = history.window
        closedNotionalInWindow = DecimalCoded(wrappedValue: history.closedNotionalInWindow)
        pendingClose = history.pendingClose.map { close in
            Close(
                market: close.market, plannedQuantity: DecimalCoded(wrappedValue: close.plannedQuantity),
                remaining: DecimalCoded(wrappedValue: close.remaining), childrenSent: close.childrenSent, nextChildAt: close.nextChildAt,
                targetMarginRatio: close.targetMarginRatio.map(DecimalCoded.init), reason: close.reason)
        }
    }

    var history: LiquidationHistory {
        LiquidationHistory(
            lastPartialAt: lastPartialAt, window: window, closedNotionalInWindow: closedNotionalInWindow.wrappedValue,
            pendingClose: pendingClose.map { close in
                PendingClose(
                    market: close.market, plannedQuantity: close.plannedQuantity.wrappedValue, remaining: close.remaining.wrappedValue,
                    childrenSent: close.childrenSent, nextChildAt: close.nextChildAt, targetMarginRatio: close.targetMarginRatio?.wrappedValue,
                    reason: close.reason)
            })
    }
}

extension AccountState {
    /// An account state from its fields, unvalidated (a snapshot's accounts are validated
    /// together once the markets are known).
    init(
        id: String, marginMode: MarginMode, walletBalance: Money, positions: [Position], openOrders: [OpenOrder], history: LiquidationHistory
    ) {
        self.id = id
        self.marginMode = marginMode
        self.walletBalance = walletBalance
        self.positions = positions
        self.openOrders = openOrders
        self.history = history
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
                for symbol in records.keys.sorted() {
                    do throws(ValidationError) {
                        let market = try engine.markets.market(symbol, at: "books.\(symbol)")
                        do throws(ValidationError) { books[symbol] = try records[symbol]!.book(of: market) } catch {
                            throw error.prefixed(by: "books.\(symbol)")
                        }
                    } catch {
                        throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.description)
                    }
                }
                engine.books = books
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

/// An order book's two sides as `[price, quantity]` pairs, best first.
struct BookRecord: Codable {
    var bids: [LevelRecord]
    var asks: [LevelRecord]

    init(_ book: OrderBook) {
        bids = book.bids.map(LevelRecord.init)
        asks = book.asks.map(LevelRecord.init)
    }

    func book(of market: Market) throws(ValidationError) -> OrderBook {
        try OrderBook(market: market, bids: bids.map(\.level), asks: asks.map(\.level))
    }
}

/// A market's volatility estimate (a statistic: `variance` is a JSON number, exact through its
/// shortest representation).
struct VolatilityRecord: Codable {
    var variance: Double
    var lastMark: DecimalCoded<Price>?
    var count: Int

    init(_ estimate: MarkVolatility) {
        variance = estimate.variance
        lastMark = estimate.lastMark.map { DecimalCoded(wrappedValue: Price(units: $0)) }
        count = estimate.count
    }

    var estimate: MarkVolatility {
        MarkVolatility(variance: variance, lastMark: lastMark?.wrappedValue.units, count: count)
    }
}
