import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// `PUT /v1/accounts/{id}`: the account as the exchange's ledger has it, in the `check` contract's
/// `accounts[i]` form (`marginMode`, `walletBalance`, `positions`, `openOrders`; `id` optional and
/// equal to the path's; `time` optional), read by `check`'s own account reader against the
/// engine's markets and marks, so errors are `check`'s (paths relative to the body). The cost is
/// the body's (positions × tiers), whatever the number of markets.
///
/// The account becomes one engine input, `setAccount`, which sets it exactly as given —
/// positions with their entry prices (on the tick or not), chosen leverages and isolated margins,
/// the wallet, the open orders, even another margin mode — keeping its liquidation history. The
/// change in collateral (`walletBalance + Σ isolatedMargin`) is booked as external flow, like a
/// deposit or withdrawal, so the engine's ledger stays conserved. So every account that `check`
/// accepts is accepted; a body equal to the engine's account changes nothing (no input).
enum AccountRequest {
    static let fields = ["id", "marginMode", "walletBalance", "positions", "openOrders", "time"]
    /// The most open orders of one account (positions: at most `Limits.maxPositionsPerAccount`).
    static let maxOpenOrders = 1_000

    static func plan(id: String, _ document: JSONValue, _ engine: LiquidationEngine, _ now: Int64) throws(APIError) -> [Mutation.Planned] {
        do throws(ValidationError) {
            let root = try JSONObjectReader(document, at: "", known: fields)
            let time = try RequestReading.time(root, now: now)
            if let given = try root.optional("id", JSONRead.string), given != id {
                throw ValidationError(.inconsistent, at: "id", "\(JSONRead.quoted(given)) differs from the path's account id \(JSONRead.quoted(id))")
            }
            guard case .object(var body) = document else { return [] }
            body.removeValue(forKey: "time")
            if case .array(let orders)? = body["openOrders"], orders.count > maxOpenOrders {
                throw ValidationError(.outOfRange, at: "openOrders", "must hold at most \(maxOpenOrders) orders")
            }
            body["id"] = .string(id)
            let account = try CheckInput.account(.object(body), at: "", markets: engine.markets, marks: engine.marks)
            guard account != engine.account(id) else { return [] }
            return [Mutation.Planned(EngineInput(time: time, .setAccount(account)), path: "", keepsInputPaths: true)]
        } catch {
            throw APIError.invalid(error)
        }
    }
}
