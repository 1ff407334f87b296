import LiquidusBook
import LiquidusCore

/// The ledger's buckets outside the accounts. `sharedFundTransfers` is written only when it is
/// not zero (an engine whose fund is its own writes the three buckets it always wrote, so its
/// documents keep their bytes) and read as zero when absent.
struct LedgerRecord: Codable {
    var insuranceFund: WideMoney
    var counterpartyCash: WideMoney
    var liquidatorCash: WideMoney
    var sharedFundTransfers: WideMoney?

    init(_ ledger: Ledger) {
        insuranceFund = ledger.insuranceFund
        counterpartyCash = ledger.counterpartyCash
        liquidatorCash = ledger.liquidatorCash
        sharedFundTransfers = ledger.sharedFundTransfers.isZero ? nil : ledger.sharedFundTransfers
    }

    var ledger: Ledger {
        Ledger(
            insuranceFund: insuranceFund, counterpartyCash: counterpartyCash, liquidatorCash: liquidatorCash,
            sharedFundTransfers: sharedFundTransfers ?? .zero)
    }
}
