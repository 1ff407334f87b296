public import LiquidusBook
public import LiquidusCore

/// One input to the engine: what happened, and when.
///
/// Time is a field of every input, in the engine's ``LiquidusCore/TimeUnit`` (milliseconds, or
/// seconds for a log that records none); the engine reads no clock. Times must not go back; equal
/// times are allowed (several inputs at one instant).
public struct EngineInput: Hashable, Sendable {
    /// The time of the input, in the engine's time unit.
    public var time: Int64
    /// What happened.
    public var action: Action

    /// Creates an input.
    public init(time: Int64, _ action: Action) {
        self.time = time
        self.action = action
    }

    /// The kinds of input.
    public enum Action: Hashable, Sendable {
        /// Adds a market, or replaces the one with the same symbol (every account must stay valid).
        case registerMarket(Market)
        /// Adds or replaces several markets at once, in order (a later one with the same symbol
        /// wins); every account must stay valid. One catalog copy and one rebuild of the monitors
        /// for the whole list, where as many `registerMarket` inputs would take one each.
        case registerMarkets([Market])
        /// Opens an empty account.
        case openAccount(id: String, marginMode: MarginMode)
        /// Sets account `id` (opening it when new) to the state the exchange's ledger has:
        /// positions with their entry prices, chosen leverages and isolated margins, the wallet,
        /// the open orders. Checked as `check` checks an account; the change in collateral is
        /// external flow (see ``LiquidationEngine`` `setAccount`); the history is kept.
        case setAccount(id: String, marginMode: MarginMode, walletBalance: Money, positions: [Position], openOrders: [OpenOrder])
        /// A mark price tick: accounts are re-checked at the new mark.
        case markPrice(market: String, price: Price)
        /// The index price of `market` (Hyperliquid's oracle): kept with its time for the market's
        /// price guard, and, in a market whose ``LiquidusCore/MarkMethod`` is derived, a sample
        /// of its averages and a new mark (see `docs/market-data.md`), re-checking accounts as a
        /// mark tick does.
        case indexPrice(market: String, price: Price)
        /// The venue's last traded price in `market` (a component of derived marks, used at the
        /// next index price).
        case lastPrice(market: String, price: Price)
        /// The external perpetual venues' median mid for `market` (Hyperliquid's third mark
        /// component, used at the next index price).
        case externalPrice(market: String, price: Price)
        /// A premium index sample of `market` (signed, |premium| ≤ 1): averaged over the funding
        /// interval into the rate the interval settles at (see ``LiquidusCore/FundingRules``).
        case premiumIndex(market: String, premium: Rate)
        /// The venue's funding rate for `market`'s current interval (signed, |rate| ≤ 1): the
        /// interval settles at it (capped), whatever the premium samples say.
        case fundingRate(market: String, rate: Rate)
        /// The price a close in `market` is expected to fill at (a book estimate made outside the
        /// engine); `nil` returns to the mark. Liquidation steps report `priceSource` `"book"`
        /// while one is set. A market with an order book (``orderBook(market:bids:asks:)``) is
        /// priced by it instead.
        case expectedPrice(market: String, price: Price?)
        /// The order book of `market` as the venue publishes it: a full snapshot, levels in any
        /// order, checked like `OrderBook.replace(bids:asks:)` (grids, no repeats,
        /// not crossed). While a market has a book, its closes are priced by walking it and
        /// executed against it through the engine's `LiquidationExecutor` (see
        /// ``LiquidationEngine``); an empty snapshot removes the book.
        case orderBook(market: String, bids: [OrderBook.Level], asks: [OrderBook.Level])
        /// Incremental changes to `market`'s book (one depth-stream message), applied atomically
        /// as `OrderBook.apply(contentsOf:)` describes; the market must have a book.
        case bookUpdate(market: String, updates: [BookUpdate])
        /// Money paid in from outside.
        case deposit(account: String, amount: Money)
        /// Money paid out; at most the wallet, and the account must keep equity ≥ initial margin.
        case withdraw(account: String, amount: Money)
        /// A fill of signed `size` at `price` (on the tick) against the outside market: it realizes
        /// PnL into the collateral when it reduces the position, and averages the entry price when
        /// it increases it. `margin` moves from the wallet into an isolated position's margin
        /// (zero in a cross account).
        case fill(account: String, market: String, size: Quantity, price: Price, margin: Money)
        /// A resting order is placed (checked against its market's grids and the limits; the
        /// initial margin it holds is the venue's order-entry check, not the engine's).
        case placeOrder(account: String, order: OpenOrder)
        /// A resting order (equal to `order`) is cancelled.
        case cancelOrder(account: String, order: OpenOrder)
        /// Time passes: cooldowns and intervals may end.
        case advanceTime
        /// The balance of an insurance fund shared with other shards, as the store that keeps it
        /// reports it (≥ 0): the engine's fund becomes `balance`, and the difference from the
        /// fund before is money other shards paid in or drew, added to the ledger's shared-fund
        /// transfers so that money stays conserved in this engine. Recorded in the log before the
        /// inputs that were applied against it, so a replay sees the fund the leader saw.
        case insuranceFund(balance: Money)
        /// Another shard's auto-deleveraging ranking of one market and side (see
        /// ``ShardRanking``): kept, in place of that shard's earlier one, for the orders this
        /// shard's takeovers leave to ADL.
        case shardRanking(ShardRanking)
        /// A deleverage order another shard forwarded here (see ``ForwardedDeleverage``),
        /// applied exactly once.
        case forwardedDeleverage(ForwardedDeleverage)
    }
}

extension EngineInput.Action {
    /// The market the action names, if any (a listing, a mark, a book, an expected price, a fill).
    var market: String? {
        switch self {
        case .registerMarket(let market): market.symbol
        case .registerMarkets: nil  // every account is a candidate of a listing
        case .markPrice(let symbol, _), .indexPrice(let symbol, _), .lastPrice(let symbol, _), .externalPrice(let symbol, _), .premiumIndex(let symbol, _), .fundingRate(let symbol, _), .expectedPrice(let symbol, _), .orderBook(let symbol, _, _), .bookUpdate(let symbol, _): symbol
        case .fill(_, let symbol, _, _, _): symbol
        case .openAccount, .setAccount, .deposit, .withdraw, .placeOrder, .cancelOrder, .advanceTime, .insuranceFund, .shardRanking,
             .forwardedDeleverage: nil
        }
    }
}
