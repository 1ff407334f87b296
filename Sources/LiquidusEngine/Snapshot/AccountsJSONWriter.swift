import LiquidusCore

/// Writes a snapshot's `accounts` array as JSON text, byte for byte what a JSON encoder with
/// sorted keys writes for the ``AccountRecord``s (keys in ascending order, optional fields left
/// out when absent, numbers as ``AccountRecord`` writes them), without the encoder's boxing of
/// every value: the accounts are nearly all of a large engine's document.
///
/// Writes only strings that JSON writes as they are: a string with a quote, a backslash, a slash
/// or a control character (which encoders escape in ways of their own) makes the whole write
/// fail, and the caller encodes the document with its encoder instead.
struct AccountsJSONWriter {
    private(set) var bytes: [UInt8] = []

    /// The accounts, ascending by id, as `[{…},{…}]`, or `nil` when a string needs escaping.
    /// - Complexity: O(a log a + size of the accounts) for a accounts.
    static func json(_ accounts: [String: AccountState]) -> [UInt8]? {
        var writer = AccountsJSONWriter()
        writer.bytes.reserveCapacity(accounts.count * 256 + 2)
        writer.bytes.append(UInt8(ascii: "["))
        for (index, account) in accounts.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            guard writer.write(account.value) else { return nil }
        }
        writer.bytes.append(UInt8(ascii: "]"))
        return writer.bytes
    }

    /// `{"history":…,"id":…,"marginMode":…,"openOrders":[…],"positions":[…],"walletBalance":…}`.
    private mutating func write(_ account: AccountState) -> Bool {
        append(#"{"history":"#)
        guard write(account.history) else { return false }
        guard field("id", string: account.id, first: false), field("marginMode", string: account.marginMode.rawValue, first: false) else {
            return false
        }
        append(#","openOrders":["#)
        for (index, order) in account.openOrders.enumerated() {
            append(index > 0 ? ",{" : "{")
            guard field("market", string: order.market, first: true) else { return false }
            field("price", order.price.description)
            field("size", order.size.description)
            append("}")
        }
        append(#"],"positions":["#)
        for (index, position) in account.positions.enumerated() {
            append(index > 0 ? ",{" : "{")
            append(#""entryPrice":"#)
            quoted(position.entryPrice.description)
            if let margin = position.isolatedMargin { field("isolatedMargin", margin.description) }
            if let leverage = position.leverage { field("leverage", leverage.description) }
            guard field("market", string: position.market, first: false) else { return false }
            field("size", position.size.description)
            append("}")
        }
        append("]")
        field("walletBalance", account.walletBalance.description)
        append("}")
        return true
    }

    /// ``HistoryRecord``: `{"closedNotionalInWindow":…,"lastPartialAt"?:…,"pendingClose"?:{…},"window":…}`.
    private mutating func write(_ history: LiquidationHistory) -> Bool {
        append(#"{"closedNotionalInWindow":"#)
        quoted(history.closedNotionalInWindow.description)
        if let last = history.lastPartialAt { append(#","lastPartialAt":"#); append(String(last)) }
        if let close = history.pendingClose {
            append(#","pendingClose":{"childrenSent":"#)
            append(String(close.childrenSent))
            guard field("market", string: close.market, first: false) else { return false }
            append(#","nextChildAt":"#)
            append(String(close.nextChildAt))
            field("plannedQuantity", close.plannedQuantity.description)
            guard field("reason", string: close.reason, first: false) else { return false }
            field("remaining", close.remaining.description)
            if let target = close.targetMarginRatio { field("targetMarginRatio", target.description) }
            append("}")
        }
        append(#","window":"#)
        append(String(history.window))
        append("}")
        return true
    }

    /// `,"key":"text"` for text known to need no escaping (a decimal).
    private mutating func field(_ key: String, _ text: String) {
        append(",\"")
        append(key)
        append("\":")
        quoted(text)
    }

    /// `"key":"text"` (after a comma unless `first`); `false` when `text` needs escaping.
    private mutating func field(_ key: String, string text: String, first: Bool) -> Bool {
        guard !text.utf8.contains(where: Self.needsEscaping) else { return false }
        append(first ? "\"" : ",\"")
        append(key)
        append("\":")
        quoted(text)
        return true
    }

    private mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        append(text)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A quote, a backslash, a slash (escaped unless the encoder is told otherwise) or a control character.
    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/")
    }
}
