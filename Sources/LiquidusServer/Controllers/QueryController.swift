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
        group.get("accounts/:id") { _, context in try await account(try context.parameters.require("id")) }
        group.get("events") { request, _ in try await events(request) }
    }

    /// `{"commandSequence", "eventSequence", "stateHash" (16 hex digits), "time", "insuranceFund",
    /// "accounts", "markets"}`, of the committed state.
    func state() async throws -> Response {
        let summary = await host.summary()
        let body: JSONValue = .object([
            "commandSequence": .number(Double(summary.commandSequence)), "eventSequence": .number(Double(summary.eventSequence)),
            "stateHash": .string(Self.hex(summary.stateHash)), "time": .number(Double(summary.time)),
            "insuranceFund": .string(summary.insuranceFund.description), "accounts": .number(Double(summary.accounts)),
            "markets": .number(Double(summary.markets)),
        ])
        return CommandController<Context>.json(status: 200, [UInt8](JSONText.data(body)))
    }

    /// The `check` view of one account (margins, prices) with the plan the engine would carry out
    /// now (its policy, cooldowns and expected prices), computed on the committed engine.
    func account(_ id: String) async throws -> Response {
        let outcome: Result<[UInt8], APIError> = await host.read { engine, _ in
            guard let account = engine.account(id) else {
                return .failure(APIError(.notFound, code: "unknownReference", path: "id", "unknown account \"\(id)\""))
            }
            let input: CheckInput
            do throws(ValidationError) {
                input = try CheckInput(document: EngineDocuments.checkDocument(engine, accounts: [EngineDocuments.account(account)]))
            } catch {
                return .failure(APIError(.conflict, code: "notEvaluable", path: error.path, "the account cannot be evaluated yet: \(error.message)"))
            }
            let evaluated: CheckReport
            do throws(ValidationError) { evaluated = try Check.run(input) } catch {
                return .failure(APIError(.conflict, code: "notEvaluable", path: error.path, "the account cannot be evaluated: \(error.message)"))
            }
            guard var report = evaluated.accounts.first else {
                return .failure(APIError(.notFound, code: "unknownReference", path: "id", "unknown account"))
            }
            report.plan = ((try? engine.plan(for: id)) ?? []).map(PlanStepReport.init)
            guard let body = try? Check.encode(report) else {
                return .failure(APIError(.conflict, code: "notEvaluable", path: "", "the account's report could not be written"))
            }
            return .success([UInt8](body))
        }
        return CommandController<Context>.json(status: 200, try outcome.get())
    }

    /// `{"events": [...], "lastSequence": n}`: stored events after `after` (default 0), at most
    /// `limit` (default 1,000, at most 10,000).
    func events(_ request: Request) async throws -> Response {
        let after = try RequestReading.queryInteger(request, "after") ?? 0
        let limit = try RequestReading.queryInteger(request, "limit").map { Int(min($0, 10_000)) } ?? 1_000
        let events: [EngineEvent]
        do { events = try await store.events(after: after, limit: max(limit, 1)) } catch { throw EngineHost.unavailable(error) }
        return CommandController<Context>.json(status: 200, [UInt8](JSONText.encode(EventsPage(events: events, lastSequence: events.last?.sequence ?? after))))
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
