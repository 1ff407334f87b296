public import Foundation
public import LiquidusCore

/// One validated snapshot of a book, as `liquidus check` reads it (see
/// `docs/check-format.md`): markets, accounts, marks, optional depth, fund and policy.
///
/// Built only through ``init(json:)``/``init(document:)``, which check every field and report the
/// first problem with its JSON path; a value in hand is therefore consistent (every position has
/// a known market and a mark, sizes on the lot grid, notionals within `Limits`).
public struct CheckInput: Sendable {
    /// The venue preset named by `venue`, if any.
    public var venue: VenuePreset?
    /// The markets: the preset's, overridden by any given in `markets`.
    public var markets: MarketCatalog
    /// The accounts, in input order.
    public var accounts: [Account]
    /// Mark prices by symbol.
    public var markPrices: [String: Price]
    /// Index prices by symbol (optional): a market's price guard compares its mark with them.
    public var indexPrices: [String: Price]
    /// Order-book depth by symbol.
    public var orderBooks: [String: BookDepth]
    /// The insurance fund's balance, if given.
    public var insuranceFund: Money?
    /// The policy: the input's override, else the preset's, else Liquidus' default.
    public var policy: PolicySpecification

    /// Parses and validates a `check` document.
    public init(json data: Data) throws(ValidationError) {
        try self.init(document: JSONValue.parse(data))
    }

    /// Reads one `accounts[i]` object at `path` against `markets` and `marks`, exactly as
    /// ``init(document:)`` reads each account (the service's account import).
    /// - Complexity: O(positions × tiers + open orders).
    public static func account(_ value: JSONValue, at path: String, markets: MarketCatalog, marks: [String: Price]) throws(ValidationError) -> Account {
        try AccountInput.read(value, path, markets: markets, marks: marks)
    }

    /// Validates a parsed `check` document.
    public init(document: JSONValue) throws(ValidationError) {
        let root = try JSONObjectReader(
            document, at: "",
            known: ["venue", "markets", "accounts", "markPrices", "indexPrices", "orderBooks", "insuranceFund", "policy"])
        let venue = try root.optional("venue") { value, path throws(ValidationError) in
            let name = try JSONRead.string(value, path)
            guard let preset = VenuePreset.named(name) else {
                let names = VenuePreset.all.map(\.name).joined(separator: ", ")
                throw ValidationError(.unknownReference, at: path, "unknown venue \"\(name)\" (presets: \(names))")
            }
            return preset
        }
        var catalog = MarketCatalog(venue?.markets ?? [])
        let given = try root.optional("markets") { value, path throws(ValidationError) in
            try JSONRead.array(value, path, MarketInput.read)
        } ?? []
        var seen = Set<String>()
        for (index, market) in given.enumerated() {
            guard seen.insert(market.symbol).inserted else {
                throw ValidationError(.duplicate, at: "markets[\(index)].symbol", "market \(market.symbol) is defined twice")
            }
            catalog.insert(market)
        }
        let marks = try root.required("markPrices") { value, path throws(ValidationError) in
            try JSONRead.map(value, path, JSONRead.price)
        }
        for (symbol, _) in marks where catalog[symbol] == nil {
            _ = try catalog.market(symbol, at: "markPrices.\(symbol)")
        }
        let markPrices = Dictionary(uniqueKeysWithValues: marks)
        let indexes = try root.optional("indexPrices") { value, path throws(ValidationError) in
            try JSONRead.map(value, path, JSONRead.price)
        } ?? []
        for (symbol, _) in indexes { _ = try catalog.market(symbol, at: "indexPrices.\(symbol)") }
        let accounts = try root.required("accounts") { value, path throws(ValidationError) in
            try JSONRead.array(value, path) { value, path throws(ValidationError) in
                try AccountInput.read(value, path, markets: catalog, marks: markPrices)
            }
        }
        var ids = Set<String>()
        for (index, account) in accounts.enumerated() where !ids.insert(account.id).inserted {
            throw ValidationError(.duplicate, at: "accounts[\(index)].id", "account \"\(account.id)\" appears twice")
        }
        let books = try root.optional("orderBooks") { value, path throws(ValidationError) in
            try JSONRead.map(value, path) { value, path throws(ValidationError) in
                try BookDepth.read(value, path, markets: catalog)
            }
        } ?? []
        for (symbol, _) in books where catalog[symbol] == nil {
            _ = try catalog.market(symbol, at: "orderBooks.\(symbol)")
        }
        let fund = try root.optional("insuranceFund") { value, path throws(ValidationError) -> Money in
            let amount: Money = try JSONRead.decimal(value, path)
            guard !amount.isNegative, amount <= Limits.maxMoney else {
                throw ValidationError(.outOfRange, at: path, "must be ≥ 0 and at most \(Limits.maxMoney)")
            }
            return amount
        }
        let policy = try root.optional("policy", PolicyInput.read)
        self.venue = venue
        self.markets = catalog
        self.accounts = accounts
        self.markPrices = markPrices
        self.indexPrices = Dictionary(uniqueKeysWithValues: indexes)
        self.orderBooks = Dictionary(uniqueKeysWithValues: books)
        self.insuranceFund = fund
        self.policy = policy ?? venue?.policy ?? VenuePreset.liquidus.policy
    }
}
