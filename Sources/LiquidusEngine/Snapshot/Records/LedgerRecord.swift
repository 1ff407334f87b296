import LiquidusBook
import LiquidusCore

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
