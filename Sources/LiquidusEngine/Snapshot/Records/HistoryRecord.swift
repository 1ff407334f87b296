import LiquidusBook
import LiquidusCore

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
