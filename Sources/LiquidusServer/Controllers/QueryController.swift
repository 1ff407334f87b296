import HTTPTypes
public import Hummingbird
import LiquidusCheck
import LiquidusCore
import LiquidusEngine
public import LiquidusStore
import NIOCore

/// The read-only endpoints: `GET /state`, `GET /accounts/{id}`, `GET /events?after=SEQ&limit=N`.
public struct QueryController<Context: RequestContext>: Sendable {
    let host: EngineHost
    let store: any EngineStore

    /// Creates the controller.
    public init(host: EngineHost, store: any EngineStore) {
        self.host = host
        self.store = store
    }

    /// Adds the routes.
    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("state") { _, _ in try await state() }
        group.get("accounts/:id") { _, context in try await account(try PathIdentifier.account(context)) }
        group.get("events") { request, _ in try await events(request) }
        group.get("stream") { request, _ -> Response in
            _ = try RequestReading.queryInteger(request, "after")
            throw APIError(
                .upgradeRequired, code: "upgradeRequired", "GET /v1/stream is a WebSocket: send it as an upgrade (Connection: Upgrade, Upgrade: websocket)",
                headers: [.upgrade: "websocket", .connection: "Upgrade"])
        }
    }

    /// `{"commandSequence", "eventSequence", "stateHash" (16 hex digits), "time", "insuranceFund",
    /// "accounts", "markets", "money", "sharedFund"?}`, of the committed state (see
    /// ``EngineHost/summary()``); `money` has each bucket as a decimal string
    /// (``LiquidusEngine/MoneyTotals``) and the genesis' `initialInsuranceFund`; `sharedFund`, for
    /// a shard whose fund is shared, the fund's `balance` and `initialBalance` read now.
    func state() async throws -> Response {
        let summary = await host.summary()
        var body: [String: JSONValue] = [
            "commandSequence": .number(Double(summary.commandSequence)), "eventSequence": .number(Double(summary.eventSequence)),
            "stateHash": .string(RecordHex.hex(summary.stateHash)), "time": .number(Double(summary.time)),
            "insuranceFund": .string(summary.insuranceFund.description), "accounts": .number(Double(summary.accounts)),
            "markets": .number(Double(summary.markets)),
        ]
        if let money = summary.money {
            body["money"] = .object([
                "wallets": .string(money.wallets.description), "isolatedMargins": .string(money.isolatedMargins.description),
                "insuranceFund": .string(money.insuranceFund.description), "outsideMarket": .string(money.outsideMarket.description),
                "unrecoveredLoss": .string(money.unrecoveredLoss.description), "externalNet": .string(money.externalNet.description),
                "sharedFundTransfers": .string(money.sharedFundTransfers.description),
                "initialInsuranceFund": .string(summary.initialInsuranceFund.description),
            ])
        }
        // A fund shared with other shards: its balance now and its initial one, for the check
        // across shards (the router's merged state makes it).
        let shared: (balance: Money, initialBalance: Money)?
        do { shared = try await store.sharedFundAccount() } catch { throw EngineHost.unavailable(error) }
        if let fund = shared {
            body["sharedFund"] = .object(["balance": .string(fund.balance.description), "initialBalance": .string(fund.initialBalance.description)])
        }
        return CommandController<Context>.json(status: 200, [UInt8](JSONWriter.compact.data(.object(body))))
    }

    /// The `check` view of one account — its margins and positions at the engine's marks, each
    /// position's ADL indicator (`adlQuantile`) — with the plan the engine would carry out now (its policy, books, cooldowns and expected
    /// prices), built from the committed engine's own figures and planned once. An account whose
    /// figures cannot be evaluated (a position without a mark) is a 409 with the reason.
    func account(_ id: String) async throws -> Response {
        let outcome: Result<[UInt8], APIError> = await host.read { engine, _ in
            guard let account = engine.account(id) else {
                return .failure(APIError(.notFound, code: "unknownReference", path: "id", "unknown account \(JSONRead.quoted(id))"))
            }
            do throws(ValidationError) {
                let margin = try account.margin(markets: engine.markets, marks: engine.marks)
                let plan = try engine.plan(for: id)
                let report = AccountReport(id: id, margin: margin, plan: plan, adlQuantiles: engine.deleveragingQuantiles(of: id))
                return .success([UInt8](Check.encode(report)))
            } catch {
                return .failure(APIError(.conflict, code: "notEvaluable", path: error.path, "the account cannot be evaluated now: \(error.message)"))
            }
        }
        return CommandController<Context>.json(status: 200, try outcome.get())
    }

    /// `{"events": [...], "lastSequence": n}`: stored events after `after` (default 0), at most
    /// `limit` (1 to 10,000; default 1,000); 410 when `after` is before the retained events.
    func events(_ request: Request) async throws -> Response {
        let after = try RequestReading.queryInteger(request, "after") ?? 0
        let limit = try RequestReading.queryInteger(request, "limit", in: 1...10_000, default: 1_000)
        try await RetainedRange.check(eventsAfter: after, in: store)
        let events: [EngineEvent]
        do { events = try await store.events(after: after, limit: Int(limit)) } catch { throw EngineHost.unavailable(error) }
        return CommandController<Context>.json(status: 200, [UInt8](JSONWriter.compact.encode(EventsPage(events: events, lastSequence: events.last?.sequence ?? after))))
    }
}
