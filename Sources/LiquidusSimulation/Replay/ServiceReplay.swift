public import LiquidusCore
import LiquidusCheck

/// A seeded crash as the service's write requests, in the order a client sends them: the
/// simulator's population as `PUT /v1/accounts/{id}` and its exogenous price path as one
/// `POST /v1/marks` per second, every market in it.
///
/// Second 0 sends the start marks, then every account open at the start; each later second
/// sends the accounts that open then (the generator's entries at that second's price) and then
/// that second's marks. An account's body is its `check` form: `walletBalance` is the deposit
/// less its isolated margins, each position with its entry price (and isolated margin). Marks
/// are the path's price on the market's tick (nearest, ties away from zero); request times are
/// engine milliseconds (`second × 1,000`).
///
/// The marks are the exogenous path, not the marks of a simulation run: a run's marks include
/// its own cascade's impact on the modelled books, which only one engine's liquidations cause.
/// No books are sent: a liquidation executes at the mark, so no account's fill depends on
/// another's (each shard's copy of a book is depleted only by its own closes).
public struct ServiceReplay: Sendable {
    /// One request.
    public struct Request: Sendable, Hashable {
        /// The second of the path it belongs to.
        public var second: Int
        /// `PUT` or `POST`.
        public var method: String
        /// `/v1/accounts/{id}` or `/v1/marks`.
        public var path: String
        /// The JSON body.
        public var body: String
        /// The account it writes (`nil` for marks, which every shard takes).
        public var account: String?
    }

    /// The requests, in order.
    public var requests: [Request]

    /// The requests that replay `population` along `scenario` on `markets`: each market follows
    /// the scenario asset its symbol starts with, else the first.
    /// - Complexity: O(accounts · positions + seconds · markets).
    public init(population: Population, markets: [Market], scenario: ScenarioPath) {
        let assets = markets.map { market in scenario.assets.firstIndex { market.symbol.hasPrefix($0.name) } ?? 0 }
        var arrivals: [Int: [Population.Member]] = [:]
        for member in population.members { arrivals[Int(member.openAt), default: []].append(member) }
        var requests: [Request] = []
        requests.reserveCapacity(population.members.count + scenario.seconds)
        for second in 0..<scenario.seconds {
            let marks = Self.marks(markets: markets, assets: assets, scenario: scenario, second: second)
            if second == 0 { requests.append(marks) }
            for member in arrivals[second] ?? [] { requests.append(Self.account(member, second: second)) }
            if second > 0 { requests.append(marks) }
        }
        self.requests = requests
    }

    /// `accounts` seeded accounts (``Population/generated(count:markets:scenario:seed:distribution:)``)
    /// replayed along `scenario` on `preset`'s own markets — the markets a server started with
    /// `--venue` lists: the scenario's assets the preset has no market for are left out.
    /// - Complexity: O(accounts + seconds · markets).
    public init(accounts: Int, seed: UInt64, on preset: VenuePreset, scenario: ScenarioPath) {
        var scenario = scenario
        scenario.assets = scenario.assets.filter { !SimulatedMarkets.market(for: $0.name, on: preset).derived }
        let markets = scenario.assets.map { SimulatedMarkets.market(for: $0.name, on: preset).market }
        let population = Population.generated(count: accounts, markets: markets, scenario: scenario, seed: seed)
        self.init(population: population, markets: markets, scenario: scenario)
    }

    /// The requests as JSON lines, one a request: `{"second", "method", "path", "account" (or
    /// `null`), "body"}`, the body as an object.
    public var jsonLines: String {
        var text = ""
        for request in requests {
            let account = request.account.map { JSONWriter.compact.string(JSONValue.string($0)) } ?? "null"
            text += "{\"second\":\(request.second),\"method\":\"\(request.method)\",\"path\":\(JSONWriter.compact.string(JSONValue.string(request.path))),"
            text += "\"account\":\(account),\"body\":\(request.body)}\n"
        }
        return text
    }

    /// `POST /v1/marks` for `second`.
    static func marks(markets: [Market], assets: [Int], scenario: ScenarioPath, second: Int) -> Request {
        var prices: [String: JSONValue] = [:]
        for (market, asset) in zip(markets, assets) {
            let price = BookModel.onTick(scenario.assets[asset].path.prices[second], market.tickSize.units, .toNearestOrAwayFromZero)
            prices[market.symbol] = .string(price.description)
        }
        let body: JSONValue = .object(["markPrices": .object(prices), "time": .string(String(Int64(second) * 1_000))])
        return Request(second: second, method: "POST", path: "/v1/marks", body: JSONWriter.compact.string(body), account: nil)
    }

    /// `PUT /v1/accounts/{id}` for `member`, opened at `second`.
    static func account(_ member: Population.Member, second: Int) -> Request {
        var isolated = Money.zero
        var positions: [JSONValue] = []
        for holding in member.holdings {
            var position: [String: JSONValue] = [
                "market": .string(holding.market), "size": .string(holding.size.description), "entryPrice": .string(holding.entryPrice.description),
            ]
            if member.marginMode == .isolated {
                position["isolatedMargin"] = .string(holding.isolatedMargin.description)
                isolated += holding.isolatedMargin
            }
            positions.append(.object(position))
        }
        let body: JSONValue = .object([
            "marginMode": .string(member.marginMode == .isolated ? "isolated" : "cross"),
            "walletBalance": .string((member.deposit - isolated).description), "positions": .array(positions),
            "time": .string(String(Int64(second) * 1_000)),
        ])
        return Request(second: second, method: "PUT", path: "/v1/accounts/\(member.id)", body: JSONWriter.compact.string(body), account: member.id)
    }
}
