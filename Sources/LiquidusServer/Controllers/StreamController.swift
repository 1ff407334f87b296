import HummingbirdCore
public import HTTPTypes
import Hummingbird
public import HummingbirdWebSocket
public import Logging
import LiquidusCheck
import LiquidusEngine
public import LiquidusStore
public import NIOCore

/// `GET /v1/stream?after=SEQ` upgraded to a WebSocket (read token in the `Authorization` header):
/// one text message per engine event (the event's JSON), in sequence order, starting after `SEQ`
/// (default 0) — the stored events first, then live ones as they are committed. A client that
/// reconnects with the last sequence it saw misses nothing and sees nothing twice; a gap in the
/// live feed (a slow client whose buffer overflowed) is filled from the store.
///
/// A refused upgrade gets the API's JSON error before the connection closes: 401 without a
/// valid token, 400 for a bad `after`, 410 when `after` is before the retained events, 404 for
/// another path. (Hummingbird's WebSocket router answers every refusal with an empty 400.)
public struct StreamController: Sendable {
    /// The channel's context for the stream's handler.
    public typealias Handler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    let host: EngineHost
    let store: any EngineStore
    let tokens: AccessTokens

    /// Creates the controller.
    public init(host: EngineHost, store: any EngineStore, tokens: AccessTokens) {
        self.host = host
        self.store = store
        self.tokens = tokens
    }

    /// Decides on an upgrade request: the stream's handler, or a refusal written on `channel`.
    public func shouldUpgrade(_ request: HTTPRequest, channel: any Channel, logger: Logger) async -> ShouldUpgradeResult<Handler> {
        do {
            let after = try await validate(request)
            return .upgrade([:]) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await stream(after: after, to: outbound) }
                    group.addTask { for try await _ in inbound {} }  // ends when the client closes
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            await Self.refuse(error, on: channel)
            return .dontUpgrade
        }
    }

    /// The request's `after`, once the path, the token and the retained range allow it.
    func validate(_ request: HTTPRequest) async throws(APIError) -> UInt64 {
        let uri = URI(request.path ?? "")
        guard uri.path == "/v1/stream" else { throw APIError(.notFound, code: "notFound", "no WebSocket at \(uri.path)") }
        guard tokens.scope(ofAuthorization: request.headerFields[.authorization]) != nil else { throw APIError.unauthorized }
        let after = try RequestReading.queryInteger(uri, "after") ?? 0
        try await RetainedRange.check(eventsAfter: after, in: store)
        return after
    }

    /// Writes `error` as the response to the upgrade request and closes the connection.
    static func refuse(_ error: APIError, on channel: any Channel) async {
        try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: ConnectionGuardHandler.self).refuse(error)
        }.get()
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
