import LiquidusBook
import LiquidusCore

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
