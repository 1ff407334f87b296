import HTTPTypes
import NIOCore

/// The first handler of every connection's pipeline, in front of the HTTP decoder: it bounds the
/// time until the first request's head is read, and answers a connection that never gets that far.
///
/// Hummingbird's own idle handler joins the pipeline only once a first request head has been
/// decoded (the WebSocket upgrade pipeline decides on that head first), so before it a
/// connection that sends nothing, half a head, or a head one byte at a time would be held
/// forever, and a graceful shutdown would wait for it. This handler:
/// - answers `408` and closes when no head has arrived within the deadline;
/// - closes the connection on a shutdown (quiesce) event while no request has started;
/// - writes the raw responses of refusals decided before Hummingbird's pipeline exists (a
///   malformed request line or an oversized header, a WebSocket upgrade without a token:
///   ``refuse(_:)``).
///
/// It stands down — the deadline is cancelled — when the first request head is handed on
/// (``requestHeadArrived()``, called from ``RequestDeadlineHandler``) or when anything is written
/// back (a WebSocket upgrade's `101`).
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = Any
    typealias OutboundOut = Any

    private let headTimeout: TimeAmount
    private let pending: PendingConnections?
    private var ticket: UInt64?
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    /// A request head was read or a response started: the HTTP pipeline owns the connection.
    private(set) var isStandingDown = false
    private var hasRefused = false

    init(headTimeout: Duration, pending: PendingConnections? = nil) {
        self.headTimeout = TimeAmount(headTimeout)
        self.pending = pending
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { armDeadline(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if let ticket { pending?.remove(ticket) }
        ticket = nil
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        armDeadline(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if let ticket { pending?.remove(ticket) }
        ticket = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After a refusal the connection is closing: what else arrives is not decoded.
        guard !hasRefused else { return }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        standDown()
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, !isStandingDown {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// The first request head has been decoded: Hummingbird's handlers take over.
    func requestHeadArrived() { standDown() }

    /// Answers `error` (its status, headers and JSON body) and closes the connection; for
    /// refusals made before a request reaches the router. Call on the channel's event loop.
    func refuse(_ error: APIError) {
        guard let context, !hasRefused else { return }
        hasRefused = true
        standDown()
        let body = error.body
        var head = "HTTP/1.1 \(error.status.code) \(error.status.reasonPhrase)\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(body.count)\r\n"
        for field in error.headers { head += "\(field.name.rawName): \(field.value)\r\n" }
        head += "Connection: close\r\n\r\n"
        var buffer = context.channel.allocator.buffer(capacity: body.count + head.utf8.count)
        buffer.writeString(head)
        buffer.writeBytes(body)
        context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in context.close(promise: nil) }
    }

    private func armDeadline(_ context: ChannelHandlerContext) {
        guard deadline == nil, !isStandingDown else { return }
        if let pending {
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            ticket = pending.add {
                eventLoop.execute {
                    handler.value.refuse(APIError(.serviceUnavailable, code: "tooManyConnections", "too many connections are waiting: this idle one was closed"))
                }
            }
        }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: headTimeout) { [self] in
            deadline = nil
            guard !isStandingDown else { return }
            refuse(APIError(.requestTimeout, code: "requestTimeout", "no complete request head arrived within the time allowed"))
        }
    }

    private func standDown() {
        isStandingDown = true
        if let ticket { pending?.remove(ticket) }
        ticket = nil
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension ConnectionGuardHandler: Sendable {}
