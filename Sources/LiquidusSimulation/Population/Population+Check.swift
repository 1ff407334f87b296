public import Foundation
import LiquidusCheck
public import LiquidusCore

/// A population read from a `liquidus check` snapshot, with the markets and marks it was written for.
public struct LoadedPopulation: Sendable {
    /// The accounts.
    public var population: Population
    /// The snapshot's markets (its venue preset's, overridden by its own).
    public var markets: [Market]
    /// The snapshot's mark prices: each market's path starts there.
    public var marks: [String: Price]
    /// The snapshot's insurance fund, if it gives one.
    public var insuranceFund: Money?
    /// The snapshot's policy (its own, else its venue's, else Liquidus' default).
    public var policy: PolicySpecification
    /// Resting orders to place after the positions are opened, by account id.
    public var openOrders: [String: [OpenOrder]]
}

extension Population {
    /// Reads a population from a `check`-format JSON document (`docs/check-format.md`),
    /// validated by ``LiquidusCheck/CheckInput`` (errors name the JSON path).
    ///
    /// Each account becomes: open, one deposit of `walletBalance + Σ isolatedMargin`, one fill
    /// per position at its entry price rounded onto the tick toward solvency (a long's up, a
    /// short's down: the engine fills on the grid, `check` entries need not be), moving its
    /// isolated margin; its resting orders are placed afterwards. A cross account whose wallet
    /// is negative cannot be built by deposits and is refused with its path.
    public static func checkJSON(_ data: Data, name: String) throws(ValidationError) -> LoadedPopulation {
        let input = try CheckInput(json: data)
        var members: [Member] = []
        var orders: [String: [OpenOrder]] = [:]
        for (index, account) in input.accounts.enumerated() {
            var isolated = Money.zero
            var holdings: [Holding] = []
            for position in account.positions {
                let market = try input.markets.market(position.market, at: "accounts[\(index)].positions.market")
                let entry = position.entryPrice.rounded(toMultipleOf: market.tickSize, position.side.solvencyRounding)
                let margin = position.isolatedMargin ?? .zero
                isolated += margin
                let notional = Money.notional(of: position.size, at: entry, .up)
                let leverage = margin.isPositive ? Double(notional.units) / Double(margin.units) : 0
                holdings.append(Holding(market: position.market, size: position.size, entryPrice: entry, isolatedMargin: margin, leverage: leverage))
            }
            guard !account.walletBalance.isNegative else {
                throw ValidationError(.outOfRange, at: "accounts[\(index)].walletBalance", "a simulated account starts from deposits: the wallet must be ≥ 0")
            }
            members.append(Member(id: account.id, marginMode: account.marginMode, deposit: account.walletBalance + isolated, holdings: holdings))
            if !account.openOrders.isEmpty { orders[account.id] = account.openOrders }
        }
        return LoadedPopulation(
            population: Population(members: members, name: "\(name): \(members.count) accounts"),
            markets: input.markets.symbols.map { input.markets[$0]! }, marks: input.markPrices,
            insuranceFund: input.insuranceFund, policy: input.policy, openOrders: orders)
    }
}
