import LiquidusBook
import LiquidusCore

/// The ledger's buckets outside the accounts.
struct LedgerRecord: Codable {
    var insuranceFund: WideMoney
    var counterpartyCash: WideMoney
    var liquidatorCash: WideMoney

    init(_ ledger: Ledger) {
        insuranceFund = ledger.insuranceFund
        counterpartyCash = ledger.counterpartyCash
        liquidatorCash = ledger.liquidatorCash
    }

    var ledger: Ledger {
        Ledger(insuranceFund: insuranceFund, counterpartyCash: counterpartyCash, liquidatorCash: liquidatorCash)
    }
}
