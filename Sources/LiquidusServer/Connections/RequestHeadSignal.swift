import NIOCore

/// Joins the pipeline with Hummingbird's HTTP handlers (one of the HTTP channel's additional
/// handlers, added once the first request head is decoded) and tells the connection's
/// ``ConnectionGuardHandler`` that the request-head deadline is met; then passes everything on.
final class RequestHeadSignal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any
    typealias InboundOut = Any

    func handlerAdded(context: ChannelHandlerContext) {
        (try? context.pipeline.syncOperations.handler(type: ConnectionGuardHandler.self))?.requestHeadArrived()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension RequestHeadSignal: Sendable {}
