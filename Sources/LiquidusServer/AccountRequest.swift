import LiquidusCheck
import LiquidusCore
import LiquidusEngine

/// `PUT /v1/accounts/{id}`: the account as the exchange's ledger has it, in the `check` contract's
/// `accounts[i]` form (`marginMode`, `walletBalance`, `positions`, `openOrders`; `id` optional and
/// equal to the path's; `time` optional), read by ``CheckInput`` against the engine's markets and
/// marks, so errors are `check`'s (paths relative to the body).
///
/// The engine changes accounts only through its inputs, so the upsert becomes the inputs that
/// turn the engine's account into the given one: `openAccount` when new; a `deposit` (or, at the
/// end, a `withdraw`) of the wallet difference plus the isolated margin new positions take; a
/// `fill` at the entry price for each new position; `placeOrder`/`cancelOrder` for the order
/// differences. Money enters only through deposits, so the engine's ledger stays conserved.
/// Until the engine can import a position's state directly, changing an existing position, or a
/// new position whose entry price is off the tick or that carries a chosen leverage, is refused
/// with 409 `unsupported` (close and re-open it through fills instead).
enum AccountRequest {
    static let fields = ["id", "marginMode", "walletBalance", "positions", "openOrders", "time"]

    static func plan(id: String, _ document: JSONValue, _ engine: LiquidationEngine, _ now: Int64) throws(APIError) -> [Mutation.Planned] {
        do throws(ValidationError) {
            guard (1...128).contains(id.utf8.count) else { throw ValidationError(.outOfRange, at: "id", "must be 1 to 128 bytes") }
            let root = try JSONObjectReader(document, at: "", known: fields)
            let time = try RequestReading.time(root, now: now)
            if let given = try root.optional("id", JSONRead.string), given != id {
                throw ValidationError(.inconsistent, at: "id", "\"\(given)\" differs from the path's account id \"\(id)\"")
            }
            guard case .object(var body) = document else { return [] }
            body.removeValue(forKey: "time")
            body["id"] = .string(id)
            let input: CheckInput
            do { input = try CheckInput(document: EngineDocuments.checkDocument(engine, accounts: [.object(body)])) } catch {
                throw RequestReading.strip("accounts[0]", from: error)
            }
            return try translate(input.accounts[0], from: engine.account(id), time: time)
        } catch {
            throw APIError.invalid(error)
        }
    }

    static func unsupported(_ path: String, _ message: String) -> ValidationError {
        ValidationError(ValidationError.Code(rawValue: "unsupported"), at: path, message)
    }

    static func translate(_ target: Account, from current: Account?, time: Int64) throws(ValidationError) -> [Mutation.Planned] {
        var planned: [Mutation.Planned] = []
        func add(_ action: EngineInput.Action, _ path: String) { planned.append(Mutation.Planned(EngineInput(time: time, action), path: path)) }
        if let current, current.marginMode != target.marginMode {
            throw unsupported("marginMode", "an account's margin mode cannot change (it is \(current.marginMode.rawValue))")
        }
        if current == nil { add(.openAccount(id: target.id, marginMode: target.marginMode), "id") }
        let held = current?.positions ?? []
        var opened: [(Int, Position)] = []
        for position in held where !target.positions.contains(where: { $0.market == position.market }) {
            throw unsupported("positions", "the position in \(position.market) is missing; closing positions goes through fills")
        }
        for (index, position) in target.positions.enumerated() {
            if let existing = held.first(where: { $0.market == position.market }) {
                guard existing == position else {
                    throw unsupported("positions[\(index)]", "changing an existing position is not supported yet (it holds \(existing.size) at \(existing.entryPrice))")
                }
                continue
            }
            opened.append((index, position))
        }
        var margin = Money.zero
        for (_, position) in opened { margin += position.isolatedMargin ?? .zero }
        let wallet = current?.walletBalance ?? .zero
        let funding = target.walletBalance + margin - wallet
        if funding.isPositive { add(.deposit(account: target.id, amount: funding), "walletBalance") }
        for (index, position) in opened {
            guard position.leverage == nil else {
                throw unsupported("positions[\(index)].leverage", "a chosen leverage cannot be imported yet")
            }
            add(.fill(account: target.id, market: position.market, size: position.size, price: position.entryPrice, margin: position.isolatedMargin ?? .zero),
                "positions[\(index)]")
        }
        var remaining = current?.openOrders ?? []
        var toPlace: [(Int, OpenOrder)] = []
        for (index, order) in target.openOrders.enumerated() {
            if let match = remaining.firstIndex(of: order) { remaining.remove(at: match) } else { toPlace.append((index, order)) }
        }
        for order in remaining { add(.cancelOrder(account: target.id, order: order), "openOrders") }
        for (index, order) in toPlace { add(.placeOrder(account: target.id, order: order), "openOrders[\(index)]") }
        if funding.isNegative { add(.withdraw(account: target.id, amount: -funding), "walletBalance") }
        return planned
    }
}
