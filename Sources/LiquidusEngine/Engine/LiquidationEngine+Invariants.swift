import LiquidusBook
import LiquidusCore

extension LiquidationEngine {
    /// The rules every state must keep; returns what is broken (empty when all hold). Tests call
    /// it after every input.
    ///
    /// - money is conserved: Σ wallets + Σ isolated margins + fund + outside market +
    ///   liquidator = ``externalNet`` + ``sharedFundTransfers``, exactly;
    /// - the insurance fund is ≥ 0, unrecovered loss ≤ 0;
    /// - every account is a valid core `Account` (sizes on the lot grid, no empty
    ///   position, isolated margins ≥ 0, within `Limits`);
    /// - an account without positions has a wallet ≥ 0 (a cross wallet may dip below zero while
    ///   unrealized profit backs it; a takeover resets what is left below zero);
    /// - every book is of its market as the catalog lists it (the cascade relies on it, see
    ///   `LiquidationCascade.booksCarryCatalogMarkets`).
    /// - Complexity: O(a·p + b·t) for a accounts of p positions and b books of t tiers.
    public func checkInvariants() -> [String] {
        var broken: [String] = []
        var total = ledger.insuranceFund + ledger.counterpartyCash + ledger.liquidatorCash
        for (id, state) in accounts.sorted(by: { $0.key < $1.key }) {
            total += state.walletBalance
            for position in state.positions { total += position.isolatedMargin ?? .zero }
            do { _ = try state.validated(markets) } catch { broken.append("account \(id) is invalid: \(error)") }
            if state.positions.isEmpty, state.walletBalance.isNegative {
                broken.append("account \(id) has no position and a negative wallet \(state.walletBalance)")
            }
        }
        for (symbol, book) in books.sorted(by: { $0.key < $1.key }) where markets[symbol] != book.market {
            broken.append("the book of \(symbol) is not of the catalog's \(symbol)")
        }
        let expected = externalNet + ledger.sharedFundTransfers
        if total != expected { broken.append("money is not conserved: the ledger sums to \(total), expected \(expected)") }
        if ledger.insuranceFund.isNegative { broken.append("the insurance fund is negative: \(ledger.insuranceFund)") }
        if ledger.liquidatorCash.isPositive { broken.append("unrecovered loss is positive: \(ledger.liquidatorCash)") }
        for id in held.keys.sorted() where accounts[id] == nil { broken.append("the held account \(id) does not exist") }
        for id in watch.pending.sorted() where held[id] != nil { broken.append("the held account \(id) is also pending") }
        return broken
    }
}
