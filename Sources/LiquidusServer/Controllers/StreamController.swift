import HTTPTypes
public import Hummingbird
public import HummingbirdWebSocket
import LiquidusCheck
import LiquidusEngine
public import LiquidusStore
import NIOCore

/// `GET /v1/stream?after=SEQ` upgraded to a WebSocket (read token in the `Authorization` header):
/// one text message per engine event (the event's JSON), in sequence order, starting after `SEQ`
/// (default 0) — the stored events first, then live ones as they are committed. A client that
/// reconnects with the last sequence it saw misses nothing and sees nothing twice; a gap in the
/// live feed (a slow client whose buffer overflowed) is filled from the store.
public struct StreamController: Sendable {
    let host: EngineHost
    let store: any EngineStore
    let tokens: AccessTokens

    /// Creates the controller.
    public init(host: EngineHost, store: any EngineStore, tokens: AccessTokens) {
        self.host = host
        self.store = store
        self.tokens = tokens
    }

    /// Adds the WebSocket route to the upgrade router.
    public func addRoutes(to router: Router<BasicWebSocketRequestContext>) {
        router.ws("/v1/stream") { request, _ in
            guard tokens.scope(ofAuthorization: request.headers[.authorization]) != nil else { throw APIError.unauthorized }
            _ = try RequestReading.queryInteger(request, "after")
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let after = (try? RequestReading.queryInteger(context.request, "after")) ?? 0
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await stream(after: after, to: outbound) }
                group.addTask { for try await _ in inbound {} }  // ends when the client closes
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Sends the events after `after`, then the live ones, until cancelled.
    func stream(after: UInt64, to outbound: WebSocketOutboundWriter) async throws {
        let (id, live) = await host.subscribe()
        var last = after
        do {
            try await backfill(from: &last, through: nil, to: outbound)
            for await event in live {
                if event.sequence <= last { continue }
                if event.sequence > last + 1 { try await backfill(from: &last, through: event.sequence - 1, to: outbound) }
                guard event.sequence == last + 1 else { continue }
                try await outbound.writeTextMessage(String(decoding: JSONWriter.compact.encode(event), as: UTF8.self))
                last = event.sequence
            }
        } catch {
            await host.unsubscribe(id)
            throw error
        }
        await host.unsubscribe(id)
    }

    func backfill(from last: inout UInt64, through end: UInt64?, to outbound: WebSocketOutboundWriter) async throws {
        while end.map({ last < $0 }) ?? true {
            let page = try await store.events(after: last, limit: 1_000)
            if page.isEmpty { return }
            for event in page {
                if let end, event.sequence > end { return }
                try await outbound.writeTextMessage(String(decoding: JSONWriter.compact.encode(event), as: UTF8.self))
                last = event.sequence
            }
        }
    }
}
