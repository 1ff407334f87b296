import NIOCore
import NIOHTTPTypes

/// Joins the pipeline with Hummingbird's HTTP handlers (one of the HTTP channel's additional
/// handlers, added once the first request head is decoded): it tells the connection's
/// ``ConnectionGuardHandler`` that the request-head deadline is met, and bounds the time from
/// each request's head to its end — past ``timeout`` the request's body stream fails with
/// ``BodyTimeout`` (the handler reading it answers 408).
///
/// The deadline is a timer on the channel's event loop, cancelled when the request's end
/// arrives: for a body sent with its head, that is at once.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: Duration) { self.timeout = TimeAmount(timeout) }

    func handlerAdded(context: ChannelHandlerContext) {
        (try? context.pipeline.syncOperations.handler(type: ConnectionGuardHandler.self))?.requestHeadArrived()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancel() }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            cancel()
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                deadline = nil
                context.fireErrorCaught(BodyTimeout())
            }
        case .body: break
        case .end: cancel()
        }
        context.fireChannelRead(data)
    }

    private func cancel() {
        deadline?.cancel()
        deadline = nil
    }
}

/// A request's body did not arrive within the body timeout.
struct BodyTimeout: Error, Sendable {}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
